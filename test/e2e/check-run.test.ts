// End to end: every finding on its line through a check run, and the SARIF file, from the
// built action against the Document360 simulator and a GitHub API stand-in on 127.0.0.1.

import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it, type TestContext } from 'node:test'
import type { CheckRunAnnotationWire } from '../../tools/github-api.ts'
import { GitHubStandIn, SECONDARY_RATE_LIMIT_MESSAGE } from '../../tools/github-api.ts'
import { simulatorInputs } from '../../tools/simulator.ts'
import { DEFAULT_GITHUB_ENV, runAction, type RunResult } from '../../tools/run-action.ts'
import { sarifSchemaErrors } from '../../tools/sarif-schema.ts'
import { startSimulator, type Scenario, type ScenarioFinding } from '../../tools/simulator.ts'

const GITHUB_TOKEN = 'ghs_e2eCheckRunToken0123456789'
const PR_HEAD_SHA = 'cafebabecafebabecafebabecafebabecafebabe'
const SPEC = 'specs/openapi.yaml'
/** Items enough for the findings of every test but the 5,000 one (parsing costs the run). */
const SPEC_ITEMS = 200
const BIG_SPEC = 'specs/openapi-5000.yaml'
const BIG_SPEC_ITEMS = 5_000
/** The finding whose path resolves to nothing: it goes on line 1. */
const UNRESOLVED = 10
const repository = DEFAULT_GITHUB_ENV.GITHUB_REPOSITORY as string
const runnerName = DEFAULT_GITHUB_ENV.RUNNER_NAME as string

/** `/items/{i}` → `get` sits on line 5 + 3i of the generated spec. */
const lineOfItem = (i: number) => 5 + 3 * i

function specText(items: number): string {
  const lines = ['openapi: 3.0.3', 'info: { title: Items, version: "1" }', 'paths:']
  for (let i = 0; i < items; i++)
    lines.push(`  /items/${i}:`, '    get:', `      summary: Item ${i}`)
  return `${lines.join('\n')}\n`
}

/** `count` findings, the first `errors` of them errors, finding i on item i. */
function findingsScenario(count: number, errors: number): Scenario {
  const finding = (i: number): ScenarioFinding => ({
    message: `Finding ${i}`,
    path: i === UNRESOLVED ? '/paths/~1nowhere/get' : `/paths/~1items~1${i}/get`
  })
  const all = Array.from({ length: count }, (_, i) => finding(i))
  return {
    name: `findings-${count}`,
    description: `${count} findings`,
    logs: [
      {
        id: '5bec0000-0000-4000-8000-00000000c4ec',
        status: 'Completed',
        errorCount: errors,
        warningCount: count - errors,
        createdAtMs: -60_000,
        detail: { errors: all.slice(0, errors), warnings: all.slice(errors) }
      }
    ]
  }
}

// Each test has a GitHub stand-in of its own, so that the tests run side by side.
describe('check run and SARIF, end to end', { concurrency: 4 }, () => {
  let workspace: string

  before(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'gate-checks-'))
    await mkdir(join(workspace, '.git'))
    await mkdir(join(workspace, 'specs'))
    await writeFile(join(workspace, SPEC), specText(SPEC_ITEMS))
    await writeFile(join(workspace, BIG_SPEC), specText(BIG_SPEC_ITEMS))
    await writeFile(
      join(workspace, 'event.json'),
      JSON.stringify({ number: 42, pull_request: { number: 42, head: { sha: PR_HEAD_SHA } } })
    )
  })
  after(async () => {
    await rm(workspace, { recursive: true, force: true })
  })

  async function standIn(t: TestContext): Promise<GitHubStandIn> {
    const github = new GitHubStandIn({ repository, pullNumber: 42 })
    await github.start()
    t.after(() => github.stop())
    return github
  }

  interface GateRun extends RunResult {
    sarif?: unknown
  }

  async function gate(
    github: GitHubStandIn,
    scenario: Scenario,
    options: { event?: string; inputs?: Record<string, string> } = {}
  ): Promise<GateRun> {
    const sim = await startSimulator({ scenario })
    let run: RunResult | undefined
    try {
      run = await runAction({
        inputs: {
          ...simulatorInputs(sim),
          'check-run': 'true',
          'github-token': GITHUB_TOKEN,
          'spec-file': SPEC,
          ...options.inputs
        },
        env: {
          GITHUB_API_URL: github.url,
          GITHUB_EVENT_NAME: options.event ?? 'push',
          GITHUB_EVENT_PATH: join(workspace, 'event.json')
        },
        workspace,
        keepTemp: true
      })
      const printed = `${run.stdout}${run.stderr}`.replaceAll(`::add-mask::${GITHUB_TOKEN}`, '')
      assert.ok(!printed.includes(GITHUB_TOKEN), 'the token is never printed')
      const sarifFile = run.outputs['sarif-file']
      return sarifFile
        ? { ...run, sarif: JSON.parse(await readFile(sarifFile, 'utf8')) as unknown }
        : run
    } finally {
      await sim.close()
      if (run) await rm(run.tempDir, { recursive: true, force: true })
    }
  }

  const patchBodies = (github: GitHubStandIn) =>
    github
      .requestsTo('PATCH', /\/check-runs\/\d+$/)
      .filter(request => request.status === 200)
      .map(
        request => JSON.parse(request.body) as { output: { annotations: CheckRunAnnotationWire[] } }
      )
  const findingAnnotations = (run: RunResult) =>
    run.annotations.filter(a => /^Import (error|warning)/.test(a.message))
  const warnings = (run: RunResult) => run.annotations.filter(a => a.kind === 'warning')

  it("137 findings arrive on this job's check run as batches of 50, 50 and 37", async t => {
    const github = await standIn(t)
    const job = github.addJob({ name: 'gate', runnerName })
    const run = await gate(github, findingsScenario(137, 45))
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.code, 1)
    assert.deepEqual(warnings(run), [])
    assert.deepEqual(
      patchBodies(github).map(body => body.output.annotations.length),
      [50, 50, 37]
    )
    assert.equal(github.requestsTo('POST', /check-runs$/).length, 0)
    const written = github.checkRuns.find(r => r.id === job.checkRunId)?.annotations ?? []
    assert.equal(written.length, 137)
    const byMessage = new Map(written.map(a => [a.message.replace(/^.*: /, ''), a]))
    for (let i = 0; i < 137; i++) {
      const annotation = byMessage.get(`Finding ${i}`)
      assert.ok(annotation, `finding ${i}`)
      assert.equal(annotation.path, SPEC)
      assert.equal(annotation.start_line, i === UNRESOLVED ? 1 : lineOfItem(i))
      assert.equal(annotation.end_line, annotation.start_line)
      assert.equal(annotation.annotation_level, i < 45 ? 'failure' : 'warning')
    }
    // Not repeated as workflow-command annotations; the failure message stays.
    assert.deepEqual(findingAnnotations(run), [])
    assert.ok(run.annotations.some(a => a.kind === 'error' && /import gate failed/.test(a.message)))
    assert.match(
      github.checkRuns.find(r => r.id === job.checkRunId)?.output.summary ?? '',
      /Document360 import gate: failed/
    )
  })

  it('writes a SARIF file the schema accepts, with every finding on its line', async t => {
    const github = await standIn(t)
    const run = await gate(github, findingsScenario(137, 45), { inputs: { 'check-run': 'false' } })
    assert.equal(github.requests.length, 0, 'check-run off: no GitHub request')
    assert.ok(run.sarif, 'sarif-file output')
    assert.deepEqual(sarifSchemaErrors(run.sarif), [])
    const [sarifRun] = (run.sarif as { runs: Array<Record<string, unknown>> }).runs
    const results = sarifRun?.results as Array<{
      level: string
      locations: Array<{
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }
      }>
    }>
    assert.equal(results.length, 137)
    assert.equal(results[0]?.locations[0]?.physicalLocation.artifactLocation.uri, SPEC)
    assert.equal(results[0]?.locations[0]?.physicalLocation.region.startLine, lineOfItem(0))
    assert.equal(results.filter(r => r.level === 'error').length, 45)
    assert.deepEqual(sarifRun?.automationDetails, {
      id: `document360-import-gate/${simulatorReferenceId(run)}/`
    })
    // Without the check run, the step's annotations show the findings as before.
    assert.ok(findingAnnotations(run).length > 0)
  })

  it('without spec-file: no SARIF file (it would close standing alerts), step annotations stay', async t => {
    const github = await standIn(t)
    const job = github.addJob({ name: 'gate', runnerName })
    const run = await gate(github, findingsScenario(5, 2), { inputs: { 'spec-file': '' } })
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.outputs['sarif-file'] ?? '', '')
    assert.match(run.stdout, /No SARIF file \(sarif-file is empty\): 5 of 5 findings have no place/)
    // The check run carries the verdict and the summary, the step the placeless findings.
    assert.equal(patchBodies(github).length, 1)
    assert.equal(github.checkRuns.find(r => r.id === job.checkRunId)?.annotations.length, 0)
    assert.equal(findingAnnotations(run).length, 5)
  })

  it('falls back to step annotations with one warning when the token may not write checks', async t => {
    const github = await standIn(t)
    github.addJob({ name: 'gate', runnerName })
    github.faults.push({
      method: 'PATCH',
      status: 403,
      message: 'Resource not accessible by integration'
    })
    github.faults.push({
      method: 'POST',
      status: 403,
      message: 'Resource not accessible by integration'
    })
    const run = await gate(github, findingsScenario(137, 45))
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.code, 1)
    const checkWarnings = warnings(run).filter(a => /check run/.test(a.message))
    assert.equal(checkWarnings.length, 1)
    assert.match(checkWarnings[0]?.message ?? '', /permissions: checks: write/)
    assert.ok(findingAnnotations(run).length > 0, 'the findings are annotated on the step')
  })

  it('retries a 429 and a secondary rate limit after Retry-After, writing each batch once', async t => {
    const github = await standIn(t)
    const job = github.addJob({ name: 'gate', runnerName })
    const limit = { 'retry-after': '1' }
    github.faults.push({
      method: 'PATCH',
      skip: 1,
      times: 1,
      status: 429,
      message: 'API rate limit exceeded',
      headers: limit
    })
    github.faults.push({
      method: 'PATCH',
      skip: 2,
      times: 1,
      status: 403,
      message: SECONDARY_RATE_LIMIT_MESSAGE,
      headers: limit
    })
    const run = await gate(github, findingsScenario(137, 45))
    assert.equal(run.code, 1)
    assert.deepEqual(warnings(run), [])
    const statuses = github.requestsTo('PATCH', /\/check-runs\/\d+$/).map(r => r.status)
    assert.ok(statuses.includes(429) && statuses.includes(403), statuses.join(','))
    const written = github.checkRuns.find(r => r.id === job.checkRunId)?.annotations ?? []
    assert.equal(written.length, 137)
    assert.equal(new Set(written.map(a => a.message)).size, 137)
  })

  it('delivers 5,000 findings, all of them', async t => {
    const github = await standIn(t)
    const job = github.addJob({ name: 'gate', runnerName })
    const run = await gate(github, findingsScenario(5_000, 1_000), {
      inputs: { 'spec-file': BIG_SPEC }
    })
    assert.equal(run.code, 1)
    assert.deepEqual(warnings(run), [])
    assert.equal(patchBodies(github).length, 100)
    const written = github.checkRuns.find(r => r.id === job.checkRunId)?.annotations ?? []
    assert.equal(written.length, 5_000)
    assert.equal(new Set(written.map(a => a.message)).size, 5_000)
    assert.equal(github.maxInFlight, 1, 'one request at a time')
    assert.equal(
      (run.sarif as { runs: Array<{ results: unknown[] }> }).runs[0]?.results.length,
      5_000
    )
  })

  it("on pull_request events, creates the check run on the pull request's head commit", async t => {
    const github = await standIn(t)
    // No job to update (reading jobs needs `actions: read`).
    github.faults.push({
      method: 'GET',
      status: 403,
      message: 'Resource not accessible by integration'
    })
    const run = await gate(github, findingsScenario(137, 45), { event: 'pull_request' })
    assert.equal(run.code, 1)
    assert.deepEqual(warnings(run), [])
    const [created] = github.checkRuns
    assert.ok(created)
    assert.equal(created.head_sha, PR_HEAD_SHA)
    assert.notEqual(created.head_sha, DEFAULT_GITHUB_ENV.GITHUB_SHA)
    assert.equal(created.conclusion, 'failure')
    assert.equal(created.annotations.length, 137)
    assert.equal(github.requestsTo('POST', /check-runs$/).length, 1)
  })
})

function simulatorReferenceId(run: RunResult): string {
  const report = JSON.parse(run.outputs.report ?? '{}') as { apiReferenceId?: string }
  return report.apiReferenceId ?? ''
}
