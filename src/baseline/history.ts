// The import history the gate already has: the list page the judged log was found on (wait.ts
// asks for a page large enough). The baseline `previous` and the trend come from it, without
// another request in all but odd cases.

import type { ImportLog, LogListEntry } from '../document360/types.ts'
import type { TrendEntry } from '../report/types.ts'
import { classifyStatus } from '../status.ts'
import { oneLine, shortId } from '../text.ts'

export interface LogHistory {
  /** The list entries after the judged log on its page: older imports, newest first. An
   * entry that cannot be used is passed over here (it is not the one judged). */
  older: readonly LogListEntry[]
  /** The page they came from and its size, to read on when the baseline is not on it. */
  page: number
  pageSize: number
  /** The page was full: there may be older imports on the next one. */
  full: boolean
}

/** Imports in the trend: the judged one and up to 9 finished ones before it. */
export const TREND_LENGTH = 10

/** The entries that are usable import logs (see parse.ts); the others are left out. */
export function usableLogs(entries: readonly LogListEntry[]): ImportLog[] {
  return entries.flatMap(entry => ('log' in entry ? [entry.log] : []))
}

/** Finished, as a baseline must be: succeeded or failed (not running, not an unknown status). */
export function isFinished(log: ImportLog): boolean {
  const kind = classifyStatus(log.status)
  return kind === 'succeeded' || kind === 'failed'
}

/**
 * The counts of the judged import and the finished imports before it, oldest first, the judged
 * one last and marked. Empty when there is nothing to compare it with.
 */
export function trendOf(judged: ImportLog, older: readonly ImportLog[]): TrendEntry[] {
  const before = older.filter(isFinished).slice(0, TREND_LENGTH - 1)
  if (before.length === 0) return []
  return [...before.reverse().map(log => trendEntry(log, false)), trendEntry(judged, true)]
}

function trendEntry(log: ImportLog, judged: boolean): TrendEntry {
  const entry: TrendEntry = { logId: log.id, status: log.status }
  if (log.createdAt !== undefined) entry.createdAt = log.createdAt
  if (log.errorCount !== undefined) entry.errorCount = log.errorCount
  if (log.warningCount !== undefined) entry.warningCount = log.warningCount
  if (judged) entry.judged = true
  return entry
}

/**
 * The first pair of logs that shows `entries` are not newest first: `below` is listed after
 * `above` but was created later (both dates readable). Undefined when the order holds.
 */
export function outOfOrder(
  entries: readonly LogListEntry[]
): { above: ImportLog; below: ImportLog } | undefined {
  let oldest: { log: ImportLog; ms: number } | undefined
  for (const log of usableLogs(entries)) {
    const ms = log.createdAtMs
    if (ms === undefined) continue
    if (oldest !== undefined && ms > oldest.ms) return { above: oldest.log, below: log }
    if (oldest === undefined || ms < oldest.ms) oldest = { log, ms }
  }
  return undefined
}

/** Why a page that is not newest first cannot say which import is the latest. */
export function notNewestFirst(
  { above, below }: { above: ImportLog; below: ImportLog },
  what: string
): string {
  return (
    `Document360 listed import log ${shortId(above.id)} (created ` +
    `${oneLine(above.createdAt ?? '?', 40)}) above import log ${shortId(below.id)}, created ` +
    `later (${oneLine(below.createdAt ?? '?', 40)}): the logs are not listed newest first, so ` +
    `the gate cannot tell ${what}. Please report this to Document360.`
  )
}
