// One API reference in the simulator: its own copy of the scenario's logs, plus the imports
// its resyncs start (a new log that appears, runs, and ends as the scenario's `resync` says,
// or `Failed` when the spec URL cannot be fetched), and what publish does.

import type { ScenarioLog, ScenarioResync, StartedImport } from './types.ts'

/** Ids of the logs resyncs create, counted over the whole simulator. */
let createdCount = 0

function createdLogId(): string {
  createdCount += 1
  return `5e5c0000-0000-4000-8000-${createdCount.toString(16).padStart(12, '0')}`
}

export class ReferenceState {
  readonly id: string
  readonly logs: ScenarioLog[]
  /** Logs resyncs created: listed before scenario logs of the same second. */
  readonly created = new Set<ScenarioLog>()
  private readonly resyncConfig: ScenarioResync

  /** `logs`: copied, so that references and runs never share a log's state. */
  constructor(id: string, logs: readonly ScenarioLog[], resync: ScenarioResync = {}) {
    this.id = id
    this.logs = logs.map(log => ({ ...log }))
    this.resyncConfig = resync
  }

  /**
   * A resync of `url` arriving `elapsed` ms after the clock origin (epoch `now`): creates the
   * import's log (and first lets any `appearsAtResync` log appear).
   */
  resync(url: string, elapsed: number, now: number): StartedImport {
    for (const log of this.logs) {
      if (log.appearsAtResync === true && log.appearsAtMs === undefined) {
        log.appearsAtMs = elapsed
        log.createdAtMs = elapsed - 1000
      }
    }
    const config = this.resyncConfig
    const runMs =
      typeof config.runMs === 'function' ? config.runMs(this.id) : (config.runMs ?? 1500)
    const appearAfterMs = Math.min(config.appearAfterMs ?? 200, runMs)
    const inProgressAfterMs = Math.min(config.inProgressAfterMs ?? 500, runMs)
    const reachable = isReachable(url, config)
    const status = reachable ? (config.status ?? 'Completed') : 'Failed'
    const errorCount = reachable ? (config.errorCount ?? 0) : 1
    const warningCount = reachable ? (config.warningCount ?? 0) : 0
    const log: ScenarioLog = {
      id: createdLogId(),
      status: 'Pending',
      errorCount: 0,
      warningCount: 0,
      createdAtMs: elapsed,
      appearsAtMs: elapsed + appearAfterMs,
      changes: [
        { atMs: elapsed + inProgressAfterMs, status: 'InProgress' },
        { atMs: elapsed + runMs, status, errorCount, warningCount }
      ]
    }
    if (!reachable) {
      log.detail = {
        errors: [{ message: `Could not fetch the OpenAPI document from ${url}`, path: '' }]
      }
    } else if (config.detail !== undefined) {
      log.detail = config.detail
    }
    this.logs.push(log)
    this.created.add(log)
    return {
      apiReferenceId: this.id,
      logId: log.id,
      url,
      startedAt: now,
      finishesAt: now + runMs,
      status
    }
  }
}

function isReachable(url: string, config: ScenarioResync): boolean {
  let host: string
  try {
    host = new URL(url).hostname
  } catch {
    return false
  }
  return !host.endsWith('.invalid') && config.unreachable?.(url) !== true
}
