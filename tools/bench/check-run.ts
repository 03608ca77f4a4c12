// Benchmark: time and requests to put N findings on a check run (the Checks API takes 50
// annotations a request), against the GitHub API stand-in on 127.0.0.1 with a realistic
// latency per request. Runs the real channel (src/report/check-run.ts) in this process,
// twice: paced as against GitHub (a write at most every second, GitHub's guidance for many
// writes) and unpaced (what a loopback API gets), so both costs are visible.
//
//   node tools/bench/check-run.ts [--findings 5000] [--latency 100-300] [--runs 1]
//                                 [--pacing both|paced|unpaced]

import { parseArgs } from 'node:util'
import { writeCheckRun, type CheckRunOutcome } from '../../src/report/check-run.ts'
import { DEFAULT_WRITE_INTERVAL_MS } from '../../src/report/github-session.ts'
import type { RunContext } from '../../src/context.ts'
import type { GateReport, LocatedFinding } from '../../src/report/types.ts'
import { GitHubStandIn } from '../github-api.ts'

const REPOSITORY = 'octo-org/petstore-docs'
const SPEC = 'openapi.yaml'

interface Figure {
  pacing: string
  runs: number
  medianMs: number
  requests: number
  annotations: number
  maxInFlight: number
}

function report(count: number): GateReport {
  const findings: LocatedFinding[] = Array.from({ length: count }, (_, i) => ({
    severity: i < count / 3 ? 'error' : 'warning',
    message: `Schema 'Item${i}' has no 'type' (finding ${i} of ${count})`,
    path: `/paths/~1items~1${i}/get`,
    file: SPEC,
    line: 5 + 3 * i
  }))
  return {
    result: 'failed',
    reasons: ['Too many errors.'],
    projectId: 'project',
    apiReferenceId: 'api-reference',
    logId: 'log',
    status: 'Completed',
    errorCount: Math.ceil(count / 3),
    warningCount: count - Math.ceil(count / 3),
    maxErrors: 0,
    maxWarnings: null,
    findings
  }
}

async function deliver(
  github: GitHubStandIn,
  count: number,
  writeIntervalMs: number,
  latencyMs: [number, number]
): Promise<{ ms: number; outcome: CheckRunOutcome; annotations: number }> {
  github.reset()
  github.latencyMs = latencyMs
  github.addJob({ name: 'gate', runnerName: 'bench-runner' })
  const context: RunContext = {
    serverUrl: 'https://github.com',
    apiUrl: github.url,
    eventName: 'push',
    workspace: process.cwd(),
    runnerTemp: process.cwd(),
    repository: REPOSITORY,
    sha: '0123456789abcdef0123456789abcdef01234567',
    runId: String(github.runId),
    runAttempt: String(github.runAttempt),
    runnerName: 'bench-runner'
  }
  const started = performance.now()
  const outcome = await writeCheckRun(report(count), context, {
    token: 'ghs_benchmarkToken',
    apiUrl: github.url,
    deadlineMs: Date.now() + 30 * 60_000,
    summaryMarkdown: '### ❌ Document360 import gate: failed',
    failsOnErrors: true,
    stepFails: true,
    repositoryPaths: new Map([[SPEC, SPEC]]),
    writeIntervalMs
  })
  const ms = performance.now() - started
  if (!outcome.delivered) throw new Error(`not delivered: ${outcome.warnings.join(' ')}`)
  const annotations = github.checkRuns.reduce((sum, run) => sum + run.annotations.length, 0)
  if (annotations !== count) throw new Error(`${annotations} of ${count} annotations arrived`)
  return { ms, outcome, annotations }
}

/** `200` or `100-300` → [min, max] ms. */
function parseLatency(text: string): [number, number] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text)
  const low = Number(match?.[1])
  const high = Number(match?.[2] ?? match?.[1])
  if (!match || high < low) throw new Error('--latency takes MS or MIN-MAX, such as 100-300')
  return [low, high]
}

const USAGE = `Usage: node tools/bench/check-run.ts [options]

Delivers findings through the check-run channel to the GitHub API stand-in with latency.

  --findings N        findings to deliver (5000)
  --latency MS|A-B    each request's latency, fixed or random in [A, B] ms (100-300)
  --runs N            runs of each pacing; the median is shown (1)
  --pacing P          both, paced (1 write/s, as against GitHub) or unpaced (both)
  --help, -h          this text
`

function options(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        findings: { type: 'string', default: '5000' },
        latency: { type: 'string', default: '100-300' },
        runs: { type: 'string', default: '1' },
        pacing: { type: 'string', default: 'both' },
        help: { type: 'boolean', short: 'h', default: false }
      }
    }).values
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
    process.exit(2)
  }
}

async function main(): Promise<void> {
  const values = options(process.argv.slice(2))
  if (values.help) {
    process.stdout.write(USAGE)
    return
  }
  const count = Number(values.findings)
  const runs = Number(values.runs)
  const [low, high] = parseLatency(values.latency)
  const pacings: Array<[string, number]> = [
    ['paced (1 write/s, as against GitHub)', DEFAULT_WRITE_INTERVAL_MS],
    ['unpaced (loopback API)', 0]
  ].filter(
    ([name]) => values.pacing === 'both' || (name as string).startsWith(values.pacing)
  ) as Array<[string, number]>

  const github = new GitHubStandIn({ repository: REPOSITORY, pullNumber: 1 })
  await github.start()
  const figures: Figure[] = []
  try {
    for (const [pacing, interval] of pacings) {
      const times: number[] = []
      let last: Awaited<ReturnType<typeof deliver>> | undefined
      for (let run = 0; run < runs; run++) {
        last = await deliver(github, count, interval, [low, high])
        times.push(last.ms)
        process.stderr.write(`bench: ${pacing}: run ${run + 1} ${Math.round(last.ms)} ms\n`)
      }
      times.sort((a, b) => a - b)
      figures.push({
        pacing,
        runs,
        medianMs: times[Math.floor(times.length / 2)] ?? 0,
        requests: last?.outcome.requests ?? 0,
        annotations: last?.annotations ?? 0,
        maxInFlight: github.maxInFlight
      })
    }
  } finally {
    await github.stop()
  }

  console.log(`${count} findings, ${low}-${high} ms per request, median of ${runs} run(s)\n`)
  console.log('| pacing | time | requests | annotations arrived | most in flight |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const figure of figures) {
    console.log(
      `| ${figure.pacing} | ${(figure.medianMs / 1000).toFixed(1)} s | ${figure.requests} | ` +
        `${figure.annotations} | ${figure.maxInFlight} |`
    )
  }
}

await main()
