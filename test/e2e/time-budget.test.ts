// End to end: whatever the servers do (Document360 hangs or trickles, GitHub hangs on the PR
// comment), the step ends within wait-timeout plus 30 seconds, with an `error` result and a
// message that says what happened.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { GitHubStandIn } from '../support/github-api.ts'
import { simulatorInputs } from '../support/gate-inputs.ts'
import { DEFAULT_GITHUB_ENV, runAction } from '../support/run-action.ts'
import { startSimulator } from '../support/simulator.ts'

const WAIT_TIMEOUT_S = 2
/** The promise, plus a little for the harness to spawn and reap the process. */
const BOUND_MS = (WAIT_TIMEOUT_S + 30) * 1000 + 2000

describe('the time budget, end to end', { concurrency: 3 }, () => {
  for (const [scenario, server] of [
    ['hang', 'a server that never answers'],
    ['trickle', 'a server that trickles its body']
  ]) {
    it(`stops ${server} within wait-timeout + 30 s`, async () => {
      const sim = await startSimulator({ scenario, params: { trickleIntervalMs: 500 } })
      try {
        const run = await runAction({
          inputs: { ...simulatorInputs(sim), 'wait-timeout': String(WAIT_TIMEOUT_S) },
          timeoutMs: BOUND_MS + 10_000
        })
        assert.equal(run.timedOut, false, 'the harness did not have to kill it')
        assert.ok(run.durationMs < BOUND_MS, `took ${run.durationMs} ms`)
        assert.equal(run.code, 1)
        assert.equal(run.outputs.result, 'error')
        const failure = run.annotations.find(a => a.kind === 'error')
        assert.match(failure?.message ?? '', /gave no complete answer .* in time/)
      } finally {
        await sim.close()
      }
    })
  }

  it('stops within wait-timeout + 30 s when GitHub hangs on the PR comment too', async () => {
    const sim = await startSimulator({ scenario: 'hang' })
    const github = new GitHubStandIn({
      repository: DEFAULT_GITHUB_ENV.GITHUB_REPOSITORY as string,
      pullNumber: 5
    })
    await github.start()
    github.hang = true
    const eventDir = await mkdtemp(join(tmpdir(), 'gate-event-'))
    try {
      await writeFile(join(eventDir, 'event.json'), JSON.stringify({ pull_request: { number: 5 } }))
      const run = await runAction({
        inputs: {
          ...simulatorInputs(sim),
          'wait-timeout': String(WAIT_TIMEOUT_S),
          'pr-comment': 'true',
          'github-token': 'ghs_budgetTestToken'
        },
        env: {
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: join(eventDir, 'event.json'),
          GITHUB_API_URL: github.url
        },
        timeoutMs: BOUND_MS + 10_000
      })
      assert.equal(run.timedOut, false, 'the harness did not have to kill it')
      assert.ok(run.durationMs < BOUND_MS, `took ${run.durationMs} ms`)
      assert.equal(run.outputs.result, 'error')
      assert.ok(github.requests.length > 0, 'the comment was attempted')
      const warning = run.annotations.find(a => a.kind === 'warning')
      assert.match(
        warning?.message ?? '',
        /pull-request comment was not written.*did not answer in time/
      )
    } finally {
      await github.stop()
      await sim.close()
      await rm(eventDir, { recursive: true, force: true })
    }
  })
})
