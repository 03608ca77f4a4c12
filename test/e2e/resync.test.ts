// End to end: the gate starts the import itself (resync-url), judges exactly that import and
// publishes only after a pass (publish: on-pass), through the built dist/index.js against the
// simulator. Writes are counted at the simulator: a resync or publish is never sent twice once
// it may have reached Document360. The token never shows (but in ::add-mask::).

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { GateReport } from '../../src/report/types.ts'
import { runAction, type RunResult } from '../../tools/run-action.ts'
import {
  simulatorInputs,
  startSimulator,
  type Scenario,
  type ScenarioResync,
  type Simulator,
  type SimulatorOptions
} from '../../tools/simulator.ts'

const SPEC_URL = 'https://specs.example.com/petstore/abc123/openapi.yaml'
const WORKSPACE = 'ws-docs'

interface GateRun extends RunResult {
  sim: Simulator
}

/** An API reference with one older import; `resync` says how the import a resync starts ends. */
function scenario(resync: ScenarioResync = {}, more: Partial<Scenario> = {}): Scenario {
  return {
    name: 'custom',
    description: 'custom',
    logs: [
      {
        id: '01d00000-0000-4000-8000-000000000001',
        status: 'Failed',
        errorCount: 4,
        warningCount: 0,
        createdAtMs: -3_600_000
      }
    ],
    resync: { appearAfterMs: 300, inProgressAfterMs: 600, runMs: 1500, ...resync },
    ...more
  }
}

async function gate(
  play: Scenario,
  inputs: Record<string, string | undefined> = {},
  sim: SimulatorOptions = {}
): Promise<GateRun> {
  const simulator = await startSimulator({ scenario: play, workspaceId: WORKSPACE, ...sim })
  try {
    const result = await runAction({
      inputs: {
        ...simulatorInputs(simulator),
        'resync-url': SPEC_URL,
        publish: 'on-pass',
        'workspace-id': WORKSPACE,
        'poll-interval': '1',
        'wait-timeout': '15',
        ...inputs
      }
    })
    assertTokenNeverShown(result, simulator.token)
    return { ...result, sim: simulator }
  } finally {
    await simulator.close()
  }
}

function assertTokenNeverShown(result: RunResult, token: string): void {
  const lines = `${result.stdout}\n${result.stderr}`.split('\n')
  const leaks = lines.filter(line => line.includes(token) && line.trim() !== `::add-mask::${token}`)
  assert.deepEqual(leaks, [], 'the token appears in the log')
  for (const [name, value] of Object.entries(result.outputs)) {
    assert.ok(!value.includes(token), `output ${name} contains the token`)
  }
  assert.ok(!result.summary.includes(token), 'the summary contains the token')
  assert.ok(!(result.reportFileText ?? '').includes(token), 'the report file contains the token')
}

const writes = (run: GateRun, kind: 'resync' | 'publish') =>
  run.sim.requests.filter(request => request.kind === kind)

function failureMessages(result: RunResult): string[] {
  return result.annotations.filter(a => a.kind === 'error' && !a.file).map(a => a.message)
}

describe('resync and publish, end to end', { concurrency: 4 }, () => {
  it('resyncs, judges exactly the import it started, passes and publishes', async () => {
    const run = await gate(scenario())
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.result, 'passed')
    assert.equal(run.outputs.published, 'true')
    const [started] = run.sim.imports
    assert.equal(run.sim.imports.length, 1)
    assert.equal(run.outputs['log-id'], started?.logId)
    const [put] = writes(run, 'resync')
    assert.equal(writes(run, 'resync').length, 1)
    assert.deepEqual(put?.body, { url: SPEC_URL, publish_articles: false })
    // The snapshot before the resync: one list of the newest 25.
    const [snapshot] = run.sim.requests
    assert.equal(snapshot?.kind, 'list')
    assert.equal(snapshot?.query.page_size, '25')
    assert.deepEqual(
      run.sim.publishes.map(p => [p.apiReferenceId, p.workspaceId]),
      [[run.sim.apiReferenceId, WORKSPACE]]
    )
    // Published after the import was seen finished, and only once.
    assert.equal(writes(run, 'publish').length, 1)
    assert.ok((run.sim.publishes[0]?.time ?? 0) >= (started?.finishesAt ?? Infinity))
    assert.match(
      run.stdout,
      /Starting an import of API reference .* from https:\/\/specs\.example\.com\/petstore\/abc123\/openapi\.yaml \(a resync/
    )
    assert.match(run.stdout, /Import 5e5c0000… Completed \(started by this run\): 0 errors/)
    assert.match(run.stdout, /Published API reference .* in workspace ws-docs\./)
    assert.match(run.summary, /\| Started by \| this run \(resync-url\) \|/)
    assert.match(run.summary, /\| Published \| ✅ yes, in workspace `ws-docs` \|/)
    const report = JSON.parse(run.outputs.report ?? '') as GateReport
    assert.equal(report.resync, 'started')
    assert.deepEqual(report.publication, { workspaceId: WORKSPACE, published: true })
  })

  it('an import that fails is judged failed and never published', async () => {
    const run = await gate(scenario({ status: 'Failed', errorCount: 2, warningCount: 0 }))
    assert.equal(run.code, 1)
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.outputs.published, 'false')
    assert.equal(writes(run, 'publish').length, 0)
    assert.equal(run.outputs['log-id'], run.sim.imports[0]?.logId)
    assert.match(run.stdout, /Not publishing: the gate's result is failed/)
    assert.match(run.summary, /\| Published \| no: only a passed import is published \|/)
  })

  it('a spec URL Document360 cannot fetch: the import fails, nothing is published', async () => {
    const run = await gate(scenario(), { 'resync-url': 'https://specs.invalid/openapi.yaml' })
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.outputs.published, 'false')
    assert.equal(writes(run, 'publish').length, 0)
    assert.match(run.stdout, /Could not fetch the OpenAPI document/)
  })

  it('no import log appears in time: timed-out, the resync was accepted, nothing published', async () => {
    const run = await gate(scenario({ appearAfterMs: 60_000, runMs: 90_000 }), {
      'wait-timeout': '3'
    })
    assert.equal(run.code, 1)
    assert.equal(run.outputs.result, 'timed-out')
    assert.equal(run.outputs.published, 'false')
    assert.equal(writes(run, 'resync').length, 1)
    assert.match(
      failureMessages(run)[0] ?? '',
      /timed out: The resync was accepted but no import log has appeared after waiting \ds \(wait-timeout 3s\)\./
    )
  })

  it('a report-only failure leaves the step green but never publishes', async () => {
    const run = await gate(scenario({ warningCount: 3 }), {
      'max-warnings': '1',
      'fail-on-threshold': 'false'
    })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.outputs.published, 'false')
    assert.equal(writes(run, 'publish').length, 0)
  })

  it('a 5xx on the resync after it took effect: never sent again, the new import is judged', async () => {
    const lost: Scenario = scenario(
      {},
      {
        faults: ({ kind }) =>
          kind === 'resync' ? { type: 'problem', status: 502, applied: true } : undefined
      }
    )
    const run = await gate(lost)
    assert.equal(writes(run, 'resync').length, 1, 'the resync was sent again')
    assert.equal(run.sim.imports.length, 1)
    assert.equal(run.outputs.result, 'passed', run.stdout)
    assert.equal(run.outputs['log-id'], run.sim.imports[0]?.logId)
    assert.match(run.stdout, /may or may not have taken effect\. It was not sent again/)
    assert.match(run.stdout, /Import 5e5c0000… Completed \(new since this run's resync\)/)
    assert.equal((JSON.parse(run.outputs.report ?? '') as GateReport).resync, 'uncertain')
  })

  it('a 5xx on the resync and no new import: error, saying it may or may not have started one', async () => {
    const lost: Scenario = scenario(
      {},
      { faults: ({ kind }) => (kind === 'resync' ? { type: 'problem', status: 500 } : undefined) }
    )
    const run = await gate(lost, { 'wait-timeout': '3' })
    assert.equal(writes(run, 'resync').length, 1, 'the resync was sent again')
    assert.equal(run.sim.imports.length, 0)
    assert.equal(run.code, 1)
    assert.equal(run.outputs.result, 'error')
    assert.equal(run.outputs.published, 'false')
    assert.match(
      failureMessages(run)[0] ?? '',
      /HTTP 500 .*may or may not have taken effect.*No new import log appeared within wait-timeout \(3s\), so the resync may or may not have started an import/
    )
  })

  it('a 429 on the resync is retried after Retry-After: one import, judged', async () => {
    let limited = false
    const busy: Scenario = scenario(
      {},
      {
        faults: ({ kind }) => {
          if (kind !== 'resync' || limited) return undefined
          limited = true
          return { type: 'rate-limit', retryAfter: 1 }
        }
      }
    )
    const run = await gate(busy)
    assert.deepEqual(
      writes(run, 'resync').map(request => request.status),
      [429, 202]
    )
    assert.equal(run.sim.imports.length, 1)
    assert.equal(run.outputs.result, 'passed')
    assert.equal(run.outputs['log-id'], run.sim.imports[0]?.logId)
  })

  it('a publish that fails fails the step: the import passed, published is false, not sent again', async () => {
    const failing: Scenario = scenario(
      {},
      { faults: ({ kind }) => (kind === 'publish' ? { type: 'problem', status: 503 } : undefined) }
    )
    const run = await gate(failing)
    assert.equal(run.code, 1)
    assert.equal(run.outputs.result, 'passed')
    assert.equal(run.outputs.published, 'false')
    assert.equal(writes(run, 'publish').length, 1, 'the publish was sent again')
    assert.match(
      failureMessages(run)[0] ?? '',
      /^The import passed but publishing failed: Document360 answered the request to publish API reference .* with HTTP 503 .*may or may not have taken effect/
    )
    assert.match(run.summary, /\| Published \| ❌ no: The import passed but publishing failed/)
  })

  it('a read-only token: the resync gets 403 with the write-access hint, nothing started', async () => {
    const run = await gate(scenario(), {}, { readOnlyToken: true })
    assert.equal(run.outputs.result, 'error')
    assert.equal(run.sim.imports.length, 0)
    assert.equal(writes(run, 'resync').length, 1)
    assert.match(failureMessages(run)[0] ?? '', /HTTP 403.*may not change API references/)
    assert.match(run.summary, /\| Started by \| nobody: the resync was not started \|/)
  })

  it("another run's import between the snapshot and the resync: the newest new one is judged", async () => {
    const crowded = scenario(
      {},
      {
        logs: [
          ...scenario().logs,
          {
            id: '07e40000-0000-4000-8000-000000000002',
            status: 'InProgress',
            errorCount: 0,
            warningCount: 0,
            appearsAtResync: true,
            changes: [{ atMs: 60_000, status: 'Completed', errorCount: 9 }]
          }
        ]
      }
    )
    const run = await gate(crowded)
    assert.equal(run.outputs.result, 'passed', run.stdout)
    assert.equal(run.outputs['log-id'], run.sim.imports[0]?.logId)
    assert.equal(run.outputs.published, 'true')
    const warnings = run.annotations.filter(a => a.kind === 'warning').map(a => a.message)
    assert.ok(
      warnings.some(w =>
        /another import of this API reference started around this run's resync \(07e40000…\)/.test(
          w
        )
      ),
      warnings.join('\n')
    )
  })

  it("a signed spec URL's query is never printed by the gate and is masked", async () => {
    const signature = '7d1f0a9b3c5e2d4f6a8b0c1d3e5f7a9b'
    const url = `https://specs.invalid/openapi.yaml?X-Amz-Signature=${signature}&v=2`
    const run = await gate(scenario(), { 'resync-url': url })
    assert.ok(run.masks.includes(signature), run.masks.join(', '))
    assert.match(run.stdout, /from https:\/\/specs\.invalid\/openapi\.yaml\?… \(a resync/)
    // Only Document360's own finding quotes the URL: the runner masks it there.
    const gateLines = run.stdout
      .split('\n')
      .filter(line => line.includes(signature) && !line.startsWith('::add-mask::'))
    assert.ok(
      gateLines.every(line => /Could not fetch the OpenAPI document/.test(line)),
      gateLines.join('\n')
    )
  })

  describe('input errors, before any request', () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      [
        'resync-url with since',
        { since: '15m' },
        /Input "resync-url" cannot be combined with "since"/
      ],
      [
        'resync-url with log-id',
        { 'log-id': 'abc' },
        /Input "resync-url" cannot be combined with "log-id"/
      ],
      [
        'an http resync-url',
        { 'resync-url': 'http://specs.example.com/a.yaml' },
        /Input "resync-url" must be an absolute https:\/\/ URL/
      ],
      [
        'publish on-pass without workspace-id',
        { 'workspace-id': '' },
        /Input "workspace-id" is required when publish is on-pass/
      ],
      [
        'an unknown publish mode',
        { publish: 'always' },
        /Input "publish" must be never or on-pass; got "always"/
      ]
    ]
    for (const [name, inputs, message] of cases) {
      it(name, async () => {
        const run = await gate(scenario(), inputs)
        assert.equal(run.code, 1)
        assert.equal(run.sim.requests.length, 0)
        assert.equal(run.outputs.result, 'error')
        assert.equal(run.outputs.published, 'false')
        assert.match(failureMessages(run)[0] ?? '', message)
      })
    }
  })
})
