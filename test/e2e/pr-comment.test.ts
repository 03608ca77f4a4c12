// End to end: the sticky pull-request comment, against a GitHub API stand-in on 127.0.0.1.

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DEFAULT_GITHUB_ENV, runAction, type RunResult } from '../../tools/run-action.ts'
import { GitHubStandIn } from '../../tools/github-api.ts'
import { simulatorInputs, startSimulator } from '../../tools/simulator.ts'

const PULL_NUMBER = 42
const GITHUB_TOKEN = 'ghs_e2eGitHubToken0123456789'
const repository = DEFAULT_GITHUB_ENV.GITHUB_REPOSITORY as string

describe('the pull-request comment, end to end', () => {
  const github = new GitHubStandIn({ repository, pullNumber: PULL_NUMBER })
  let eventDir: string

  before(async () => {
    await github.start()
    eventDir = await mkdtemp(join(tmpdir(), 'gate-event-'))
    await writeFile(
      join(eventDir, 'event.json'),
      JSON.stringify({ pull_request: { number: PULL_NUMBER } })
    )
  })
  after(async () => {
    await github.stop()
    await rm(eventDir, { recursive: true, force: true })
  })

  async function gate(scenario: string, event = 'pull_request'): Promise<RunResult> {
    const sim = await startSimulator({ scenario })
    try {
      const run = await runAction({
        inputs: {
          ...simulatorInputs(sim),
          'pr-comment': 'true',
          'github-token': GITHUB_TOKEN,
          ...sim.scenario.inputs
        },
        env: {
          GITHUB_EVENT_NAME: event,
          GITHUB_EVENT_PATH: join(eventDir, 'event.json'),
          GITHUB_API_URL: github.url
        }
      })
      assert.ok(
        !`${run.stdout}${run.stderr}`
          .replace(`::add-mask::${GITHUB_TOKEN}`, '')
          .includes(GITHUB_TOKEN)
      )
      return run
    } finally {
      await sim.close()
    }
  }

  const ours = () => github.comments.filter(c => c.body.includes('document360-import-gate:'))

  it('creates the comment once, then updates it in place when it sits beyond the first page', async () => {
    github.reset()
    github.addComments(150)
    const first = await gate('findings')
    assert.equal(first.outputs.result, 'failed')
    assert.equal(first.code, 1)
    assert.equal(github.requests.filter(r => r.method === 'POST' && r.url !== '/graphql').length, 1)
    assert.equal(ours().length, 1)
    assert.equal(github.requests[0]?.authorization, `token ${GITHUB_TOKEN}`)
    const created = ours()[0]!
    assert.match(created.body, /Document360 import gate: failed/)
    assert.match(created.body, /actions\/runs\/4242424242/)

    github.requests = []
    const second = await gate('clean')
    assert.equal(second.outputs.result, 'passed')
    assert.equal(second.code, 0)
    const pages = github.requests
      .filter(r => r.method === 'GET' && r.url !== '/user')
      .map(r => new URL(r.url, github.url).searchParams.get('page'))
    assert.deepEqual(pages, ['1', '2'], 'searched past the first page')
    assert.equal(
      github.requests.filter(r => r.method === 'POST' && r.url !== '/graphql').length,
      0,
      'no second comment'
    )
    assert.equal(github.requests.filter(r => r.method === 'PATCH').length, 1)
    assert.equal(ours().length, 1)
    assert.match(ours()[0]!.body, /Document360 import gate: passed/)
    assert.equal(github.comments.length, 151)
  })

  it('turns a 403 into one warning and leaves the verdict and exit code alone', async () => {
    for (const [scenario, result, code] of [
      ['clean', 'passed', 0],
      ['findings', 'failed', 1]
    ] as const) {
      github.reset()
      github.failures.set('GET', { status: 403, message: 'Resource not accessible by integration' })
      const run = await gate(scenario)
      assert.equal(run.outputs.result, result)
      assert.equal(run.code, code)
      const warnings = run.annotations.filter(
        a => a.kind === 'warning' && /pull-requests: write/.test(a.message)
      )
      assert.equal(warnings.length, 1)
    }
  })

  it('ignores pr-comment outside pull-request events', async () => {
    github.reset()
    const run = await gate('clean', 'push')
    assert.equal(run.code, 0)
    assert.equal(github.requests.length, 0)
  })
})
