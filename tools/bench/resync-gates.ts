// Section 9, on its own (`npm run bench -- --only resync-gates`, a few minutes): many gates,
// each resyncing its own API reference, waiting and judging, against one simulator under one
// shared rate limit (default 50 gates, 60 requests a minute), the imports finishing at random
// times (20 to 180 s after their resync, seeded). Figures: how many reached a verdict, the
// share of 429 answers, and the worst delay between an import finishing and its gate's
// verdict. Goal: every verdict, at most 5% 429s, worst delay at most two poll intervals plus
// the wait the limit forces: a gate that finds the window's budget spent waits for the next
// window (up to one window), and shared fairly each gate looks once per gates × window / limit;
// the larger of the two.

import { loadavg } from 'node:os'
import type { ScenarioLog, SimulatorOptions } from '../simulator.ts'
import { formatMs, formatTable, goalText } from './format.ts'
import { progress, withSimulator } from './helpers.ts'
import { actionJob } from './jobs.ts'
import type { BenchOptions } from './options.ts'
import { runProcess } from './process.ts'
import { median } from './stats.ts'

const IMPORT_MIN_MS = 20_000
const IMPORT_MAX_MS = 180_000
const MAX_SHARE_429 = 0.05
const WAIT_TIMEOUT_S = 900

export interface ResyncGatesFigure {
  gates: number
  rateLimit: { limit: number; windowMs: number }
  pollInterval: number
  importMs: { min: number; max: number }
  seed: number
  /** Gates whose log showed a verdict line. */
  verdicts: number
  results: Record<string, number>
  requests: number
  tooManyRequests: number
  share429: number
  /** Import finished → its gate's verdict line. */
  worstDelayMs: number
  medianDelayMs: number
  /** Shared fairly, each gate can look once per this (gates × window / limit). */
  fairShareMs: number
  /** The larger of one window and the fair share. */
  forcedWaitMs: number
  goalDelayMs: number
  wallMs: number
  loadBefore: number[]
  loadAfter: number[]
  goalMet: boolean
}

/** Seeded random numbers in [0, 1) (mulberry32): the same import times on every run. */
function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function referenceId(n: number): string {
  return `4e5f0000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
}

export async function resyncGates(options: BenchOptions): Promise<ResyncGatesFigure> {
  const { resyncGates: count, resyncRateLimit: rateLimit, resyncPollInterval: poll } = options
  const seed = options.seed
  const random = seeded(seed)
  const ids = Array.from({ length: count }, (_, i) => referenceId(i + 1))
  const runMs = new Map(
    ids.map(id => [id, IMPORT_MIN_MS + Math.round(random() * (IMPORT_MAX_MS - IMPORT_MIN_MS))])
  )
  const old: ScenarioLog = {
    id: '01d00000-0000-4000-8000-000000000001',
    status: 'Completed',
    errorCount: 0,
    warningCount: 0
  }
  const simOptions: SimulatorOptions = {
    apiReferenceId: ids[0],
    moreApiReferenceIds: ids.slice(1),
    rateLimit,
    workspaceId: 'ws-bench',
    scenario: {
      name: 'resync-gates',
      description: 'every API reference: a resync starts an import that runs a random time',
      logs: [old],
      resync: { appearAfterMs: 1000, inProgressAfterMs: 2000, runMs: id => runMs.get(id) ?? 0 }
    }
  }
  progress(
    `resync-gates: ${count} gates, each resyncing its own API reference, under one limit of ` +
      `${rateLimit.limit} per ${rateLimit.windowMs / 1000} s, poll-interval ${poll} (takes minutes)`
  )
  const loadBefore = loadavg().map(value => Number(value.toFixed(2)))
  return withSimulator(simOptions, async sim => {
    const jobs = ids.map(id => ({
      ...actionJob(sim, {
        'api-reference-id': id,
        'resync-url': `https://specs.example.com/${id}/openapi.yaml`,
        'poll-interval': String(poll),
        'wait-timeout': String(WAIT_TIMEOUT_S),
        'job-summary': 'false'
      }),
      timeoutMs: (WAIT_TIMEOUT_S + 60) * 1000
    }))
    const started = Date.now()
    const runs = await Promise.all(jobs.map(job => runProcess(job)))
    const wallMs = Math.max(...runs.map(run => run.endedAt)) - started
    const results: Record<string, number> = {}
    const delays: number[] = []
    runs.forEach((run, index) => {
      const result = run.outputs?.result ?? 'unset'
      results[result] = (results[result] ?? 0) + 1
      const started = sim.imports.find(i => i.apiReferenceId === ids[index])
      if (run.verdictAt !== undefined && started !== undefined) {
        delays.push(run.verdictAt - started.finishesAt)
      }
    })
    const tooManyRequests = sim.requests.filter(request => request.status === 429).length
    const fairShareMs = (count * rateLimit.windowMs) / rateLimit.limit
    const forcedWaitMs = Math.max(rateLimit.windowMs, fairShareMs)
    const figure: ResyncGatesFigure = {
      gates: count,
      rateLimit,
      pollInterval: poll,
      importMs: { min: IMPORT_MIN_MS, max: IMPORT_MAX_MS },
      seed,
      verdicts: runs.filter(run => run.verdictAt !== undefined).length,
      results,
      requests: sim.requests.length,
      tooManyRequests,
      share429: tooManyRequests / Math.max(1, sim.requests.length),
      worstDelayMs: delays.length > 0 ? Math.max(...delays) : Number.NaN,
      medianDelayMs: median(delays),
      fairShareMs,
      forcedWaitMs,
      goalDelayMs: 2 * poll * 1000 + forcedWaitMs,
      wallMs,
      loadBefore,
      loadAfter: loadavg().map(value => Number(value.toFixed(2))),
      goalMet: false
    }
    figure.goalMet =
      figure.verdicts === count &&
      (results.passed ?? 0) === count &&
      figure.share429 <= MAX_SHARE_429 &&
      figure.worstDelayMs <= figure.goalDelayMs
    return figure
  })
}

export function resyncGatesTable(g: ResyncGatesFigure): string {
  const percent = `${(100 * g.share429).toFixed(1)}%`
  return formatTable([
    ['figure', 'value'],
    ['gates (each resyncs its own reference)', String(g.gates)],
    ['shared rate limit', `${g.rateLimit.limit} per ${g.rateLimit.windowMs / 1000} s`],
    [
      'imports run (random, seeded)',
      `${g.importMs.min / 1000}-${g.importMs.max / 1000} s, seed ${g.seed}`
    ],
    ['poll-interval', `${g.pollInterval} s`],
    ['verdicts', `${g.verdicts} of ${g.gates}  ${goalText(g.verdicts === g.gates, 'all')}`],
    [
      'results',
      Object.entries(g.results)
        .map(([r, n]) => `${r} ${n}`)
        .join(', ')
    ],
    ['requests received', String(g.requests)],
    [
      'answers that were 429',
      `${g.tooManyRequests} (${percent})  ${goalText(g.share429 <= MAX_SHARE_429, '≤ 5%')}`
    ],
    ['fair share: one look per', formatMs(g.fairShareMs)],
    ['wait the limit forces (≥ one window)', formatMs(g.forcedWaitMs)],
    [
      'import finished → verdict, worst',
      `${formatMs(g.worstDelayMs)}  ${goalText(g.worstDelayMs <= g.goalDelayMs, `≤ ${formatMs(g.goalDelayMs)}`)}`
    ],
    ['import finished → verdict, median', formatMs(g.medianDelayMs)],
    ['wall time', formatMs(g.wallMs)],
    ['load average before / after', `${g.loadBefore.join(' ')} / ${g.loadAfter.join(' ')}`]
  ])
}
