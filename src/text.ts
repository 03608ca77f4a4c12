// Text that comes from the API (messages, statuses, error bodies) is data. These helpers make
// it safe to print: one line, no control characters, bounded, secrets removed. A string that
// cannot contain a line break cannot start a workflow command (`::error::`, `::add-mask::`).

// C0/C1 controls, DEL, and the Unicode line/paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g

/** Folds `text` onto one line and caps it at `max` characters. */
export function oneLine(text: string, max = 300): string {
  const folded = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim()
  return folded.length > max ? `${folded.slice(0, max - 1)}…` : folded
}

/**
 * Replaces every occurrence of each secret in `text` with `***`, in any letter case: a server
 * may echo the token lower-cased (in a host name of a `Location` header, say).
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets)
    if (secret.length > 0) out = out.replace(secretPattern(secret), '***')
  return out
}

const secretPatterns = new Map<string, RegExp>()

function secretPattern(secret: string): RegExp {
  let pattern = secretPatterns.get(secret)
  if (pattern === undefined) {
    pattern = new RegExp(secret.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), 'gi')
    secretPatterns.set(secret, pattern)
  }
  return pattern
}

/** A short, one-line form of a log id (API text too) for messages: `1a2b3c4d…`. */
export function shortId(id: string): string {
  const line = oneLine(id, 100)
  return line.length > 9 ? `${line.slice(0, 8)}…` : line
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
