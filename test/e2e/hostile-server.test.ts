// End to end, the built dist/index.js against a Document360 (or a proxy in front of it) that
// answers a different question than the one asked: a redirect to another reference's logs, a
// page that lists a log twice or goes back to an older import, an old log moved above the ones
// known before a resync, the findings of another log, a `success` flag that is not `true`, a
// publish answered 202 but "unsuccessful", logs listed oldest first, a judged import that changed
// before publishing. None of it may end green, publish, or print the token (nor part of it).

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runAction, type RunResult } from '../../tools/run-action.ts'
import {
  simulatorInputs,
  startSimulator,
  type Fault,
  type FaultContext,
  type Scenario,
  type SimulatorOptions
} from '../../tools/simulator.ts'

interface GateRun extends RunResult {
  sim: { token: string; publishes: unknown[]; imports: Array<{ logId: string }> }
}

/** Mixed case: a server that echoes it lower-cased must not get it past the runner's mask. */
const TOKEN = 'd360_sk_HostileServerToken_9Zq'
const SPEC_URL = 'https://specs.example.com/petstore/abc123/openapi.yaml'
const WORKSPACE = 'ws-docs'
const OLDER_ID = '01d00000-0000-4000-8000-000000000001'

const json = (body: unknown, status = 200): Fault => ({
  type: 'raw',
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body)
})
const page = (...data: unknown[]): Fault => json({ success: true, data })
const wireLog = (id: string, status: string, createdAt: string, errors = 0, warnings = 0) => ({
  id,
  status,
  created_at: createdAt,
  error_count: errors,
  warning_count: warnings
})
const ago = (ms: number) => new Date(Date.now() - ms).toISOString()

/** One clean import (the faults say what the server really answers). */
const CLEAN: Scenario = {
  name: 'custom',
  description: 'custom',
  logs: [
    {
      id: '000c1ea0-0000-4000-8000-000000000001',
      status: 'Completed',
      errorCount: 0,
      warningCount: 0
    }
  ]
}

async function gate(
  faults: (context: FaultContext, apiReferenceId: string) => Fault | undefined,
  inputs: Record<string, string> = {},
  options: SimulatorOptions & { scenario?: Scenario } = {}
): Promise<GateRun> {
  const { scenario = CLEAN, ...rest } = options
  const sim = await startSimulator({
    ...rest,
    token: TOKEN,
    // Each run its own copy: the faults need the simulator's reference id.
    scenario: { ...scenario, faults: context => faults(context, sim.apiReferenceId) }
  })
  try {
    const result = await runAction({
      inputs: { ...simulatorInputs(sim), 'poll-interval': '1', 'wait-timeout': '4', ...inputs },
      env: { RUNNER_DEBUG: '1' }
    })
    assertTokenNeverShown(result)
    return { ...result, sim }
  } finally {
    await sim.close()
  }
}

/** Not in any case, anywhere but the mask command (the debug log included). */
function assertTokenNeverShown(result: RunResult): void {
  const token = TOKEN.toLowerCase()
  const lines = `${result.stdout}\n${result.stderr}`.split('\n')
  const leaks = lines.filter(
    line => line.toLowerCase().includes(token) && line.trim() !== `::add-mask::${TOKEN}`
  )
  assert.deepEqual(leaks, [], 'the token appears in the log')
  for (const text of [
    result.summary,
    result.reportFileText ?? '',
    ...Object.values(result.outputs)
  ])
    assert.ok(!text.toLowerCase().includes(token), 'the token appears in a report')
}

/** The token's first characters (any case), outside the mask command: a token cut short. */
function assertNoTokenPrefix(result: RunResult): void {
  const prefix = TOKEN.slice(0, 12).toLowerCase()
  const texts = [...`${result.stdout}\n${result.stderr}`.split('\n'), result.summary]
  const leaks = texts.filter(
    text => text.toLowerCase().includes(prefix) && text.trim() !== `::add-mask::${TOKEN}`
  )
  assert.deepEqual(leaks, [], 'part of the token appears')
}

function failureMessage(result: RunResult): string {
  return result.annotations.find(a => a.kind === 'error' && !a.file)?.message ?? ''
}

function assertNotGreen(run: RunResult, result: string): void {
  assert.equal(run.outputs.result, result, run.stdout)
  assert.equal(run.code, 1)
  assert.equal(run.outputs.published, 'false')
}

describe('a server that answers another question', { concurrency: 4 }, () => {
  it("a same-origin redirect to another reference's logs is refused, never judged", async () => {
    const run = await gate((context, apiReferenceId) => {
      if (context.path.includes('/api-references/other/')) {
        return page(wireLog('elsewhere', 'Completed', ago(60_000)))
      }
      return context.kind === 'list'
        ? { type: 'redirect', location: context.path.replace(apiReferenceId, 'other') }
        : undefined
    })
    assertNotGreen(run, 'error')
    assert.equal(run.outputs['log-id'], undefined)
    assert.match(failureMessage(run), /redirected the request .* to another endpoint/)
  })

  it('a redirect that echoes the token lower-cased: followed to the same endpoint, never printed', async () => {
    const run = await gate(context =>
      context.kind === 'list' && context.n === 1
        ? {
            type: 'redirect',
            location: `${context.path}?page=1&page_size=10&echo=${TOKEN.toLowerCase()}`
          }
        : undefined
    )
    assert.equal(run.outputs.result, 'passed', run.stdout)
    assert.ok(
      run.commands.some(command => command.name === 'debug' && /echo=\*\*\*/.test(command.value))
    )
  })

  it('a log listed twice is no import to judge, nor its own baseline', async () => {
    const judged = wireLog('dup-judged', 'Completed', ago(60_000), 0, 2)
    const run = await gate(
      context =>
        context.kind === 'list'
          ? page(judged, judged, wireLog('clean-before', 'Completed', ago(3_600_000)))
          : context.kind === 'detail'
            ? json({
                success: true,
                data: { id: 'dup-judged', errors: [], warnings: [{ message: 'new', path: '/a' }] }
              })
            : undefined,
      { baseline: 'previous', 'max-warnings': '0' }
    )
    assertNotGreen(run, 'error')
    assert.match(failureMessage(run), /listed import log "dup-judged" 2 times on one page/)
  })

  it('one log listed twice in two letter cases is no import to judge (log-id)', async () => {
    const id = '0a0b0c0d-0000-4000-8000-00000000abcd'
    const run = await gate(
      context =>
        context.kind === 'list'
          ? page(
              wireLog(id.toUpperCase(), 'Completed', ago(60_000)),
              wireLog(id, 'Failed', ago(60_000), 7)
            )
          : undefined,
      { 'log-id': id }
    )
    assertNotGreen(run, 'error')
    assert.match(failureMessage(run), /listed import log "0A0B0C0D-.*" 2 times on one page/)
  })

  it('a page that goes back to an older passed import: the running one is still awaited', async () => {
    const running = wireLog('running-new', 'InProgress', ago(10_000))
    const passed = wireLog('passed-old', 'Completed', ago(3_600_000))
    const run = await gate(
      context =>
        context.kind !== 'list'
          ? undefined
          : context.n === 1
            ? page(running, passed)
            : page(passed),
      { 'wait-timeout': '2' }
    )
    assertNotGreen(run, 'timed-out')
    assert.notEqual(run.outputs['log-id'], 'passed-old')
    assert.match(
      failureMessage(run),
      /Import running-…, the latest when the gate last looked, is no longer listed/
    )
  })

  it('a page listed oldest first: its first import is not the latest, nor judged', async () => {
    const run = await gate(context =>
      context.kind === 'list'
        ? page(
            wireLog('old-passed', 'Completed', ago(7_200_000)),
            wireLog('new-failed', 'Failed', ago(60_000), 3)
          )
        : undefined
    )
    assertNotGreen(run, 'error')
    assert.match(
      failureMessage(run),
      /above import log new-fail…, created later .* not listed newest first/
    )
  })

  it('another reference listed oldest first is no baseline: its oldest import is not its latest', async () => {
    const legacy = { message: 'no description', path: '/paths/~1pets/get' }
    const run = await gate(
      context => {
        if (context.kind === 'list') {
          return context.path.includes('/api-references/production/')
            ? page(
                wireLog('prod-old', 'Completed', ago(86_400_000), 1),
                wireLog('prod-new', 'Completed', ago(3_600_000))
              )
            : page(wireLog('judged', 'Completed', ago(60_000), 1))
        }
        const id = context.path.split('/').pop()
        return context.kind === 'detail'
          ? json({ success: true, data: { id, errors: [legacy], warnings: [] } })
          : undefined
      },
      { baseline: 'api-reference:production' },
      { scenario: { ...CLEAN, otherApiReferences: { production: [] } } }
    )
    assertNotGreen(run, 'error')
    assert.match(failureMessage(run), /import of API reference production is the latest/)
  })

  it('a repeated key or a redirect host that holds the token: not even its start is printed', async () => {
    const key = `${'k'.repeat(20)}${TOKEN}`
    const repeated = await gate(context =>
      context.kind === 'list'
        ? { ...json(null), body: `{"success": true, "data": [], "${key}": 1, "${key}": 2}` }
        : undefined
    )
    assertNotGreen(repeated, 'error')
    assert.match(failureMessage(repeated), /has the key "k+\*\*\*" twice/)
    assertNoTokenPrefix(repeated)
    const host = `${'a'.repeat(60)}.${'b'.repeat(20)}.${TOKEN}.example`
    const redirected = await gate(context =>
      context.kind === 'list' ? { type: 'redirect', location: `https://${host}/` } : undefined
    )
    assertNotGreen(redirected, 'error')
    assert.match(failureMessage(redirected), /to another host \(https:\/\/a+\.b+\.\*\*\*\.examp…\)/)
    assertNoTokenPrefix(redirected)
  })

  it('a status that echoes the token with a Kelvin sign for its k (it reads as the token) is not printed', async () => {
    const echoed = TOKEN.replace(/k/gi, '\u212a')
    const run = await gate(context =>
      context.kind === 'list' ? page(wireLog('odd', `Odd ${echoed}`, ago(60_000))) : undefined
    )
    assertNotGreen(run, 'error')
    assert.match(failureMessage(run), /Odd \*\*\*/)
  })

  it('the judged import listed as Failed just before publishing is not published', async () => {
    let lists = 0
    const run = await gate(
      // The look that judges it, then the look before the publish.
      context =>
        context.kind !== 'list'
          ? undefined
          : ++lists === 1
            ? page(wireLog('judged', 'Completed', ago(60_000)))
            : page(wireLog('judged', 'Failed', ago(60_000), 2)),
      { publish: 'on-pass', 'workspace-id': WORKSPACE }
    )
    assert.equal(run.outputs.result, 'passed', run.stdout)
    assert.equal(run.outputs.published, 'false')
    assert.equal(run.code, 1)
    assert.equal(run.sim.publishes.length, 0)
    assert.match(
      failureMessage(run),
      /not published: Document360 now lists import judged as "Failed", 2 errors/
    )
  })

  it("the findings of another log are not this import's: comparing them is an error", async () => {
    const run = await gate(
      context =>
        context.kind === 'list'
          ? page(wireLog('judged', 'Completed', ago(60_000), 0, 1))
          : context.kind === 'detail'
            ? json({ success: true, data: { id: 'someone-else', errors: [], warnings: [] } })
            : undefined,
      { baseline: 'previous', 'max-warnings': '0' }
    )
    assertNotGreen(run, 'error')
    assert.match(failureMessage(run), /is about import log "someone-else"/)
  })

  it('a status given twice ("Failed", then "Completed") is an error, never the last word', async () => {
    const log = wireLog('twice', 'Failed', ago(60_000))
    const body = JSON.stringify({ success: true, data: [log] })
    const run = await gate(context =>
      context.kind === 'list'
        ? { ...json(null), body: body.replace('"id"', '"status":"Completed","id"') }
        : undefined
    )
    assertNotGreen(run, 'error')
    assert.match(failureMessage(run), /has the key "status" twice, so the answer is ambiguous/)
  })

  it('an envelope whose success is "false" is an error, whatever data it carries', async () => {
    const run = await gate(context =>
      context.kind === 'list'
        ? json({ success: 'false', data: [wireLog('x', 'Completed', ago(60_000))] })
        : undefined
    )
    assertNotGreen(run, 'error')
    assert.match(failureMessage(run), /as unsuccessful \(success: "false"\)/)
  })
})

describe('a server that answers another question, around a resync', { concurrency: 4 }, () => {
  const resyncing: Scenario = {
    name: 'custom',
    description: 'custom',
    logs: [
      { id: OLDER_ID, status: 'Failed', errorCount: 4, warningCount: 0, createdAtMs: -3_600_000 }
    ],
    resync: { appearAfterMs: 300, inProgressAfterMs: 600, runMs: 1500 }
  }
  const resync = {
    'resync-url': SPEC_URL,
    publish: 'on-pass',
    'workspace-id': WORKSPACE,
    'wait-timeout': '15'
  }

  it('an old passed log moved above the known ones is not the import this run started', async () => {
    let listed = 0
    const run = await gate(
      context => {
        if (context.kind !== 'list' || ++listed !== 2) return undefined
        // The first look after the resync: an old import from further down, put first.
        return page(
          wireLog('old-passed', 'Completed', ago(86_400_000)),
          wireLog(OLDER_ID, 'Failed', ago(3_600_000), 4)
        )
      },
      resync,
      { scenario: resyncing, workspaceId: WORKSPACE }
    )
    assert.equal(run.outputs.result, 'passed', run.stdout)
    assert.equal(run.outputs['log-id'], run.sim.imports[0]?.logId)
    assert.equal(run.sim.publishes.length, 1, run.stdout)
  })

  it('new logs listed oldest first: the earlier one is not judged nor published', async () => {
    let listed = 0
    const run = await gate(
      context => {
        if (context.kind !== 'list' || ++listed === 1) return undefined
        return page(
          wireLog('earlier-passed', 'Completed', ago(2000)),
          wireLog('later-failed', 'Failed', ago(500), 7),
          wireLog(OLDER_ID, 'Failed', ago(3_600_000), 4)
        )
      },
      resync,
      { scenario: resyncing, workspaceId: WORKSPACE }
    )
    assertNotGreen(run, 'error')
    assert.equal(run.sim.publishes.length, 0)
    assert.match(failureMessage(run), /above import log later-fa…, created later/)
  })

  it('a new log created before the newest known one is not taken, and the timeout says why', async () => {
    let listed = 0
    const run = await gate(
      context => {
        if (context.kind !== 'list') return undefined
        const known = wireLog(OLDER_ID, 'Failed', ago(60_000), 4)
        return ++listed === 1
          ? page(known)
          : page(wireLog('earlier-passed', 'Completed', ago(120_000)), known)
      },
      { ...resync, 'wait-timeout': '3' },
      { scenario: resyncing, workspaceId: WORKSPACE }
    )
    assertNotGreen(run, 'timed-out')
    assert.equal(run.sim.publishes.length, 0)
    assert.match(
      failureMessage(run),
      /no import log has appeared \(import earlier-…, not listed before the resync, was created before/
    )
  })

  it("a list that hid every log before the resync, then shows an old pass: not this run's import", async () => {
    let listed = 0
    const run = await gate(
      context => {
        if (context.kind !== 'list') return undefined
        listed++
        return listed === 1 ? page() : page(wireLog('old-passed', 'Completed', ago(86_400_000)))
      },
      { ...resync, 'wait-timeout': '2' },
      { scenario: resyncing, workspaceId: WORKSPACE }
    )
    assertNotGreen(run, 'timed-out')
    assert.equal(run.sim.publishes.length, 0)
    assert.match(failureMessage(run), /created more than 10 minutes before the resync was sent/)
  })

  it('a publish answered 202 with success "false" is no publish: the step fails', async () => {
    const run = await gate(
      context =>
        context.kind === 'publish'
          ? json({ success: 'false', errors: [{ code: 'NOT_PUBLISHED', message: 'no' }] }, 202)
          : undefined,
      resync,
      { scenario: resyncing, workspaceId: WORKSPACE }
    )
    assert.equal(run.outputs.result, 'passed', run.stdout)
    assert.equal(run.outputs.published, 'false')
    assert.equal(run.code, 1)
    assert.match(failureMessage(run), /passed but publishing failed: .*unsuccessful/)
  })

  it('a publish answered 202 with success both false and true is no publish: the step fails', async () => {
    const run = await gate(
      context =>
        context.kind === 'publish'
          ? { ...json(null, 202), body: '{"success": false, "success": true}' }
          : undefined,
      resync,
      { scenario: resyncing, workspaceId: WORKSPACE }
    )
    assert.equal(run.outputs.result, 'passed', run.stdout)
    assert.equal(run.outputs.published, 'false')
    assert.equal(run.code, 1)
    assert.match(failureMessage(run), /passed but publishing failed: .*"success" twice/)
  })

  it('a publish answered 200 with success false in JSON too deeply nested to read is no publish', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`
    const run = await gate(
      context =>
        context.kind === 'publish'
          ? { ...json(null), body: `{"success": false, "data": ${deep}}` }
          : undefined,
      resync,
      { scenario: resyncing, workspaceId: WORKSPACE }
    )
    assert.equal(run.outputs.result, 'passed', run.stdout)
    assert.equal(run.outputs.published, 'false')
    assert.equal(run.code, 1)
    assert.match(failureMessage(run), /passed but publishing failed: .*nested too deeply to read/)
  })
})
