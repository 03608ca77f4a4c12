// End to end: whatever the servers do (Document360 hangs or trickles, GitHub hangs on the PR
// comment), the step ends within wait-timeout plus the overrun run() allows (30 s in a real
// run), with an `error` result and a message that says what happened. Proven here with an
// overrun of seconds, through src/main.ts's run() (test/fixtures/short-budget-action.ts);
// test/slow/time-budget.slow.ts proves the real 30 s on the built dist/index.js
// (`npm run test:slow`).

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import { GitHubStandIn } from '../../tools/github-api.ts'
import { DEFAULT_GITHUB_ENV, runAction, type RunActionOptions } from '../../tools/run-action.ts'
import { simulatorInputs, startSimulator } from '../../tools/simulator.ts'

const SHORT_BUDGET_ACTION = fileURLToPath(
  new URL('../fixtures/short-budget-action.ts', import.meta.url)
)
const WAIT_TIMEOUT_S = 1
const OVERRUN_MS = 3000
/** Timers firing late and the process exiting, on a busy machine. */
const SLACK_MS = 2000
const BOUND_MS = WAIT_TIMEOUT_S * 1000 + OVERRUN_MS + SLACK_MS
const RUN_STARTS = 'short-budget-action: run() starts'

/** Runs the gate with the short budget; `tookMs` counts from run(), not from loading sources. */
async function shortBudgetRun(options: RunActionOptions) {
  let startedAt = Number.NaN
  const run = await runAction({
    ...options,
    entry: SHORT_BUDGET_ACTION,
    env: { ...options.env, GATE_TEST_OVERRUN_MS: String(OVERRUN_MS) },
    // Loading the sources is not the gate's time (the built action loads in 0.2 s).
    onLine: line => {
      if (line === RUN_STARTS) startedAt = performance.now()
    },
    timeoutMs: BOUND_MS + 20_000
  })
  return { run, tookMs: performance.now() - startedAt }
}

describe('the time budget, end to end', { concurrency: 3 }, () => {
  for (const [scenario, server] of [
    ['hang', 'a server that never answers'],
    ['trickle', 'a server that trickles its body']
  ] as const) {
    it(`stops ${server} within wait-timeout + the overrun`, async () => {
      const sim = await startSimulator({ scenario, params: { trickleIntervalMs: 500 } })
      try {
        const { run, tookMs } = await shortBudgetRun({
          inputs: { ...simulatorInputs(sim), 'wait-timeout': String(WAIT_TIMEOUT_S) }
        })
        assert.equal(run.timedOut, false, 'the harness did not have to kill it')
        assert.ok(tookMs < BOUND_MS, `run() took ${Math.round(tookMs)} ms to the exit`)
        assert.equal(run.code, 1, run.stderr)
        assert.equal(run.outputs.result, 'error')
        const failure = run.annotations.find(a => a.kind === 'error')
        assert.match(failure?.message ?? '', /gave no complete answer .* in time/)
      } finally {
        await sim.close()
      }
    })
  }

  it('stops within wait-timeout + the overrun when GitHub hangs on the PR comment too', async () => {
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
      const { run, tookMs } = await shortBudgetRun({
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
        }
      })
      assert.equal(run.timedOut, false, 'the harness did not have to kill it')
      assert.ok(tookMs < BOUND_MS, `run() took ${Math.round(tookMs)} ms to the exit`)
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
