// End to end, on the built dist/index.js with its real budget (`npm run test:slow`, about
// half a minute): whatever the server does (hang, trickle), the step ends within wait-timeout
// plus 30 seconds, with an `error` result and a message that says what happened. The same
// guarantee with a budget of seconds is in test/e2e/time-budget.test.ts.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runAction } from '../../tools/run-action.ts'
import { simulatorInputs, startSimulator } from '../../tools/simulator.ts'

const WAIT_TIMEOUT_S = 2
const BOUND_MS = (WAIT_TIMEOUT_S + 32) * 1000

describe('the time budget, end to end', { concurrency: 2 }, () => {
  for (const [scenario, server] of [
    ['hang', 'a server that never answers'],
    ['trickle', 'a server that trickles its body']
  ] as const) {
    it(`stops ${server} within wait-timeout + 30 s`, async () => {
      const sim = await startSimulator({ scenario, params: { trickleIntervalMs: 500 } })
      try {
        const run = await runAction({
          inputs: {
            ...simulatorInputs(sim),
            'wait-timeout': String(WAIT_TIMEOUT_S)
          },
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
})
