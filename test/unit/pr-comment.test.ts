import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, afterEach, before, beforeEach, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import {
  COMMENT_MAX_BYTES,
  commentMarker,
  renderComment,
  runUrl,
  upsertPullRequestComment
} from '../../src/report/pr-comment.ts'
import type { GateReport, LocatedFinding, RunContext } from '../../src/report/types.ts'
import { GitHubStandIn } from '../../tools/github-api.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const TOKEN = 'ghs_secretTokenValue1234567890'
const PR = 7
const context: RunContext = {
  serverUrl: 'https://github.com',
  repository: 'octo/api',
  sha: '0123456789abcdef0123456789abcdef01234567',
  runId: '4242',
  runAttempt: '1'
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
  const saved = { ...process.env }
  const originalWrite = process.stdout.write.bind(process.stdout)
  let dir: string
  let commands: string[]

  before(async () => {
    await github.start()
    dir = await mkdtemp(path.join(tmpdir(), 'pr-comment-'))
    await writeFile(
      path.join(dir, 'pull_request.json'),
      JSON.stringify({ pull_request: { number: PR } })
    )
    await writeFile(path.join(dir, 'push.json'), JSON.stringify({ ref: 'refs/heads/main' }))
    for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy'])
      delete process.env[name]
  })
  after(async () => {
    await github.stop()
    await rm(dir, { recursive: true, force: true })
    process.env = saved
  })
  beforeEach(() => {
    github.reset()
    commands = []
    process.env.GITHUB_API_URL = github.url
    process.env.GITHUB_EVENT_NAME = 'pull_request'
    process.env.GITHUB_EVENT_PATH = path.join(dir, 'pull_request.json')
    process.env.GITHUB_REPOSITORY = 'octo/api'
    // Workflow commands (`::warning::`, `::debug::`) are captured, not printed.
    process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk === 'string' && chunk.startsWith('::')) {
        commands.push(chunk)
        return true
      }
      if (typeof chunk === 'string' && chunk.includes(TOKEN)) commands.push(chunk)
      return originalWrite(chunk, ...(rest as []))
    }
  })
  afterEach(() => {
    process.stdout.write = originalWrite
  })

  const warnings = () => commands.filter(command => command.startsWith('::warning'))

  it('creates the comment when none carries the marker', async () => {
    github.addComments(3)
    github.addComments(1, () => `${commentMarker('other-ref')}\nanother reference`, 'Bot')
    const outcome = await upsertPullRequestComment(makeReport(), context, TOKEN)
    assert.equal(outcome.action, 'created')
    const posts = github.requests.filter(request => request.method === 'POST')
    assert.equal(posts.length, 1)
    assert.equal(posts[0]?.url, `/repos/octo/api/issues/${PR}/comments`)
    assert.equal(posts[0]?.authorization, `token ${TOKEN}`)
    const { body } = JSON.parse(posts[0]?.body ?? '{}') as { body: string }
    assert.ok(
      body.startsWith(
        '<!-- document360-import-gate:ref-1 -->\n### ❌ Document360 import gate: failed'
      )
    )
    assert.match(body, /\| Errors \| 1 \(max 0, over the limit\) \|/)
    assert.match(body, /Missing field &#39;type&#39;/)
    assert.match(body, /\[Workflow run\]\(https:\/\/github\.com\/octo\/api\/actions\/runs\/4242\)/)
    assert.equal(github.comments.length, 5)
    assert.deepEqual(warnings(), [])
  })

  it('updates its own comment in place when it sits on page 2', async () => {
    github.addComments(150)
    const own = github.addComment(`${commentMarker('ref-1')}\nold result`)
    github.addComments(20)
    const outcome = await upsertPullRequestComment(makeReport(), context, TOKEN)
    assert.deepEqual(outcome, {
      action: 'updated',
      commentId: own.id,
      url: `https://github.com/octo/api/pull/${PR}#issuecomment-${own.id}`
    })
    assert.deepEqual(
      github.requests.map(request => `${request.method} ${request.url}`),
      [
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
    const outcome = await upsertPullRequestComment(makeReport(), context, TOKEN)
    assert.equal(outcome.action, 'updated')
    assert.equal(outcome.commentId, own.id)
    assert.equal(github.requests.filter(request => request.method === 'GET').length, 3)
  })

  it('creates once, then updates the same comment on the next run', async () => {
    github.addComments(120)
    const first = await upsertPullRequestComment(makeReport(), context, TOKEN)
    const second = await upsertPullRequestComment(
      makeReport({ result: 'passed', reasons: [] }),
      context,
      TOKEN
    )
    assert.equal(first.action, 'created')
    assert.equal(second.action, 'updated')
    assert.equal(second.commentId, first.commentId)
    const marked = github.comments.filter(comment => comment.body.includes(commentMarker('ref-1')))
    assert.equal(marked.length, 1)
    assert.match(marked[0]?.body ?? '', /### ✅ Document360 import gate: passed/)
  })

  it("prefers the gate's own (bot) comment over a person's that quotes the marker", async () => {
    github.addComments(1, () => `I saw ${commentMarker('ref-1')} here`)
    const own = github.addComment(`${commentMarker('ref-1')}\nold`)
    const outcome = await upsertPullRequestComment(makeReport(), context, TOKEN)
    assert.equal(outcome.commentId, own.id)
  })

  it('works on pull_request_target too', async () => {
    process.env.GITHUB_EVENT_NAME = 'pull_request_target'
    assert.equal((await upsertPullRequestComment(makeReport(), context, TOKEN)).action, 'created')
  })

  it('turns a 403 into one warning that says how to fix it, without throwing', async () => {
    github.failures.set('POST', { status: 403, message: 'Resource not accessible by integration' })
    const outcome = await upsertPullRequestComment(makeReport(), context, TOKEN)
    assert.deepEqual(outcome, { action: 'failed' })
    assert.equal(warnings().length, 1)
    const warning = warnings()[0] as string
    assert.match(warning, /\(HTTP 403: Resource not accessible by integration\)/)
    assert.match(warning, /permissions: pull-requests: write/)
    assert.match(warning, /fork/)
    assert.match(warning, /pull_request_target/)
    assert.equal(
      commands.some(command => command.includes(TOKEN)),
      false
    )
  })

  it('warns on a 403 while listing comments too', async () => {
    github.failures.set('GET', { status: 403, message: 'Resource not accessible by integration' })
    assert.equal((await upsertPullRequestComment(makeReport(), context, TOKEN)).action, 'failed')
    assert.equal(warnings().length, 1)
    assert.equal(github.requests.length, 1)
  })

  it('explains 401 and 404', async () => {
    github.failures.set('GET', { status: 401, message: 'Bad credentials' })
    await upsertPullRequestComment(makeReport(), context, TOKEN)
    github.failures.set('GET', { status: 404, message: 'Not Found' })
    await upsertPullRequestComment(makeReport(), context, TOKEN)
    const [unauthorized, notFound] = warnings()
    assert.match(unauthorized ?? '', /rejected github-token \(HTTP 401: Bad credentials\)/)
    assert.match(
      notFound ?? '',
      /not visible to this token.*\(HTTP 404: Not Found\).*pull-requests: write/
    )
  })

  it('warns when GitHub cannot be reached', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise(resolve => closed.close(resolve))
    process.env.GITHUB_API_URL = `http://127.0.0.1:${port}`
    assert.equal((await upsertPullRequestComment(makeReport(), context, TOKEN)).action, 'failed')
    assert.match(warnings()[0] ?? '', /could not be reached/)
  })

  it('gives up with a warning when GitHub does not answer in time', async () => {
    github.hang = true
    const started = Date.now()
    const outcome = await upsertPullRequestComment(makeReport(), context, TOKEN, { timeoutMs: 300 })
    assert.equal(outcome.action, 'failed')
    assert.ok(Date.now() - started < 5000)
    assert.match(warnings()[0] ?? '', /did not answer in time/)
  })

  it('does nothing outside pull-request events, with a debug line', async () => {
    process.env.GITHUB_EVENT_NAME = 'push'
    process.env.GITHUB_EVENT_PATH = path.join(dir, 'push.json')
    const outcome = await upsertPullRequestComment(makeReport(), context, TOKEN)
    assert.deepEqual(outcome, { action: 'skipped' })
    assert.equal(github.requests.length, 0)
    assert.deepEqual(warnings(), [])
    assert.match(commands.join(''), /^::debug::pr-comment: ignored on 'push' events/)
  })

  it('warns without a request when the token is empty or the event has no PR number', async () => {
    await upsertPullRequestComment(makeReport(), context, '')
    process.env.GITHUB_EVENT_PATH = path.join(dir, 'push.json')
    await upsertPullRequestComment(makeReport(), context, TOKEN)
    assert.equal(github.requests.length, 0)
    const [empty, noNumber] = warnings()
    assert.match(empty ?? '', /github-token is empty/)
    assert.match(noNumber ?? '', /no pull request number/)
  })

  it('keeps a comment with thousands of findings under the size limit', async () => {
    const findings: LocatedFinding[] = Array.from({ length: 5000 }, (_, index) => ({
      severity: 'error',
      message: `${index} ${'<b>x</b> | '.repeat(100)}`,
      path: `/paths/~1p${index}/get`
    }))
    await upsertPullRequestComment(makeReport({ findings }), context, TOKEN)
    const { body } = JSON.parse(github.requests.at(-1)?.body ?? '{}') as { body: string }
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
      renderComment(makeReport(), { serverUrl: 'https://github.com' }),
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
      process.env.GITHUB_EVENT_NAME = 'push'
      await upsertPullRequestComment(report, { serverUrl: 'https://github.com' }, 'token')
      const onPush = loaded.length
      process.env.GITHUB_EVENT_NAME = 'pull_request'
      process.env.GITHUB_EVENT_PATH = '/nonexistent/event.json'
      process.env.GITHUB_REPOSITORY = 'o/r'
      await upsertPullRequestComment(report, { serverUrl: 'https://github.com' }, 'token')
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
