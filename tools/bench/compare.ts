// Sections 1 and 2: the action against a bare node process doing the same requests (and, for
// the clean run, against empty node and the @actions/core floor), interleaved round by round.

import { bareFetchArgs, bareRequests } from './bare-floor.ts'
import { CORE_FLOOR_SOURCE } from './core-floor.ts'
import type { CoreFloorBuild } from './core-floor.ts'
import { formatKiB, formatMs, formatRatio, formatTable } from './format.ts'
import { counted, describeRun, expectResult, progress, withSimulator } from './helpers.ts'
import { actionJob, bareJob, coreFloorJob } from './jobs.ts'
import type { BenchOptions } from './options.ts'
import { failureReason, runProcess } from './process.ts'
import type { ProcessRun } from './process.ts'
import { median, ratio, roundOrder, summarize } from './stats.ts'
import type { Summary } from './stats.ts'

type Side = 'action' | 'against' | 'core' | 'bare' | 'empty'

const SIDE_LABELS: Record<Side, string> = {
  action: 'node dist/index.js',
  against: 'the --against build',
  core: '@actions/core floor (no request)',
  bare: 'bare node (fetch + json)',
  empty: 'empty node (-e 0)'
}

interface SideFigures extends Summary {
  samplesMs: number[]
  requestsPerRun: number
}

/** A bundle that only imports @actions/core and sets an output, timed beside the action. */
interface CoreFloor {
  source: string
  bundleBytes?: number | undefined
  buildMs?: number | undefined
  /** Why there is no figure: ncc failed, or a run of the bundle did. */
  error?: string | undefined
  timing?: SideFigures
  /** median(action) / median(core floor): what the action adds to @actions/core. */
  actionOverFloor?: number
  actionOverFloorOfMin?: number
  /** median(core floor) / median(bare): what @actions/core alone costs. */
  floorOverBare?: number
  floorOverBareOfMin?: number
}

/** Another build timed beside the measured one, such as one made with other ncc flags. */
interface Against {
  dist: string
  timing: SideFigures
  /** median(against) / median(bare). */
  ratio: number
  /** median(action) / median(against): below 1, the measured build is faster. */
  actionOverAgainst: number
}

export interface Comparison {
  scenario: string
  inputs: Record<string, string>
  expectedResult: string
  warmup: number
  runs: number
  action: SideFigures
  bare: SideFigures
  /** Node starting and stopping with nothing to do: what no action can go below. */
  empty?: SideFigures
  /** What any action on @actions/core takes before its first request (clean run only). */
  coreFloor?: CoreFloor
  /** Another build (--against), timed in the same rounds. */
  against?: Against
  /** median(action) / median(bare): the figure the goal is about. */
  ratio: number
  /** min(action) / min(bare): less sensitive to noise on a busy machine. */
  ratioOfMin: number
  /** The bare process's requests (paths and header names; the token left out). */
  bareRequests: Array<{ url: string; headers: string[] }>
  goal?: number
  goalMet?: boolean
}

export async function compare(
  scenario: string,
  inputs: Record<string, string>,
  expectedResult: string,
  options: BenchOptions,
  extra: {
    goal?: number
    empty?: boolean
    coreFloor?: CoreFloorBuild | undefined
    /** Another build's entry (and its folder, for the report), timed in the same rounds. */
    against?: { entry: string; dist: string } | undefined
  } = {}
): Promise<Comparison> {
  return withSimulator({ scenario }, async sim => {
    // A first run, not measured, tells which requests the bare process must make.
    const first = await counted(sim, actionJob(sim, inputs))
    expectResult(first.run, expectedResult, `${scenario} (calibration run)`)
    const requests = bareRequests(sim.url, sim.requests.slice(-first.requests))

    let floor: CoreFloor | undefined
    if (extra.coreFloor !== undefined) {
      const { bundle, bytes, buildMs, error } = extra.coreFloor
      floor = { source: CORE_FLOOR_SOURCE, bundleBytes: bytes, buildMs, error }
      // A first run of the bundle, too: it must work before it can be a floor.
      if (bundle !== undefined) {
        floor.error = coreFloorFailure(await runProcess(coreFloorJob(sim, bundle)))
      }
    }
    if (extra.against !== undefined) {
      const check = await runProcess(actionJob(sim, inputs, extra.against.entry))
      expectResult(check, expectedResult, `${scenario} (calibration run of --against)`)
    }
    const sides: Side[] = ['action']
    if (extra.against !== undefined) sides.push('against')
    if (floor !== undefined && floor.error === undefined) sides.push('core')
    sides.push('bare')
    if (extra.empty === true) sides.push('empty')
    const samples = { action: [], against: [], core: [], bare: [], empty: [] } as Record<
      Side,
      number[]
    >
    const counts = { action: [], against: [], core: [], bare: [], empty: [] } as Record<
      Side,
      number[]
    >
    const sideJob = (side: Side) => {
      switch (side) {
        case 'action':
          return actionJob(sim, inputs)
        case 'against':
          return actionJob(sim, inputs, extra.against?.entry)
        case 'core':
          return coreFloorJob(sim, extra.coreFloor?.bundle as string)
        case 'bare':
          return bareJob(sim, bareFetchArgs(requests))
        case 'empty':
          return bareJob(sim, ['-e', '0'])
      }
    }
    const rounds = options.warmup + options.runs
    progress(`${scenario}: ${rounds} rounds of ${sides.join(' + ')} (${options.warmup} warm-up)`)
    for (let round = 0; round < rounds; round += 1) {
      for (const side of roundOrder(round, sides)) {
        // A floor that failed once is dropped (its reason kept); the others go on.
        if (side === 'core' && floor?.error !== undefined) continue
        const job = sideJob(side)
        const { run, requests: count } = await counted(sim, job)
        if (side === 'action' || side === 'against') {
          expectResult(run, expectedResult, `${scenario} ${SIDE_LABELS[side]} run`)
        } else if (side === 'core') {
          const failure = coreFloorFailure(run)
          if (failure !== undefined && floor !== undefined) {
            floor.error = `round ${round + 1}: ${failure}`
            continue
          }
        } else if (run.code !== 0) {
          throw new Error(`${scenario}: ${SIDE_LABELS[side]} failed: ${describeRun(run)}`)
        }
        if (round < options.warmup) continue
        samples[side].push(run.ms)
        counts[side].push(count)
      }
    }
    const figures = (side: Side): SideFigures => ({
      ...summarize(samples[side]),
      samplesMs: samples[side],
      requestsPerRun: median(counts[side])
    })
    const result: Comparison = {
      scenario,
      inputs,
      expectedResult,
      warmup: options.warmup,
      runs: options.runs,
      action: figures('action'),
      bare: figures('bare'),
      ratio: Number.NaN,
      ratioOfMin: Number.NaN,
      bareRequests: requests.map(request => ({
        url: request.url.replace(sim.url, ''),
        headers: Object.keys(request.headers)
      }))
    }
    result.ratio = ratio(result.action.median, result.bare.median)
    result.ratioOfMin = ratio(result.action.min, result.bare.min)
    if (extra.empty === true) result.empty = figures('empty')
    if (extra.against !== undefined) {
      const timing = figures('against')
      result.against = {
        dist: extra.against.dist,
        timing,
        ratio: ratio(timing.median, result.bare.median),
        actionOverAgainst: ratio(result.action.median, timing.median)
      }
    }
    if (floor !== undefined) {
      if (floor.error === undefined) {
        const timing = figures('core')
        floor.timing = timing
        floor.actionOverFloor = ratio(result.action.median, timing.median)
        floor.actionOverFloorOfMin = ratio(result.action.min, timing.min)
        floor.floorOverBare = ratio(timing.median, result.bare.median)
        floor.floorOverBareOfMin = ratio(timing.min, result.bare.min)
      }
      result.coreFloor = floor
    }
    if (extra.goal !== undefined) {
      result.goal = extra.goal
      result.goalMet = result.ratio <= extra.goal
    }
    return result
  })
}

/** Why a run of the core floor's bundle does not count, or undefined when it does. */
function coreFloorFailure(run: ProcessRun): string | undefined {
  if (run.code === 0 && run.outputs?.x === 'y') return undefined
  const status = run.code === 0 ? 'exit 0 without the output x=y' : `exit ${run.code ?? run.signal}`
  return `the bundle failed: ${failureReason(run.stderr + run.stdout, status)}`
}

export function comparisonTable(c: Comparison): string {
  const row = (side: Side, f: SideFigures) => [
    SIDE_LABELS[side],
    formatMs(f.median),
    formatMs(f.min),
    formatMs(f.max),
    String(f.n),
    String(f.requestsPerRun)
  ]
  const floor = c.coreFloor
  const rows = [
    ['process', 'median', 'min', 'max', 'runs', 'requests/run'],
    row('action', c.action)
  ]
  if (c.against !== undefined) rows.push(row('against', c.against.timing))
  if (floor !== undefined) {
    rows.push(floor.timing === undefined ? [SIDE_LABELS.core, 'n/a'] : row('core', floor.timing))
  }
  rows.push(row('bare', c.bare))
  if (c.empty !== undefined) rows.push(row('empty', c.empty))
  rows.push(['action / bare, medians', formatRatio(c.ratio)])
  rows.push(['action / bare, minimums', formatRatio(c.ratioOfMin)])
  if (c.against !== undefined) {
    rows.push(['--against build / bare, medians', formatRatio(c.against.ratio)])
    rows.push(['action / --against build, medians', formatRatio(c.against.actionOverAgainst)])
  }
  if (floor !== undefined) {
    rows.push(['action / core floor, medians', formatRatio(floor.actionOverFloor ?? Number.NaN)])
    rows.push(['core floor / bare, medians', formatRatio(floor.floorOverBare ?? Number.NaN)])
  }
  const goal =
    c.goal === undefined
      ? 'goal: none for this run'
      : `goal: action ≤ ${formatRatio(c.goal)} bare node (ratio of medians): ` +
        (c.goalMet === true ? 'ok' : 'goal missed')
  return `${formatTable(rows)}\n${goal}${floor === undefined ? '' : `\n${coreFloorNote(floor)}`}`
}

function coreFloorNote(floor: CoreFloor): string {
  const code = floor.source.trim().replace(/\n/g, '; ')
  if (floor.error !== undefined) return `core floor: n/a: ${floor.error}`
  return (
    `(core floor: \`${code}\` bundled\nwith ncc like dist/ ` +
    `(${formatKiB(floor.bundleBytes ?? Number.NaN)}): no request at all, yet @actions/core ` +
    'first evaluates\n@actions/http-client and all of undici 6; no action on @actions/core ' +
    'starts faster)'
  )
}
