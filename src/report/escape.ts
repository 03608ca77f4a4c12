// Text from the Document360 API (messages, paths, statuses) is data. These helpers make any
// string inert in GitHub-flavoured Markdown and in HTML alike (table cells, <code>,
// headings): no tags, no links or images, no table breaks, no emphasis, no pings.

/** Longest text (in code points) kept before it is cut with an ellipsis. */
export const DEFAULT_MAX_LENGTH = 1000

// Line breaks and other control characters: folded to spaces so text stays on its line.
const CONTROL = /\r\n|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g
// Bidirectional overrides and isolates can make text read differently from what it is.
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
// Every ASCII punctuation character, plus the zero-width space inserted below. All of
// Markdown's syntax and all of HTML's is ASCII punctuation; letters, digits, spaces and
// non-ASCII text need no encoding.
const SIGNIFICANT = /[!-/:-@[-`{-~\u200b]/g
const ZERO_WIDTH_SPACE = '\u200b'

/**
 * Makes `value` safe to place in GitHub Markdown or inside an HTML element: every ASCII
 * punctuation character becomes a numeric character reference (`<` → `&#60;`), line
 * breaks become spaces, and text longer than `maxLength` code points is cut with `…`.
 * GitHub also turns some plain text into links or notifications after rendering
 * (`@user`, `#123`, `https://...`, `www.`): a zero-width space breaks those patterns up.
 */
export function escapeText(value: unknown, maxLength = DEFAULT_MAX_LENGTH): string {
  let text = value === undefined || value === null ? '' : String(value)
  text = text.replace(CONTROL, ' ').replace(BIDI_CONTROL, '\uFFFD')
  text = truncate(text, maxLength)
  text = text
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`)
    .replace(/:(?=\/\/)/g, `:${ZERO_WIDTH_SPACE}`)
    .replace(/(www)(?=\.)/gi, `$1${ZERO_WIDTH_SPACE}`)
  return text.replace(SIGNIFICANT, character => `&#${character.codePointAt(0)};`)
}

/** `value` as inline code: `<code>` (works in Markdown and in HTML) around escaped text. */
export function escapeCode(value: unknown, maxLength = DEFAULT_MAX_LENGTH): string {
  const text = escapeText(value, maxLength)
  return text === '' ? '' : `<code>${text}</code>`
}

/** Cuts `text` to at most `maxLength` code points (never inside a surrogate pair). */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text
  const codePoints = Array.from(text)
  if (codePoints.length <= maxLength) return text
  return `${codePoints.slice(0, Math.max(0, maxLength - 1)).join('')}…`
}
