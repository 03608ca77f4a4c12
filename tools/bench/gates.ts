// Section 7: many gates started at once under one shared rate limit: how many pass, the
// requests and 429 answers, and how long they all take.

import type { SimulatorOptions } from '../simulator.ts'
import { formatMs, formatTable, goalText } from './format.ts'
import { progress, withSimulator } from './helpers.ts'
import { actionJob } from './jobs.ts'
import type { BenchOptions } from './options.ts'
import { runProcess } from './process.ts'
import { summarize } from './stats.ts'
import type { Summary } from './stats.ts'

export interface GatesFigure {
  gates: number
  rateLimit: { limit: number; windowMs: number }
  pollInterval: number
  stepMs: number
  passed: number
  results: Record<string, number>
  requests: number
  tooManyRequests: number
  wallMs: number
  /** Last verdict after the import completed. */
  lastVerdictAfterCompletionMs?: number
  gateMs: Summary
  goalMet: boolean
}

export async function gates(options: BenchOptions): Promise<GatesFigure> {
  const { gates: count, rateLimit, gatesPollInterval: pollInterval, stepMs } = options
  progress(
    `gates: ${count} at once, ${rateLimit.limit} requests per ${rateLimit.windowMs / 1000} s, ` +
      `poll-interval ${pollInterval}`
  )
  const simOptions: SimulatorOptions = { scenario: 'in-progress', params: { stepMs }, rateLimit }
  return withSimulator(simOptions, async sim => {
    const inputs = { 'poll-interval': String(pollInterval), 'wait-timeout': '120' }
    const jobs = Array.from({ length: count }, () => actionJob(sim, inputs))
    const started = Date.now()
    const runs = await Promise.all(jobs.map(job => runProcess(job)))
    const wallMs = Math.max(...runs.map(run => run.endedAt)) - started
    const results: Record<string, number> = {}
    for (const run of runs) {
      const result = run.outputs?.result ?? 'unset'
      results[result] = (results[result] ?? 0) + 1
    }
    const origin = sim.clockOrigin()
    const verdicts = runs.map(run => run.verdictAt ?? run.endedAt)
    const figure: GatesFigure = {
      gates: count,
      rateLimit,
      pollInterval,
      stepMs,
      passed: results.passed ?? 0,
      results,
      requests: sim.requests.length,
      tooManyRequests: sim.requests.filter(request => request.status === 429).length,
      wallMs,
      gateMs: summarize(runs.map(run => run.ms)),
      goalMet: (results.passed ?? 0) === count
    }
    if (origin !== undefined) {
      figure.lastVerdictAfterCompletionMs = Math.max(...verdicts) - (origin + 2 * stepMs)
    }
    return figure
  })
}

export function gatesTable(g: GatesFigure): string {
  const limit = `${g.rateLimit.limit} per ${g.rateLimit.windowMs / 1000} s`
  return formatTable([
    ['figure', 'value'],
    ['gates started at once', String(g.gates)],
    ['shared rate limit', limit],
    ['import completes after', formatMs(2 * g.stepMs)],
    ['poll-interval', `${g.pollInterval} s`],
    ['passed', `${g.passed} of ${g.gates}  ${goalText(g.goalMet, 'all')}`],
    [
      'results',
      Object.entries(g.results)
        .map(([r, n]) => `${r} ${n}`)
        .join(', ')
    ],
    ['requests received', String(g.requests)],
    ['429 answers sent', String(g.tooManyRequests)],
    ['wall time', formatMs(g.wallMs)],
    ['one gate (median / max)', `${formatMs(g.gateMs.median)} / ${formatMs(g.gateMs.max)}`],
    ['last verdict after completion', formatMs(g.lastVerdictAfterCompletionMs)]
  ])
}
