// Defensive parsing of Document360 success bodies (the V3 API is young): unknown extra fields
// are fine; a missing or mistyped field we need is a clear error, never a silent pass.

import { parseInstant } from '../instant.ts'
import { capitalize, oneLine, quote } from '../text.ts'
import { Document360Error, describeProblem } from './errors.ts'
import { pathSegmentProblem } from './path-segment.ts'
import {
  entryId,
  logIdKey,
  sameLogId,
  type Finding,
  type ImportLog,
  type LogDetail,
  type LogListEntry
} from './types.ts'

/**
 * Whether an envelope's `success` flag says the request did not do what was asked: anything but
 * `true` or no flag at all. `"false"`, `0` or `null` is no success the gate can confirm.
 */
export function isUnsuccessful(envelope: Record<string, unknown>): boolean {
  return 'success' in envelope && envelope.success !== true
}

/** The `success` flag (parsed JSON, so never undefined) as JSON, short: `false`, `"false"`. */
function successText(value: unknown): string {
  return oneLine(JSON.stringify(value), 40)
}

/** `data` of a success envelope; an unsuccessful envelope surfaces its `errors`. */
function envelopeData(body: unknown, what: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw bodyError(`the answer to ${what} is not a JSON object`)
  }
  const envelope = body as Record<string, unknown>
  if (isUnsuccessful(envelope)) {
    const problem = describeProblem(envelope)
    throw bodyError(
      `Document360 reported the request to ${what} as unsuccessful ` +
        `(success: ${successText(envelope.success)})` +
        (problem ? `: ${problem}` : ' without saying why')
    )
  }
  if (!('data' in envelope)) throw bodyError(`the answer to ${what} has no "data" field`)
  return envelope.data
}

/**
 * The entries of a log list page, each checked (see toLogListEntry). One unusable entry does not
 * spoil the page: whether it matters depends on whether it is the log to judge (find-import.ts).
 */
export function parseLogPage(body: unknown): LogListEntry[] {
  const data = envelopeData(body, 'list import logs')
  if (data === null) return []
  if (!Array.isArray(data)) throw bodyError('the import log list\'s "data" is not a list')
  return withoutDuplicates(data.map(toLogListEntry))
}

/**
 * A log listed twice on one page is two answers about one import: the gate cannot tell which
 * is true, and a judged log found again below itself would be its own baseline. Every entry of
 * such an id becomes unusable (an error if it is the log to judge; passed over otherwise).
 */
function withoutDuplicates(entries: LogListEntry[]): LogListEntry[] {
  // By logIdKey: ids that differ only in case name one log (see sameLogId).
  const seen = new Map<string, number>()
  for (const entry of entries) {
    const id = entryId(entry)
    if (id !== undefined) seen.set(logIdKey(id), (seen.get(logIdKey(id)) ?? 0) + 1)
  }
  return entries.map(entry => {
    const id = entryId(entry)
    const times = id === undefined ? 0 : (seen.get(logIdKey(id)) ?? 0)
    if (id === undefined || times < 2) return entry
    return {
      id,
      unusable: bodyMessage(
        `Document360 listed import log ${quote(id, 60)} ${times} times on one page, so ` +
          'the gate cannot tell which of its entries is true'
      )
    }
  })
}

/** The id of a raw list entry, when it has one (a number is read as its decimal text). */
function rawLogId(entry: unknown): string | undefined {
  const id = (entry as { id?: unknown } | null)?.id
  return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : undefined
}

/**
 * Checks one list entry. `id` (usable in a request path) and `status` are required; counts and
 * date stay optional here because a running import may not have them yet (the verdict requires
 * counts; `since` requires a readable date).
 */
export function toLogListEntry(entry: unknown): LogListEntry {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return { unusable: bodyMessage('an import log entry is not an object') }
  }
  const raw = entry as Record<string, unknown>
  const id = rawLogId(raw)
  if (id === undefined) return { unusable: bodyMessage('an import log entry has no id') }
  const idProblem = pathSegmentProblem(id)
  if (idProblem !== undefined) {
    return {
      id,
      unusable:
        `Document360 listed an import log whose id ${quote(id, 60)} ${idProblem}; the gate ` +
        'will not send it in a request nor judge that log. Please report this to Document360.'
    }
  }
  if (typeof raw.status !== 'string' || raw.status.trim() === '') {
    return { id, unusable: bodyMessage(`import log ${oneLine(id, 60)} has no status`) }
  }
  const log: ImportLog = { id, status: raw.status }
  if (typeof raw.created_at === 'string' && raw.created_at !== '') {
    log.createdAt = raw.created_at
    const createdAtMs = parseInstant(raw.created_at)
    if (createdAtMs !== undefined) log.createdAtMs = createdAtMs
  }
  const errorCount = count(raw.error_count)
  const warningCount = count(raw.warning_count)
  if (errorCount !== undefined) log.errorCount = errorCount
  if (warningCount !== undefined) log.warningCount = warningCount
  return { log }
}

/** A count is a whole number ≥ 0 (a numeric string is tolerated); anything else is absent. */
function count(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value)
  return undefined
}

export function parseLogDetail(body: unknown, logId: string): LogDetail {
  const data = envelopeData(body, "get the import log's findings")
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw bodyError(`the findings of import log ${oneLine(logId, 60)} are not an object`)
  }
  const detail = data as Record<string, unknown>
  // The findings of another log (a proxy's cache, a server mixing up requests) would be judged
  // as this one's. No id at all is tolerated: the request named the log.
  const id = rawLogId(detail)
  if (id !== undefined && !sameLogId(id, logId)) {
    throw bodyError(
      `the answer to the request for the findings of import log ${quote(logId, 60)} is ` +
        `about import log ${quote(id, 60)}`
    )
  }
  return {
    id: logId,
    errors: findings(detail.errors, 'errors', logId),
    warnings: findings(detail.warnings, 'warnings', logId)
  }
}

/** The findings of one severity: none when absent or null; anything but a list is an error. */
function findings(value: unknown, name: string, logId: string): Finding[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) {
    throw bodyError(`the ${name} of import log ${oneLine(logId, 60)} are not a list`)
  }
  return value.map(entry => {
    const raw = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
      string,
      unknown
    >
    return {
      message:
        typeof raw.message === 'string' ? raw.message : typeof entry === 'string' ? entry : '',
      path: typeof raw.path === 'string' ? raw.path : ''
    }
  })
}

function bodyError(message: string): Document360Error {
  return new Document360Error('body', bodyMessage(message))
}

function bodyMessage(message: string): string {
  return (
    `${capitalize(message)}. Document360's answer was not what the action expects; if this ` +
    'persists, please report it with the trace id.'
  )
}
