// The shapes the gate uses after a Document360 body has been parsed and checked
// (see parse.ts), and the one accessor they need. Field names are ours; the wire names are
// snake_case.

/** How the token is sent: `Authorization: Bearer` or `X-API-Key`. */
export type AuthScheme = 'bearer' | 'api-key'

/** One entry of `GET .../logs`: an import attempt. */
export interface ImportLog {
  id: string
  /** Exactly as Document360 reports it (free text, compared without case). */
  status: string
  /** ISO 8601, as reported; absent when the API left it out. */
  createdAt?: string
  /** `createdAt` as an instant (epoch ms; no offset means UTC); absent when unreadable. */
  createdAtMs?: number
  errorCount?: number
  warningCount?: number
}

/**
 * One checked entry of a log list page: a log, or why it cannot be used (a message for the
 * user) with the entry's id when it has one (to tell whether it is the log being looked for).
 */
export type LogListEntry = { log: ImportLog } | { unusable: string; id?: string }

/** The id of a log list entry, usable or not; undefined when the entry has none. */
export function entryId(entry: LogListEntry): string | undefined {
  return 'log' in entry ? entry.log.id : entry.id
}

/**
 * Whether two log ids name the same log. Document360's ids are GUIDs, which are the same in
 * either case: a `log-id` or `baseline: log:<id>` copied in upper case is that log.
 */
export function sameLogId(a: string, b: string): boolean {
  return a === b || logIdKey(a) === logIdKey(b)
}

/** One spelling of a log id for sets and maps: ids that are the same log (sameLogId) share it. */
export function logIdKey(id: string): string {
  return id.toLowerCase()
}

/** One finding in the imported OpenAPI document (`data.errors[]` / `data.warnings[]`). */
export interface Finding {
  message: string
  /** JSON pointer into the spec, escaped (`~1`) or not; '' when the API gave none. */
  path: string
}

/** `GET .../logs/{log_id}`: the findings of one import. */
export interface LogDetail {
  id: string
  errors: Finding[]
  warnings: Finding[]
}
