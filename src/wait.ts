// Waits for the import to judge (the latest, the one named by log-id, the latest new enough
// for `since`, or the one this run's resync started: see find-import.ts), polling while it is
// still running or not there yet, until wait-timeout runs out.

import type { LogHistory } from './baseline/history.ts'
import type { ImportLog } from './document360/types.ts'
import {
  LatestFinder,
  LogIdFinder,
  NewLogFinder,
  type LogSnapshot,
  type LogsClient
} from './find-import.ts'
import type { PollPlan } from './pace.ts'
import { classifyStatus } from './status.ts'
import { capitalize, oneLine, quote, shortId } from './text.ts'

export interface WaitOptions {
  since: Date | null
  logId: string | null
  /** The logs listed before this run's resync: the import it started is the newest other one. */
  snapshot?: LogSnapshot | null
  waitTimeoutMs: number
  /** Epoch ms wait-timeout counts from (the resync before the wait counts too). Default: now. */
  startedAtMs?: number
  pollIntervalMs: number
  now: () => number
  sleep: (ms: number) => Promise<void>
  /** Plans each pause from the rate-limit budget (see pace.ts). Default: poll-interval. */
  pacer?: { next(): PollPlan } | undefined
  /** Told what the gate is waiting for, once per poll. */
  onProgress: (message: string) => void
  /** Logs per request when looking for the latest import (default 1): the older ones on the
   * page come back as the history (baseline `previous`, the trend) at no extra request. */
  pageSize?: number
  /** Told what the user should know about the log chosen (other new imports, say). */
  onWarning?: (message: string) => void
}

export type WaitOutcome =
  /** `history`: the logs after the judged one on the page it was found on. */
  | { kind: 'finished'; log: ImportLog; history: LogHistory }
  /** `log`: the import still running when time ran out, if there is one. */
  | { kind: 'timed-out'; reason: string; log?: ImportLog }
  /**
   * The log to judge is there but cannot be judged: its list entry is unusable, or `since`
   * cannot be applied to it. `log`: the log, when its entry could be read.
   */
  | { kind: 'unjudgeable'; reason: string; log?: ImportLog }

export async function waitForImport(
  client: LogsClient,
  options: WaitOptions
): Promise<WaitOutcome> {
  const started = options.startedAtMs ?? options.now()
  const deadline = started + options.waitTimeoutMs
  const finder = options.snapshot
    ? new NewLogFinder(client, options.snapshot, options.onWarning)
    : options.logId
      ? new LogIdFinder(client, options.logId)
      : new LatestFinder(client, options.pageSize ?? 1)
  if (options.snapshot && options.waitTimeoutMs > 0) {
    // The import was started a moment ago: the first look comes one poll later.
    const plan = options.pacer?.next() ?? { kind: 'period', ms: options.pollIntervalMs }
    const now = options.now()
    const pause = Math.max(0, Math.min(now + plan.ms, deadline) - now)
    options.onProgress(
      `Waiting: the import was just started; first check in ${Math.ceil(pause / 1000)}s` +
        `${plan.note ? ` (${plan.note})` : ''}.`
    )
    await options.sleep(pause)
  }
  for (;;) {
    const lookedAt = options.now()
    const sighting = await finder.look()
    if ('unusable' in sighting) return { kind: 'unjudgeable', reason: sighting.unusable }
    if ('log' in sighting) {
      const problem = sinceProblem(sighting.log, options.since, Boolean(options.logId))
      if (problem !== undefined) return { kind: 'unjudgeable', reason: problem, log: sighting.log }
    }
    const found =
      'log' in sighting && !isTooOld(sighting.log, options.since) ? sighting.log : undefined
    if (found && 'history' in sighting && classifyStatus(found.status) !== 'running') {
      return { kind: 'finished', log: found, history: sighting.history }
    }

    const now = options.now()
    const waiting = found
      ? `import ${shortId(found.id)} is ${oneLine(found.status, 40)}`
      : 'missing' in sighting
        ? sighting.missing
        : notNewEnough(sighting.log, options.since)
    if (now >= deadline) {
      const waited = Math.round((now - started) / 1000)
      const reason =
        options.waitTimeoutMs === 0
          ? `${capitalize(waiting)} and wait-timeout is 0.`
          : `${capitalize(waiting)} after waiting ${waited}s (wait-timeout ${options.waitTimeoutMs / 1000}s).`
      return found ? { kind: 'timed-out', reason, log: found } : { kind: 'timed-out', reason }
    }
    const plan = options.pacer?.next() ?? { kind: 'period', ms: options.pollIntervalMs }
    const pause = Math.max(0, Math.min(now + pauseAfter(plan, lookedAt, now), deadline) - now)
    options.onProgress(
      `Waiting: ${waiting}; ${Math.round((now - started) / 1000)}s of ` +
        `${options.waitTimeoutMs / 1000}s waited, next check in ${Math.ceil(pause / 1000)}s` +
        `${plan.note ? ` (${plan.note})` : ''}.`
    )
    await options.sleep(pause)
  }
}

/**
 * Polls keep a fixed schedule: the time a look took comes off the pause after it. A look that
 * took longer than the period (retries, a rate-limit wait) is followed by a whole period, not
 * by another look at once.
 */
function pauseAfter(plan: PollPlan, lookedAt: number, now: number): number {
  if (plan.kind === 'next-window') return plan.ms
  return now - lookedAt > plan.ms ? plan.ms : lookedAt + plan.ms - now
}

/** Older than `since` (a log without a readable date never gets here: see sinceProblem). */
function isTooOld(log: ImportLog, since: Date | null): boolean {
  return since !== null && (log.createdAtMs ?? Number.NEGATIVE_INFINITY) < since.getTime()
}

/** With `since`, a log must carry a readable date; a named log older than `since` never will. */
function sinceProblem(log: ImportLog, since: Date | null, named: boolean): string | undefined {
  if (since === null) return undefined
  if (log.createdAtMs === undefined) {
    const given = log.createdAt === undefined ? 'none' : quote(log.createdAt, 40)
    return (
      `Import log ${shortId(log.id)} has no readable created_at (got ${given}, expected ` +
      'ISO 8601), so "since" cannot tell whether it is new enough. Remove "since" (or use ' +
      'log-id) if this persists.'
    )
  }
  if (named && isTooOld(log, since)) {
    return (
      `Import log ${oneLine(log.id, 100)} (log-id) was created at ${oneLine(log.createdAt ?? '?', 40)}, ` +
      `before "since" (${since.toISOString()}): it is not the import this run started.`
    )
  }
  return undefined
}

function notNewEnough(log: ImportLog, since: Date | null): string {
  return (
    `no import new enough yet: the latest (${shortId(log.id)}, created ` +
    `${oneLine(log.createdAt ?? '?', 40)}) is older than "since" (${since?.toISOString()})`
  )
}
