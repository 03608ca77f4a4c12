// `npm run bench`: whole-process figures of the built action (dist/index.js) against the
// Document360 simulator, each a median of repeated runs after a warm-up. Prints one aligned
// table per measurement, then one JSON object with every figure (`--json PATH` also writes
// it to a file). `--help` lists the options; the pure parts live in scripts/bench-lib.ts.
//
// Both sides of a comparison are spawned alike (`process.execPath`, piped stdout/stderr, the
// same environment) and interleaved round by round, so machine noise hits both alike.

import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import {
  DEFAULT_GITHUB_ENV,
  REPO_ROOT,
  actionDefaults,
  inputVariable,
  parseOutputFile
} from '../test/support/run-action.ts'
import { startSimulator } from '../test/support/simulator.ts'
import type { Simulator, SimulatorOptions } from '../test/support/simulator.ts'
import {
  BARE_SCRIPT,
  CORE_FLOOR_SOURCE,
  POLL_JITTER_MS,
  USAGE,
  bareRequests,
  coreFloorNccArgs,
  failureReason,
  formatKiB,
  formatMiB,
  formatMs,
  formatRatio,
  formatTable,
  goalText,
  latencyStepMs,
  median,
  parseArgs,
  pollGaps,
  pollGoalMet,
  ratio,
  roundFigures,
  roundOrder,
  sectionTitle,
  summarize,
  verdictOf
} from './bench-lib.ts'
import type { BareRequest, BenchOptions, Summary } from './bench-lib.ts'

const FINDINGS_INPUTS = { 'spec-file': 'examples/openapi.yaml' }
/** No single child may run longer than this, whatever happens. */
const CHILD_TIMEOUT_MS = 180_000

// ---------------------------------------------------------------------------------------
// Processes

interface ProcessRun {
  code: number | null
  signal: NodeJS.Signals | null
  /** Spawn to close of the child's streams, performance.now() clock. */
  ms: number
  /** Epoch ms (the simulator's clock). */
  startedAt: number
  endedAt: number
  stdout: string
  stderr: string
  /** Epoch ms when stdout showed the verdict line, and the result it named. */
  verdictAt?: number
  verdict?: string
  /** Peak resident set size in KiB, when measured. */
  maxRssKiB?: number
  /** Action runs: the GITHUB_OUTPUT values. */
  outputs?: Record<string, string>
}

interface Spawnable {
  command: string
  args: string[]
  env: Record<string, string>
  /** GITHUB_OUTPUT file to read after the run (action runs). */
  outputFile?: string
  /** File the memory probe writes the peak RSS (KiB) into. */
  rssFile?: string
}

function runProcess(job: Spawnable): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now()
    const started = performance.now()
    const child = spawn(job.command, job.args, {
      cwd: REPO_ROOT,
      env: job.env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const run: ProcessRun = {
      code: null,
      signal: null,
      ms: 0,
      startedAt,
      endedAt: 0,
      stdout: '',
      stderr: ''
    }
    let pending = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      run.stdout += chunk
      pending += chunk
      let newline = pending.indexOf('\n')
      while (newline >= 0) {
        const result = verdictOf(pending.slice(0, newline).replace(/\r$/, ''))
        if (result !== undefined && run.verdictAt === undefined) {
          run.verdictAt = Date.now()
          run.verdict = result
        }
        pending = pending.slice(newline + 1)
        newline = pending.indexOf('\n')
      }
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      run.stderr += chunk
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS)
    child.once('error', error => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('close', (code, signal) => {
      run.ms = performance.now() - started
      run.endedAt = Date.now()
      clearTimeout(timer)
      run.code = code
      run.signal = signal
      if (job.outputFile !== undefined) {
        run.outputs = parseOutputFile(readFileSync(job.outputFile, 'utf8'))
      }
      if (job.rssFile !== undefined && existsSync(job.rssFile)) {
        const kib = Number(readFileSync(job.rssFile, 'utf8').trim().split('\n').pop())
        if (Number.isFinite(kib) && kib > 0) run.maxRssKiB = kib
      }
      resolve(run)
    })
  })
}

let scratch = ''
let runCount = 0
/** The copy of dist/ the runs use: a rebuild during the benchmark cannot change it. */
let snapshotDir = ''
let snapshotEntry = ''

/** Copies the build; returns when its index.js was last modified. */
function snapshotDist(dist: string): Date {
  const entry = join(dist, 'index.js')
  if (!existsSync(entry)) {
    throw new Error(`${entry} does not exist: run \`npm run build\` first`)
  }
  const modified = statSync(entry).mtime
  snapshotDir = join(scratch, 'dist')
  cpSync(dist, snapshotDir, { recursive: true })
  snapshotEntry = join(snapshotDir, 'index.js')
  if (!existsSync(snapshotEntry)) throw new Error(`${dist} changed while it was being copied`)
  return modified
}

/** A fresh folder with the runner's files (GITHUB_OUTPUT, ...) for one run. */
function runnerFiles(): { env: Record<string, string>; outputFile: string; home: string } {
  const dir = join(scratch, `run-${(runCount += 1)}`)
  const commands = join(dir, 'file-commands')
  mkdirSync(join(dir, 'runner-temp'), { recursive: true })
  mkdirSync(commands)
  const files = {
    GITHUB_OUTPUT: join(commands, 'set_output'),
    GITHUB_STEP_SUMMARY: join(commands, 'step_summary'),
    GITHUB_ENV: join(commands, 'set_env'),
    GITHUB_PATH: join(commands, 'add_path'),
    GITHUB_STATE: join(commands, 'save_state')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const env = { ...files, RUNNER_TEMP: join(dir, 'runner-temp') }
  return { env, outputFile: files.GITHUB_OUTPUT, home: dir }
}

/** The environment a GitHub runner gives the action (as test/support/run-action.ts does). */
function actionEnvironment(
  sim: Simulator,
  inputs: Record<string, string>
): { env: Record<string, string>; outputFile: string } {
  const files = runnerFiles()
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: files.home,
    ...DEFAULT_GITHUB_ENV,
    ...files.env,
    GITHUB_WORKSPACE: REPO_ROOT
  }
  const all = {
    ...actionDefaults(),
    token: sim.token,
    'project-id': sim.projectId,
    'api-reference-id': sim.apiReferenceId,
    'api-url': sim.url,
    ...inputs
  }
  for (const [name, value] of Object.entries(all)) env[inputVariable(name)] = value
  return { env, outputFile: files.outputFile }
}

function actionJob(sim: Simulator, inputs: Record<string, string>): Spawnable {
  const { env, outputFile } = actionEnvironment(sim, inputs)
  return { command: process.execPath, args: [snapshotEntry], env, outputFile }
}

/** Same spawn, same environment as the action; only the arguments differ. */
function bareJob(sim: Simulator, args: string[]): Spawnable {
  const { env } = actionEnvironment(sim, {})
  return { command: process.execPath, args, env }
}

function bareFetchArgs(requests: BareRequest[]): string[] {
  return ['-e', BARE_SCRIPT, JSON.stringify(requests)]
}

/** The @actions/core floor's bundle, run like the action (its GITHUB_OUTPUT read back). */
function coreFloorJob(sim: Simulator, bundle: string): Spawnable {
  const { env, outputFile } = actionEnvironment(sim, {})
  return { command: process.execPath, args: [bundle], env, outputFile }
}

// ---------------------------------------------------------------------------------------
// The @actions/core floor: CORE_FLOOR_SOURCE bundled as `npm run build` bundles the action

const NCC = join(REPO_ROOT, 'node_modules', '.bin', 'ncc')

export interface CoreFloorBuild {
  /** The bundle (dir/core-floor/index.mjs) when ncc made one. */
  bundle?: string
  bytes?: number
  buildMs?: number
  /** Why there is no bundle. */
  error?: string
}

/**
 * Writes CORE_FLOOR_SOURCE to dir/core-floor.mjs and bundles it with the project's ncc (run
 * by this Node, whatever node PATH holds) into dir/core-floor/. Never throws: a failure is a
 * reason for an `n/a`, not for stopping the benchmark.
 */
export async function buildCoreFloor(dir: string, ncc: string = NCC): Promise<CoreFloorBuild> {
  const entry = join(dir, 'core-floor.mjs')
  const outDir = join(dir, 'core-floor')
  const modules = join(dir, 'node_modules')
  let linked = false
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(entry, CORE_FLOOR_SOURCE)
    // ncc resolves @actions/core from the entry's folder up: let it find the project's.
    symlinkSync(join(REPO_ROOT, 'node_modules'), modules, 'dir')
    linked = true
    const run = await runProcess({
      command: process.execPath,
      args: [ncc, ...coreFloorNccArgs(entry, outDir)],
      env: { ...process.env } as Record<string, string>
    })
    const bundle = join(outDir, 'index.mjs')
    if (run.code !== 0 || !existsSync(bundle)) {
      const status = `exit ${run.code ?? run.signal}`
      return { error: `ncc failed: ${failureReason(run.stderr + run.stdout, status)}` }
    }
    return { bundle, bytes: statSync(bundle).size, buildMs: run.ms }
  } catch (error) {
    return { error: `ncc failed: ${(error as Error).message}` }
  } finally {
    // The bundle must stand alone as dist/ does, and no clean-up may reach through the link.
    if (linked) rmSync(modules)
  }
}

// ---------------------------------------------------------------------------------------
// Peak memory: GNU time where it exists, else a preloaded module that writes Node's own
// figure (process.resourceUsage().maxRSS, KiB on Linux) when the process exits.

type MemoryProbe = 'gnu-time' | 'node-preload' | 'none'

const GNU_TIME = '/usr/bin/time'
const PRELOAD =
  'data:text/javascript,process.on("exit",()=>process.getBuiltinModule("node:fs")' +
  '.writeFileSync(process.env.BENCH_RSS_FILE,String(process.resourceUsage().maxRSS)))'

async function chooseMemoryProbe(): Promise<MemoryProbe> {
  const candidates: MemoryProbe[] = existsSync(GNU_TIME)
    ? ['gnu-time', 'node-preload']
    : ['node-preload']
  for (const probe of candidates) {
    const rssFile = join(scratch, `probe-${probe}`)
    const job = withMemoryProbe(
      { command: process.execPath, args: ['-e', '0'], env: { PATH: process.env.PATH ?? '' } },
      probe,
      rssFile
    )
    try {
      const run = await runProcess(job)
      if (run.code === 0 && run.maxRssKiB !== undefined) return probe
    } catch {
      // Not usable here: try the next one.
    }
  }
  return 'none'
}

function withMemoryProbe(job: Spawnable, probe: MemoryProbe, rssFile: string): Spawnable {
  if (probe === 'gnu-time') {
    return {
      ...job,
      command: GNU_TIME,
      args: ['-f', '%M', '-o', rssFile, job.command, ...job.args],
      rssFile
    }
  }
  if (probe === 'node-preload') {
    return {
      ...job,
      args: ['--import', PRELOAD, ...job.args],
      env: { ...job.env, BENCH_RSS_FILE: rssFile },
      rssFile
    }
  }
  return job
}

// ---------------------------------------------------------------------------------------
// Helpers

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`)
}

function describeRun(run: ProcessRun): string {
  const tail = (run.stdout + run.stderr).trim().split('\n').slice(-5).join('\n    ')
  return `exit ${run.code ?? run.signal}, result ${run.outputs?.result ?? 'unset'}\n    ${tail}`
}

/** A run whose result is not the scenario's: its timing would mean nothing. */
function expectResult(run: ProcessRun, expected: string, what: string): void {
  if (run.outputs?.result !== expected) {
    throw new Error(`${what}: expected result '${expected}', got ${describeRun(run)}`)
  }
}

async function withSimulator<T>(
  options: SimulatorOptions,
  use: (sim: Simulator) => Promise<T>
): Promise<T> {
  const sim = await startSimulator(options)
  try {
    return await use(sim)
  } finally {
    await sim.close()
  }
}

/** Runs a job and counts the requests the simulator received meanwhile. */
async function counted(sim: Simulator, job: Spawnable) {
  const before = sim.requests.length
  const run = await runProcess(job)
  return { run, requests: sim.requests.length - before }
}

// ---------------------------------------------------------------------------------------
// 1, 2: the action against a bare node process doing the same requests

type Side = 'action' | 'core' | 'bare' | 'empty'

const SIDE_LABELS: Record<Side, string> = {
  action: 'node dist/index.js',
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
  bundleBytes?: number
  buildMs?: number
  /** Why there is no figure: ncc failed, or a run of the bundle did. */
  error?: string
  timing?: SideFigures
  /** median(action) / median(core floor): what the action adds to @actions/core. */
  actionOverFloor?: number
  actionOverFloorOfMin?: number
  /** median(core floor) / median(bare): what @actions/core alone costs. */
  floorOverBare?: number
  floorOverBareOfMin?: number
}

interface Comparison {
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
  /** median(action) / median(bare): the figure the goal is about. */
  ratio: number
  /** min(action) / min(bare): less sensitive to noise on a busy machine. */
  ratioOfMin: number
  /** The bare process's requests (paths and header names; the token left out). */
  bareRequests: Array<{ url: string; headers: string[] }>
  goal?: number
  goalMet?: boolean
}

async function compare(
  scenario: string,
  inputs: Record<string, string>,
  expectedResult: string,
  options: BenchOptions,
  extra: { goal?: number; empty?: boolean; coreFloor?: CoreFloorBuild } = {}
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
    const sides: Side[] = ['action']
    if (floor !== undefined && floor.error === undefined) sides.push('core')
    sides.push('bare')
    if (extra.empty === true) sides.push('empty')
    const samples = { action: [], core: [], bare: [], empty: [] } as Record<Side, number[]>
    const counts = { action: [], core: [], bare: [], empty: [] } as Record<Side, number[]>
    const rounds = options.warmup + options.runs
    progress(`${scenario}: ${rounds} rounds of ${sides.join(' + ')} (${options.warmup} warm-up)`)
    for (let round = 0; round < rounds; round += 1) {
      for (const side of roundOrder(round, sides)) {
        // A floor that failed once is dropped (its reason kept); the others go on.
        if (side === 'core' && floor?.error !== undefined) continue
        const job =
          side === 'action'
            ? actionJob(sim, inputs)
            : side === 'core'
              ? coreFloorJob(sim, extra.coreFloor?.bundle as string)
              : bareJob(sim, side === 'bare' ? bareFetchArgs(requests) : ['-e', '0'])
        const { run, requests: count } = await counted(sim, job)
        if (side === 'action') expectResult(run, expectedResult, `${scenario} action run`)
        else if (side === 'core') {
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

function comparisonTable(c: Comparison): string {
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
  if (floor !== undefined) {
    rows.push(floor.timing === undefined ? [SIDE_LABELS.core, 'n/a'] : row('core', floor.timing))
  }
  rows.push(row('bare', c.bare))
  if (c.empty !== undefined) rows.push(row('empty', c.empty))
  rows.push(['action / bare, medians', formatRatio(c.ratio)])
  rows.push(['action / bare, minimums', formatRatio(c.ratioOfMin)])
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
    `(core floor: \`${code}\` bundled\nwith ncc -m like dist/ ` +
    `(${formatKiB(floor.bundleBytes ?? Number.NaN)}): no request at all, yet @actions/core ` +
    'first evaluates\n@actions/http-client and all of undici 6; no action on @actions/core ' +
    'starts faster)'
  )
}

// ---------------------------------------------------------------------------------------
// 3: bundle size

interface BundleFile {
  file: string
  bytes: number
  kib: number
  role: 'entry' | 'chunk' | 'other'
}

function bundle(): { files: BundleFile[]; totalKiB: number; jsKiB: number } {
  const files = readdirSync(snapshotDir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => {
      const path = join(entry.parentPath, entry.name)
      const file = relative(snapshotDir, path)
      const bytes = statSync(path).size
      const role: BundleFile['role'] =
        file === 'index.js' ? 'entry' : /\.(c|m)?js$/.test(file) ? 'chunk' : 'other'
      return { file, bytes, kib: bytes / 1024, role }
    })
    .sort((a, b) => (a.role === 'entry' ? -1 : b.role === 'entry' ? 1 : b.bytes - a.bytes))
  const sum = (list: BundleFile[]) => list.reduce((total, f) => total + f.bytes, 0) / 1024
  return { files, totalKiB: sum(files), jsKiB: sum(files.filter(f => f.role !== 'other')) }
}

function bundleTable(b: ReturnType<typeof bundle>): string {
  return formatTable([
    ['file', 'size', 'role'],
    ...b.files.map(f => [`dist/${f.file}`, formatKiB(f.bytes), f.role]),
    ['all JavaScript', formatKiB(b.jsKiB * 1024), ''],
    ['all of dist/', formatKiB(b.totalKiB * 1024), '']
  ])
}

// ---------------------------------------------------------------------------------------
// 4: peak memory

interface MemoryFigure {
  scenario: string
  process: 'action' | 'bare'
  runs: number
  medianKiB?: number
  maxKiB?: number
  samplesKiB: number[]
  durationMs: Summary
  requestsPerRun: number
}

const MEMORY_CASES: Array<{ scenario: string; inputs: Record<string, string>; result: string }> = [
  { scenario: 'clean', inputs: {}, result: 'passed' },
  { scenario: 'findings', inputs: FINDINGS_INPUTS, result: 'failed' },
  { scenario: 'many-findings', inputs: {}, result: 'failed' }
]

async function memory(options: BenchOptions, probe: MemoryProbe): Promise<MemoryFigure[]> {
  const figures: MemoryFigure[] = []
  const cases = [
    ...MEMORY_CASES.map(c => ({ ...c, process: 'action' as const })),
    { scenario: 'clean', inputs: {}, result: 'passed', process: 'bare' as const }
  ]
  for (const item of cases) {
    progress(`memory: ${item.scenario} (${item.process}), ${options.memoryRuns} run(s)`)
    const figure = await withSimulator({ scenario: item.scenario }, async sim => {
      let requests: BareRequest[] = []
      if (item.process === 'bare') {
        const first = await counted(sim, actionJob(sim, item.inputs))
        requests = bareRequests(sim.url, sim.requests.slice(-first.requests))
      }
      const samples: number[] = []
      const durations: number[] = []
      const counts: number[] = []
      for (let i = 0; i < options.memoryRuns; i += 1) {
        const plain =
          item.process === 'action'
            ? actionJob(sim, item.inputs)
            : bareJob(sim, bareFetchArgs(requests))
        const job = withMemoryProbe(plain, probe, join(scratch, `rss-${(runCount += 1)}`))
        const { run, requests: count } = await counted(sim, job)
        if (item.process === 'action') expectResult(run, item.result, `memory ${item.scenario}`)
        else if (run.code !== 0) throw new Error(`memory: bare node failed: ${describeRun(run)}`)
        if (run.maxRssKiB !== undefined) samples.push(run.maxRssKiB)
        durations.push(run.ms)
        counts.push(count)
      }
      const figure: MemoryFigure = {
        scenario: item.scenario,
        process: item.process,
        runs: options.memoryRuns,
        samplesKiB: samples,
        durationMs: summarize(durations),
        requestsPerRun: median(counts)
      }
      if (samples.length > 0) {
        figure.medianKiB = median(samples)
        figure.maxKiB = Math.max(...samples)
      }
      return figure
    })
    figures.push(figure)
  }
  return figures
}

function memoryTable(figures: MemoryFigure[], probe: MemoryProbe): string {
  const table = formatTable([
    ['run', 'peak RSS (median)', 'peak RSS (max)', 'runs', 'duration (median)'],
    ...figures.map(f => [
      f.process === 'action' ? `action, ${f.scenario}` : `bare node, ${f.scenario}`,
      formatMiB(f.medianKiB),
      formatMiB(f.maxKiB),
      String(f.runs),
      formatMs(f.durationMs.median)
    ])
  ])
  const how = {
    'gnu-time': `measured with ${GNU_TIME} -f %M (max RSS of the process)`,
    'node-preload': 'measured by a preloaded module: process.resourceUsage().maxRSS at exit',
    none: 'not measured: neither /usr/bin/time nor the preload probe works here'
  }[probe]
  return `${table}\n(${how}; durations here include the probe)`
}

// ---------------------------------------------------------------------------------------
// 6: completion → verdict while waiting

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

interface LatencyFigure {
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

async function latency(options: BenchOptions): Promise<LatencyFigure[]> {
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
      goalMs: intervalMs + POLL_JITTER_MS,
      goalMet: runs.every(run => pollGoalMet(run, intervalMs))
    })
  }
  return figures
}

function latencyTable(figures: LatencyFigure[]): string {
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
    row(`goal: next poll ≤ interval + ${POLL_JITTER_MS} ms`, f =>
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
    `completion within\none interval + ${POLL_JITTER_MS} ms, for this phase and, by the longest ` +
    'gap between polls, for any. The\nverdict follows that poll by one request (poll → ' +
    'verdict): a figure, no goal. Worst phase: a\ncompletion just after a poll waits a whole ' +
    'gap, so its verdict comes just over one interval\nlater)'
  )
}

// ---------------------------------------------------------------------------------------
// 7: many gates at once under one shared rate limit

interface GatesFigure {
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

async function gates(options: BenchOptions): Promise<GatesFigure> {
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

function gatesTable(g: GatesFigure): string {
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

// ---------------------------------------------------------------------------------------
// 5: requests per run (gathered by the other sections)

function requestsTable(report: Report): string {
  const rows: string[][] = [['run', 'requests', 'of which 429']]
  for (const c of [report.clean, report.findings]) {
    if (c !== undefined)
      rows.push([`${c.scenario} (per run)`, String(c.action.requestsPerRun), '0'])
  }
  for (const m of report.memory ?? []) {
    if (m.process === 'action' && m.scenario === 'many-findings') {
      rows.push([`${m.scenario} (per run)`, String(m.requestsPerRun), '0'])
    }
  }
  for (const l of report.latency ?? []) {
    rows.push([
      `in-progress, poll-interval ${l.pollInterval} s (per run)`,
      String(l.requestsPerRun),
      '0'
    ])
  }
  if (report.gates !== undefined) {
    const g = report.gates
    rows.push([
      `${g.gates} gates under one rate limit (total)`,
      String(g.requests),
      String(g.tooManyRequests)
    ])
    rows.push([
      `${g.gates} gates under one rate limit (per gate)`,
      (g.requests / g.gates).toFixed(1),
      (g.tooManyRequests / g.gates).toFixed(1)
    ])
  }
  return rows.length === 1 ? '(no section that makes requests was run)' : formatTable(rows)
}

// ---------------------------------------------------------------------------------------
// The report

interface Report {
  meta: {
    date: string
    node: string
    platform: string
    cpus: number
    cpuModel: string
    loadAverage: number[]
    memoryProbe: MemoryProbe
    /** The build measured, relative to the repository. */
    dist: string
    /** Modification time of its index.js when it was copied. */
    distModified: string
    options: Omit<BenchOptions, 'help'>
    durationMs?: number
  }
  clean?: Comparison
  findings?: Comparison
  bundle?: ReturnType<typeof bundle>
  memory?: MemoryFigure[]
  requests?: Record<string, number>
  latency?: LatencyFigure[]
  gates?: GatesFigure
}

function requestFigures(report: Report): Record<string, number> {
  const figures: Record<string, number> = {}
  if (report.clean !== undefined) figures.clean = report.clean.action.requestsPerRun
  if (report.findings !== undefined) figures.findings = report.findings.action.requestsPerRun
  for (const m of report.memory ?? []) {
    if (m.process === 'action') figures[m.scenario] ??= m.requestsPerRun
  }
  for (const l of report.latency ?? []) {
    figures[`in-progress-poll-${l.pollInterval}`] = l.requestsPerRun
  }
  if (report.gates !== undefined) {
    figures.gatesTotal = report.gates.requests
    figures.gates429 = report.gates.tooManyRequests
  }
  return figures
}

function withoutHelp({ help: _help, ...options }: BenchOptions): Omit<BenchOptions, 'help'> {
  return options
}

function print(text: string): void {
  process.stdout.write(`${text}\n`)
}

async function bench(options: BenchOptions): Promise<Report> {
  const began = performance.now()
  const dist = resolve(options.dist ?? join(REPO_ROOT, 'dist'))
  const distModified = snapshotDist(dist)
  const want = new Set(options.only)
  const probe = want.has('memory') ? await chooseMemoryProbe() : 'none'
  let coreFloor: CoreFloorBuild | undefined
  if (want.has('clean')) {
    progress('clean: bundling the @actions/core floor with ncc -m')
    coreFloor = await buildCoreFloor(scratch)
    if (coreFloor.error !== undefined) progress(`core floor: n/a: ${coreFloor.error}`)
  }
  const report: Report = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: availableParallelism(),
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      loadAverage: loadavg().map(value => Number(value.toFixed(2))),
      memoryProbe: probe,
      dist: relative(REPO_ROOT, dist) || '.',
      distModified: distModified.toISOString(),
      options: withoutHelp(options)
    }
  }
  const { meta } = report
  print(
    `Document360 Import Gate benchmark: node ${join(meta.dist, 'index.js')} ` +
      `(modified ${meta.distModified}, run from a copy)`
  )
  print(
    `${meta.date}  Node ${meta.node}  ${meta.platform}  ${meta.cpus} CPUs (${meta.cpuModel})  ` +
      `load ${meta.loadAverage.join(' ')}`
  )
  print(
    `${options.warmup} warm-up + ${options.runs} measured runs${options.quick ? ' (--quick)' : ''}`
  )

  if (want.has('clean')) {
    report.clean = await compare('clean', {}, 'passed', options, {
      goal: options.maxRatio,
      empty: true,
      coreFloor
    })
    print(sectionTitle('1. Clean run: action vs. bare node doing the same request'))
    print(comparisonTable(report.clean))
  }
  if (want.has('findings')) {
    report.findings = await compare('findings', FINDINGS_INPUTS, 'failed', options)
    print(sectionTitle('2. Run with findings (spec-file examples/openapi.yaml): list + detail'))
    print(comparisonTable(report.findings))
  }
  if (want.has('bundle')) {
    report.bundle = bundle()
    print(sectionTitle('3. Bundle size'))
    print(bundleTable(report.bundle))
  }
  if (want.has('memory')) {
    report.memory = await memory(options, probe)
    print(sectionTitle('4. Peak memory'))
    print(memoryTable(report.memory, probe))
  }
  if (want.has('latency')) {
    report.latency = await latency(options)
  }
  if (want.has('gates')) {
    report.gates = await gates(options)
  }
  if (want.has('requests')) {
    report.requests = requestFigures(report)
    print(sectionTitle('5. Requests per run'))
    print(requestsTable(report))
  }
  if (report.latency !== undefined) {
    print(sectionTitle('6. Import completion → verdict while waiting (completion mid-interval)'))
    print(latencyTable(report.latency))
  }
  if (report.gates !== undefined) {
    print(sectionTitle(`7. ${report.gates.gates} gates at once under one shared rate limit`))
    print(gatesTable(report.gates))
  }
  meta.durationMs = performance.now() - began
  return report
}

async function main(argv: string[]): Promise<number> {
  let options: BenchOptions
  try {
    options = parseArgs(argv)
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (options.help) {
    process.stdout.write(USAGE)
    return 0
  }
  scratch = mkdtempSync(join(tmpdir(), 'd360-gate-bench-'))
  try {
    const report = roundFigures(await bench(options))
    const json = JSON.stringify(report)
    print(`\nBenchmark took ${formatMs(report.meta.durationMs)}. Every figure as JSON:`)
    print(json)
    if (options.json !== undefined) {
      mkdirSync(dirname(resolve(options.json)), { recursive: true })
      writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`)
    }
    return 0
  } catch (error) {
    process.stderr.write(`\nbench: the benchmark could not run: ${(error as Error).message}\n`)
    return 1
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  // `npm run bench | head` closes the pipe early: keep measuring (--json still gets it all).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
  process.exitCode = await main(process.argv.slice(2))
}
