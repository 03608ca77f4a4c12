// The one text module. Text that comes from outside (API messages, statuses, ids, paths,
// inputs, URLs) is data: these helpers fold it onto one line, bound it by code points, remove
// secrets, and make it inert where it is printed: in a log line (where a line that starts
// with `::` would be a workflow command) or inline in GitHub Markdown (summary, comments).

// C0/C1 controls, DEL, the Unicode line/paragraph separators, and bidirectional overrides and
// isolates (which make text read differently from what it is).
const CONTROL =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g

/** Cuts `text` to at most `max` code points, the last one an ellipsis; never splits a pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  const codePoints = Array.from(text)
  if (codePoints.length <= max) return text
  return `${codePoints.slice(0, Math.max(0, max - 1)).join('')}…`
}

/** Whether `text` holds a control character or line break (of those `oneLine` folds). */
export function hasControlCharacter(text: string): boolean {
  return new RegExp(CONTROL.source).test(text)
}

// What `visible` removes: controls but line breaks and tabs, and bidirectional marks.
const HIDDEN =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * `text` as it reads, for text that may keep its lines (an annotation's message): control
 * characters and bidirectional overrides (which make text read differently from what it is)
 * become spaces, and a lone surrogate half U+FFFD (GitHub's API may refuse it).
 */
export function visible(text: string): string {
  return text.replace(HIDDEN, ' ').toWellFormed()
}

/** Text whose white space is already single spaces inside, none at the ends. */
const SPACED = /\s\s|[^\S ]|^\s|\s$/

/** Every run of white space (line breaks too) as one space, the ends trimmed. */
export function collapseSpace(text: string): string {
  return SPACED.test(text) ? text.replace(/\s+/g, ' ').trim() : text
}

/** Folds `text` onto one line (controls become spaces, whitespace collapses), at most `max` code points. */
export function oneLine(text: string, max = 300): string {
  // Well-formed too: a lone surrogate would be an escape GitHub may refuse in a comment.
  return truncate(text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim(), max).toWellFormed()
}

/**
 * A line for the step log. One line, and never one the runner reads as a command: those
 * start with `::` or (the older form) `##[`, after optional whitespace.
 */
export function logLine(text: string): string {
  const line = oneLine(text, 4000)
  return /^(::|##\[)/.test(line) ? `> ${line}` : line
}

/**
 * Replaces every occurrence of each secret in `text` with `***`, in any letter case: a server
 * may echo the token lower-cased (in a host name of a `Location` header, say).
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  // Longest first: a secret that holds another (a signed URL's query holding the token) goes
  // whole, not with the shorter one cut out of it and the rest left.
  const longestFirst = [...secrets].sort((a, b) => b.length - a.length)
  for (const secret of longestFirst) if (secret.length > 0) out = redactOne(out, secret)
  return out
}

/** Each secret's case-insensitive pattern; null for one too long to be a regular expression. */
const secretPatterns = new Map<string, RegExp | null>()

function redactOne(text: string, secret: string): string {
  let pattern = secretPatterns.get(secret)
  if (pattern === undefined) {
    pattern = patternOf(secret)
    secretPatterns.set(secret, pattern)
  }
  if (pattern !== null) {
    try {
      return text.replace(pattern, '***')
    } catch {
      // V8 may refuse a long pattern only when it first runs it: see patternOf.
      secretPatterns.set(secret, null)
    }
  }
  return redactIgnoringCase(text, secret)
}

/**
 * The secret as a pattern in any case: `u` folds case as Unicode does, so a `k` is found as the
 * Kelvin sign `K` too, and an `s` as `ſ` (which read as the letters they fold to). Null when V8
 * refuses it (about 32,000 characters: "Regular expression too large"; its message would quote
 * the secret).
 */
function patternOf(secret: string): RegExp | null {
  try {
    return new RegExp(secret.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), 'giu')
  } catch {
    return null
  }
}

/** `redact` for one secret without a regular expression: letters in any case, as `patternOf`. */
function redactIgnoringCase(text: string, secret: string): string {
  const haystack = caseFolded(text)
  const needle = caseFolded(secret)
  let out = ''
  let from = 0
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, from)) {
    out += `${text.slice(from, at)}***`
    from = at + needle.length
  }
  return out + text.slice(from)
}

/**
 * Each UTF-16 unit case-folded where that keeps it one unit (`É` as `é`, `K` and `K` as `k`),
 * about as the `iu` flags compare them: every index is kept, so a match in two copies is one in
 * the text.
 */
function caseFolded(value: string): string {
  return value
    .replace(/[A-Z]+/g, letters => letters.toLowerCase())
    .replace(/[^\x00-\x7f]/g, unit => {
      const upper = unit.toUpperCase()
      const single = upper.length === 1 ? upper : unit
      const lower = single.toLowerCase()
      return lower.length === 1 ? lower : single
    })
}

/**
 * `text` in Unicode's compatibility form (NFKC: fullwidth letters as the letters they show).
 * ASCII is its own NFKC form, and skipping it spares loading the normalisation data.
 */
export function compatible(text: string): string {
  return isAscii(text) ? text : text.normalize('NFKC')
}

export function isAscii(text: string): boolean {
  return /^[\x00-\x7f]*$/.test(text)
}

/** A primitive as text ('' for objects, null and undefined): for values parsed from outside. */
export function primitiveText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value)
    default:
      return ''
  }
}

/**
 * `id` with every character but `A-Z a-z 0-9 . _ -` written as `%` and its code point in hex:
 * one spelling that cannot vary and cannot end what it stands in (an HTML comment, a URI).
 */
export function percentEncodeId(id: string): string {
  return id.replace(
    /[^A-Za-z0-9._-]/g,
    character => `%${character.codePointAt(0)?.toString(16).toUpperCase()}`
  )
}

/** A short, one-line form of a log id (API text too) for messages: `1a2b3c4d…`. */
export function shortId(id: string): string {
  const line = oneLine(id, 100)
  return line.length > 9 ? `${Array.from(line).slice(0, 8).join('')}…` : line
}

/**
 * `1,234` (en-US grouping, the same on every machine). Not toLocaleString: loading ICU for it
 * costs a clean run about 20 ms.
 */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** `1 error`, `3 errors`, `1,234 errors`. */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`
}

/** `text` with its first character in upper case: a message part that now starts a sentence. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** An error's message, first line only (a parser's message may go on with a code frame). */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0] ?? ''
}

/** The size of `text` in UTF-8, as GitHub's limits on summaries, comments and files count it. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

// Markdown. Outside text is only ever placed inline (a table cell, after a label), never at
// the start of a block, so only what changes rendering inline needs escaping: emphasis,
// code, links and images, HTML, entity references, table pipes, strikethrough, math, the
// GFM autolinks (`https://`, `www.`, e-mail), and GitHub's mentions, issue references
// (`#1`, `GH-1`) and emoji codes (`:x:`): GitHub turns those into links and pictures after
// rendering, so a zero-width space after `@`, `#`, `GH` or the first colon breaks them.
// Everything else stays as written, so the text reads the same raw (e-mail notifications) and
// rendered.

const ZERO_WIDTH_SPACE = '\u200b'
const WORD = /[\p{L}\p{N}]/u

/** `value` as inline Markdown text that renders literally. */
export function markdownText(value: string, max = 1000): string {
  return (
    oneLine(value, max)
      .replace(/[\\`*[\]<|~$]/g, '\\$&')
      .replace(/_/g, (underscore, at: number, text: string) =>
        WORD.test(text.charAt(at - 1)) && WORD.test(text.charAt(at + 1)) ? underscore : '\\_'
      )
      .replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
      .replace(/:(?=\/\/)/g, '\\:')
      .replace(/\b(www)\./gi, '$1\\.')
      .replace(/([@#])(?=[\p{L}\p{N}_])/gu, `$1${ZERO_WIDTH_SPACE}`)
      .replace(/\b(GH)-(?=\d)/gi, `$1${ZERO_WIDTH_SPACE}-`)
      // Emoji codes have a letter, but for :+1:, :-1:, :100: and :1234:; times have none.
      .replace(/:(?=(?:[\w+-]*[a-z][\w+-]*|[+-]1|100|1234):)/gi, `:${ZERO_WIDTH_SPACE}`)
  )
}

/**
 * `value` as a code span for a table cell: shown literally (code spans render no Markdown and
 * no HTML). A pipe still ends a table cell inside a code span unless escaped, so it is.
 */
export function markdownCode(value: string, max = 300): string {
  const text = oneLine(value, max).replace(/\|/g, '\\|')
  if (text === '') return ''
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longestRun + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

// Characters JSON.stringify leaves as they are but a reader cannot see or that reorder text:
// DEL, C1 controls, soft hyphen, zero-width and bidirectional marks, line/paragraph separators.
const INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g

/**
 * `text` in double quotes with every control or invisible character escaped (`"a\nb"`), capped
 * at `max` code points (then `…` after the closing quote): API text quoted exactly, on one line.
 */
export function quote(text: string, max = 80): string {
  const points = Array.from(text)
  const kept = points.length > max ? points.slice(0, max).join('') : text
  const escaped = JSON.stringify(kept).replace(
    INVISIBLE,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
  return points.length > max ? `${escaped}…` : escaped
}
