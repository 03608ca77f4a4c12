// Waivers: accepted findings, listed in the repository (`waivers-file`). Each entry names a path
// glob (glob.ts), a message (a substring, or `/regex/flags`) or both, a reason, and optionally
// the last day it applies. Checked strictly: an entry that breaks a rule is an input error that
// names the file, the entry and the rule, never an entry silently ignored (an ignored waiver
// would fail builds; a misread one could accept what nobody meant to accept).

import { InputError } from '../inputs.ts'
import { oneLine, primitiveText } from '../text.ts'
import { compileGlob } from './glob.ts'
import { normalizeMessage } from './identity.ts'

export interface Waiver {
  /** 1-based position in the file's list. */
  entry: number
  /** 1-based line the entry starts on, when known. */
  line?: number
  /** Path glob, as written. */
  path?: string
  /** Substring or `/regex/flags`, as written. */
  message?: string
  reason: string
  /** Last day the waiver applies (YYYY-MM-DD, UTC). */
  until?: string
}

/** A finding as waivers see it: canonical path, message with white space normalised. */
export interface WaivableFinding {
  canonicalPath: string
  message: string
}

export interface CompiledWaiver extends Waiver {
  matches(finding: WaivableFinding): boolean
}

/** A compiled regular expression's test, or why it does not compile. */
export type RegexCompiler = (
  source: string,
  flags: string
) => ((text: string) => boolean) | { problem: string }

const KEYS = new Set(['path', 'message', 'reason', 'until'])
export const MAX_WAIVERS = 1000
const MAX_TEXT = 1000
/** Messages are matched on their first this many characters: a bound on the time per match. */
const MATCHED_MESSAGE_LENGTH = 2000
const REGEX_MESSAGE = /^\/(.+)\/([a-z]*)$/s
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether a message pattern is a regular expression (`/…/flags`) rather than a substring. */
export function isRegexMessage(message: string): boolean {
  return REGEX_MESSAGE.test(message)
}

/**
 * Checks the parsed file (`data`, the entries' lines in `lines`) and compiles each waiver.
 * `compileRegex` is needed only when a message is a `/regex/`. Throws InputError.
 */
export function checkWaivers(
  data: unknown,
  file: string,
  lines: readonly (number | undefined)[] = [],
  compileRegex?: RegexCompiler
): CompiledWaiver[] {
  const where = `waivers-file ${quoteText(file)}`
  if (data === null || data === undefined) return []
  if (!Array.isArray(data)) {
    throw new InputError(
      `${where} must hold a list of waivers (entries starting with "- path:" or "- message:"); ` +
        `it holds ${kindOf(data)}.`
    )
  }
  if (data.length > MAX_WAIVERS) {
    throw new InputError(
      `${where} lists ${data.length} waivers, more than the ${MAX_WAIVERS} the gate accepts.`
    )
  }
  return data.map((raw, index) => {
    const line = lines[index]
    const fail = (rule: string) =>
      new InputError(`${where}, entry ${index + 1}${line ? ` (line ${line})` : ''}: ${rule}.`)
    return checkEntry(raw, index + 1, line, fail, compileRegex)
  })
}

function checkEntry(
  raw: unknown,
  entry: number,
  line: number | undefined,
  fail: (rule: string) => InputError,
  compileRegex: RegexCompiler | undefined
): CompiledWaiver {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw fail(`is ${kindOf(raw)}, not a mapping with path, message, reason and until`)
  }
  const fields = raw as Record<string, unknown>
  for (const key of Object.keys(fields)) {
    if (!KEYS.has(key)) {
      throw fail(`has an unknown key ${quoteText(key)} (a waiver has path, message, reason, until)`)
    }
  }
  const text = (key: string, required: boolean): string | undefined => {
    const value = fields[key]
    if (value === undefined || value === null) {
      if (required) throw fail(`"${key}" is required: say why these findings are accepted`)
      return undefined
    }
    if (typeof value !== 'string') throw fail(`"${key}" must be text; it is ${kindOf(value)}`)
    if (value.trim() === '') throw fail(`"${key}" is empty`)
    if (value.length > MAX_TEXT) throw fail(`"${key}" is longer than ${MAX_TEXT} characters`)
    return value
  }
  const reason = text('reason', true) as string
  const path = text('path', false)
  const message = text('message', false)
  if (path === undefined && message === undefined) {
    throw fail('needs "path" or "message" (or both) to say which findings it accepts')
  }
  const until = checkUntil(fields.until, fail)

  const waiver: Waiver = { entry, reason }
  if (line !== undefined) waiver.line = line
  if (path !== undefined) waiver.path = path
  if (message !== undefined) waiver.message = message
  if (until !== undefined) waiver.until = until

  const pathMatches = path === undefined ? undefined : compileGlob(path)
  const messageMatches =
    message === undefined ? undefined : compileMessage(message, fail, compileRegex)
  return {
    ...waiver,
    matches: finding =>
      (pathMatches === undefined || pathMatches(finding.canonicalPath)) &&
      (messageMatches === undefined ||
        messageMatches(finding.message.slice(0, MATCHED_MESSAGE_LENGTH)))
  }
}

function checkUntil(value: unknown, fail: (rule: string) => InputError): string | undefined {
  if (value === undefined || value === null) return undefined
  const shown = typeof value === 'string' ? quoteText(value) : kindOf(value)
  const rule = `"until" must be a date written YYYY-MM-DD, such as 2027-03-31; got ${shown}`
  if (typeof value !== 'string') throw fail(rule)
  const match = DATE.exec(value.trim())
  if (match === null) throw fail(rule)
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    throw fail(`"until" is ${quoteText(value)}, which is not a day of the calendar`)
  }
  return value.trim()
}

function compileMessage(
  message: string,
  fail: (rule: string) => InputError,
  compileRegex: RegexCompiler | undefined
): (text: string) => boolean {
  const regex = REGEX_MESSAGE.exec(message)
  if (regex === null) {
    const needle = normalizeMessage(message)
    return text => text.includes(needle)
  }
  const [, source = '', flags = ''] = regex
  if (compileRegex === undefined) throw new Error('a regular expression compiler is needed')
  const compiled = compileRegex(source, flags)
  if (typeof compiled === 'function') return compiled
  throw fail(
    `"message" ${quoteText(message, 100)} is not a regular expression the gate accepts ` +
      `(${oneLine(compiled.problem, 200)}). Regular expressions use RE2 syntax: no ` +
      'lookarounds or backreferences; flags i, m and s. For a plain substring, do not start ' +
      'and end the message with "/"'
  )
}

/** The waivers that still apply on `today` (YYYY-MM-DD, UTC) and those past their `until`. */
export function partitionByExpiry<T extends Waiver>(
  waivers: readonly T[],
  today: string
): { active: T[]; expired: T[] } {
  const active: T[] = []
  const expired: T[] = []
  for (const waiver of waivers) {
    if (waiver.until !== undefined && waiver.until < today) expired.push(waiver)
    else active.push(waiver)
  }
  return { active, expired }
}

/** The UTC day of an instant, YYYY-MM-DD. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10)
}

/** `entry 3 (line 9: path "/paths/~1legacy~1*", message "no description")`, for messages. */
function describeWaiver(waiver: Waiver): string {
  const what: string[] = []
  if (waiver.path !== undefined) what.push(`path ${quoteText(waiver.path, 80)}`)
  if (waiver.message !== undefined) what.push(`message ${quoteText(waiver.message, 80)}`)
  const line = waiver.line === undefined ? '' : `line ${waiver.line}: `
  return `entry ${waiver.entry} (${line}${what.join(', ')})`
}

/** The one warning an expired waiver gives. */
export function expiredWarning(waiver: Waiver, file: string): string {
  return (
    `Waiver ${describeWaiver(waiver)} in ${quoteText(file)} expired on ${waiver.until} and no ` +
    'longer applies: the findings it accepted count again. Fix them, or extend or remove the waiver.'
  )
}

function quoteText(text: string, max = 200): string {
  return `"${oneLine(text, max)}"`
}

function kindOf(value: unknown): string {
  if (value === null) return 'empty'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `the text ${quoteText(value, 60)}`
  return `the ${typeof value} ${oneLine(primitiveText(value), 60)}`
}
