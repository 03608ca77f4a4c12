// One look at the logs for the import to judge: the latest (LatestFinder), the one named by
// log-id (LogIdFinder), or the one this run's resync started (NewLogFinder). wait.ts polls a
// finder until the import has finished or wait-timeout runs out.

import type { Document360Client } from './document360/client.ts'
import { MAX_PAGE_SIZE } from './document360/client.ts'
import {
  entryId,
  logIdKey,
  sameLogId,
  type ImportLog,
  type LogListEntry
} from './document360/types.ts'
import { notNewestFirst, outOfOrder, usableLogs, type LogHistory } from './baseline/history.ts'
import { oneLine, shortId } from './text.ts'

/** The newest logs just before this run's resync. */
export interface LogSnapshot {
  ids: ReadonlySet<string>
  /** The latest created_at among them (epoch ms), when any was readable. */
  newestCreatedAtMs?: number
  /** When the resync was sent, by the runner's clock (epoch ms). */
  resyncAtMs: number
  /** The page size that listed them; later looks use it too. */
  pageSize: number
  /** What to say while no new log is there (`the resync was accepted but no import log…`). */
  missing: string
}

export type LogsClient = Pick<Document360Client, 'listLogs'>

/**
 * How far Document360's clock may be behind the runner's: a log created longer before the
 * resync than this is an older import, even when the list before the resync did not show it.
 */
const CLOCK_SKEW_MS = 10 * 60 * 1000

/** 100,000 logs: far more than any API reference has; a bound on a runaway search. */
const MAX_PAGES = 1000

/**
 * What one look at the logs found: the log to judge, why there is none (yet), or why the entry
 * of the log to judge cannot be used.
 */
export type Sighting =
  { log: ImportLog; history: LogHistory } | { missing: string } | { unusable: string }

/**
 * The newest log: the first of page 1 (of `pageSize` logs: the rest are its history). A newer
 * import may replace the one being waited for, but an older one never does: when the first
 * entry is a log seen below it before (or created before it), the page went back, and the
 * log waited for is followed by its id; if it is gone, it is missing, never replaced.
 */
export class LatestFinder {
  private readonly client: LogsClient
  private readonly pageSize: number
  /** The latest log of the previous look and the ids then listed below it. */
  private previous: { id: string; createdAtMs?: number; older: Set<string> } | undefined
  constructor(client: LogsClient, pageSize: number) {
    this.client = client
    this.pageSize = pageSize
  }

  async look(): Promise<Sighting> {
    const entries = await this.client.listLogs(1, this.pageSize)
    const [latest] = entries
    const previous = this.previous
    if (previous !== undefined && (latest === undefined || this.wentBack(latest, previous))) {
      const index = entries.findIndex(entry => isLog(entry, previous.id))
      return index < 0 ? { missing: gone(previous.id, latest) } : this.sighting(entries, index)
    }
    if (latest === undefined) return { missing: 'this API reference has no import logs yet' }
    const id = entryId(latest)
    if (id !== undefined) {
      const older = new Set(entries.slice(1).flatMap(entry => keyOf(entry) ?? []))
      this.previous = 'log' in latest ? { id, ...createdAt(latest.log), older } : { id, older }
    }
    return this.sighting(entries, 0)
  }

  /** The first entry is older than the latest of the previous look (and not that log). */
  private wentBack(latest: LogListEntry, previous: NonNullable<LatestFinder['previous']>): boolean {
    if (isLog(latest, previous.id)) return false
    const key = keyOf(latest)
    if (key !== undefined && previous.older.has(key)) return true
    const createdAtMs = 'log' in latest ? latest.log.createdAtMs : undefined
    return (
      createdAtMs !== undefined &&
      previous.createdAtMs !== undefined &&
      createdAtMs < previous.createdAtMs
    )
  }

  private sighting(entries: LogListEntry[], index: number): Sighting {
    const entry = entries[index] as LogListEntry
    if ('unusable' in entry) return entry
    const full = entries.length >= this.pageSize
    const older = entries.slice(index + 1)
    // Listed oldest first (or shuffled), the first is not the latest import, nor are the ones
    // after it the imports before it (the baseline `previous`, the trend): never judge it.
    const disorder = outOfOrder(entries.slice(index))
    if (disorder !== undefined) {
      const what = 'which import is the latest (name it with log-id)'
      return { unusable: notNewestFirst(disorder, what) }
    }
    return { log: entry.log, history: { older, page: 1, pageSize: this.pageSize, full } }
  }
}

/** Whether `entry` is log `id` (in any case: see sameLogId). */
function isLog(entry: LogListEntry, id: string): boolean {
  const listed = entryId(entry)
  return listed !== undefined && sameLogId(listed, id)
}

/** The entry's id by logIdKey, for sets of logs seen. */
function keyOf(entry: LogListEntry): string | undefined {
  const id = entryId(entry)
  return id === undefined ? undefined : logIdKey(id)
}

function createdAt(log: ImportLog): { createdAtMs?: number } {
  return log.createdAtMs === undefined ? {} : { createdAtMs: log.createdAtMs }
}

function gone(id: string, latest: LogListEntry | undefined): string {
  const now = latest && entryId(latest)
  return (
    `import ${shortId(id)}, the latest when the gate last looked, is no longer listed ` +
    `(${now === undefined ? 'no import is' : `only older imports are, such as ${shortId(now)}`}; ` +
    'none is judged in its place)'
  )
}

/**
 * The log named by log-id, searched page by page (100 a page). Logs are newest first, so a log
 * only moves to later pages as new imports arrive: the search starts on the page it was last
 * seen on and goes on from there, then falls back to the pages before.
 */
export class LogIdFinder {
  private readonly client: LogsClient
  private readonly logId: string
  private lastPage = 1
  /** Logs looked at by the current search, and by the last full one. */
  private scanned = 0
  private searched = 0
  private missedOnce = false
  private readonly hint: string

  /** `hint`: how to fix it when the log is not there (default: check log-id). */
  constructor(client: LogsClient, logId: string, hint = 'check log-id') {
    this.client = client
    this.logId = logId
    this.hint = hint
  }

  async look(): Promise<Sighting> {
    this.scanned = 0
    // After a full search missed it, the log can only appear as a new import: on page 1.
    const found = this.missedOnce
      ? await this.scan(1, 1)
      : ((await this.scan(this.lastPage, Number.POSITIVE_INFINITY)) ??
        (await this.scan(1, this.lastPage - 1)))
    if (found !== undefined) {
      this.missedOnce = false
      const { entry, history } = found
      return 'log' in entry ? { log: entry.log, history } : entry
    }
    if (!this.missedOnce) this.searched = this.scanned
    this.missedOnce = true
    return {
      missing:
        `no import log with id ${oneLine(this.logId, 60)} among the ${this.searched} logs of ` +
        `this API reference (${this.hint})`
    }
  }

  /**
   * Pages first..last (stopping at the last page there is); remembers where it found the log.
   * Unusable entries of other logs are passed over (they are not judged); the log's own entry
   * is returned even when unusable, and then ends the wait as an error.
   */
  private async scan(
    first: number,
    last: number
  ): Promise<{ entry: LogListEntry; history: LogHistory } | undefined> {
    let previousFirstId: string | undefined
    for (let page = first; page <= Math.min(last, MAX_PAGES); page++) {
      const entries = await this.client.listLogs(page, MAX_PAGE_SIZE)
      // A server that ignores `page` would send the same page forever.
      const firstId = entries[0] && entryId(entries[0])
      if (
        firstId !== undefined &&
        previousFirstId !== undefined &&
        sameLogId(firstId, previousFirstId)
      ) {
        return undefined
      }
      previousFirstId = firstId
      this.scanned += entries.length
      const index = entries.findIndex(e => {
        const id = entryId(e)
        return id !== undefined && sameLogId(id, this.logId)
      })
      const entry = entries[index]
      if (entry !== undefined) {
        this.lastPage = page
        const full = entries.length >= MAX_PAGE_SIZE
        const older = entries.slice(index + 1)
        return { entry, history: { older, page, pageSize: MAX_PAGE_SIZE, full } }
      }
      if (entries.length < MAX_PAGE_SIZE) return undefined
    }
    return undefined
  }
}

/**
 * The import this run's resync started: the newest log that was not listed before it (of the
 * logs above the newest one that was: a log below it is older, whatever its id). Once seen,
 * that log is followed by its id, so an import started later by someone else never replaces it.
 */
export class NewLogFinder {
  private readonly client: LogsClient
  private readonly snapshot: LogSnapshot
  private readonly onWarning: ((message: string) => void) | undefined
  private chosen: { id: string; search: LogIdFinder } | undefined
  /** New logs above the chosen one that a warning has named (by logIdKey). */
  private readonly named = new Set<string>()
  /** The snapshot's ids by logIdKey: a known log listed in another case is still known. */
  private readonly known: ReadonlySet<string>

  constructor(client: LogsClient, snapshot: LogSnapshot, onWarning?: (message: string) => void) {
    this.client = client
    this.snapshot = snapshot
    this.onWarning = onWarning
    this.known = new Set(Array.from(snapshot.ids, logIdKey))
  }

  async look(): Promise<Sighting> {
    const entries = await this.client.listLogs(1, this.snapshot.pageSize)
    if (this.chosen !== undefined) {
      const { id, search } = this.chosen
      const index = entries.findIndex(entry => isLog(entry, id))
      if (index > 0) this.noteLater(id, entries.slice(0, index))
      return index < 0 ? await search.look() : this.sighting(entries, index)
    }
    const firstKnown = entries.findIndex(entry => {
      const key = keyOf(entry)
      return key !== undefined && this.known.has(key)
    })
    // A log created before the newest one listed before the resync, or well before the resync,
    // is not new, wherever a server that reorders (or hides) its logs puts it.
    const unknown = firstKnown < 0 ? entries : entries.slice(0, firstKnown)
    const floorMs = this.floorMs()
    const fresh = unknown.filter(
      entry => !('log' in entry) || (entry.log.createdAtMs ?? floorMs) >= floorMs
    )
    const [newest, ...others] = fresh
    if (newest === undefined) return { missing: this.missing(unknown) }
    const index = entries.indexOf(newest)
    const id = entryId(newest)
    if (id === undefined) return this.sighting(entries, index) // unusable without an id: an error
    if ('log' in newest && newest.log.createdAtMs === undefined) {
      return {
        unusable:
          `Import log ${shortId(id)}, new since this run's resync, has no readable created_at, ` +
          'so the gate cannot tell it from an older import and does not judge it.'
      }
    }
    this.chosen = {
      id,
      search: new LogIdFinder(this.client, id, 'the import this run started is gone')
    }
    if (others.length > 0) this.onWarning?.(othersWarning(id, others))
    return this.sighting(entries, index)
  }

  /** The earliest created_at a log this run's resync started can have. */
  private floorMs(): number {
    const { newestCreatedAtMs = Number.NEGATIVE_INFINITY, resyncAtMs } = this.snapshot
    return Math.max(newestCreatedAtMs, resyncAtMs - CLOCK_SKEW_MS)
  }

  /** Why no new log is there, naming the logs not listed before but older than those that were. */
  private missing(older: LogListEntry[]): string {
    const [first] = older
    const id = first && entryId(first)
    if (id === undefined) return this.snapshot.missing
    const which =
      older.length === 1
        ? `import ${shortId(id)}, not listed before the resync, was`
        : `${older.length} imports not listed before the resync (${shortId(id)}, …) were`
    const before =
      this.floorMs() === this.snapshot.newestCreatedAtMs
        ? 'before the newest import that was listed'
        : `more than ${CLOCK_SKEW_MS / 60_000} minutes before the resync was sent`
    return (
      `${this.snapshot.missing} (${which} created ${before}, so the gate does not take it for ` +
      "this run's: check the created_at of the API reference's import logs in Document360)"
    )
  }

  /**
   * New logs listed above the chosen one after it was chosen: someone else's later import, or
   * this run's, whose log appeared after another run's. The gate cannot tell; it says so once.
   */
  private noteLater(chosen: string, above: LogListEntry[]): void {
    const ids = above.flatMap(entry => {
      const id = entryId(entry)
      if (id === undefined || this.known.has(logIdKey(id)) || this.named.has(logIdKey(id)))
        return []
      return [id]
    })
    if (ids.length === 0) return
    ids.forEach(id => this.named.add(logIdKey(id)))
    this.onWarning?.(
      `Import ${ids.map(shortId).join(', ')} of this API reference appeared after import ` +
        `${shortId(chosen)}, which the gate judges as the one this run's resync started (the ` +
        "first new one it saw). If it is this run's (its log appeared late), the verdict is " +
        "about another run's import: give the runs that resync one reference a concurrency " +
        'group so that they take turns.'
    )
  }

  /** Entry `index` of page 1, with the older entries after it as its history. */
  private sighting(entries: LogListEntry[], index: number): Sighting {
    const entry = entries[index] as LogListEntry
    if (!('log' in entry)) return entry
    // A log listed below it but created later (new logs listed oldest first): the newest
    // import would be passed over, and publishing would publish it unjudged. (An old log moved
    // up from a later page is passed over, as when choosing.)
    const createdAtMs = entry.log.createdAtMs ?? Number.POSITIVE_INFINITY
    const later = usableLogs(entries.slice(index + 1)).find(
      log => (log.createdAtMs ?? Number.NEGATIVE_INFINITY) > createdAtMs
    )
    if (later !== undefined) {
      const what = "which import this run's resync started"
      return { unusable: notNewestFirst({ above: entry.log, below: later }, what) }
    }
    const { pageSize } = this.snapshot
    const older = entries.slice(index + 1)
    return {
      log: entry.log,
      history: { older, page: 1, pageSize, full: entries.length >= pageSize }
    }
  }
}

function othersWarning(chosen: string, others: LogListEntry[]): string {
  const ids = others.map(entry => {
    const id = entryId(entry)
    return id === undefined ? 'one without an id' : shortId(id)
  })
  return (
    `Besides import ${shortId(chosen)}, ${others.length === 1 ? 'another import' : `${others.length} other imports`} ` +
    `of this API reference started around this run's resync (${ids.join(', ')}): the newest, ` +
    `${shortId(chosen)}, is judged as this run's. Give the runs that resync one reference a ` +
    'concurrency group so that they take turns.'
  )
}
