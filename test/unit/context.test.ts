// The run context from an odd runner: an event file that is a FIFO, a device or not JSON, and
// a relative RUNNER_TEMP. Each gives a usable context and, where it matters, a named problem,
// never a hang or an exhausted heap.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { readRunContext } from '../../src/context.ts'

describe('readRunContext', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gate-context-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const pullRequestEnv = (eventPath: string) => ({
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath
  })

  it('reads the pull request from the event file', async () => {
    const event = join(dir, 'event.json')
    await writeFile(event, JSON.stringify({ pull_request: { number: 7 } }))
    const context = await readRunContext(pullRequestEnv(event), dir)
    assert.deepEqual(context.pullRequest, { number: 7 })
  })

  it('an event file that is a FIFO is refused at once, not waited on', async () => {
    const fifo = join(dir, 'event.fifo')
    execFileSync('mkfifo', [fifo])
    // Without a writer, a blocking read of a FIFO never ends: the test would time out.
    const context = await readRunContext(pullRequestEnv(fifo), dir)
    assert.equal(context.pullRequest, undefined)
    assert.match(context.pullRequestProblem ?? '', /event file .*not a regular file/)
  })

  it('an event file that is a device is refused without reading it', async () => {
    const context = await readRunContext(pullRequestEnv('/dev/zero'), dir)
    assert.equal(context.pullRequest, undefined)
    assert.match(context.pullRequestProblem ?? '', /event file .*not a regular file/)
  })

  it('an event file that is not JSON is named as such', async () => {
    const event = join(dir, 'garbage.json')
    await writeFile(event, '{"pull_request":')
    const context = await readRunContext(pullRequestEnv(event), dir)
    assert.match(context.pullRequestProblem ?? '', /event file .*not JSON/)
  })

  it('a relative RUNNER_TEMP is taken from the working directory, so file outputs are absolute', async () => {
    const context = await readRunContext({ RUNNER_TEMP: 'runner-temp' }, dir)
    assert.ok(isAbsolute(context.runnerTemp))
    assert.equal(context.runnerTemp, resolve(dir, 'runner-temp'))
  })
})
