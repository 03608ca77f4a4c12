// `npm run bench`: the pure parts (scripts/bench-lib.ts), the bare-node floor's script
// against a loopback server, and a --quick smoke run of scripts/bench.ts itself.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  BARE_SCRIPT,
  CORE_FLOOR_SOURCE,
  DEFAULT_OPTIONS,
  POLL_JITTER_MS,
  QUICK_OPTIONS,
  SECTIONS,
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
  parseRateLimit,
  pollGaps,
  pollGoalMet,
  ratio,
  roundFigures,
  roundOrder,
  summarize,
  verdictOf
} from '../../scripts/bench-lib.ts'
import { buildCoreFloor } from '../../scripts/bench.ts'
import { ACTION_ENTRY, REPO_ROOT, parseOutputFile } from '../support/run-action.ts'

const BENCH = fileURLToPath(new URL('../../scripts/bench.ts', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'bench-test-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

function runNode(
  args: string[],
  env: NodeJS.ProcessEnv = process.env
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('error', reject)
    child.once('close', code => resolve({ code, stdout, stderr }))
  })
}

describe('statistics', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const values = [5, 1, 3]
    assert.equal(median(values), 3)
    assert.deepEqual(values, [5, 1, 3])
    assert.equal(median([4, 1, 3, 2]), 2.5)
    assert.equal(median([7]), 7)
    assert.ok(Number.isNaN(median([])))
  })

  it('summarizes count, median, min and max', () => {
    assert.deepEqual(summarize([30, 10, 20, 40]), { n: 4, median: 25, min: 10, max: 40 })
    const empty = summarize([])
    assert.equal(empty.n, 0)
    assert.ok(Number.isNaN(empty.min) && Number.isNaN(empty.max))
  })

  it('gives a ratio only of positive finite figures', () => {
    assert.equal(ratio(250, 200), 1.25)
    assert.ok(Number.isNaN(ratio(1, 0)))
    assert.ok(Number.isNaN(ratio(Number.NaN, 2)))
    assert.ok(Number.isNaN(ratio(1, Number.NaN)))
  })

  it('interleaves two processes AB BA BA AB', () => {
    const order = Array.from({ length: 8 }, (_, round) => roundOrder(round, ['A', 'B']).join(''))
    assert.deepEqual(order, ['AB', 'BA', 'BA', 'AB', 'AB', 'BA', 'BA', 'AB'])
  })

  it('puts each of three processes in each place equally often', () => {
    const places: Record<string, number[]> = { A: [0, 0, 0], B: [0, 0, 0], C: [0, 0, 0] }
    for (let round = 0; round < 6; round += 1) {
      const order = roundOrder(round, ['A', 'B', 'C'])
      assert.deepEqual([...order].sort(), ['A', 'B', 'C'])
      order.forEach((side, place) => (places[side]![place]! += 1))
    }
    assert.deepEqual(places, { A: [2, 2, 2], B: [2, 2, 2], C: [2, 2, 2] })
    assert.deepEqual(roundOrder(3, []), [])
  })
})

describe('formatting', () => {
  it('formats durations, sizes and ratios', () => {
    assert.equal(formatMs(123.456), '123.5 ms')
    assert.equal(formatMs(12_345), '12.35 s')
    assert.equal(formatMs(undefined), 'n/a')
    assert.equal(formatMs(Number.NaN), 'n/a')
    assert.equal(formatKiB(1536), '1.5 KiB')
    assert.equal(formatMiB(66_596), '65.0 MiB')
    assert.equal(formatMiB(undefined), 'n/a')
    assert.equal(formatRatio(1.2345), '1.23×')
    assert.equal(formatRatio(Number.NaN), 'n/a')
  })

  it('says whether a goal was met', () => {
    assert.equal(goalText(true, '≤ 5 s'), 'ok (goal ≤ 5 s)')
    assert.equal(goalText(false, '≤ 5 s'), 'goal missed (goal ≤ 5 s)')
    assert.equal(goalText(undefined, 'all'), 'n/a (goal all)')
  })

  it('aligns columns: figures to the right, words to the left, a rule under the header', () => {
    const table = formatTable([
      ['process', 'median', 'note'],
      ['node dist/index.js', '218.4 ms', 'ok'],
      ['bare', '9.0 ms', 'goal missed'],
      ['ratio', '1.69×']
    ])
    assert.equal(
      table,
      [
        'process             median    note',
        '──────────────────  ────────  ───────────',
        'node dist/index.js  218.4 ms  ok',
        'bare                  9.0 ms  goal missed',
        'ratio                  1.69×'
      ].join('\n')
    )
    assert.equal(formatTable([]), '')
  })

  it('rounds the JSON figures but keeps whole numbers and structure', () => {
    const rounded = roundFigures({ a: 1.234_567, b: [2, 3.000_04], c: { d: 'x', e: 66_596 } })
    assert.deepEqual(rounded, { a: 1.235, b: [2, 3], c: { d: 'x', e: 66_596 } })
  })
})

describe('options', () => {
  it('defaults to 3 warm-up + 15 measured runs of every section', () => {
    const options = parseArgs([])
    assert.equal(options.runs, 15)
    assert.equal(options.warmup, 3)
    assert.deepEqual(options.pollIntervals, [1, 5])
    assert.deepEqual(options.rateLimit, { limit: 10, windowMs: 2000 })
    assert.deepEqual(options.only, [...SECTIONS])
    assert.equal(options.quick, false)
    assert.equal(options.json, undefined)
  })

  it('states the defaults it has in the usage text', () => {
    const d = DEFAULT_OPTIONS
    for (const [flag, value] of [
      ['--runs N', d.runs],
      ['--warmup N', d.warmup],
      ['--memory-runs N', d.memoryRuns],
      ['--latency-runs N', d.latencyRuns],
      ['--step-ms MS', d.stepMs],
      ['--poll-intervals A,B', d.pollIntervals.join(',')],
      ['--gates N', d.gates],
      ['--rate-limit N/SECS', `${d.rateLimit.limit}/${d.rateLimit.windowMs / 1000}`],
      ['--gates-poll-interval S', d.gatesPollInterval]
    ] as const) {
      const line = USAGE.split('\n').find(text => text.trimStart().startsWith(flag))
      assert.ok(line?.endsWith(`(${value})`), `${flag}: ${line}`)
    }
  })

  it('lets explicit flags win over --quick, in any order', () => {
    const quick = parseArgs(['--quick'])
    assert.equal(quick.runs, QUICK_OPTIONS.runs)
    assert.equal(quick.warmup, QUICK_OPTIONS.warmup)
    assert.equal(quick.quick, true)
    assert.equal(parseArgs(['--runs', '7', '--quick']).runs, 7)
    assert.equal(parseArgs(['--quick', '--runs', '7']).runs, 7)
  })

  it('reads every flag', () => {
    const options = parseArgs([
      '--warmup',
      '0',
      '--memory-runs',
      '2',
      '--latency-runs',
      '4',
      '--step-ms',
      '500',
      '--poll-intervals',
      '1, 3',
      '--gates',
      '4',
      '--rate-limit',
      '5/1s',
      '--gates-poll-interval',
      '2',
      '--only',
      'clean,bundle',
      '--json',
      'out.json',
      '--dist',
      'old',
      '--help'
    ])
    assert.equal(options.warmup, 0)
    assert.equal(options.memoryRuns, 2)
    assert.equal(options.latencyRuns, 4)
    assert.equal(options.stepMs, 500)
    assert.deepEqual(options.pollIntervals, [1, 3])
    assert.equal(options.gates, 4)
    assert.deepEqual(options.rateLimit, { limit: 5, windowMs: 1000 })
    assert.equal(options.gatesPollInterval, 2)
    assert.deepEqual(options.only, ['clean', 'bundle'])
    assert.equal(options.json, 'out.json')
    assert.equal(options.dist, 'old')
    assert.equal(options.help, true)
  })

  it('refuses bad values with a message naming the flag', () => {
    assert.throws(() => parseArgs(['--runs', '0']), /--runs needs a whole number of at least 1/)
    assert.throws(() => parseArgs(['--runs', '2.5']), /--runs/)
    assert.throws(() => parseArgs(['--runs']), /--runs needs a value/)
    assert.throws(() => parseArgs(['--poll-intervals', '1,x']), /--poll-intervals/)
    assert.throws(() => parseArgs(['--only', 'clean,speed']), /unknown section 'speed'/)
    assert.throws(() => parseArgs(['--json']), /--json needs a file path/)
    assert.throws(() => parseArgs(['--dist', '']), /--dist needs a folder/)
    assert.throws(() => parseArgs(['--fast']), /Unknown argument '--fast'/)
    assert.throws(() => parseRateLimit('10'), /N\/SECS/)
    assert.throws(() => parseRateLimit('0/2'), /N\/SECS/)
    assert.deepEqual(parseRateLimit('10/0.5'), { limit: 10, windowMs: 500 })
  })
})

describe('the action log', () => {
  it('finds the result on the verdict line only', () => {
    const line = 'Import 000c1ea0… Completed: 0 errors (max 0), 0 warnings (no limit): passed'
    assert.equal(verdictOf(line), 'passed')
    assert.equal(verdictOf('Import 1a2b… Failed: 3 errors (max 0), 0 warnings: failed'), 'failed')
    assert.equal(verdictOf('Import 1a2b… still InProgress, next poll in 5 s'), undefined)
    assert.equal(verdictOf('::error::Document360 import gate failed'), undefined)
  })
})

describe('completion → verdict while waiting', () => {
  it('moves completion to the middle of the poll interval nearest 2 × the step', () => {
    assert.equal(latencyStepMs(2000, 1000), 2250) // 4.5 s: half a second after the 5th poll
    assert.equal(latencyStepMs(2000, 5000), 1250) // 2.5 s: half-way to the 2nd poll
    assert.equal(latencyStepMs(1000, 1000), 1250)
    assert.equal(latencyStepMs(1000, 2000), 1500)
    assert.equal(latencyStepMs(1, 10_000), 2500) // never before the first interval's middle
    for (const intervalMs of [1000, 2000, 3000, 5000, 10_000]) {
      for (let base = 1; base <= 12_000; base += 137) {
        const completesAt = 2 * latencyStepMs(base, intervalMs)
        assert.equal(completesAt % intervalMs, intervalMs / 2, `${base} ms, ${intervalMs} ms`)
        const nearest = Math.max(2 * base, intervalMs / 2)
        assert.ok(Math.abs(completesAt - nearest) <= intervalMs / 2, `${base}, ${intervalMs}`)
      }
    }
  })

  it('measures the gaps between polls in order', () => {
    assert.deepEqual(pollGaps([100, 1100, 2102, 3101]), [1000, 1002, 999])
    assert.deepEqual(pollGaps([100]), [])
    assert.deepEqual(pollGaps([]), [])
  })

  it('meets the goal when the next poll, at any phase, comes within interval + jitter', () => {
    const bound = 1000 + POLL_JITTER_MS
    const run = { result: 'passed', nextPollMs: 490, maxPollGapMs: 1002 }
    assert.equal(pollGoalMet(run, 1000), true)
    assert.equal(pollGoalMet({ ...run, nextPollMs: bound, maxPollGapMs: bound }, 1000), true)
    assert.equal(pollGoalMet({ ...run, nextPollMs: bound + 1 }, 1000), false)
    // A completion just after a poll would have waited the longest gap.
    assert.equal(pollGoalMet({ ...run, maxPollGapMs: bound + 1 }, 1000), false)
    assert.equal(pollGoalMet({ ...run, maxPollGapMs: 2002 }, 2000), true)
    assert.equal(pollGoalMet({ result: 'passed', maxPollGapMs: 1000 }, 1000), false)
    assert.equal(pollGoalMet({ ...run, result: 'timed-out' }, 1000), false)
    assert.equal(pollGoalMet({ ...run, result: undefined }, 1000), false)
  })
})

describe('the @actions/core floor', () => {
  it('sets an output through @actions/core and nothing else', async () => {
    const dir = join(scratch, 'core-floor-source')
    mkdirSync(dir)
    writeFileSync(join(dir, 'entry.mjs'), CORE_FLOOR_SOURCE)
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
    const output = join(dir, 'set_output')
    writeFileSync(output, '')
    const run = await runNode([join(dir, 'entry.mjs')], { ...process.env, GITHUB_OUTPUT: output })
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stdout, '')
    assert.deepEqual(parseOutputFile(readFileSync(output, 'utf8')), { x: 'y' })
  })

  it('bundles it as npm run build bundles the action: ncc build, minified', () => {
    const args = coreFloorNccArgs('/t/core-floor.mjs', '/t/core-floor')
    assert.deepEqual(args, ['build', '/t/core-floor.mjs', '-o', '/t/core-floor', '-m', '-q'])
    const build = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts.build
    assert.match(build, /ncc build \S+ -o \S+ --minify/)
  })

  it('builds a bundle that runs without node_modules, and removes its link', async () => {
    const dir = join(scratch, 'core-floor-build')
    const built = await buildCoreFloor(dir)
    assert.equal(built.error, undefined)
    assert.equal(built.bundle, join(dir, 'core-floor', 'index.mjs'))
    assert.ok((built.bytes ?? 0) > 100_000, 'undici is in the bundle')
    assert.throws(() => lstatSync(join(dir, 'node_modules')), /ENOENT/)
    const output = join(dir, 'set_output')
    writeFileSync(output, '')
    const run = await runNode([built.bundle as string], { ...process.env, GITHUB_OUTPUT: output })
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(parseOutputFile(readFileSync(output, 'utf8')), { x: 'y' })
  })

  it('gives the reason instead of a bundle when ncc fails, and removes its link', async () => {
    const dir = join(scratch, 'core-floor-broken')
    const built = await buildCoreFloor(dir, join(scratch, 'no-such-ncc.js'))
    assert.equal(built.bundle, undefined)
    assert.match(built.error ?? '', /^ncc failed: .*Cannot find module .*no-such-ncc\.js/)
    assert.throws(() => lstatSync(join(dir, 'node_modules')), /ENOENT/)
    assert.ok(existsSync(join(REPO_ROOT, 'node_modules', '@actions', 'core')))
  })

  it("states a failed tool's error line, else its last lines, else a fallback", () => {
    const crash = [
      'node:internal/modules/cjs/loader:1568',
      '  throw err;',
      '',
      "Error: Cannot find module '/t/ncc.js'",
      '    at Module._resolveFilename (node:internal/modules/cjs/loader:1564:15)',
      "  code: 'MODULE_NOT_FOUND',",
      '}'
    ].join('\n')
    assert.equal(failureReason(crash, 'exit 1'), "Error: Cannot find module '/t/ncc.js'")
    const esm = 'SyntaxError [ERR_X]: bad\n    at x (y.js:1:1)\nNode.js v24.21.0\n'
    assert.equal(failureReason(esm, 'exit 1'), 'SyntaxError [ERR_X]: bad')
    assert.equal(failureReason('a\n\n  b  \nc\nd\n', 'exit 1'), 'b | c | d')
    assert.equal(failureReason(' \n', 'exit 1'), 'exit 1')
    const long = failureReason('x'.repeat(500), 'exit 1')
    assert.equal([...long].length, 240)
    assert.ok(long.endsWith('…'))
  })
})

describe('the bare-node floor', () => {
  const recorded: Parameters<typeof bareRequests>[1] = [
    {
      path: '/v3/projects/p/api-references/r/logs',
      query: { page: '1', page_size: '1' },
      headers: {
        host: '127.0.0.1:1234',
        connection: 'keep-alive',
        accept: 'application/json',
        'x-api-key': 'secret',
        'user-agent': 'document360-import-gate/1.0.0'
      }
    },
    { path: '/v3/projects/p/api-references/r/logs/l1', query: {}, headers: { accept: '*/*' } }
  ]

  it('repeats the recorded requests with their own headers, not the connection ones', () => {
    const requests = bareRequests('http://127.0.0.1:9', recorded)
    assert.deepEqual(requests, [
      {
        url: 'http://127.0.0.1:9/v3/projects/p/api-references/r/logs?page=1&page_size=1',
        headers: {
          accept: 'application/json',
          'x-api-key': 'secret',
          'user-agent': 'document360-import-gate/1.0.0'
        }
      },
      {
        url: 'http://127.0.0.1:9/v3/projects/p/api-references/r/logs/l1',
        headers: { accept: '*/*' }
      }
    ])
  })

  it('makes the requests in order, reads each JSON body, and fails on a non-2xx', async () => {
    const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = []
    let status = 200
    const server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers })
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end('{"data":[]}')
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const requests = JSON.stringify(bareRequests(base, recorded))
      const ok = await runNode(['-e', BARE_SCRIPT, requests])
      assert.equal(ok.code, 0, ok.stderr)
      assert.deepEqual(
        seen.map(request => request.url),
        [
          '/v3/projects/p/api-references/r/logs?page=1&page_size=1',
          '/v3/projects/p/api-references/r/logs/l1'
        ]
      )
      assert.equal(seen[0]?.headers['x-api-key'], 'secret')
      assert.equal(seen[0]?.headers['user-agent'], 'document360-import-gate/1.0.0')

      status = 404
      const failed = await runNode(['-e', BARE_SCRIPT, requests])
      assert.equal(failed.code, 1)
    } finally {
      await new Promise(resolve => server.close(resolve))
    }
  })
})

describe('scripts/bench.ts', () => {
  it('refuses an unknown flag with the usage and exit 2, before running anything', async () => {
    const run = await runNode([BENCH, '--fastest'])
    assert.equal(run.code, 2)
    assert.match(run.stderr, /Unknown argument '--fastest'/)
    assert.match(run.stderr, /Usage: npm run bench/)
    assert.equal(run.stdout, '')
  })

  it('prints the usage with --help', async () => {
    const run = await runNode([BENCH, '--help'])
    assert.equal(run.code, 0)
    assert.equal(run.stdout, USAGE)
  })

  it('exits 1 without figures when the build is missing', async () => {
    const run = await runNode([BENCH, '--quick', '--dist', join(scratch, 'no-such-build')])
    assert.equal(run.code, 1)
    assert.match(run.stderr, /could not run: .*no-such-build\/index\.js does not exist/)
    assert.doesNotMatch(run.stdout, /"meta"/)
  })

  it("exits 1 when the action does not reach the scenario's result", async () => {
    const broken = join(scratch, 'broken-build')
    mkdirSync(broken)
    writeFileSync(join(broken, 'index.js'), "console.log('cannot start'); process.exit(1)\n")
    const run = await runNode([BENCH, '--quick', '--only', 'clean', '--dist', broken])
    assert.equal(run.code, 1)
    assert.match(run.stderr, /could not run: clean \(calibration run\): expected result 'passed'/)
    assert.match(run.stderr, /cannot start/)
    assert.doesNotMatch(run.stdout, /"meta"/)
  })

  it(
    'runs every section with --quick: tables, then the same JSON on stdout and in --json',
    { skip: !existsSync(ACTION_ENTRY) && 'dist/index.js is not built' },
    async () => {
      const jsonFile = join(scratch, 'bench.json')
      const run = await runNode([BENCH, '--quick', '--json', jsonFile])
      assert.equal(run.code, 0, run.stderr)
      for (const title of [
        '1. Clean run',
        '2. Run with findings',
        '3. Bundle size',
        '4. Peak memory',
        '5. Requests per run',
        '6. Import completion → verdict',
        '7. 8 gates at once'
      ]) {
        assert.ok(run.stdout.includes(title), `missing section '${title}'`)
      }
      assert.match(run.stdout, /Node v\d+\.\d+\.\d+ .* \d+ CPUs/)

      const lastLine = run.stdout.trimEnd().split('\n').pop() as string
      const report = JSON.parse(lastLine)
      assert.deepEqual(report, JSON.parse(readFileSync(jsonFile, 'utf8')))
      assert.equal(report.meta.node, process.version)
      assert.equal(report.clean.action.n, QUICK_OPTIONS.runs)
      assert.equal(report.clean.bare.n, QUICK_OPTIONS.runs)
      assert.ok(report.clean.action.median > 0 && report.clean.bare.median > 0)
      const expected = report.clean.action.median / report.clean.bare.median
      assert.ok(Math.abs(report.clean.ratio - expected) < 0.002, 'ratio of the medians')
      assert.equal(typeof report.clean.goalMet, 'boolean')
      // The @actions/core floor ran in the same rotation, with no request.
      const floor = report.clean.coreFloor
      assert.equal(floor.error, undefined, floor.error)
      assert.equal(floor.source, CORE_FLOOR_SOURCE)
      assert.equal(floor.timing.n, QUICK_OPTIONS.runs)
      assert.equal(floor.timing.requestsPerRun, 0)
      const overFloor = report.clean.action.median / floor.timing.median
      assert.ok(Math.abs(floor.actionOverFloor - overFloor) < 0.002, 'action / core floor')
      const overBare = floor.timing.median / report.clean.bare.median
      assert.ok(Math.abs(floor.floorOverBare - overBare) < 0.002, 'core floor / bare')
      assert.match(run.stdout, /@actions\/core floor \(no request\) +\d+\.\d ms/)
      assert.match(run.stdout, /action \/ core floor, medians +\d+\.\d\d×/)
      assert.match(run.stdout, /core floor \/ bare, medians +\d+\.\d\d×/)
      // A clean run reads the latest log only; a run with findings also reads its detail.
      assert.equal(report.requests.clean, 1)
      assert.equal(report.requests.findings, 2)
      assert.equal(report.clean.bare.requestsPerRun, 1)
      assert.equal(report.findings.bare.requestsPerRun, 2)
      assert.equal(report.bundle.files[0].file, 'index.js')
      assert.ok(report.bundle.files[0].bytes > 0)
      assert.deepEqual(
        report.memory.map(
          (m: { scenario: string; process: string }) => `${m.process} ${m.scenario}`
        ),
        ['action clean', 'action findings', 'action many-findings', 'bare clean']
      )
      assert.deepEqual(
        report.latency.map((l: { pollInterval: number }) => l.pollInterval),
        QUICK_OPTIONS.pollIntervals
      )
      for (const figure of report.latency) {
        const intervalMs = figure.pollInterval * 1000
        assert.equal(figure.runs[0].result, 'passed')
        // Completion mid-interval: the next poll came about half an interval after it.
        assert.equal(figure.stepMs, latencyStepMs(QUICK_OPTIONS.stepMs as number, intervalMs))
        assert.equal(figure.completesAtMs, 2 * figure.stepMs)
        assert.equal(figure.phaseMs, intervalMs / 2)
        assert.ok(figure.nextPollMs.median >= intervalMs * 0.25, `${figure.nextPollMs.median}`)
        assert.ok(figure.nextPollMs.median <= intervalMs * 0.75, `${figure.nextPollMs.median}`)
        assert.ok(figure.maxPollGapMs.max >= intervalMs * 0.9)
        assert.ok(figure.verdictMs.median > figure.nextPollMs.median)
        assert.equal(figure.goalMs, intervalMs + POLL_JITTER_MS)
        assert.equal(figure.goalMet, pollGoalMet(figure.runs[0], intervalMs))
      }
      assert.match(run.stdout, /goal: next poll ≤ interval \+ 50 ms +(ok|goal missed)/)
      assert.equal(report.gates.gates, 8)
      const results = Object.values(report.gates.results as Record<string, number>)
      assert.equal(
        results.reduce((a, b) => a + b, 0),
        8
      )
      // Ten requests per two seconds cannot serve eight gates polling every second.
      assert.ok(report.gates.tooManyRequests > 0)
      assert.ok(!run.stdout.includes('d360_sk_simulator_secret_token'), 'the token leaked')
    }
  )
})
