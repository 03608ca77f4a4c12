// The benchmark end to end (`npm run test:slow`, about half a minute): a real ncc build of
// the @actions/core floor, a --quick run of every section of tools/bench.ts against the built
// dist/, and the command line's refusals. The fast parts are in test/unit/bench.alone.test.ts.

import assert from 'node:assert/strict'
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { CORE_FLOOR_SOURCE, buildCoreFloor } from '../../tools/bench/core-floor.ts'
import { latencyStepMs, pollBoundMs, pollGoalMet } from '../../tools/bench/latency.ts'
import { QUICK_OPTIONS, USAGE } from '../../tools/bench/options.ts'
import { runProcess } from '../../tools/bench/process.ts'
import type { Report } from '../../tools/bench/report.ts'
import { parseOutputFile } from '../../tools/run-action.ts'

const BENCH = fileURLToPath(new URL('../../tools/bench.ts', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'bench-slow-test-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

function defined<T>(value: T | undefined, what: string): T {
  assert.ok(value !== undefined, `the report has ${what}`)
  return value
}

function runNode(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return runProcess({ command: process.execPath, args, env: env as Record<string, string> })
}

describe('the @actions/core floor, bundled', () => {
  it('builds a bundle that runs without node_modules, and removes its link', async () => {
    const dir = join(scratch, 'core-floor-build')
    const built = await buildCoreFloor(dir)
    assert.equal(built.error, undefined)
    assert.equal(built.bundle, join(dir, 'core-floor', 'index.mjs'))
    assert.ok((built.bytes ?? 0) > 100_000, 'undici is in the bundle')
    assert.throws(() => lstatSync(join(dir, 'node_modules')), /ENOENT/)
    const output = join(dir, 'set_output')
    writeFileSync(output, '')
    const run = await runNode([defined(built.bundle, 'a bundle')], {
      ...process.env,
      GITHUB_OUTPUT: output
    })
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(parseOutputFile(readFileSync(output, 'utf8')), { x: 'y' })
  })
})

describe('tools/bench.ts, whole', () => {
  it('runs every section with --quick: tables, then the same JSON on stdout and in --json', async () => {
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

    const lastLine = run.stdout.trimEnd().split('\n').pop() ?? ''
    const report = JSON.parse(lastLine) as Report
    assert.deepEqual(report, JSON.parse(readFileSync(jsonFile, 'utf8')))
    assert.equal(report.meta.node, process.version)
    const clean = defined(report.clean, 'clean')
    assert.equal(clean.action.n, QUICK_OPTIONS.runs)
    assert.equal(clean.bare.n, QUICK_OPTIONS.runs)
    assert.ok(clean.action.median > 0 && clean.bare.median > 0)
    const expected = clean.action.median / clean.bare.median
    assert.ok(Math.abs(clean.ratio - expected) < 0.002, 'ratio of the medians')
    assert.equal(typeof clean.goalMet, 'boolean')
    // The @actions/core floor ran in the same rotation, with no request.
    const floor = defined(clean.coreFloor, 'core floor')
    assert.equal(floor.error, undefined, floor.error)
    assert.equal(floor.source, CORE_FLOOR_SOURCE)
    const timing = defined(floor.timing, 'core floor timing')
    assert.equal(timing.n, QUICK_OPTIONS.runs)
    assert.equal(timing.requestsPerRun, 0)
    const overFloor = clean.action.median / timing.median
    assert.ok(Math.abs((floor.actionOverFloor ?? NaN) - overFloor) < 0.002, 'action / floor')
    const overBare = timing.median / clean.bare.median
    assert.ok(Math.abs((floor.floorOverBare ?? NaN) - overBare) < 0.002, 'core floor / bare')
    assert.match(run.stdout, /@actions\/core floor \(no request\) +\d+\.\d ms/)
    assert.match(run.stdout, /action \/ core floor, medians +\d+\.\d\d×/)
    assert.match(run.stdout, /core floor \/ bare, medians +\d+\.\d\d×/)
    // A clean run reads the latest log only; a run with findings also reads its detail.
    const requests = defined(report.requests, 'requests')
    assert.equal(requests.clean, 1)
    assert.equal(requests.findings, 2)
    assert.equal(clean.bare.requestsPerRun, 1)
    assert.equal(report.findings?.bare.requestsPerRun, 2)
    const [entry] = defined(report.bundle, 'bundle').files
    assert.equal(entry?.file, 'index.js')
    assert.ok((entry?.bytes ?? 0) > 0)
    assert.deepEqual(
      defined(report.memory, 'memory').map(m => `${m.process} ${m.scenario}`),
      ['action clean', 'action findings', 'action many-findings', 'bare clean']
    )
    const latency = defined(report.latency, 'latency')
    assert.deepEqual(
      latency.map(l => l.pollInterval),
      QUICK_OPTIONS.pollIntervals
    )
    for (const figure of latency) {
      const intervalMs = figure.pollInterval * 1000
      const [first] = figure.runs
      assert.equal(first?.result, 'passed')
      // Completion mid-interval: the next poll came about half an interval after it.
      assert.equal(figure.stepMs, latencyStepMs(QUICK_OPTIONS.stepMs ?? NaN, intervalMs))
      assert.equal(figure.completesAtMs, 2 * figure.stepMs)
      assert.equal(figure.phaseMs, intervalMs / 2)
      assert.ok(figure.nextPollMs.median >= intervalMs * 0.25, `${figure.nextPollMs.median}`)
      assert.ok(figure.nextPollMs.median <= intervalMs * 0.75, `${figure.nextPollMs.median}`)
      assert.ok(figure.maxPollGapMs.max >= intervalMs * 0.9)
      assert.ok(figure.verdictMs.median > figure.nextPollMs.median)
      assert.equal(figure.goalMs, pollBoundMs(intervalMs))
      assert.equal(figure.goalMet, first !== undefined && pollGoalMet(first, intervalMs))
    }
    assert.match(run.stdout, /goal: next poll ≤ interval \+ 10 % \+ 50 ms +(ok|goal missed)/)
    const gates = defined(report.gates, 'gates')
    assert.equal(gates.gates, 8)
    const results = Object.values(gates.results)
    assert.equal(
      results.reduce((a, b) => a + b, 0),
      8
    )
    // Ten requests per two seconds cannot serve eight gates polling every second.
    assert.ok(gates.tooManyRequests > 0)
    assert.ok(!run.stdout.includes('d360_sk_simulator_secret_token'), 'the token leaked')
  })
})

// The command line's refusals (each a process of tools/bench.ts).
describe('tools/bench.ts', () => {
  it('refuses an unknown flag with the usage and exit 2, before running anything', async () => {
    const run = await runNode([BENCH, '--fastest'])
    assert.equal(run.code, 2)
    assert.match(run.stderr, /Unknown option '--fastest'/)
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
    // (findings: no core floor to bundle first, so this takes a second, not ten)
    const run = await runNode([BENCH, '--quick', '--only', 'findings', '--dist', broken])
    assert.equal(run.code, 1)
    assert.match(
      run.stderr,
      /could not run: findings \(calibration run\): expected result 'failed'/
    )
    assert.match(run.stderr, /cannot start/)
    assert.doesNotMatch(run.stdout, /"meta"/)
  })
})
