// `npm run bench` (tools/bench.ts): options, statistics, formatting, the latency goal, the
// two floors (bare node's script against a loopback server, the @actions/core floor's entry
// and its failures) and the command line's refusals. A whole --quick run and a real ncc
// build of the core floor are in test/slow/bench.slow.ts (`npm run test:slow`).

import assert from 'node:assert/strict'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { BARE_SCRIPT, bareRequests } from '../../tools/bench/bare-floor.ts'
import { CORE_FLOOR_SOURCE, buildCoreFloor } from '../../tools/bench/core-floor.ts'
import {
  formatKiB,
  formatMiB,
  formatMs,
  formatRatio,
  formatTable,
  goalText,
  roundFigures
} from '../../tools/bench/format.ts'
import { POLL_JITTER_MS, latencyStepMs, pollGaps, pollGoalMet } from '../../tools/bench/latency.ts'
import {
  DEFAULT_OPTIONS,
  QUICK_OPTIONS,
  USAGE,
  benchOptions,
  parseRateLimit
} from '../../tools/bench/options.ts'
import { failureReason, runProcess, verdictOf } from '../../tools/bench/process.ts'
import { median, ratio, roundOrder, summarize } from '../../tools/bench/stats.ts'
import { REPO_ROOT, parseOutputFile } from '../../tools/run-action.ts'

const scratch = mkdtempSync(join(tmpdir(), 'bench-test-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

/** Runs this Node with `args` in the repository, as the benchmark spawns its children. */
function runNode(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return runProcess({ command: process.execPath, args, env: env as Record<string, string> })
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
  it('runs every section with the defaults when given no flags', () => {
    assert.deepEqual(benchOptions([]), { ...DEFAULT_OPTIONS, quick: false, help: false })
  })

  it('runs resync-gates (minutes long) only when asked for, 50 gates on 60 a minute', () => {
    assert.ok(!benchOptions([]).only.includes('resync-gates'))
    const options = benchOptions(['--only', 'resync-gates', '--seed', '7'])
    assert.deepEqual(options.only, ['resync-gates'])
    assert.equal(options.resyncGates, 50)
    assert.deepEqual(options.resyncRateLimit, { limit: 60, windowMs: 60_000 })
    assert.equal(options.resyncPollInterval, 5)
    assert.equal(options.seed, 7)
    assert.deepEqual(benchOptions(['--resync-rate-limit', '100/60']).resyncRateLimit, {
      limit: 100,
      windowMs: 60_000
    })
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
    const quick = benchOptions(['--quick'])
    assert.equal(quick.runs, QUICK_OPTIONS.runs)
    assert.equal(quick.warmup, QUICK_OPTIONS.warmup)
    assert.equal(quick.quick, true)
    assert.equal(benchOptions(['--runs', '7', '--quick']).runs, 7)
    assert.equal(benchOptions(['--quick', '--runs', '7']).runs, 7)
  })

  it('reads every flag', () => {
    const options = benchOptions([
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
      '--against',
      'other',
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
    assert.equal(options.against, 'other')
    assert.equal(options.help, true)
  })

  it('refuses bad values with a message naming the flag', () => {
    assert.throws(() => benchOptions(['--runs', '0']), /--runs needs a whole number of at least 1/)
    assert.throws(() => benchOptions(['--runs', '2.5']), /--runs/)
    assert.throws(() => benchOptions(['--runs']), /--runs <value>' argument missing/)
    assert.throws(() => benchOptions(['--runs', '--quick']), /--runs' argument is ambiguous/)
    assert.throws(() => benchOptions(['--poll-intervals', '1,x']), /--poll-intervals/)
    assert.throws(() => benchOptions(['--only', 'clean,speed']), /unknown section 'speed'/)
    assert.throws(() => benchOptions(['--json', '']), /--json needs a file path/)
    assert.throws(() => benchOptions(['--dist', '']), /--dist needs a folder/)
    assert.throws(() => benchOptions(['--against', '']), /--against needs a folder/)
    assert.throws(() => benchOptions(['--fast']), /^Error: Unknown option '--fast'$/)
    assert.throws(() => benchOptions(['clean']), /Unexpected argument 'clean'/)
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
    // One interval, the gate's ±10 % jitter and timer slack.
    const bound = 1100 + POLL_JITTER_MS
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
