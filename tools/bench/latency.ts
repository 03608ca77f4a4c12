// Section 6: import completion → verdict while the action waits: when the next poll comes
// after completion, the gaps between polls, and poll → verdict, per poll interval.

import type { SimulatorOptions } from '../simulator.ts'
import { formatMs, formatTable } from './format.ts'
import { describeRun, progress, withSimulator } from './helpers.ts'
import { actionJob } from './jobs.ts'
import type { BenchOptions } from './options.ts'
import { runProcess } from './process.ts'
import { median, summarize } from './stats.ts'
import type { Summary } from './stats.ts'

/** Timer jitter the latency goal allows on top of one poll interval. */
export const POLL_JITTER_MS = 50
/** The share of an interval the gate's own jitter adds or takes (src/pace.ts: ±10 %). */
const POLL_JITTER_SHARE = 0.1

/** The most a poll may come after the one before it: the interval, its jitter, timers. */
export function pollBoundMs(pollIntervalMs: number): number {
  return Math.round(pollIntervalMs * (1 + POLL_JITTER_SHARE)) + POLL_JITTER_MS
}

/**
 * The in-progress scenario's step for one poll interval: the action polls at the first
 * request and every interval after it, so an import completing at 2 × step lands exactly on
 * a poll when 2 × step is a multiple of the interval (a race between the poll and the
 * completion). This moves completion to the middle of the interval nearest 2 × baseStepMs
 * (never before the first one), where the wait for the next poll is a representative half
 * interval.
 */
export function latencyStepMs(baseStepMs: number, pollIntervalMs: number): number {
  const half = pollIntervalMs / 2
  const intervals = Math.max(0, Math.round((2 * baseStepMs - half) / pollIntervalMs))
  return Math.round((intervals * pollIntervalMs + half) / 2)
}

/** Time from each poll to the next, in order (times in ms, in the order they came). */
export function pollGaps(times: readonly number[]): number[] {
  return times.slice(1).map((time, i) => time - (times[i] as number))
}

/**
 * The latency goal of one run: it passed, and the first poll after completion came within
 * one interval (+ jitter) of it. The longest gap between polls is that wait for the worst
 * phase of completion (just after a poll), so it must keep within the same bound.
 */
export function pollGoalMet(
  run: { result?: string | undefined; nextPollMs?: number; maxPollGapMs?: number },
  pollIntervalMs: number
): boolean {
  const bound = pollBoundMs(pollIntervalMs)
  return (
    run.result === 'passed' &&
    run.nextPollMs !== undefined &&
    run.nextPollMs <= bound &&
    (run.maxPollGapMs ?? 0) <= bound
  )
}

interface LatencyRun {
  result: string | undefined
  /** Verdict line seen on stdout, ms after the import completed. */
  verdictMs?: number
  /** Process exit, ms after the import completed. */
  exitMs: number
  /** The first poll (list request) after completion, ms after it: the wait for the next
   * poll, which the phase of completion against the poll schedule decides. */
  nextPollMs?: number
  /** That poll's arrival to the verdict line: what the action itself adds. */
  pollToVerdictMs?: number
  /** Longest time between two polls: the wait for the next poll of the worst phase of
   * completion (just after a poll). */
  maxPollGapMs?: number
  requests: number
}

export interface LatencyFigure {
  pollInterval: number
  /** The in-progress scenario's step for this interval (see latencyStepMs). */
  stepMs: number
  /** Completion, ms after the first request (the first poll): 2 × stepMs. */
  completesAtMs: number
  /** Completion, ms after the scheduled poll before it: about half an interval. */
  phaseMs: number
  runs: LatencyRun[]
  verdictMs: Summary
  exitMs: Summary
  nextPollMs: Summary
  pollToVerdictMs: Summary
  maxPollGapMs: Summary
  /** max poll gap + poll → verdict, the worst run's: the latency of the worst phase. */
  worstCaseMs: number
  requestsPerRun: number
  /** Goal bound: one poll interval + timer jitter. */
  goalMs: number
  /** Goal: in every run, the first poll after completion, and every gap between polls (the
   * same wait for any phase), within goalMs; and the run passed. No goal on the verdict. */
  goalMet: boolean
}

const known = (values: Array<number | undefined>) =>
  values.filter((value): value is number => value !== undefined)

export async function latency(options: BenchOptions): Promise<LatencyFigure[]> {
  const figures: LatencyFigure[] = []
  for (const pollInterval of options.pollIntervals) {
    const intervalMs = pollInterval * 1000
    const stepMs = latencyStepMs(options.stepMs, intervalMs)
    const completesAt = 2 * stepMs
    progress(
      `latency: poll-interval ${pollInterval}, completion at ${completesAt} ms, ` +
        `${options.latencyRuns} run(s) of ~${((completesAt + intervalMs) / 1000).toFixed(0)} s`
    )
    const runs: LatencyRun[] = []
    for (let i = 0; i < options.latencyRuns; i += 1) {
      const waitTimeout = Math.ceil(completesAt / 1000) + 4 * pollInterval + 30
      const inputs = { 'poll-interval': String(pollInterval), 'wait-timeout': String(waitTimeout) }
      const simOptions: SimulatorOptions = { scenario: 'in-progress', params: { stepMs } }
      const entry = await withSimulator(simOptions, async sim => {
        const run = await runProcess(actionJob(sim, inputs))
        const origin = sim.clockOrigin()
        if (origin === undefined)
          throw new Error(`latency: the action made no request: ${describeRun(run)}`)
        const completion = origin + completesAt
        const item: LatencyRun = {
          result: run.outputs?.result,
          exitMs: run.endedAt - completion,
          requests: sim.requests.length
        }
        if (run.verdictAt !== undefined) item.verdictMs = run.verdictAt - completion
        const polls = sim.requests.filter(request => request.kind === 'list')
        const poll = polls.find(request => request.time >= completion)
        if (poll !== undefined) {
          item.nextPollMs = poll.time - completion
          item.pollToVerdictMs = (run.verdictAt ?? run.endedAt) - poll.time
        }
        const gaps = pollGaps(polls.map(request => request.time))
        if (gaps.length > 0) item.maxPollGapMs = Math.max(...gaps)
        return item
      })
      runs.push(entry)
    }
    const worstCaseMs = Math.max(
      ...runs.map(run => (run.maxPollGapMs ?? Number.NaN) + (run.pollToVerdictMs ?? Number.NaN))
    )
    figures.push({
      pollInterval,
      stepMs,
      completesAtMs: completesAt,
      phaseMs: completesAt % intervalMs,
      runs,
      verdictMs: summarize(runs.map(run => run.verdictMs ?? run.exitMs)),
      exitMs: summarize(runs.map(run => run.exitMs)),
      nextPollMs: summarize(known(runs.map(run => run.nextPollMs))),
      pollToVerdictMs: summarize(known(runs.map(run => run.pollToVerdictMs))),
      maxPollGapMs: summarize(known(runs.map(run => run.maxPollGapMs))),
      worstCaseMs,
      requestsPerRun: median(runs.map(run => run.requests)),
      goalMs: pollBoundMs(intervalMs),
      goalMet: runs.every(run => pollGoalMet(run, intervalMs))
    })
  }
  return figures
}

export function latencyTable(figures: LatencyFigure[]): string {
  const row = (label: string, cell: (f: LatencyFigure) => string) => [label, ...figures.map(cell)]
  const table = formatTable([
    ['poll-interval', ...figures.map(f => `${f.pollInterval} s`)],
    row('import completes after the first poll', f => formatMs(f.completesAtMs)),
    row('  i.e. after the poll before it', f => formatMs(f.phaseMs)),
    row('next poll after completion (median)', f => formatMs(f.nextPollMs.median)),
    row('next poll after completion (max)', f => formatMs(f.nextPollMs.max)),
    row('longest gap between polls', f => formatMs(f.maxPollGapMs.max)),
    row('  of which drift past the interval', f =>
      formatMs(f.maxPollGapMs.max - f.pollInterval * 1000)
    ),
    row('results', f => [...new Set(f.runs.map(run => run.result ?? 'unset'))].join(',')),
    row(`goal: next poll ≤ interval + 10 % + ${POLL_JITTER_MS} ms`, f =>
      f.goalMet ? 'ok' : 'goal missed'
    ),
    row('poll → verdict (median)', f => formatMs(f.pollToVerdictMs.median)),
    row('verdict after completion (median)', f => formatMs(f.verdictMs.median)),
    row('verdict after completion (max)', f => formatMs(f.verdictMs.max)),
    row('exit after completion (median)', f => formatMs(f.exitMs.median)),
    row('worst phase: gap + poll → verdict', f => formatMs(f.worstCaseMs))
  ])
  return (
    `${table}\n(polls keep a fixed schedule from the first request, and each run's import ` +
    'completes\nmid-interval, so the figures are typical ones. Goal: the first poll after ' +
    `completion within\none interval (+ the gate's 10 % jitter + ${POLL_JITTER_MS} ms), for this phase and, by the longest ` +
    'gap between polls, for any. The\nverdict follows that poll by one request (poll → ' +
    'verdict): a figure, no goal. Worst phase: a\ncompletion just after a poll waits a whole ' +
    'gap, so its verdict comes just over one interval\nlater)'
  )
}
