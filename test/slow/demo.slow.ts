// The demo (`npm start`) end to end (`npm run test:slow`): tools/demo.ts as a process, against
// the simulator and against a "real" API, with the fake action of test/fixtures. Its
// rendering is unit-tested in test/unit/run-action.alone.test.ts.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { REPO_ROOT } from '../../tools/run-action.ts'
import { SCENARIO_NAMES, startSimulator } from '../../tools/simulator.ts'
import type { Simulator } from '../../tools/simulator.ts'

const FAKE_ACTION = fileURLToPath(new URL('../fixtures/fake-action.ts', import.meta.url))
const DEMO = fileURLToPath(new URL('../../tools/demo.ts', import.meta.url))

const scratch = mkdtempSync(join(tmpdir(), 'demo-test-'))
const running: Simulator[] = []
after(async () => {
  await Promise.all(running.map(sim => sim.close()))
  rmSync(scratch, { recursive: true, force: true })
})

async function simulator(scenario: string): Promise<Simulator> {
  const sim = await startSimulator({ scenario })
  running.push(sim)
  return sim
}

function script(name: string, text: string): string {
  const file = join(scratch, name)
  writeFileSync(file, text)
  return file
}

interface DemoRun {
  code: number | null
  out: string
}

async function demo(args: string[], env: Record<string, string> = {}): Promise<DemoRun> {
  const child = spawn(process.execPath, [DEMO, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  const code = await new Promise<number | null>(resolve => child.once('close', resolve))
  return { code, out }
}

describe('demo: npm start', () => {
  it('lists every scenario and explains a real run with --help', async () => {
    const { code, out } = await demo(['--help'])
    assert.equal(code, 0)
    for (const name of SCENARIO_NAMES) assert.match(out, new RegExp(`^  ${name} +\\S`, 'm'))
    assert.match(out, /INPUT_PROJECT-ID=/)
  })

  it('refuses an unknown scenario', async () => {
    const { code, out } = await demo(['no-such-scenario'])
    assert.equal(code, 2)
    assert.match(out, /Unknown scenario 'no-such-scenario'/)
  })

  it('runs the action against the simulator and prints log, outputs and summary', async () => {
    const { code, out } = await demo(['--entry', FAKE_ACTION])
    assert.equal(code, 0, out)
    assert.match(out, /^Mode: simulator, scenario 'findings' on http:\/\/127\.0\.0\.1:\d+$/m)
    assert.match(
      out,
      /^✖ error examples\/openapi\.yaml:10 — \/components\/schemas\/Pet\/properties\/owner: Unresolved/m
    )
    assert.match(out, /^⚠ warning examples\/openapi\.yaml:12 — \/paths\/~1pets\/get: /m)
    assert.match(out, /^error-count +2$/m)
    assert.match(out, /^Completed +2 +5$/m)
    assert.match(out, /Checking the latest import \(token \*\*\*\)/)
    assert.doesNotMatch(out, /d360_sk_simulator_secret_token/)
    assert.match(out, /✖ failed \(exit code 1\).*result: failed/)
  })

  it('runs against a real API when the INPUT_ variables are set, without a simulator', async () => {
    const api = await simulator('clean')
    const { code, out } = await demo(['--entry', FAKE_ACTION], {
      INPUT_TOKEN: api.token,
      'INPUT_PROJECT-ID': api.projectId,
      INPUT_API_REFERENCE_ID: api.apiReferenceId,
      'INPUT_API-URL': api.url
    })
    assert.equal(code, 0, out)
    assert.match(out, new RegExp(`^Mode: real run against the Document360 API at ${api.url}`, 'm'))
    assert.doesNotMatch(out, /Mode: simulator/)
    assert.equal(api.requests.length, 1, 'the "real" API was asked')
    assert.match(out, /✔ succeeded.*result: passed/)
  })

  it('names what is missing for a real run, and fails when the action sets no result', async () => {
    const partial = await demo([], { INPUT_TOKEN: 'x' })
    assert.equal(partial.code, 2)
    assert.match(partial.out, /missing: INPUT_PROJECT-ID, INPUT_API-REFERENCE-ID/)
    const silent = script('silent.ts', 'process.exit(0)\n')
    const noResult = await demo(['clean', '--entry', silent])
    assert.equal(noResult.code, 1)
    assert.match(noResult.out, /set no `result` output/)
  })
})
