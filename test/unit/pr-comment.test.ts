// The pull-request comment: created once and then updated, only the gate's own identity's
// comment edited, every failure one warning, against the GitHub API stand-in on 127.0.0.1; the
// comment's text; and @actions/github loaded only when a comment is to be written.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  COMMENT_MAX_BYTES,
  commentMarker,
  renderComment,
  runUrl,
  upsertPullRequestComment
} from '../../src/report/pr-comment.ts'
import type { RunContext } from '../../src/context.ts'
import type { ChannelNotes } from '../../src/report/types.ts'
import type { GateReport, LocatedFinding } from '../../src/report/types.ts'
import { GitHubStandIn } from '../../tools/github-api.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const TOKEN = 'ghs_secretTokenValue1234567890'
const PR = 7
const context: RunContext = {
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.invalid',
  repository: 'octo/api',
  sha: '0123456789abcdef0123456789abcdef01234567',
  runId: '4242',
  runAttempt: '1',
  eventName: 'pull_request',
  pullRequest: { number: PR },
  workspace: '/work',
  runnerTemp: '/tmp'
}

function makeReport(overrides: Partial<GateReport> = {}): GateReport {
  return {
    result: 'failed',
    reasons: ['1 error, more than max-errors (0).'],
    projectId: 'proj-1',
    apiReferenceId: 'ref-1',
    logId: 'log-1',
    status: 'Completed',
    createdAt: '2025-09-25T14:30:00Z',
    errorCount: 1,
    warningCount: 0,
    maxErrors: 0,
    maxWarnings: null,
    findings: [
      { severity: 'error', message: "Missing field 'type'", path: '/components/schemas/User' }
    ],
    ...overrides
  }
}

describe('upsertPullRequestComment against a GitHub stand-in', () => {
  const github = new GitHubStandIn({ repository: 'octo/api', pullNumber: PR })
  let here: RunContext

  before(async () => {
    await github.start()
    for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy'])
      delete process.env[name]
  })
  after(async () => {
    await github.stop()
  })
  beforeEach(() => {
    github.reset()
    here = { ...context, apiUrl: github.url }
  })

  function upsert(
    report = makeReport(),
    overrides: Partial<RunContext> = {},
    options: { githubToken?: string; timeoutMs?: number } = {}
  ): Promise<ChannelNotes> {
    return upsertPullRequestComment(
      report,
      { ...here, ...overrides },
      {
        githubToken: options.githubToken ?? TOKEN,
        deadlineMs: Date.now() + (options.timeoutMs ?? 10_000)
      }
    )
  }
  const posted = () =>
    github.requests.filter(request => request.method === 'POST' && request.url !== '/graphql')
  const patched = () => github.requests.filter(request => request.method === 'PATCH')

  it('creates the comment when none of its own carries the marker', async () => {
    github.addComments(3)
    github.addComments(1, () => `${commentMarker('other-ref')}\nanother reference`, 'Bot')
    const notes = await upsert()
    assert.deepEqual(notes.warnings, [])
    assert.match(notes.info.join('\n'), /^Pull-request comment created: https:\/\/github\.com\//)
    assert.equal(posted().length, 1)
    assert.equal(posted()[0]?.url, `/repos/octo/api/issues/${PR}/comments`)
    assert.equal(posted()[0]?.authorization, `token ${TOKEN}`)
    const body = (JSON.parse(posted()[0]?.body ?? '{}') as { body: string }).body
    assert.ok(
      body.startsWith(
        '<!-- document360-import-gate:ref-1 -->\n### ❌ Document360 import gate: failed'
      )
    )
    assert.match(body, /\| Errors \| 1 \(max 0, over the limit\) \|/)
    assert.match(body, /Missing field 'type'/)
    assert.match(body, /\[Workflow run\]\(https:\/\/github\.com\/octo\/api\/actions\/runs\/4242\)/)
    assert.equal(github.comments.length, 5)
  })

  it('updates its own comment in place when it sits on page 2', async () => {
    github.addComments(150)
    const own = github.addComment(`${commentMarker('ref-1')}\nold result`)
    github.addComments(20)
    const notes = await upsert()
    assert.deepEqual(notes.warnings, [])
    assert.deepEqual(
      github.requests.map(request => `${request.method} ${request.url}`),
      [
        'POST /graphql',
        `GET /repos/octo/api/issues/${PR}/comments?per_page=100&page=1`,
        `GET /repos/octo/api/issues/${PR}/comments?per_page=100&page=2`,
        `PATCH /repos/octo/api/issues/comments/${own.id}`
      ]
    )
    assert.match(own.body, /^<!-- document360-import-gate:ref-1 -->\n### ❌/)
    assert.equal(github.comments.length, 171)
  })

  it('reads every page: a marker on page 3 behind full pages', async () => {
    github.addComments(250)
    const own = github.addComment(`${commentMarker('ref-1')}\nold`)
    await upsert()
    assert.equal(patched()[0]?.url, `/repos/octo/api/issues/comments/${own.id}`)
    assert.equal(github.requests.filter(request => request.method === 'GET').length, 3)
  })

  it('creates once, then updates the same comment on the next run', async () => {
    github.addComments(120)
    await upsert()
    await upsert(makeReport({ result: 'passed', reasons: [] }))
    assert.equal(posted().length, 1)
    assert.equal(patched().length, 1)
    const marked = github.comments.filter(comment => comment.body.includes(commentMarker('ref-1')))
    assert.equal(marked.length, 1)
    assert.match(marked[0]?.body ?? '', /### ✅ Document360 import gate: passed/)
  })

  it("never edits a person's comment that quotes or starts with the marker", async () => {
    const quoting = github.addComment(`I saw ${commentMarker('ref-1')} here`, 'User')
    const forged = github.addComment(`${commentMarker('ref-1')}\nall green, trust me`, 'User')
    await upsert()
    assert.equal(patched().length, 0)
    assert.equal(posted().length, 1)
    assert.match(forged.body, /trust me/)
    assert.match(quoting.body, /I saw/)
  })

  it('with the workflow token, edits only its bot comment that starts with the marker', async () => {
    github.addComment(`quoted: ${commentMarker('ref-1')}`)
    github.addComment(`${commentMarker('ref-1')}\nanother app's`, 'Bot', 'other-app[bot]')
    const own = github.addComment(`${commentMarker('ref-1')}\nold`)
    await upsert()
    assert.deepEqual(
      patched().map(request => request.url),
      [`/repos/octo/api/issues/comments/${own.id}`]
    )
  })

  it("with another app's installation token, edits only that app's comment", async () => {
    github.identity = { login: 'docs-app[bot]', type: 'Bot' }
    github.addComment(`${commentMarker('ref-1')}\nthe Actions bot's`)
    await upsert()
    assert.equal(patched().length, 0, "the Actions bot's comment is not the app's")
    assert.equal(posted().length, 1)
    await upsert()
    assert.equal(posted().length, 1, 'the next run finds its own comment again')
    assert.equal(patched().length, 1)
  })

  it("with a personal token, edits only that user's own comment", async () => {
    github.identity = { login: 'docs-bot-user', type: 'User' }
    github.addComment(`${commentMarker('ref-1')}\nthe Actions bot's`)
    github.addComment(`${commentMarker('ref-1')}\nsomeone else's`, 'User', 'mallory')
    const own = github.addComment(`${commentMarker('ref-1')}\nmine`, 'User', 'docs-bot-user')
    await upsert()
    assert.deepEqual(
      patched().map(request => request.url),
      [`/repos/octo/api/issues/comments/${own.id}`]
    )
    await upsert()
    assert.equal(posted().length, 0, 'the next run finds it again')
  })

  it('works on pull_request_target too', async () => {
    const notes = await upsert(makeReport(), { eventName: 'pull_request_target' })
    assert.deepEqual(notes.warnings, [])
    assert.equal(posted().length, 1)
  })

  it('turns a 403 into one warning that says how to fix it, without throwing', async () => {
    github.failures.set('POST', { status: 403, message: 'Resource not accessible by integration' })
    const notes = await upsert()
    assert.equal(notes.warnings.length, 1)
    const warning = notes.warnings[0] as string
    assert.match(warning, /\(HTTP 403: Resource not accessible by integration\)/)
    assert.match(warning, /permissions: pull-requests: write/)
    assert.match(warning, /fork/)
    assert.match(warning, /pull_request_target/)
    assert.ok(!JSON.stringify(notes).includes(TOKEN))
  })

  it('writes nothing, with a warning, when GitHub does not say who the token is', async () => {
    github.faults.push({ method: 'POST', path: /^\/graphql$/, status: 502, message: 'Bad gateway' })
    const notes = await upsert()
    assert.equal(notes.warnings.length, 1)
    assert.equal(posted().length + patched().length, 0)
  })

  it('warns on a 403 while listing comments too', async () => {
    github.failures.set('GET', { status: 403, message: 'Resource not accessible by integration' })
    const notes = await upsert()
    assert.equal(notes.warnings.length, 1)
    assert.equal(posted().length, 0)
  })

  it('explains 401 and 404', async () => {
    github.failures.set('GET', { status: 401, message: 'Bad credentials' })
    const unauthorized = await upsert()
    github.failures.set('GET', { status: 404, message: 'Not Found' })
    github.identity = { login: 'someone', type: 'User' }
    const notFound = await upsert()
    assert.match(
      unauthorized.warnings[0] ?? '',
      /rejected github-token \(HTTP 401: Bad credentials\)/
    )
    assert.match(
      notFound.warnings[0] ?? '',
      /not visible to this token.*\(HTTP 404: Not Found\).*pull-requests: write/
    )
  })

  it('warns when GitHub cannot be reached', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise(resolve => closed.close(resolve))
    const notes = await upsert(makeReport(), { apiUrl: `http://127.0.0.1:${port}` })
    assert.match(notes.warnings[0] ?? '', /could not be reached/)
  })

  it('gives up with a warning at the deadline when GitHub does not answer', async () => {
    github.hang = true
    const started = Date.now()
    const notes = await upsert(makeReport(), {}, { timeoutMs: 300 })
    assert.ok(Date.now() - started < 5000)
    assert.match(notes.warnings[0] ?? '', /did not answer in time/)
  })

  it('a comment list that is not a list: one warning that says so, and no new comment', async () => {
    // A 200 whose body is an object, not the array of comments (a proxy, a broken server).
    github.faults.push({ method: 'GET', path: /\/comments$/, status: 200, message: 'odd' })
    const notes = await upsert()
    assert.equal(posted().length, 0, 'a comment list it cannot read must not lead to a duplicate')
    assert.equal(notes.warnings.length, 1)
    assert.match(notes.warnings[0] ?? '', /answer .*comments .*not a list/)
    assert.doesNotMatch(notes.warnings[0] ?? '', /could not be reached|is not iterable/)
  })

  it('comments without a text body or user are passed over, not a failure', async () => {
    github.addComment(`${commentMarker('ref-1')}\nmine`)
    const mine = github.comments[0]
    github.comments.unshift(
      {
        id: 1,
        body: null as unknown as string,
        user: null as unknown as { login: string; type: string }
      },
      { id: 2, body: 5 as unknown as string, user: { login: 'x[bot]', type: 'Bot' } }
    )
    const notes = await upsert()
    assert.deepEqual(notes.warnings, [])
    assert.equal(patched().length, 1)
    assert.equal(patched()[0]?.url, `/repos/octo/api/issues/comments/${mine?.id}`)
  })

  it('a created comment whose answer lacks html_url is still reported as created', async () => {
    github.faults.push({
      method: 'POST',
      path: /\/comments$/,
      status: 201,
      message: 'created, oddly'
    })
    const notes = await upsert()
    assert.deepEqual(notes.warnings, [])
    assert.match(notes.info.join('\n'), /^Pull-request comment created/)
  })

  it('a github-token with a line break or space is refused before any request, unquoted', async () => {
    const notes = await upsert(makeReport(), {}, { githubToken: 'ghs_firstPart\nghs_secondPart' })
    assert.equal(github.requests.length, 0)
    assert.equal(notes.warnings.length, 1)
    assert.match(notes.warnings[0] ?? '', /github-token .*line break/)
    assert.doesNotMatch(notes.warnings[0] ?? '', /firstPart|secondPart/)
  })

  it('does nothing outside pull-request events, and says so', async () => {
    const notes = await upsert(makeReport(), { eventName: 'push' })
    assert.equal(github.requests.length, 0)
    assert.deepEqual(notes.warnings, [])
    assert.match(notes.info[0] ?? '', /skipped on 'push' events/)
  })

  it('warns without a request when the token is empty or the event has no PR number', async () => {
    const empty = await upsert(makeReport(), {}, { githubToken: '' })
    const { pullRequest: _pullRequest, ...withoutPullRequest } = here
    const noNumber = await upsertPullRequestComment(
      makeReport(),
      { ...withoutPullRequest, pullRequestProblem: 'the event names no pull request number' },
      { githubToken: TOKEN, deadlineMs: Date.now() + 10_000 }
    )
    assert.equal(github.requests.length, 0)
    assert.match(empty.warnings[0] ?? '', /github-token is empty/)
    assert.match(noNumber.warnings[0] ?? '', /no pull request number/)
  })

  it('keeps a comment with thousands of findings under the size limit', async () => {
    const findings: LocatedFinding[] = Array.from({ length: 5000 }, (_, index) => ({
      severity: 'error',
      message: `${index} ${'<b>x</b> | '.repeat(100)}`,
      path: `/paths/~1p${index}/get`
    }))
    await upsert(makeReport({ findings }))
    const body = (JSON.parse(github.requests.at(-1)?.body ?? '{}') as { body: string }).body
    assert.ok(body.length < 65_536)
    assert.ok(Buffer.byteLength(body) <= COMMENT_MAX_BYTES)
    assert.match(
      body,
      /more findings not shown here: the job summary of the workflow run lists them/
    )
    assert.match(body, /\[Workflow run\]/)
  })
})

describe('comment text', () => {
  it('shows at most 50 findings, then counts the rest', () => {
    const findings: LocatedFinding[] = Array.from({ length: 80 }, (_, index) => ({
      severity: 'warning',
      message: `m${index}`,
      path: `/p${index}`
    }))
    const body = renderComment(makeReport({ findings }), context)
    assert.equal((body.match(/^\| ⚠️ warning \|/gm) ?? []).length, 50)
    assert.match(body, /… and 30 more findings not shown here/)
  })

  it('keeps the marker a well-formed HTML comment whatever the id', () => {
    assert.equal(
      commentMarker('3fa85f64-5717-4562-b3fc-2c963f66afa6'),
      '<!-- document360-import-gate:3fa85f64-5717-4562-b3fc-2c963f66afa6 -->'
    )
    const marker = commentMarker('x --> <img src=x> --!> y')
    assert.equal(marker.indexOf('-->'), marker.length - 3)
    assert.doesNotMatch(marker.slice('<!--'.length, -'-->'.length), /[<>!]/)
  })

  it('links the workflow run only when the context names it', () => {
    assert.equal(runUrl(context), 'https://github.com/octo/api/actions/runs/4242')
    const { runId: _runId, ...withoutRun } = context
    assert.equal(runUrl(withoutRun), undefined)
    assert.equal(runUrl({ ...context, runId: '1)(x' }), undefined)
    assert.doesNotMatch(
      renderComment(makeReport(), { ...withoutRun, repository: 'not a repository' }),
      /Workflow run/
    )
  })
})

describe('start-up cost', () => {
  it('loads @actions/github only when a comment is to be written', () => {
    const script = `
      import { registerHooks } from 'node:module'
      const loaded = []
      registerHooks({
        resolve(specifier, context, next) {
          if (specifier === '@actions/github') loaded.push(specifier)
          return next(specifier, context)
        }
      })
      const module = ${JSON.stringify(path.join(root, 'src/report/pr-comment.ts'))}
      const { upsertPullRequestComment } = await import(module)
      const report = {
        result: 'passed', reasons: [], projectId: 'p', apiReferenceId: 'r',
        maxErrors: 0, maxWarnings: null, findings: []
      }
      const context = ${JSON.stringify({ ...context, pullRequest: undefined })}
      const options = { githubToken: 'token', deadlineMs: Date.now() + 5000 }
      await upsertPullRequestComment(report, { ...context, eventName: 'push' }, options)
      const onPush = loaded.length
      await upsertPullRequestComment(
        report,
        { ...context, pullRequestProblem: 'the event file could not be read' },
        options
      )
      const onBadEvent = loaded.length
      console.log(JSON.stringify({ onPush, onBadEvent }))
    `
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8'
    })
    assert.equal(child.status, 0, child.stderr)
    const result = child.stdout.split('\n').find(line => line.startsWith('{'))
    assert.deepEqual(JSON.parse(result ?? '{}'), { onPush: 0, onBadEvent: 0 })
  })
})
