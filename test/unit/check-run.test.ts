// The check-run channel: findings → annotations (pure), and the exchange with a GitHub API
// stand-in on 127.0.0.1 (which refuses what GitHub refuses: over 50 annotations, over-long
// text, an Actions check run's status changed by a workflow token). Waits run on a fake
// clock, so pacing and Retry-After are measured, not slept.

import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { writeCheckRun, type CheckRunOptions } from '../../src/report/check-run.ts'
import {
  ANNOTATION_MESSAGE_MAX_CHARACTERS,
  ANNOTATION_TITLE_MAX_CHARACTERS,
  batches,
  planCheckRunAnnotations
} from '../../src/report/check-run-plan.ts'
import type { RunContext } from '../../src/context.ts'
import type { GateReport, LocatedFinding } from '../../src/report/types.ts'
import {
  GitHubStandIn,
  SECONDARY_RATE_LIMIT_MESSAGE,
  type CheckRunAnnotationWire
} from '../../tools/github-api.ts'

const REPOSITORY = 'octo-org/petstore-docs'
const TOKEN = 'ghs_unitCheckRunToken0123456789'
const SPEC = 'openapi.yaml'
const HEAD_SHA = 'feedfacefeedfacefeedfacefeedfacefeedface'
const RUNNER = 'runner-7'

function findings(count: number, errors = Math.floor(count / 3)): LocatedFinding[] {
  return Array.from({ length: count }, (_, i) => ({
    severity: i < errors ? ('error' as const) : ('warning' as const),
    message: `Finding ${i}`,
    path: `/paths/~1items~1${i}/get`,
    file: SPEC,
    line: 5 + 3 * i
  }))
}

function report(list: LocatedFinding[]): GateReport {
  return {
    result: 'failed',
    reasons: ['Too many errors.'],
    projectId: 'p',
    apiReferenceId: 'ref-1',
    logId: 'log-1',
    status: 'Completed',
    errorCount: list.filter(f => f.severity === 'error').length,
    warningCount: list.filter(f => f.severity === 'warning').length,
    maxErrors: 0,
    maxWarnings: null,
    findings: list
  }
}

const PATHS = new Map([[SPEC, 'docs/openapi.yaml']])

describe('planCheckRunAnnotations', () => {
  it('makes text that reads differently from what it is plain (bidi overrides, controls, lone surrogates)', () => {
    const [annotation] = planCheckRunAnnotations(
      [{ severity: 'error', message: 'a\u202Eb\u0000c\uD800\nd', path: '/p', file: SPEC, line: 2 }],
      true,
      PATHS
    ).annotations
    assert.equal(annotation?.message, 'Import error: a b c\uFFFD\nd')
  })

  it('puts each finding on its line, in the report order, failure only for errors that fail the gate', () => {
    // The report's order: errors first.
    const list: LocatedFinding[] = [
      { severity: 'error', message: 'e', path: '/b', file: SPEC, line: 3 },
      { severity: 'error', message: 'unresolved', path: '/c', file: SPEC },
      { severity: 'error', message: 'no spec-file', path: '/d' },
      { severity: 'warning', message: 'w', path: '/a', file: SPEC, line: 7 }
    ]
    const failing = planCheckRunAnnotations(list, true, PATHS)
    assert.deepEqual(
      failing.annotations.map(a => [a.path, a.start_line, a.end_line, a.annotation_level]),
      [
        ['docs/openapi.yaml', 3, 3, 'failure'],
        ['docs/openapi.yaml', 1, 1, 'failure'],
        ['docs/openapi.yaml', 7, 7, 'warning']
      ]
    )
    assert.equal(failing.withoutPlace, 1)
    assert.equal(failing.annotations[0]?.title, 'Document360: /b')
    assert.equal(failing.annotations[0]?.message, 'Import error: e')
    assert.match(failing.annotations[1]?.message ?? '', /matched no line/)
    const reportOnly = planCheckRunAnnotations(list, false, PATHS)
    assert.deepEqual(
      reportOnly.annotations.map(a => a.annotation_level),
      ['warning', 'warning', 'warning']
    )
  })

  it('keeps titles and messages within the API limits without splitting a character', () => {
    const emoji = '😀' // two UTF-16 code units
    const list: LocatedFinding[] = [
      {
        severity: 'error',
        message: emoji.repeat(ANNOTATION_MESSAGE_MAX_CHARACTERS + 10),
        path: `/${emoji.repeat(400)}\n::error::x`,
        file: SPEC,
        line: 1
      }
    ]
    const [annotation] = planCheckRunAnnotations(list, true, PATHS).annotations
    assert.ok(annotation)
    assert.equal([...annotation.title].length, ANNOTATION_TITLE_MAX_CHARACTERS)
    assert.ok([...annotation.message].length <= ANNOTATION_MESSAGE_MAX_CHARACTERS)
    assert.ok(Buffer.byteLength(annotation.message) <= 64 * 1024)
    for (const text of [annotation.title, annotation.message]) {
      assert.ok(text.endsWith('…'))
      assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(text), 'no lone high surrogate')
      assert.ok(!text.includes('\n'))
    }
  })

  it('groups annotations in fifties, with one group even when there are none', () => {
    assert.deepEqual(
      batches(findings(137)).map(group => group.length),
      [50, 50, 37]
    )
    assert.deepEqual(batches([]), [[]])
  })
})

describe('writeCheckRun against a GitHub stand-in', () => {
  const github = new GitHubStandIn({ repository: REPOSITORY, pullNumber: 1 })
  let now = 0
  let sleeps: number[] = []
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    },
    random: () => 0.5
  }
  const context = (): RunContext => ({
    serverUrl: 'https://github.com',
    apiUrl: github.url,
    eventName: 'pull_request',
    pullRequest: { number: 1, headSha: HEAD_SHA },
    workspace: '/work',
    runnerTemp: '/tmp',
    repository: REPOSITORY,
    sha: '0123456789abcdef0123456789abcdef01234567',
    runId: String(github.runId),
    runAttempt: String(github.runAttempt),
    runnerName: RUNNER
  })
  const options = (extra: Partial<CheckRunOptions> = {}): CheckRunOptions => ({
    token: TOKEN,
    apiUrl: github.url,
    deadlineMs: now + 600_000,
    summaryMarkdown: '### ❌ Document360 import gate: failed',
    failsOnErrors: true,
    stepFails: true,
    repositoryPaths: PATHS,
    writeIntervalMs: 0,
    clock,
    ...extra
  })
  const annotationsOf = (id: number | undefined): CheckRunAnnotationWire[] =>
    github.checkRuns.find(run => run.id === id)?.annotations ?? []
  const patches = () => github.requestsTo('PATCH', /\/check-runs\/\d+$/)
  const posts = () => github.requestsTo('POST', /\/check-runs$/)

  before(() => github.start())
  after(() => github.stop())
  beforeEach(() => {
    github.reset()
    now = 1_800_000_000_000
    sleeps = []
  })

  it("appends 137 annotations to this job's own check run in batches of 50, 50 and 37", async () => {
    github.addJob({ name: 'other', runnerName: 'runner-1' })
    github.addJob({ name: 'gate (earlier, same runner)', status: 'completed', runnerName: RUNNER })
    const job = github.addJob({ name: 'gate', runnerName: RUNNER })
    const outcome = await writeCheckRun(report(findings(137)), context(), options())
    assert.deepEqual(outcome.warnings, [])
    assert.equal(outcome.delivered, true)
    assert.equal(outcome.checkRunId, job.checkRunId)
    assert.equal(posts().length, 0, 'no new check run')
    assert.deepEqual(
      patches().map(
        r =>
          (JSON.parse(r.body) as { output: { annotations: unknown[] } }).output.annotations.length
      ),
      [50, 50, 37]
    )
    for (const request of patches()) {
      const body = JSON.parse(request.body) as Record<string, unknown>
      assert.equal(body.status, undefined, "a job's status is the runner's")
      assert.equal(body.conclusion, undefined)
      assert.equal(request.authorization, `token ${TOKEN}`)
    }
    const written = annotationsOf(job.checkRunId)
    assert.equal(written.length, 137)
    assert.deepEqual(written[0], {
      path: 'docs/openapi.yaml',
      start_line: 5,
      end_line: 5,
      annotation_level: 'failure',
      title: 'Document360: /paths/~1items~10/get',
      message: 'Import error: Finding 0'
    })
    assert.equal(written.filter(a => a.annotation_level === 'failure').length, 45)
    assert.equal(
      github.checkRuns.find(r => r.id === job.checkRunId)?.output.title,
      'Document360 import gate: failed (45 errors, 92 warnings)'
    )
    assert.equal(github.maxInFlight, 1, 'one request at a time')
    assert.equal(outcome.requests, 4)
  })

  it('spaces writes by the write interval (start to start)', async () => {
    github.addJob({ name: 'gate', runnerName: RUNNER })
    await writeCheckRun(report(findings(137)), context(), options({ writeIntervalMs: 1_000 }))
    assert.deepEqual(sleeps, [1_000, 1_000])
  })

  it("creates a check run on the pull request's head when this job cannot be looked up", async () => {
    github.faults.push({
      method: 'GET',
      path: /\/jobs$/,
      status: 403,
      message: 'Resource not accessible by integration'
    })
    const outcome = await writeCheckRun(report(findings(60)), context(), options())
    assert.equal(outcome.delivered, true)
    assert.equal(posts().length, 1)
    const created = github.checkRuns.find(run => !run.ofJob)
    assert.ok(created)
    assert.equal(created.head_sha, HEAD_SHA)
    assert.equal(created.name, 'Document360 import gate (ref-1)')
    assert.equal(created.conclusion, 'failure')
    assert.equal(created.annotations.length, 60)
    assert.equal(outcome.checkRunId, created.id)
    assert.match(outcome.info.join('\n'), /actions: read/)
  })

  it('a 5xx when looking this job up is not blamed on the permission', async () => {
    github.faults.push({ method: 'GET', path: /\/jobs$/, status: 502, message: 'Bad gateway' })
    const outcome = await writeCheckRun(report(findings(3)), context(), options())
    assert.equal(outcome.delivered, true)
    assert.match(outcome.info.join('\n'), /could not be looked up \(HTTP 502\); creating/)
    assert.doesNotMatch(outcome.info.join('\n'), /actions: read/)
  })

  it("creates a check run when this job's own check run refuses the update", async () => {
    const job = github.addJob({ name: 'gate', runnerName: RUNNER })
    github.faults.push({
      method: 'PATCH',
      path: new RegExp(`/check-runs/${job.checkRunId}$`),
      status: 403,
      message: 'Resource not accessible by integration'
    })
    const outcome = await writeCheckRun(
      report(findings(3)),
      context(),
      options({ stepFails: false })
    )
    assert.equal(outcome.delivered, true)
    const created = github.checkRuns.find(run => !run.ofJob)
    assert.equal(created?.annotations.length, 3)
    assert.equal(created?.conclusion, 'neutral', 'report-only: the step stays green')
  })

  it('without checks: write gives one warning naming the permission, and nothing delivered', async () => {
    github.addJob({ name: 'gate', runnerName: RUNNER })
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
    const outcome = await writeCheckRun(report(findings(5)), context(), options())
    assert.equal(outcome.delivered, false)
    assert.equal(outcome.warnings.length, 1)
    assert.match(outcome.warnings[0] ?? '', /permissions: checks: write/)
    assert.match(outcome.warnings[0] ?? '', /HTTP 403: Resource not accessible by integration/)
    assert.equal(outcome.written, 0)
  })

  it('waits as long as Retry-After says and sends the refused batch again, once', async () => {
    const job = github.addJob({ name: 'gate', runnerName: RUNNER })
    github.faults.push({
      method: 'PATCH',
      skip: 1,
      times: 1,
      status: 429,
      message: 'API rate limit exceeded',
      headers: { 'retry-after': '7' }
    })
    const outcome = await writeCheckRun(report(findings(137)), context(), options())
    assert.equal(outcome.delivered, true)
    assert.ok(sleeps.includes(7_000), `slept ${sleeps.join(', ')}`)
    assert.deepEqual(
      patches().map(r => r.status),
      [200, 429, 200, 200]
    )
    const messages = annotationsOf(job.checkRunId).map(a => a.message)
    assert.equal(messages.length, 137)
    assert.equal(new Set(messages).size, 137, 'no batch written twice')
  })

  it('waits a minute for a secondary limit without Retry-After, and until the reset when none remain', async () => {
    github.addJob({ name: 'gate', runnerName: RUNNER })
    github.faults.push({
      method: 'PATCH',
      times: 1,
      status: 403,
      message: SECONDARY_RATE_LIMIT_MESSAGE
    })
    github.faults.push({
      method: 'PATCH',
      times: 1,
      status: 403,
      message: 'API rate limit exceeded for installation ID 1.',
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.floor((now + 300_000) / 1000))
      }
    })
    const outcome = await writeCheckRun(report(findings(10)), context(), options())
    assert.equal(outcome.delivered, true)
    assert.equal(sleeps[0], 60_000)
    // The reset is five minutes after the start; a minute has passed.
    assert.equal(sleeps[1], 240_000)
  })

  it('gives up when GitHub asks to wait past the deadline', async () => {
    github.addJob({ name: 'gate', runnerName: RUNNER })
    github.faults.push({
      method: 'PATCH',
      status: 429,
      message: 'API rate limit exceeded',
      headers: { 'retry-after': '120' }
    })
    const outcome = await writeCheckRun(
      report(findings(137)),
      context(),
      options({ deadlineMs: now + 30_000 })
    )
    assert.equal(outcome.delivered, false)
    assert.deepEqual(sleeps, [], 'no wait past the deadline')
    assert.equal(patches().length, 1)
    assert.equal(outcome.warnings.length, 1)
    assert.match(
      outcome.warnings[0] ?? '',
      /rate limit was hit \(HTTP 429: API rate limit exceeded; it asked to wait 120 s, past the step's time budget\)/
    )
  })

  it('never repeats a write that may have reached GitHub, but retries a read', async () => {
    github.faults.push({ method: 'GET', times: 1, status: 502, message: 'Bad gateway' })
    const job = github.addJob({ name: 'gate', runnerName: RUNNER })
    github.faults.push({ method: 'PATCH', times: 1, status: 500, message: 'Server Error' })
    const outcome = await writeCheckRun(report(findings(20)), context(), options())
    assert.equal(github.requestsTo('GET', /\/jobs$/).length, 2, 'the read was retried')
    assert.equal(patches().length, 1, 'the write was not')
    assert.equal(outcome.delivered, false)
    assert.match(outcome.warnings[0] ?? '', /HTTP 500/)
    assert.equal(annotationsOf(job.checkRunId).length, 0)
  })

  it('reports a partial delivery when a later batch fails', async () => {
    const job = github.addJob({ name: 'gate', runnerName: RUNNER })
    const outcome = await writeCheckRun(report(findings(120)), context(), {
      ...options(),
      // The second write starts past the deadline.
      writeIntervalMs: 50_000,
      deadlineMs: now + 30_000
    })
    assert.equal(outcome.delivered, false)
    assert.equal(outcome.written, 50)
    assert.equal(annotationsOf(job.checkRunId).length, 50)
    assert.match(
      outcome.warnings[0] ?? '',
      /time budget ran out\. 50 of 120 annotations were written/
    )
  })

  it('sends nothing once the deadline has passed', async () => {
    const outcome = await writeCheckRun(
      report(findings(3)),
      context(),
      options({ deadlineMs: now - 1 })
    )
    assert.equal(outcome.delivered, false)
    assert.equal(github.requests.length, 0)
    assert.match(outcome.warnings[0] ?? '', /time budget/)
  })

  it('keeps the token out of its warnings, even when GitHub echoes it', async () => {
    github.faults.push({ method: 'GET', status: 404, message: 'Not Found' })
    github.faults.push({ method: 'POST', status: 401, message: `Bad credentials: ${TOKEN}` })
    const outcome = await writeCheckRun(report(findings(3)), context(), options())
    assert.equal(outcome.warnings.length, 1)
    assert.ok(!outcome.warnings[0]?.includes(TOKEN))
    assert.match(outcome.warnings[0] ?? '', /Bad credentials: \*\*\*/)
  })

  it('a created check run whose answer has no id is not taken as delivered', async () => {
    // No job of this runner: the gate creates a check run, and GitHub's 201 has no id.
    github.faults.push({ method: 'POST', status: 201, message: 'created, oddly' })
    const outcome = await writeCheckRun(report(findings(3)), context(), options())
    assert.equal(outcome.delivered, false, 'the step annotations must show the findings')
    assert.equal(outcome.warnings.length, 1)
    assert.match(outcome.warnings[0] ?? '', /answer .*check run .*no id/)
    assert.doesNotMatch(JSON.stringify(outcome), /undefined/)
  })

  it('a jobs list that is not a list: named as such, and a check run is created', async () => {
    github.faults.push({ method: 'GET', status: 200, message: 'no jobs here' })
    const outcome = await writeCheckRun(report(findings(3)), context(), options())
    assert.equal(outcome.delivered, true)
    assert.equal(posts().length, 1)
    assert.match(outcome.info.join('\n'), /answer .*not a list of jobs/)
    assert.doesNotMatch(outcome.info.join('\n'), /no answer/)
  })

  it('a github-token with a line break or space is refused before any request, unquoted', async () => {
    const outcome = await writeCheckRun(
      report(findings(3)),
      context(),
      options({ token: 'ghs_firstPart\nghs_secondPart' })
    )
    assert.equal(github.requests.length, 0)
    assert.equal(outcome.delivered, false)
    assert.match(outcome.warnings[0] ?? '', /github-token .*line break/)
    assert.doesNotMatch(outcome.warnings[0] ?? '', /firstPart|secondPart/)
  })

  it('cuts a summary over 65,535 characters, counting code points', async () => {
    github.addJob({ name: 'gate', runnerName: RUNNER })
    const outcome = await writeCheckRun(
      report(findings(1)),
      context(),
      options({ summaryMarkdown: '😀'.repeat(70_000) })
    )
    assert.deepEqual(outcome.warnings, [])
    assert.equal(outcome.delivered, true)
    const summary = github.checkRuns.find(run => run.ofJob)?.output.summary ?? ''
    assert.equal([...summary].length, 65_535)
  })

  it('leaves findings without a place to the summary, and says so', async () => {
    github.addJob({ name: 'gate', runnerName: RUNNER })
    const list = findings(4).map(({ file: _file, line: _line, ...rest }) => rest)
    const outcome = await writeCheckRun(report(list), context(), options())
    assert.equal(outcome.delivered, true)
    assert.equal(outcome.planned, 0)
    assert.equal(patches().length, 1, 'the title and summary still go')
    assert.match(outcome.info.join('\n'), /4 findings without a place in the repository/)
  })
})
