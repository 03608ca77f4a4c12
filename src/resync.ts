// The gate starts the import itself (resync-url): it lists the newest logs, then asks
// Document360 to resync the API reference from the spec URL (articles left as drafts). The
// import that starts is then the newest log not in that list (NewLogFinder, find-import.ts).
// The resync is never sent twice: when its answer is lost, the caller looks for a new import.

import type { Document360Client } from './document360/client.ts'
import { Document360Error } from './document360/errors.ts'
import { entryId } from './document360/types.ts'
import type { PollPacer } from './pace.ts'
import type { LogSnapshot } from './find-import.ts'

/** Logs listed before the resync, and on each look after it (the API's default page size). */
export const SNAPSHOT_PAGE_SIZE = 25

export type ResyncStart =
  /** Document360 accepted the resync (any 2xx). */
  | { kind: 'accepted'; snapshot: LogSnapshot }
  /** The answer was lost (a 5xx, a reset, a timeout): it may or may not have started one. */
  | { kind: 'unanswered'; snapshot: LogSnapshot; error: Document360Error }

export interface ResyncOptions {
  /** Logs listed before the resync and on each look after it (at least SNAPSHOT_PAGE_SIZE). */
  pageSize?: number
  pacer: Pick<PollPacer, 'beforeWrite'>
  now: () => number
  sleep: (ms: number) => Promise<void>
  /** A wait for the next rate-limit window before the resync never goes past this (epoch ms). */
  sendByMs: number
  say: (message: string) => void
}

/**
 * Lists the newest logs, then sends the resync. Throws Document360Error when the list fails or
 * Document360 refuses the resync (a 4xx): then no import was started.
 */
export async function startResync(
  client: Pick<Document360Client, 'listLogs' | 'resync'>,
  url: string,
  options: ResyncOptions
): Promise<ResyncStart> {
  const pageSize = options.pageSize ?? SNAPSHOT_PAGE_SIZE
  const entries = await client.listLogs(1, pageSize)
  const ids = new Set(entries.flatMap(entry => entryId(entry) ?? []))
  const times = entries.flatMap(entry => ('log' in entry ? (entry.log.createdAtMs ?? []) : []))
  const newest = times.length > 0 ? { newestCreatedAtMs: Math.max(...times) } : {}
  const wait = options.pacer.beforeWrite()
  const room = options.sendByMs - options.now()
  if (wait !== undefined && room > 0) {
    const ms = Math.min(wait.ms, room)
    options.say(`Starting the import in ${Math.ceil(ms / 1000)}s: ${wait.note}.`)
    await options.sleep(ms)
  }
  const resyncAtMs = options.now()
  const snapshot = (missing: string): LogSnapshot => ({
    ids,
    ...newest,
    resyncAtMs,
    pageSize,
    missing
  })
  try {
    await client.resync(url)
    return {
      kind: 'accepted',
      snapshot: snapshot('the resync was accepted but no import log has appeared')
    }
  } catch (error) {
    if (!(error instanceof Document360Error) || error.kind !== 'ambiguous-write') throw error
    return {
      kind: 'unanswered',
      snapshot: snapshot('no new import log has appeared since the resync, whose answer was lost'),
      error
    }
  }
}
