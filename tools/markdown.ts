// Markdown as GitHub renders it: cmark-gfm (GitHub's own renderer) with GitHub's extensions,
// raw HTML passed through as GitHub's renderer does before its sanitiser. Tests judge the
// summary and comments by this HTML, not by their raw text.

import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const cmark = require('cmark-gfm') as {
  renderHtmlSync(markdown: string, options: Record<string, unknown>): string
}

export function renderGfm(markdown: string): string {
  return cmark.renderHtmlSync(markdown, {
    unsafe: true,
    extensions: {
      table: true,
      autolink: true,
      strikethrough: true,
      tagfilter: true,
      tasklist: true
    }
  })
}

/** Tag names in `html`, opening and closing alike, lower case (`td`, `code`, `a`…). */
export function tagNames(html: string): string[] {
  return [...html.matchAll(/<\/?([a-z][a-z0-9]*)/gi)].map(match =>
    (match[1] as string).toLowerCase()
  )
}

/** The text a reader sees: tags removed, entities decoded, zero-width spaces dropped. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&')
    .replace(/\u200b/g, '')
}

/** The cells of each row of the first table in `html`, as visible text. */
export function tableRows(html: string, index = 0): string[][] {
  const table = html.split('<table>')[index + 1]?.split('</table>')[0] ?? ''
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(row =>
    [...(row[1] as string).matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(cell =>
      visibleText(cell[1] as string)
    )
  )
}
