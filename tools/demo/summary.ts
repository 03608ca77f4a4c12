// The job summary (Markdown with HTML, as @actions/core writes it) rendered as terminal
// text: headings, aligned tables, lists and links with their targets.

import { alignTable, bold, displayWidth } from './terminal.ts'

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  hellip: '…'
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1))
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole
    }
    return ENTITIES[name.toLowerCase()] ?? whole
  })
}

/** Inline markup to plain text: links keep their target (unless not wanted), tags go. */
function inlineText(html: string, linkTargets = true): string {
  const text = html
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(
      /<a\s[^>]*href\s*=\s*["']([^"']*)["'][^>]*>([\s\S]*?)<\/a>/gi,
      (_, href: string, label: string) => {
        const plain = label.replace(/<[^>]*>/g, '').trim()
        if (plain === '' || plain === href) return href
        return linkTargets ? `${plain} (${href})` : plain
      }
    )
    .replace(/<img\s[^>]*alt\s*=\s*["']([^"']*)["'][^>]*>/gi, '$1')
    .replace(/<[^>]*>/g, '')
  return decodeEntities(text).replace(/\s+/g, ' ').trim()
}

function htmlTable(html: string): string {
  const rows: string[][] = []
  let headerRows = 0
  for (const [, row] of html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)) {
    const cells = [...(row ?? '').matchAll(/<t([hd])[^>]*>([\s\S]*?)<\/t[hd]>/gi)]
    if (cells.length === 0) continue
    if (cells.every(cell => cell[1]?.toLowerCase() === 'h') && headerRows === rows.length) {
      headerRows += 1
    }
    // Tables show link labels only: their targets would stretch the columns.
    rows.push(cells.map(cell => inlineText(cell[2] ?? '', false)))
  }
  return alignTable(rows, headerRows)
}

function markdownCells(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
  return inner
    .split(/(?<!\\)\|/)
    .map(cell => inlineText(markdownInline(cell.replace(/\\\|/g, '|'), false), false))
}

function markdownInline(text: string, linkTargets = true): string {
  return text
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, href: string) =>
      label === href || !linkTargets ? label : `${label} (${href})`
    )
}

/** Pipe tables among Markdown lines become aligned blocks (handed to `keep`). */
function markdownTables(text: string, keep: (block: string) => string): string {
  const lines = text.split('\n')
  const out: string[] = []
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string
    const next = lines[i + 1] ?? ''
    if (/^\s*\|/.test(line) && /^\s*\|?\s*:?-{2,}/.test(next)) {
      const rows = [markdownCells(line)]
      i += 2
      while (i < lines.length && /^\s*\|/.test(lines[i] as string)) {
        rows.push(markdownCells(lines[i] as string))
        i += 1
      }
      i -= 1
      out.push(keep(alignTable(rows, 1)))
    } else out.push(line)
  }
  return out.join('\n')
}

/** The job summary (Markdown with HTML, as @actions/core writes it) as terminal text. */
export function renderSummary(markup: string): string {
  const blocks: string[] = []
  // Blocks already laid out (tables, code) are kept aside so later steps leave them alone.
  const keep = (text: string) => `\n\u0000${blocks.push(text) - 1}\u0000\n`
  let text = markup.replace(/\r\n/g, '\n')
  text = text.replace(/<table[^>]*>([\s\S]*?)<\/table>/gi, (_, body: string) =>
    keep(htmlTable(body))
  )
  text = text.replace(/<pre[^>]*>([\s\S]*?)<\/pre>/gi, (_, body: string) => {
    const code = decodeEntities(body.replace(/<[^>]*>/g, ''))
    return keep(code.replace(/^\n|\n$/g, '').replace(/^/gm, '    '))
  })
  text = text.replace(/^```[^\n]*\n([\s\S]*?)^```$/gm, (_, code: string) =>
    keep(code.replace(/\n$/, '').replace(/^/gm, '    '))
  )
  text = markdownTables(text, keep)
  text = text
    .replace(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gi, (_, _level: string, body: string) =>
      keep(heading(inlineText(body)))
    )
    .replace(/^#{1,6}\s+(.+)$/gm, (_, body: string) =>
      keep(heading(inlineText(markdownInline(body))))
    )
    .replace(
      /<summary[^>]*>([\s\S]*?)<\/summary>/gi,
      (_, body: string) => `\n▸ ${inlineText(body)}\n`
    )
    .replace(/<li[^>]*>/gi, '\n  • ')
    .replace(/<hr\s*\/?>/gi, `\n${'─'.repeat(40)}\n`)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(p|div|ul|ol|details|blockquote|section)[^>]*>/gi, '\n')
    .replace(/<\/li>/gi, '')
  // What is left is inline: links keep their target, tags go, entities are decoded.
  text = text
    .split('\n')
    .map(line => (line.includes('\u0000') ? line : inlineLine(line)))
    .join('\n')
  text = text.replace(/\u0000(\d+)\u0000/g, (_, index: string) => blocks[Number(index)] ?? '')
  return text
    .split('\n')
    .map(line => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function inlineLine(line: string): string {
  const indent = /^\s*/.exec(line)?.[0] ?? ''
  const bullet = /^\s*[-*]\s+/.test(line) && !/^\s*[-*]{3,}\s*$/.test(line)
  const body = bullet ? line.replace(/^\s*[-*]\s+/, '') : line
  const text = inlineText(markdownInline(body))
  if (bullet) return `${indent}  • ${text}`
  return text === '' ? '' : `${indent}${text}`
}

function heading(text: string): string {
  return `${bold(text)}\n${'═'.repeat(Math.max(3, displayWidth(text)))}`
}
