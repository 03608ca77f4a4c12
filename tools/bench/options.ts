// The benchmark's options: defaults, what --quick changes, the usage text, and reading a
// command line (node:util parseArgs).

import { parseArgs } from 'node:util'

const SECTIONS = [
  'clean',
  'findings',
  'bundle',
  'memory',
  'requests',
  'latency',
  'gates',
  'baseline',
  'resync-gates'
] as const
export type Section = (typeof SECTIONS)[number]
/** Run unless --only says otherwise: all but resync-gates, which takes minutes. */
const DEFAULT_SECTIONS: readonly Section[] = SECTIONS.filter(section => section !== 'resync-gates')

export interface BenchOptions {
  /** Measured runs of each process in the clean and findings comparisons. */
  runs: number
  /** Unmeasured runs of each process before those. */
  warmup: number
  /** Runs of each scenario under the memory probe. */
  memoryRuns: number
  /** Runs of each poll interval in the latency section. */
  latencyRuns: number
  /** The in-progress scenario's time between status steps (completion at 2 × stepMs). The
   * latency section moves it so that completion falls mid poll interval (latencyStepMs). */
  stepMs: number
  /** Poll intervals (seconds) the latency section tries. */
  pollIntervals: number[]
  /** Gates started at once under the shared rate limit. */
  gates: number
  /** The shared limit: `limit` requests per `windowMs`. */
  rateLimit: { limit: number; windowMs: number }
  /** poll-interval input of the concurrent gates (seconds). */
  gatesPollInterval: number
  /** resync-gates: gates, each resyncing its own API reference, under one limit. */
  resyncGates: number
  resyncRateLimit: { limit: number; windowMs: number }
  /** poll-interval input of the resync gates (seconds). */
  resyncPollInterval: number
  /** resync-gates: seed of the imports' random run times. */
  seed: number
  /** Goal: action / bare node on a clean run, ratio of medians. */
  maxRatio: number
  /** Sections to run (all but resync-gates by default). */
  only: Section[]
  /** Also write the JSON object to this file. */
  json?: string
  /** The build to measure (its index.js and chunks). Default: the repository's dist/. */
  dist?: string
  /** Another build timed in the same rounds of the clean and findings runs. */
  against?: string
  quick: boolean
  help: boolean
}

export const DEFAULT_OPTIONS: Readonly<BenchOptions> = {
  runs: 15,
  warmup: 3,
  memoryRuns: 3,
  latencyRuns: 3,
  stepMs: 2000,
  pollIntervals: [1, 5],
  gates: 8,
  rateLimit: { limit: 10, windowMs: 2000 },
  gatesPollInterval: 1,
  resyncGates: 50,
  resyncRateLimit: { limit: 60, windowMs: 60_000 },
  resyncPollInterval: 5,
  seed: 1,
  maxRatio: 1.25,
  only: [...DEFAULT_SECTIONS],
  quick: false,
  help: false
}

/** What `--quick` changes: a smoke run of every section in well under a minute. */
export const QUICK_OPTIONS: Readonly<Partial<BenchOptions>> = {
  runs: 3,
  warmup: 1,
  memoryRuns: 1,
  latencyRuns: 1,
  stepMs: 1000,
  pollIntervals: [1, 2]
}

export const USAGE = `Usage: npm run bench -- [options]     (node tools/bench.ts [options])

Whole-process figures of the built action (dist/index.js) against the Document360
simulator, each a median of repeated runs after a warm-up: an aligned table, then one
JSON object with every figure. Exits non-zero only when the benchmark could not run (a
missed goal says "goal missed" in the table).

  --runs N                 measured runs of each process, clean and findings (15)
  --warmup N               unmeasured runs before those (3)
  --memory-runs N          runs of each scenario under the memory probe (3)
  --latency-runs N         runs of each poll interval, completion → verdict (3)
  --step-ms MS             in-progress scenario step; completes at 2 × MS (2000)
                           (latency: moved to the middle of a poll interval near that)
  --poll-intervals A,B     poll-interval inputs the latency section tries (1,5)
  --gates N                gates started at once under one rate limit (8)
  --rate-limit N/SECS      the shared limit: N requests per SECS seconds (10/2)
  --gates-poll-interval S  poll-interval input of those gates (1)
  --resync-gates N         resync-gates: gates, each resyncing its own reference (50)
  --resync-rate-limit N/S  resync-gates: their shared limit (60/60)
  --resync-poll-interval S resync-gates: their poll-interval input (5)
  --seed N                 resync-gates: seed of the imports' random run times (1)
  --only A,B               run only these sections: ${SECTIONS.join(', ')}
                           (all but resync-gates by default: it takes minutes)
  --json PATH              also write the JSON object to PATH
  --dist DIR               measure the build in DIR instead of dist/ (e.g. an older one)
  --against DIR            also time the build in DIR in the same rounds of the clean
                           and findings runs (e.g. one made with other ncc flags)
  --quick                  a fast smoke run (runs 3, warm-up 1, one latency and memory run
                           each, step 1000 ms, poll intervals 1,2); explicit flags win
  --help, -h               this text
`

function wholeNumber(flag: string, raw: string, min: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new Error(`--${flag} needs a whole number of at least ${min}, not '${raw}'`)
  }
  return Number(raw)
}

/** `10/2` (or `10/2s`): 10 requests per 2-second window. */
export function parseRateLimit(raw: string): { limit: number; windowMs: number } {
  const match = /^(\d+)\/(\d+(?:\.\d+)?)s?$/.exec(raw)
  if (match === null || Number(match[1]) < 1 || Number(match[2]) <= 0) {
    throw new Error(`--rate-limit needs N/SECS such as 10/2, not '${raw}'`)
  }
  return { limit: Number(match[1]), windowMs: Math.round(Number(match[2]) * 1000) }
}

const FLAGS = {
  runs: { type: 'string' },
  warmup: { type: 'string' },
  'memory-runs': { type: 'string' },
  'latency-runs': { type: 'string' },
  'step-ms': { type: 'string' },
  'poll-intervals': { type: 'string' },
  gates: { type: 'string' },
  'rate-limit': { type: 'string' },
  'gates-poll-interval': { type: 'string' },
  'resync-gates': { type: 'string' },
  'resync-rate-limit': { type: 'string' },
  'resync-poll-interval': { type: 'string' },
  seed: { type: 'string' },
  only: { type: 'string' },
  json: { type: 'string' },
  dist: { type: 'string' },
  against: { type: 'string' },
  quick: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

/** The options of a command line (`--quick` first, then the flags given, which win). */
export function benchOptions(argv: readonly string[]): BenchOptions {
  let values: ReturnType<typeof parseArgs<{ options: typeof FLAGS }>>['values']
  try {
    ;({ values } = parseArgs({ args: [...argv], options: FLAGS, strict: true }))
  } catch (error) {
    // node:util's own message, without its advice on positionals (there are none here).
    const message = (error as Error).message.replace(/\. To specify a positional.*$/s, '')
    throw new Error(message, { cause: error })
  }
  const given: Partial<BenchOptions> = {}
  const count = (flag: keyof typeof values, min: number) => {
    const raw = values[flag]
    return typeof raw === 'string' ? wholeNumber(flag, raw, min) : undefined
  }
  const set = <K extends keyof BenchOptions>(key: K, value: BenchOptions[K] | undefined) => {
    if (value !== undefined) given[key] = value
  }
  set('runs', count('runs', 1))
  set('warmup', count('warmup', 0))
  set('memoryRuns', count('memory-runs', 1))
  set('latencyRuns', count('latency-runs', 1))
  set('stepMs', count('step-ms', 1))
  set('gates', count('gates', 1))
  set('gatesPollInterval', count('gates-poll-interval', 1))
  set('resyncGates', count('resync-gates', 1))
  set('resyncPollInterval', count('resync-poll-interval', 1))
  set('seed', count('seed', 0))
  if (values['resync-rate-limit'] !== undefined) {
    given.resyncRateLimit = parseRateLimit(values['resync-rate-limit'])
  }
  if (values['poll-intervals'] !== undefined) {
    const parts = values['poll-intervals'].split(',')
    given.pollIntervals = parts.map(part => wholeNumber('poll-intervals', part.trim(), 1))
  }
  if (values['rate-limit'] !== undefined) given.rateLimit = parseRateLimit(values['rate-limit'])
  if (values.only !== undefined) {
    const names = values.only.split(',').map(name => name.trim())
    for (const name of names) {
      if (!(SECTIONS as readonly string[]).includes(name)) {
        throw new Error(`--only: unknown section '${name}' (known: ${SECTIONS.join(', ')})`)
      }
    }
    given.only = names as Section[]
  }
  if (values.json !== undefined) {
    if (values.json === '') throw new Error('--json needs a file path')
    given.json = values.json
  }
  if (values.dist !== undefined) {
    if (values.dist === '') throw new Error('--dist needs a folder')
    given.dist = values.dist
  }
  if (values.against !== undefined) {
    if (values.against === '') throw new Error('--against needs a folder')
    given.against = values.against
  }
  const quick = values.quick ?? false
  return {
    ...DEFAULT_OPTIONS,
    ...(quick ? QUICK_OPTIONS : {}),
    ...given,
    quick,
    help: values.help ?? false
  }
}
