// Text that comes from the API (messages, statuses, error bodies) is data. These helpers make
// it safe to print: one line, no control characters, bounded, secrets removed. A string that
// cannot contain a line break cannot start a workflow command (`::error::`, `::add-mask::`).

// C0/C1 controls, DEL, and the Unicode line/paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g

/** Whether `text` holds a control character or line break (of those `oneLine` folds). */
export function hasControlCharacter(text: string): boolean {
  return new RegExp(CONTROL.source).test(text)
}

/** Folds `text` onto one line and caps it at `max` characters. */
export function oneLine(text: string, max = 300): string {
  const folded = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim()
  return folded.length > max ? `${folded.slice(0, max - 1)}…` : folded
}

/** Replaces every occurrence of each secret in `text` with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join('***')
  return out
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
