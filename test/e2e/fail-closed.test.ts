// End to end, the built dist/index.js against the simulator: a green step means Document360
// imported the spec within the limits, whatever words, clocks, ids or numbers the server or
// the workflow uses. Statuses in other words, offset-less times under other TZ values, ids that
// would leave the logs endpoint, and counts that disagree with the findings listed.

import type { GateReport } from '../../src/report/types.ts'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runAction, type RunResult } from '../../tools/run-action.ts'
import { simulatorInputs } from '../../tools/simulator.ts'
import {
  startSimulator,
  type Scenario,
  type ScenarioDetail,
  type ScenarioLog,
  type Simulator
} from '../../tools/simulator.ts'

interface GateRun extends RunResult {
  sim: Simulator
}

const LOG_ID = '0c0ffee0-0000-4000-8000-00000000fa11'

async function gate(
  scenario: string | Scenario,
  inputs: Record<string, string | undefined> = {},
  env: Record<string, string> = {}
): Promise<GateRun> {
  const sim = await startSimulator({ scenario })
  try {
    const result = await runAction({
      inputs: { ...simulatorInputs(sim), 'poll-interval': '1', 'wait-timeout': '5', ...inputs },
      env
    })
    assertNothingInjected(result)
    return { ...result, sim }
  } finally {
    await sim.close()
  }
}

/** Every workflow command in the output is one the gate meant: none is API text's own. */
function assertNothingInjected(result: RunResult): void {
  for (const command of result.commands) {
    assert.ok(
      ['add-mask', 'debug', 'error', 'warning', 'notice'].includes(command.name),
      command.line
    )
    assert.ok(!/^pwned/.test(command.value), command.line)
  }
}

function failureMessages(result: RunResult): string[] {
  return result.annotations.filter(a => a.kind === 'error' && !a.file).map(a => a.message)
}

function oneLog(log: Partial<ScenarioLog>): Scenario {
  return {
    name: 'custom',
    description: 'custom',
    logs: [
      {
        id: LOG_ID,
        status: 'Completed',
        errorCount: 0,
        warningCount: 0,
        createdAtMs: -60_000,
        ...log
      }
    ]
  }
}

// Every way of spelling a status is proven on classifyStatus and decide (unit tests); these
// prove the wiring through the built action, one of each kind.
describe('statuses in other words', { concurrency: 4 }, () => {
  for (const status of ['ImportFailed', 'completed_with_errors\n::warning::pwned']) {
    it(`${JSON.stringify(status)} with zero counts fails, never passes`, async () => {
      const run = await gate(oneLog({ status }), { 'max-errors': '100' })
      assert.equal(run.outputs.result, 'failed', run.stdout)
      assert.equal(run.code, 1)
      assert.ok(failureMessages(run).some(m => m.includes('reports the import as')))
    })
  }

  for (const status of ['Skipped\n::notice::pwned']) {
    it(`${JSON.stringify(status)} cannot be placed: error quoting it and the counts`, async () => {
      const run = await gate(oneLog({ status, warningCount: 1 }))
      assert.equal(run.outputs.result, 'error', run.stdout)
      assert.equal(run.code, 1)
      const [message] = failureMessages(run)
      assert.ok(message?.includes(JSON.stringify(status)), message)
      assert.match(message ?? '', /it counted 0 errors and 1 warning/)
      assert.match(message ?? '', /import log 0c0ffee0…/)
    })
  }

  it("the simulator's unknown-status scenario ends in error", async () => {
    const run = await gate('unknown-status')
    assert.equal(run.outputs.result, 'error')
    assert.ok(failureMessages(run).some(m => m.includes('"PartiallyImported"')))
  })

  it('"Completed with warnings" is a success judged by its counts', async () => {
    const run = await gate(oneLog({ status: 'CompletedWithWarnings', warningCount: 3 }))
    assert.equal(run.outputs.result, 'passed', run.stdout)
    assert.equal(run.code, 0)
  })
})

describe('time zones: created_at without an offset is UTC', { concurrency: 4 }, () => {
  /** `ms` from now as Document360 might send it: ISO 8601 without an offset. */
  const offsetLess = (ms: number): string => new Date(Date.now() + ms).toISOString().slice(0, 19)

  for (const TZ of ['America/Los_Angeles', 'Pacific/Pago_Pago']) {
    it(`TZ=${TZ}: a passed import two hours old is not the import since 15m asks for`, async () => {
      const run = await gate(
        oneLog({ createdAt: offsetLess(-2 * 3_600_000) }),
        { since: '15m', 'wait-timeout': '1' },
        { TZ }
      )
      assert.equal(run.outputs.result, 'timed-out', run.stdout)
      assert.match(failureMessages(run)[0] ?? '', /no import new enough/i)
    })
  }

  for (const TZ of ['Asia/Tokyo', 'Pacific/Kiritimati']) {
    it(`TZ=${TZ}: an import a minute old is new enough for since 15m`, async () => {
      // `since` without an offset is UTC too.
      const createdAt = offsetLess(-60_000)
      const run = await gate(oneLog({ createdAt }), { since: offsetLess(-15 * 60_000) }, { TZ })
      assert.equal(run.outputs.result, 'passed', run.stdout)
      assert.equal(run.outputs['created-at'], createdAt, 'reported as Document360 wrote it')
    })
  }
})

describe('ids that would leave the logs endpoint', { concurrency: 4 }, () => {
  for (const [input, id] of [
    ['api-reference-id', '..'],
    ['project-id', '%2e%2E'],
    ['log-id', 'a%2Fb'],
    ['log-id', 'abc\n::error::pwned']
  ] as const) {
    it(`${input} ${JSON.stringify(id)} is an input error before any request`, async () => {
      const run = await gate('clean', { [input]: id })
      assert.equal(run.outputs.result, 'error')
      assert.equal(run.code, 1)
      assert.equal(run.sim.requests.length, 0, 'no request was made')
      const [message] = failureMessages(run)
      assert.match(message ?? '', new RegExp(`^Input "${input}" (is|contains)`))
      assert.ok(!message?.includes('\n'), message)
    })
  }

  for (const id of ['..', '%2e%2e', 'a/b']) {
    it(`a log id ${JSON.stringify(id)} from the server makes the run an error, unrequested`, async () => {
      // Success with warnings: the findings would be fetched for this id.
      const run = await gate(oneLog({ id, status: 'Success', warningCount: 2 }))
      assert.equal(run.outputs.result, 'error', run.stdout)
      assert.equal(run.code, 1)
      assert.deepEqual(
        run.sim.requests.map(r => r.kind),
        ['list'],
        'only the list was requested'
      )
      assert.match(failureMessages(run)[0] ?? '', /listed an import log whose id/)
    })
  }

  it('with log-id, an unusable entry of another log is passed over', async () => {
    const scenario: Scenario = {
      name: 'custom',
      description: 'custom',
      logs: [
        { id: '..', status: 'Completed', errorCount: 0, warningCount: 0, createdAtMs: -60_000 },
        { id: LOG_ID, status: 'Completed', errorCount: 1, warningCount: 0, createdAtMs: -120_000 }
      ]
    }
    const run = await gate(scenario, { 'log-id': LOG_ID })
    assert.equal(run.outputs.result, 'failed', run.stdout)
    assert.equal(run.outputs['log-id'], LOG_ID)
    const detail = run.sim.requests.filter(r => r.kind === 'detail')
    assert.deepEqual(
      detail.map(r => r.path),
      [`/v3/projects/${run.sim.projectId}/api-references/${run.sim.apiReferenceId}/logs/${LOG_ID}`]
    )
  })
})

describe('counts and listed findings (issue 12)', { concurrency: 4 }, () => {
  it("the documentation's own bodies: 0 errors counted, 1 listed: failed, saying both", async () => {
    const run = await gate('docs-example')
    assert.equal(run.outputs.result, 'failed', run.stdout)
    assert.equal(run.code, 1)
    assert.equal(run.outputs['error-count'], '0', 'the output stays the count')
    assert.equal(run.outputs['warning-count'], '2')
    const report = JSON.parse(run.outputs.report ?? '') as GateReport
    assert.equal(report.errorCount, 0)
    assert.equal(report.listedErrorCount, 1)
    assert.equal(report.listedWarningCount, 1)
    const disagreement = run.annotations.filter(
      a => a.kind === 'warning' && a.message.startsWith('Document360 reported')
    )
    assert.deepEqual(
      disagreement.map(a => a.message),
      [
        'Document360 reported 0 errors but listed 1, and 2 warnings but listed 1: judged on ' +
          '1 error and 2 warnings.'
      ]
    )
    assert.ok(failureMessages(run).some(m => m.includes('1 error (0 counted, 1 listed)')))
    assert.ok(
      run.annotations.some(a => a.kind === 'error' && a.message.includes("required field 'type'")),
      'the listed error is annotated as an error'
    )
    assert.match(
      run.stdout,
      /0 errors \(1 listed, max 0\), 2 warnings \(1 listed, no limit\): failed/
    )
  })

  it('fewer listed than counted: the count still rules', async () => {
    const detail: ScenarioDetail = { errors: [{ message: 'Only one listed', path: '/paths' }] }
    const run = await gate(oneLog({ errorCount: 3, detail }), { 'max-errors': '2' })
    assert.equal(run.outputs.result, 'failed', run.stdout)
    assert.equal(run.outputs['error-count'], '3')
    assert.equal((JSON.parse(run.outputs.report ?? '') as GateReport).listedErrorCount, 1)
    assert.ok(
      run.annotations.some(
        a =>
          a.kind === 'warning' && a.message.includes('reported 3 errors but listed 1: judged on 3')
      )
    )
  })

  it('a clean import still needs no detail request', async () => {
    const run = await gate(oneLog({ status: 'Success' }))
    assert.equal(run.outputs.result, 'passed')
    assert.deepEqual(
      run.sim.requests.map(r => r.kind),
      ['list']
    )
    assert.equal((JSON.parse(run.outputs.report ?? '') as GateReport).listedErrorCount, undefined)
  })
})
