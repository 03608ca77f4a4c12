// End to end: hostile text from every direction (API messages, paths, statuses and ids,
// inputs with line breaks, debug mode) never becomes a workflow command of its own: every
// command in the whole output is one the gate writes, and none carries the payload at its start.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { simulatorInputs } from '../../tools/simulator.ts'
import { runAction, type RunResult } from '../../tools/run-action.ts'
import { startSimulator, type Scenario } from '../../tools/simulator.ts'

const PAYLOAD = 'pwned'
/** The commands @actions/core writes for the gate. */
const GATE_COMMANDS = new Set(['add-mask', 'debug', 'error', 'warning', 'notice'])

function withStatus(status: string): Scenario {
  return {
    name: 'hostile-status',
    description: 'a status that tries to start commands',
    logs: [{ id: 'log-1', status, errorCount: 1, warningCount: 0, createdAtMs: -60_000 }]
  }
}

async function hostileRun(
  scenario: string | Scenario,
  inputs: Record<string, string> = {}
): Promise<RunResult> {
  const sim = await startSimulator({ scenario })
  try {
    return await runAction({
      inputs: { ...simulatorInputs(sim), 'wait-timeout': '2', 'poll-interval': '1', ...inputs },
      env: { RUNNER_DEBUG: '1' }
    })
  } finally {
    await sim.close()
  }
}

function assertNoForeignCommands(run: RunResult): void {
  for (const command of run.commands) {
    assert.ok(GATE_COMMANDS.has(command.name), `foreign command: ${command.line}`)
    assert.ok(!command.value.trimStart().startsWith(PAYLOAD), `injected: ${command.line}`)
  }
  for (const line of `${run.stdout}\n${run.stderr}`.split(/\r\n|\r|\n/)) {
    assert.doesNotMatch(line, /^\s*##\[/, `legacy command: ${line}`)
  }
}

describe('no workflow command but the gate’s own, end to end', { concurrency: 3 }, () => {
  const cases: [string, () => Promise<RunResult>][] = [
    [
      'messages and paths, in debug mode',
      async () => {
        const run = await hostileRun('injection')
        assert.ok(
          run.commands.some(command => command.name === 'debug'),
          'debug lines printed'
        )
        return run
      }
    ],
    [
      'a status with line breaks',
      () => hostileRun(withStatus(`Completed\n::error::${PAYLOAD}\n##[error]${PAYLOAD}`))
    ],
    [
      'an api-reference-id with a line break',
      () => hostileRun('clean', { 'api-reference-id': `ref\n::error::${PAYLOAD}` })
    ],
    [
      'a log-id with a line break',
      () => hostileRun('clean', { 'log-id': `x\n::warning::${PAYLOAD}` })
    ],
    ['a since with a line break', () => hostileRun('clean', { since: `15m\n::error::${PAYLOAD}` })],
    [
      'a spec-file with a line break',
      () => hostileRun('findings', { 'spec-file': `missing.yaml\n::error::${PAYLOAD}` })
    ]
  ]
  for (const [name, run] of cases) {
    it(name, async () => assertNoForeignCommands(await run()))
  }
})
