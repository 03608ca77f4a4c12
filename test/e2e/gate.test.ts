// End to end: the built dist/index.js, spawned as GitHub would, against the Document360
// simulator on 127.0.0.1. Asserts exit code, outputs, annotations, log lines and that the token
// never shows (but in the ::add-mask:: command the runner consumes).

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runAction, type RunResult } from '../../tools/run-action.ts'
import {
  simulatorInputs,
  startSimulator,
  type Scenario,
  type ScenarioParams,
  type Simulator,
  type SimulatorOptions
} from '../../tools/simulator.ts'

const VERSION = '1.1.0'

interface GateRun extends RunResult {
  sim: Simulator
}

/** Runs the action against a fresh simulator playing `scenario`. */
async function gate(
  scenario: string | Scenario,
  inputs: Record<string, string | undefined> = {},
  options: { params?: ScenarioParams; sim?: SimulatorOptions; env?: Record<string, string> } = {}
): Promise<GateRun> {
  const sim = await startSimulator({ scenario, params: options.params, ...options.sim })
  try {
    const result = await runAction({
      inputs: {
        ...simulatorInputs(sim),
        'poll-interval': '1',
        'wait-timeout': '10',
        ...inputs
      },
      env: options.env
    })
    assertTokenNeverShown(result, sim.token)
    return { ...result, sim }
  } finally {
    await sim.close()
  }
}

function assertTokenNeverShown(result: RunResult, token: string): void {
  const lines = `${result.stdout}\n${result.stderr}`.split('\n')
  const leaks = lines.filter(line => line.includes(token) && line.trim() !== `::add-mask::${token}`)
  assert.deepEqual(leaks, [], 'the token appears in the log')
  assert.ok(result.masks.includes(token), 'the token is registered as a secret')
  for (const [name, value] of Object.entries(result.outputs)) {
    assert.ok(!value.includes(token), `output ${name} contains the token`)
  }
  assert.ok(!result.summary.includes(token), 'the summary contains the token')
  assert.ok(!(result.reportFileText ?? '').includes(token), 'the report file contains the token')
}

function failureMessages(result: RunResult): string[] {
  return result.annotations.filter(a => a.kind === 'error' && !a.file).map(a => a.message)
}

function listRequests(run: GateRun) {
  return run.sim.requests.filter(r => r.kind === 'list')
}

function completed(errors: number, warnings: number, status = 'Completed'): Scenario {
  return {
    name: 'custom',
    description: 'custom',
    logs: [
      {
        id: '0c0ffee0-0000-4000-8000-000000000001',
        status,
        errorCount: errors,
        warningCount: warnings,
        createdAtMs: -60_000
      }
    ]
  }
}

describe('the gate, end to end', { concurrency: 4 }, () => {
  it('passes a clean import with one request, and sets every output', async () => {
    const run = await gate('clean')
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.result, 'passed')
    assert.equal(run.outputs.status, 'Completed')
    assert.equal(run.outputs['error-count'], '0')
    assert.equal(run.outputs['warning-count'], '0')
    assert.match(run.outputs['log-id'] ?? '', /^[0-9a-f-]{36}$/)
    assert.match(run.outputs['created-at'] ?? '', /^\d{4}-\d{2}-\d{2}T/)
    assert.equal(run.sim.requests.length, 1, 'a clean import needs no detail request')
    const [request] = run.sim.requests
    assert.equal(request?.query.page, '1')
    // The latest import and the ones before it, for the trend, in that one request.
    assert.equal(request?.query.page_size, '10')
    assert.equal(request?.headers['user-agent'], `document360-import-gate/${VERSION}`)
    // The simulator's token starts with d360_sk_: auto sends it as X-API-Key.
    assert.equal(request?.headers['x-api-key'], run.sim.token)
    assert.equal(request?.headers.authorization, undefined)
    assert.match(
      run.stdout,
      /Import [0-9a-f]{8}… Completed: 0 errors \(max 0\), 0 warnings \(no limit\): passed/
    )
    const report = JSON.parse(run.outputs.report ?? '') as { result: string; findings: unknown[] }
    assert.equal(report.result, 'passed')
    assert.deepEqual(report.findings, [])
    assert.equal(run.annotations.length, 0)
  })

  it('keeps the token out of debug output, even when an error body echoes it', async () => {
    const token = 'd360_sk_echoed_token_0123456789'
    const echo: Scenario = {
      ...completed(0, 0),
      faults: {
        1: {
          type: 'raw',
          status: 400,
          headers: { 'content-type': 'application/problem+json' },
          body: JSON.stringify({
            title: 'Bad Request',
            detail: `bad key ${token}`,
            trace_id: 't-1'
          })
        }
      }
    }
    const run = await gate(echo, {}, { sim: { token }, env: { RUNNER_DEBUG: '1' } })
    assert.equal(run.outputs.result, 'error')
    const debug = run.commands.filter(c => c.name === 'debug').map(c => c.value)
    assert.ok(
      debug.some(line => /GET \/v3\/projects\/.*\/logs\?page=1&page_size=10 → HTTP 400/.test(line)),
      debug.join('\n')
    )
    assert.match(failureMessages(run)[0] ?? '', /bad key \*\*\*/)
  })

  it('sends the token as a Bearer token when auth-scheme is bearer', async () => {
    const run = await gate('clean', { 'auth-scheme': 'bearer' })
    assert.equal(run.code, 0)
    assert.equal(run.sim.requests[0]?.headers.authorization, `Bearer ${run.sim.token}`)
    assert.equal(run.sim.requests[0]?.headers['x-api-key'], undefined)
  })

  it('fails on warnings over max-warnings and passes at the limit', async () => {
    const over = await gate('docs-example', { 'max-errors': '1', 'max-warnings': '1' })
    assert.equal(over.code, 1)
    assert.equal(over.outputs.result, 'failed')
    assert.ok(failureMessages(over).some(m => m.includes('more than max-warnings 1')))
    const at = await gate('docs-example', { 'max-errors': '1', 'max-warnings': '2' })
    assert.equal(at.code, 0)
    assert.equal(at.outputs.result, 'passed')
  })

  it('fails on errors over max-errors and passes at the limit', async () => {
    const at = await gate(completed(3, 0), { 'max-errors': '3' })
    assert.equal(at.outputs.result, 'passed')
    assert.equal(at.code, 0)
    const over = await gate(completed(3, 0), { 'max-errors': '2' })
    assert.equal(over.outputs.result, 'failed')
    assert.equal(over.code, 1)
    assert.match(over.stdout, /3 errors \(max 2\), 0 warnings \(no limit\): failed/)
  })

  it('fails a Failed import whatever the limits, with error annotations', async () => {
    const run = await gate('failed', { 'max-errors': '100' })
    assert.equal(run.code, 1)
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.outputs.status, 'Failed')
    assert.equal(run.outputs['error-count'], '2')
    const findingErrors = run.annotations.filter(
      a => a.kind === 'error' && a.message.startsWith('Import error')
    )
    assert.equal(findingErrors.length, 2)
    assert.ok(failureMessages(run).some(m => m.includes('reports the import as Failed')))
  })

  it('compares statuses without case', async () => {
    const run = await gate(completed(0, 0, 'FAILED'))
    assert.equal(run.outputs.result, 'failed')
    const ok = await gate(completed(0, 0, 'success'))
    assert.equal(ok.outputs.result, 'passed')
  })

  it('leaves the step green in report-only mode, still reporting the failure', async () => {
    const run = await gate('failed', { 'fail-on-threshold': 'false' })
    assert.equal(run.code, 0)
    assert.equal(run.outputs.result, 'failed')
    assert.match(run.stdout, /Report only/)
    assert.ok(run.annotations.some(a => a.kind === 'error' && a.message.startsWith('Import error')))
  })

  it('is an error, never a pass, when the log has no status or counts', async () => {
    const run = await gate('missing-fields')
    assert.equal(run.code, 1)
    assert.equal(run.outputs.result, 'error')
    assert.ok(failureMessages(run).some(m => m.includes('has no status')))
    const noCounts = await gate({
      ...completed(0, 0),
      logs: [{ ...completed(0, 0).logs[0]!, omit: ['error_count'] }]
    })
    assert.equal(noCounts.outputs.result, 'error')
    assert.ok(failureMessages(noCounts).some(m => m.includes('has no error_count')))
  })

  it('waits while the import runs and decides within one poll interval of completion', async () => {
    const run = await gate('in-progress', { 'poll-interval': '1' }, { params: { stepMs: 1500 } })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.result, 'passed')
    assert.equal(run.outputs.status, 'Completed')
    assert.equal(run.outputs['warning-count'], '1')
    assert.match(run.stdout, /Waiting: import [0-9a-f]{8}… is Pending/)
    assert.match(run.stdout, /is InProgress/)
    const lists = listRequests(run)
    const origin = run.sim.clockOrigin() ?? 0
    const completedAt = origin + 3000
    const firstSeen = lists.find(r => r.time >= completedAt)
    assert.ok(firstSeen, 'a poll after completion')
    assert.ok(firstSeen.time - completedAt <= 1000 + 300, 'seen within one poll interval')
    // About one poll a second for three seconds: no busy loop, no long sleep.
    assert.ok(lists.length >= 3 && lists.length <= 6, `${lists.length} polls`)
  })

  it('times out while the import is still running, reporting its status', async () => {
    const run = await gate('in-progress', { 'wait-timeout': '2' }, { params: { stepMs: 60_000 } })
    assert.equal(run.code, 1)
    assert.equal(run.outputs.result, 'timed-out')
    assert.equal(run.outputs.status, 'Pending')
    assert.ok(
      failureMessages(run).some(m => /timed out: Import .* is Pending after waiting 2s/.test(m))
    )
  })

  it('times out clearly when the API reference has no imports', async () => {
    const run = await gate('empty', { 'wait-timeout': '0' })
    assert.equal(run.code, 1)
    assert.equal(run.outputs.result, 'timed-out')
    assert.equal(run.sim.requests.length, 1, 'wait-timeout 0 looks once')
    assert.ok(failureMessages(run).some(m => m.includes('has no import logs yet')))
  })

  it('with since, skips the older import and judges the new one when it appears', async () => {
    const run = await gate(
      'new-import',
      { since: '10m' },
      { params: { appearAfterMs: 1200, stepMs: 800 } }
    )
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.result, 'passed')
    assert.equal(run.outputs['log-id'], run.sim.scenario.logs[1]?.id)
    assert.match(run.stdout, /no import new enough yet/)
  })

  it('with since, times out saying no import is new enough', async () => {
    const run = await gate('failed', { since: '30s', 'wait-timeout': '1' })
    assert.equal(run.outputs.result, 'timed-out')
    assert.equal(run.code, 1)
    assert.ok(failureMessages(run).some(m => m.includes('older than "since"')))
    assert.equal(run.outputs['log-id'], undefined, 'the older import is not judged')
  })

  it('finds log-id on a later page and judges that log', async () => {
    const run = await gate('paged')
    const target = run.sim.scenario.inputs?.['log-id']
    assert.ok(target)
    const named = await gate('paged', { 'log-id': target })
    assert.equal(named.outputs['log-id'], target)
    assert.equal(named.outputs.result, 'failed')
    assert.deepEqual(
      listRequests(named).map(r => [r.query.page, r.query.page_size]),
      [
        ['1', '100'],
        ['2', '100'],
        ['3', '100']
      ]
    )
  })

  it('explains a 401 with the token and auth-scheme hint, also with an empty body', async () => {
    for (const emptyUnauthorizedBody of [false, true]) {
      const run = await gate('unauthorized', {}, { sim: { emptyUnauthorizedBody } })
      assert.equal(run.code, 1)
      assert.equal(run.outputs.result, 'error')
      const [message = ''] = failureMessages(run)
      assert.match(message, /HTTP 401/)
      assert.match(message, /auth-scheme/)
      assert.equal(run.sim.requests.length, 1, '401 is not retried')
      if (emptyUnauthorizedBody) assert.match(message, /empty body/)
      else assert.match(message, /UNAUTHORIZED/)
    }
  })

  it('names the project and API reference ids on a 404', async () => {
    const run = await gate('not-found')
    assert.equal(run.outputs.result, 'error')
    const [message = ''] = failureMessages(run)
    assert.match(message, /HTTP 404/)
    assert.ok(message.includes(run.sim.projectId) && message.includes(run.sim.apiReferenceId))
    assert.match(message, /trace_id/)
  })

  it('waits out 429s with Retry-After and passes', async () => {
    const run = await gate('rate-limited', {}, { params: { failures: 2, retryAfter: 1 } })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.result, 'passed')
    const [first, , third] = run.sim.requests
    assert.equal(run.sim.requests.length, 3)
    assert.ok(third!.time - first!.time >= 1900, 'waited Retry-After twice')
    // Retry-After: 1, plus up to 1 s of jitter (gates told the same reset spread out).
    assert.match(run.stdout, /rate limited \(HTTP 429\); waiting (1\.\d|2\.0)s/)
  })

  it('retries 5xx answers and passes when the server recovers', async () => {
    const run = await gate('flaky', {}, { params: { failures: 3 } })
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.result, 'passed')
    assert.equal(run.sim.requests.length, 4)
  })

  it('gives up on a proxy HTML page with a short excerpt and no markup', async () => {
    const run = await gate('html-error')
    assert.equal(run.outputs.result, 'error')
    const [message = ''] = failureMessages(run)
    assert.match(message, /HTTP 502 after 4 tries/)
    assert.doesNotMatch(message, /<[a-z]/i)
    assert.ok(message.length < 800)
  })

  it('says a truncated body is not JSON', async () => {
    const run = await gate('truncated')
    assert.equal(run.outputs.result, 'error')
    assert.match(failureMessages(run)[0] ?? '', /not JSON/)
  })

  it('prints API text as data: no injected workflow commands', async () => {
    const run = await gate('injection')
    assert.equal(run.outputs.result, 'failed')
    for (const line of `${run.stdout}\n${run.stderr}`.split(/\r?\n/)) {
      assert.doesNotMatch(line, /^\s*::(error|add-mask|stop-commands)::(pwned|x)/, line)
      assert.doesNotMatch(line, /^\s*::error file=evil/, line)
    }
    assert.deepEqual(run.masks, [run.sim.token])
    assert.ok(!run.commands.some(c => c.name === 'stop-commands'))
    assert.ok(
      run.annotations.some(a => a.message.includes('::error::pwned')),
      'kept as text'
    )
  })

  it('prints a hostile log id and status as data too', async () => {
    // One of each line break: the unit tests of the id check cover every other spelling.
    for (const id of ['\n::error', 'x\r\n::debug']) {
      const run = await gate({
        name: 'hostile-id',
        description: 'a log id and status that try workflow commands',
        logs: [{ id, status: 'x::INJECTED', errorCount: 0, warningCount: 0, createdAtMs: -60_000 }]
      })
      assert.equal(run.outputs.result, 'error', 'an unusable id and an unknown status')
      for (const line of `${run.stdout}\n${run.stderr}`.split(/\r?\n/)) {
        assert.doesNotMatch(line, /^\s*::(error|notice|debug) ?x?::INJECTED/, line)
        assert.doesNotMatch(line, /^\s*::(notice|debug)\s*$/, line)
      }
      assert.ok(!run.commands.some(c => c.value.startsWith('INJECTED')))
    }
  })

  it('rejects bad input before any request, naming the input', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ 'max-errors': '1.5' }, /"max-errors" must be a whole number/],
      [{ 'max-warnings': '-1' }, /"max-warnings" must be a whole number/],
      [{ 'poll-interval': '0' }, /"poll-interval"/],
      [{ 'auth-scheme': 'basic' }, /"auth-scheme" must be auto, bearer or api-key/],
      [{ since: 'yesterday' }, /"since" must be an ISO 8601 timestamp/],
      [{ 'api-url': 'http://apihub.document360.io' }, /"api-url" must use https/],
      [{ 'project-id': '' }, /"project-id" is required/]
    ]
    for (const [inputs, message] of cases) {
      const run = await gate('clean', inputs)
      assert.equal(run.code, 1, JSON.stringify(inputs))
      assert.equal(run.outputs.result, 'error')
      assert.equal(run.sim.requests.length, 0, 'no request on bad input')
      assert.match(failureMessages(run)[0] ?? '', message)
      assert.doesNotMatch(run.stdout + run.stderr, /\n\s+at /, 'no stack trace')
    }
  })
})
