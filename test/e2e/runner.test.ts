// End to end: an odd runner (RUNNER_TEMP a file, no GITHUB_STEP_SUMMARY, a spec that is a
// FIFO or a device, GITHUB_OUTPUT unwritable) gets one named warning, or for outputs that
// cannot be written a named failure; the verdict stands and nothing is reported as a bug.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { simulatorInputs } from '../../tools/simulator.ts'
import { runAction, type RunResult } from '../../tools/run-action.ts'
import { startSimulator } from '../../tools/simulator.ts'

async function gate(
  scenario: string,
  inputs: Record<string, string> = {},
  env: Record<string, string | undefined> = {}
): Promise<RunResult> {
  const sim = await startSimulator({ scenario })
  try {
    return await runAction({ inputs: { ...simulatorInputs(sim), ...inputs }, env })
  } finally {
    await sim.close()
  }
}

function warnings(run: RunResult): string[] {
  return run.annotations.filter(a => a.kind === 'warning' && !a.file).map(a => a.message)
}

function assertNoBugReport(run: RunResult): void {
  assert.doesNotMatch(`${run.stdout}${run.stderr}`, /Unexpected error in the gate/)
}

describe('an odd runner, end to end', { concurrency: 3 }, () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gate-runner-'))
    await writeFile(join(dir, 'pull-request.json'), JSON.stringify({ pull_request: { number: 7 } }))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('RUNNER_TEMP is a file: one warning naming it, the verdict stands', async () => {
    const notADirectory = join(dir, 'runner-temp-file')
    await writeFile(notADirectory, 'x')
    for (const [scenario, result, code] of [
      ['clean', 'passed', 0],
      ['findings', 'failed', 1]
    ] as const) {
      const run = await gate(scenario, {}, { RUNNER_TEMP: notADirectory })
      assert.equal(run.outputs.result, result)
      assert.equal(run.code, code)
      assert.equal(run.outputs['report-file'], undefined)
      assert.ok(run.outputs.report, 'the report output is still set')
      const named = warnings(run).filter(w => /RUNNER_TEMP .*runner-temp-file/.test(w))
      assert.equal(named.length, 1, warnings(run).join('\n'))
      assertNoBugReport(run)
    }
  })

  it('no GITHUB_STEP_SUMMARY: one warning naming it, the verdict stands', async () => {
    const run = await gate('clean', {}, { GITHUB_STEP_SUMMARY: undefined })
    assert.equal(run.outputs.result, 'passed')
    assert.equal(run.code, 0)
    assert.deepEqual(
      warnings(run).filter(w => /GITHUB_STEP_SUMMARY/.test(w)).length,
      1,
      warnings(run).join('\n')
    )
    assertNoBugReport(run)
  })

  for (const [name, spec] of [
    ['a FIFO', () => join(dir, 'spec.fifo')],
    ['a device', () => '/dev/zero']
  ] as const) {
    it(`a spec-file that is ${name}: one warning, findings without lines, at once`, async () => {
      const path = spec()
      if (path.endsWith('.fifo')) execFileSync('mkfifo', [path])
      const run = await gate('findings', { 'spec-file': path })
      assert.equal(run.outputs.result, 'failed')
      assert.equal(run.code, 1)
      const named = warnings(run).filter(w => /not a regular file/.test(w))
      assert.equal(named.length, 1)
      assert.ok(run.durationMs < 15_000, `${run.durationMs} ms`)
      assertNoBugReport(run)
    })
  }

  it('a GITHUB_EVENT_PATH that is a FIFO: the step still ends at once, the verdict stands', async () => {
    const fifo = join(dir, 'event.fifo')
    execFileSync('mkfifo', [fifo])
    const sim = await startSimulator({ scenario: 'clean' })
    try {
      // Before the fix a blocking read of the FIFO never ended, whatever wait-timeout said.
      const run = await runAction({
        inputs: { ...simulatorInputs(sim), 'wait-timeout': '0' },
        env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: fifo },
        timeoutMs: 30_000
      })
      assert.equal(run.timedOut, false)
      assert.equal(run.outputs.result, 'passed')
      assert.equal(run.code, 0)
      assertNoBugReport(run)
    } finally {
      await sim.close()
    }
  })

  it('GITHUB_OUTPUT cannot be written: the step fails, naming the file, not as a bug', async () => {
    const run = await gate('clean', {}, { GITHUB_OUTPUT: dir })
    assert.equal(run.code, 1)
    const failure = run.annotations.find(a => a.kind === 'error')
    assert.match(
      failure?.message ?? '',
      /outputs could not be written to the runner's GITHUB_OUTPUT/
    )
    assertNoBugReport(run)
  })

  it('proxy credentials are masked, and no line prints them', async () => {
    const run = await gate(
      'clean',
      {},
      { HTTP_PROXY: 'http://alice-proxy:s3cret%21Pass@127.0.0.1:9' }
    )
    assert.equal(run.outputs.result, 'error')
    for (const secret of ['alice-proxy', 's3cret!Pass', 's3cret%21Pass']) {
      assert.ok(run.masks.includes(secret), `${secret} is masked`)
      const printed = `${run.stdout}\n${run.stderr}`
        .split('\n')
        .filter(line => !line.startsWith('::add-mask::'))
      assert.ok(!printed.some(line => line.includes(secret)), `${secret} is never printed`)
    }
    assertNoBugReport(run)
  })

  it('a github-token too long for a regular expression: never quoted, the verdict stands', async () => {
    // Redacting it built a RegExp that V8 refused, quoting the token, as "Unexpected error".
    const githubToken = `ghs_${'q'.repeat(40_000)}`
    const run = await gate(
      'clean',
      { 'pr-comment': 'true', 'github-token': githubToken },
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: join(dir, 'pull-request.json'),
        GITHUB_API_URL: 'http://127.0.0.1:9'
      }
    )
    assert.equal(run.outputs.result, 'passed')
    assert.equal(run.code, 0)
    const printed = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
    assert.ok(!printed.some(line => line.includes('ghs_qqqq')), 'no part of the token is printed')
    assert.equal(
      warnings(run).filter(w => /pull-request comment was not written/.test(w)).length,
      1
    )
    assertNoBugReport(run)
  })
})
