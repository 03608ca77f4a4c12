// The pure parts of `npm run bench` (scripts/bench.ts): options, statistics, formatting and
// the bare-node floor's script. Nothing here starts a process or a server, so the unit
// test (test/unit/bench.test.ts) checks it directly.

export const SECTIONS = [
  'clean',
  'findings',
  'bundle',
  'memory',
  'requests',
  'latency',
  'gates',
  'baseline'
] as const
export type Section = (typeof SECTIONS)[number]

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
  /** Goal: action / bare node on a clean run, ratio of medians. */
  maxRatio: number
  /** Sections to run (all by default). */
  only: Section[]
  /** Also write the JSON object to this file. */
  json?: string
  /** The build to measure (its index.js and chunks). Default: the repository's dist/. */
  dist?: string
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
  maxRatio: 1.25,
  only: [...SECTIONS],
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

export const USAGE = `Usage: npm run bench -- [options]     (node scripts/bench.ts [options])

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
  --only A,B               run only these sections: ${SECTIONS.join(', ')}
  --json PATH              also write the JSON object to PATH
  --dist DIR               measure the build in DIR instead of dist/ (e.g. an older one)
  --quick                  a fast smoke run (runs 3, warm-up 1, one latency and memory run
                           each, step 1000 ms, poll intervals 1,2); explicit flags win
  --help                   this text
`

function wholeNumber(flag: string, raw: string | undefined, min: number): number {
  if (raw === undefined) throw new Error(`${flag} needs a value`)
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new Error(`${flag} needs a whole number of at least ${min}, not '${raw}'`)
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

export function parseArgs(argv: readonly string[]): BenchOptions {
  const given: Partial<BenchOptions> = {}
  let quick = false
  let help = false
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] as string
    const value = () => argv[++i]
    switch (flag) {
      case '--runs':
        given.runs = wholeNumber(flag, value(), 1)
        break
      case '--warmup':
        given.warmup = wholeNumber(flag, value(), 0)
        break
      case '--memory-runs':
        given.memoryRuns = wholeNumber(flag, value(), 1)
        break
      case '--latency-runs':
        given.latencyRuns = wholeNumber(flag, value(), 1)
        break
      case '--step-ms':
        given.stepMs = wholeNumber(flag, value(), 1)
        break
      case '--poll-intervals': {
        const raw = value() ?? ''
        given.pollIntervals = raw.split(',').map(part => wholeNumber(flag, part.trim(), 1))
        break
      }
      case '--gates':
        given.gates = wholeNumber(flag, value(), 1)
        break
      case '--rate-limit':
        given.rateLimit = parseRateLimit(value() ?? '')
        break
      case '--gates-poll-interval':
        given.gatesPollInterval = wholeNumber(flag, value(), 1)
        break
      case '--only': {
        const names = (value() ?? '').split(',').map(name => name.trim())
        for (const name of names) {
          if (!(SECTIONS as readonly string[]).includes(name)) {
            throw new Error(`--only: unknown section '${name}' (known: ${SECTIONS.join(', ')})`)
          }
        }
        given.only = names as Section[]
        break
      }
      case '--json': {
        const path = value()
        if (path === undefined || path === '') throw new Error('--json needs a file path')
        given.json = path
        break
      }
      case '--dist': {
        const dir = value()
        if (dir === undefined || dir === '') throw new Error('--dist needs a folder')
        given.dist = dir
        break
      }
      case '--quick':
        quick = true
        break
      case '--help':
      case '-h':
        help = true
        break
      default:
        throw new Error(`Unknown argument '${flag}' (--help lists the options)`)
    }
  }
  return { ...DEFAULT_OPTIONS, ...(quick ? QUICK_OPTIONS : {}), ...given, quick, help }
}

// ---------------------------------------------------------------------------------------
// Statistics

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export interface Summary {
  n: number
  median: number
  min: number
  max: number
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: median(values),
    min: values.length === 0 ? Number.NaN : Math.min(...values),
    max: values.length === 0 ? Number.NaN : Math.max(...values)
  }
}

/** a / b, NaN when either is not a positive finite number. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN
}

/**
 * The order of the processes in round `round` of an interleaved comparison: each process
 * takes each place equally often, and with two the rounds go AB BA BA AB, so a slow drift
 * of the machine (another job starting, caches warming) hits every process alike.
 */
export function roundOrder<T>(round: number, sides: readonly T[]): T[] {
  const n = sides.length
  if (n === 0) return []
  const shift = round % n
  const rotated = [...sides.slice(shift), ...sides.slice(0, shift)]
  return Math.floor(round / n) % 2 === 1 ? rotated.reverse() : rotated
}

// ---------------------------------------------------------------------------------------
// Formatting

const round = (value: number, digits: number) => Number(value.toFixed(digits))

/** Milliseconds for the table: `123.4 ms`, `2.35 s` from 10 s on; `n/a` when unknown. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return 'n/a'
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(2)} s`
  return `${ms.toFixed(1)} ms`
}

export function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`
}

export function formatMiB(kib: number | undefined): string {
  if (kib === undefined || !Number.isFinite(kib)) return 'n/a'
  return `${(kib / 1024).toFixed(1)} MiB`
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a'
}

export function goalText(met: boolean | undefined, goal: string): string {
  if (met === undefined) return `n/a (goal ${goal})`
  return met ? `ok (goal ${goal})` : `goal missed (goal ${goal})`
}

/** Rounds the figures of a JSON object for the report (ms to 0.1, ratios to 0.001). */
export function roundFigures<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'number' && !Number.isInteger(item) ? round(item, 3) : item
    )
  ) as T
}

const NUMERIC = /^[-+]?[\d.,]+(?:\s?[a-zA-Z%×/]+)?$|^n\/a$/

/**
 * Rows as aligned columns: the first row is the header (underlined), cells that are
 * figures are right-aligned, the others left-aligned. Columns are two spaces apart.
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return ''
  const columns = Math.max(...rows.map(row => row.length))
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(...rows.map(row => [...(row[c] ?? '')].length))
  )
  const line = (row: readonly string[], header: boolean) =>
    widths
      .map((width, c) => {
        const cell = row[c] ?? ''
        const fill = ' '.repeat(width - [...cell].length)
        return !header && NUMERIC.test(cell) ? fill + cell : cell + fill
      })
      .join('  ')
      .trimEnd()
  const [header, ...body] = rows
  const rule = widths.map(width => '─'.repeat(width)).join('  ')
  return [line(header as string[], true), rule, ...body.map(row => line(row, false))].join('\n')
}

export function sectionTitle(title: string): string {
  return `\n${title}\n${'═'.repeat([...title].length)}`
}

// ---------------------------------------------------------------------------------------
// The action's log

const VERDICT_LINE = /^Import .+: (passed|failed|timed-out|error)\s*$/

/** The result a verdict line states (`Import 1a2b… Completed: …: passed`), else undefined. */
export function verdictOf(line: string): string | undefined {
  return VERDICT_LINE.exec(line)?.[1]
}

// ---------------------------------------------------------------------------------------
// Completion → verdict while waiting

/** Timer jitter the latency goal allows on top of one poll interval. */
export const POLL_JITTER_MS = 50

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
  const bound = pollIntervalMs + POLL_JITTER_MS
  return (
    run.result === 'passed' &&
    run.nextPollMs !== undefined &&
    run.nextPollMs <= bound &&
    (run.maxPollGapMs ?? 0) <= bound
  )
}

// ---------------------------------------------------------------------------------------
// The @actions/core floor

/**
 * The entry of the @actions/core floor (ESM): importing @actions/core evaluates
 * @actions/http-client and all of undici before the first line runs, so every action that
 * uses it starts at least this slowly. Bundled like the action (ncc --minify).
 */
export const CORE_FLOOR_SOURCE = "import * as core from '@actions/core'\ncore.setOutput('x', 'y')\n"

/** Arguments of `node node_modules/.bin/ncc …`: how `npm run build` bundles the action. */
export function coreFloorNccArgs(entry: string, outDir: string): string[] {
  return ['build', entry, '-o', outDir, '-m', '-q']
}

/**
 * The reason for an `n/a`, on one line, from a failed tool's output: its first error line
 * (`Error: …`, `TypeError [CODE]: …`; what follows is a stack), else its last lines.
 */
export function failureReason(output: string, fallback: string): string {
  const lines = output
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '')
  const error = lines.find(line => /^\w*Error\b/.test(line))
  const text = error ?? lines.slice(-3).join(' | ')
  if (text === '') return fallback
  return text.length > 240 ? `${text.slice(0, 239)}…` : text
}

// ---------------------------------------------------------------------------------------
// The bare-node floor

export interface BareRequest {
  url: string
  headers: Record<string, string>
}

/** Headers fetch sets itself or that belong to one connection, not to the request. */
const CONNECTION_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode'
])

/**
 * The requests a bare node process makes to match an action run: the same methods, paths,
 * queries and request headers the simulator recorded from the action, in the same order.
 */
export function bareRequests(
  baseUrl: string,
  recorded: ReadonlyArray<{
    path: string
    query: Record<string, string>
    headers: Record<string, string | string[] | undefined>
  }>
): BareRequest[] {
  return recorded.map(request => {
    const url = new URL(request.path, baseUrl)
    for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, value)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || CONNECTION_HEADERS.has(name.toLowerCase())) continue
      headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    return { url: url.href, headers }
  })
}

/**
 * The floor for any JavaScript action, run as `node -e BARE_SCRIPT '<requests JSON>'`: the
 * requests one after the other with the global fetch, each body read with `res.json()`.
 * Exit 1 when an answer is not a 2xx (the comparison would then be meaningless).
 */
export const BARE_SCRIPT =
  'const requests = JSON.parse(process.argv[1]);' +
  '(async () => {' +
  ' for (const { url, headers } of requests) {' +
  ' const res = await fetch(url, { headers });' +
  ' await res.json();' +
  ' if (!res.ok) process.exitCode = 1' +
  ' }' +
  '})()'
