// The end-to-end harness (tools/run-action.ts) and the `npm start` demo (tools/demo.ts).
// They run a fake action (test/fixtures/fake-action.ts) so that they are tested on their
// own, whatever the state of dist/index.js.

import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { renderLogLine } from '../../tools/demo/log.ts'
import type { LogState } from '../../tools/demo/log.ts'
import { renderSummary } from '../../tools/demo/summary.ts'
import { alignTable } from '../../tools/demo/terminal.ts'
import {
  REPO_ROOT,
  actionDefaults,
  inputVariable,
  parseCommandLine,
  parseCommands,
  parseOutputFile,
  runAction
} from '../../tools/run-action.ts'
import { simulatorInputs, startSimulator } from '../../tools/simulator.ts'
import type { Simulator } from '../../tools/simulator.ts'

const FAKE_ACTION = fileURLToPath(new URL('../fixtures/fake-action.ts', import.meta.url))
const ANSI = /\u001b\[[0-9;]*m/g

const scratch = mkdtempSync(join(tmpdir(), 'run-action-test-'))
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

describe('run-action: parsing what the action writes', () => {
  it('parses GITHUB_OUTPUT heredocs and name=value lines', () => {
    const text =
      'result<<ghadelimiter_1\nfailed\nghadelimiter_1\n' +
      'report<<EOF_2\n{"a":1,\n"b":"x=y"}\nEOF_2\n' +
      'empty<<D\n\nD\n' +
      'simple=a=b\n'
    assert.deepEqual(parseOutputFile(text), {
      result: 'failed',
      report: '{"a":1,\n"b":"x=y"}',
      empty: '',
      simple: 'a=b'
    })
    assert.throws(() => parseOutputFile('x<<END\nvalue\n'), /delimiter END not found/)
  })

  it('decodes workflow commands as the runner does (escapes, case, leading space)', () => {
    const command = parseCommandLine(
      '  ::ERROR file=a%2Cb.yaml,line=12,title=T%3A x::two%0Alines 100%25',
      'stderr'
    )
    assert.deepEqual(
      { ...command, line: undefined },
      {
        name: 'error',
        properties: { file: 'a,b.yaml', line: '12', title: 'T: x' },
        value: 'two\nlines 100%',
        line: undefined,
        stream: 'stderr'
      }
    )
    assert.equal(parseCommandLine('plain text ::error::x'), undefined)
    assert.equal(parseCommandLine(':: no name'), undefined)
    assert.equal(parseCommandLine('::warning::')?.value, '')
  })

  it('treats lines between ::stop-commands::T and ::T:: as text', () => {
    const commands = parseCommands(
      [
        '::notice::before',
        '::stop-commands::pause-1',
        '::error::inside',
        '::add-mask::inside',
        '::pause-1::',
        '::warning::after'
      ].join('\n')
    )
    assert.deepEqual(
      commands.map(c => `${c.name}:${c.value}`),
      ['notice:before', 'stop-commands:pause-1', 'warning:after']
    )
  })

  it('maps input names to INPUT_ variables and reads defaults from action.yml', () => {
    assert.equal(inputVariable('project-id'), 'INPUT_PROJECT-ID')
    assert.equal(inputVariable('api reference'), 'INPUT_API_REFERENCE')
    const defaults = actionDefaults()
    assert.equal(defaults['max-errors'], '0')
    assert.equal(defaults['auth-scheme'], 'auto')
    assert.equal(defaults['github-token'], undefined, 'expression defaults are left out')
    assert.equal(defaults.token, undefined, 'required inputs have no default')
  })
})

describe('run-action: running an action', () => {
  it('runs it with INPUT_* variables and returns outputs, annotations, masks, summary', async () => {
    const sim = await simulator('findings')
    const result = await runAction({
      entry: FAKE_ACTION,
      inputs: { ...simulatorInputs(sim), 'spec-file': 'examples/openapi.yaml' }
    })
    assert.equal(result.code, 1, result.stderr)
    assert.equal(result.timedOut, false)
    assert.equal(result.outputs.result, 'failed')
    assert.equal(result.outputs['error-count'], '2')
    assert.equal(result.outputs['warning-count'], '5')
    assert.equal(result.annotations.filter(a => a.kind === 'error').length, 3)
    assert.equal(result.annotations.filter(a => a.kind === 'warning').length, 5)
    assert.deepEqual(result.annotations[0], {
      kind: 'error',
      file: 'examples/openapi.yaml',
      line: 10,
      title: '/components/schemas/Pet/properties/owner',
      message: "Unresolved reference '#/components/schemas/Owner'"
    })
    assert.deepEqual(result.masks, [sim.token])
    assert.match(result.summary, /<table>/)
    assert.ok(result.durationMs > 0)
    assert.equal(sim.requests[0]?.headers['user-agent'], 'fake-action/0.0.0')
    assert.equal(existsSync(result.tempDir), false, 'the temporary folder is removed')
  })

  it('gives the child a small fixed environment, not the parent one', async () => {
    const printEnv = script('print-env.ts', 'console.log(JSON.stringify(process.env))\n')
    process.env.GITHUB_REPOSITORY = 'parent/leak'
    process.env.PARENT_ONLY_VARIABLE = 'leak'
    try {
      const result = await runAction({
        entry: printEnv,
        inputs: { token: 't', 'auth-scheme': undefined },
        env: { RUNNER_OS: undefined, EXTRA: 'yes' },
        keepTemp: true
      })
      const env = JSON.parse(result.stdout) as Record<string, string>
      assert.equal(env.GITHUB_REPOSITORY, 'octo-org/petstore-docs')
      assert.equal(env.PARENT_ONLY_VARIABLE, undefined)
      assert.equal(env.GITHUB_ACTIONS, 'true')
      assert.equal(env.INPUT_TOKEN, 't')
      assert.equal(env['INPUT_MAX-ERRORS'], '0', 'action.yml defaults are filled in')
      assert.equal(env['INPUT_AUTH-SCHEME'], undefined, 'undefined leaves an input unset')
      assert.equal(env['INPUT_GITHUB-TOKEN'], undefined)
      assert.equal(env.RUNNER_OS, undefined)
      assert.equal(env.EXTRA, 'yes')
      assert.equal(env.GITHUB_WORKSPACE, REPO_ROOT.replace(/\/$/, ''))
      assert.ok(env.GITHUB_OUTPUT?.startsWith(result.tempDir))
      assert.ok(env.GITHUB_STEP_SUMMARY?.startsWith(result.tempDir))
      assert.ok(existsSync(env.RUNNER_TEMP ?? '/nonexistent'))
      assert.equal(env.NODE_OPTIONS, undefined)
      rmSync(result.tempDir, { recursive: true, force: true })
    } finally {
      delete process.env.GITHUB_REPOSITORY
      delete process.env.PARENT_ONLY_VARIABLE
    }
  })

  it('reads commands from both streams and honours stop-commands', async () => {
    const result = await runAction({ entry: FAKE_ACTION, env: { FAKE_ACTION_MODE: 'commands' } })
    assert.equal(result.code, 0)
    assert.deepEqual(result.annotations, [
      { kind: 'warning', file: 'a,b.yaml', line: 7, title: 'T: x', message: 'multi\nline 100%' },
      { kind: 'error', message: 'upper case is still a command' },
      { kind: 'notice', message: 'from stderr' }
    ])
    assert.equal(result.commands.at(-1)?.stream, 'stderr')
    assert.equal(result.outputs.multi, 'line one\nline two')
  })

  it('kills a child that runs too long and says so', async () => {
    const started = Date.now()
    const result = await runAction({
      entry: FAKE_ACTION,
      env: { FAKE_ACTION_MODE: 'sleep' },
      timeoutMs: 300
    })
    assert.equal(result.timedOut, true)
    assert.equal(result.code, null)
    assert.equal(result.signal, 'SIGKILL')
    assert.ok(Date.now() - started < 5000)
  })

  it('reports a crash with its exit code and stderr, and a missing entry clearly', async () => {
    const crash = await runAction({ entry: FAKE_ACTION, env: { FAKE_ACTION_MODE: 'crash' } })
    assert.equal(crash.code, 1)
    assert.match(crash.stderr, /fake action crashed/)
    assert.deepEqual(crash.outputs, {})
    const exit3 = await runAction({ entry: FAKE_ACTION, env: { FAKE_ACTION_MODE: 'exit-3' } })
    assert.equal(exit3.code, 3)
    await assert.rejects(runAction({ entry: join(scratch, 'nope.js') }), /npm run build/)
  })
})

describe('demo: rendering', () => {
  const plain = (text: string | null) => (text ?? '').replace(ANSI, '')

  it('shows annotations readably, applies masks, hides what the UI hides', () => {
    const state: LogState = { masks: [], debug: false }
    const lines = [
      '::add-mask::s3cret',
      'token is s3cret',
      '::error file=examples/openapi.yaml,line=14,title=Bad%3A schema::Missing type',
      '::warning::no place',
      '::debug::hidden',
      '::group::Details',
      '::endgroup::',
      '::stop-commands::tok',
      '::error::shown as text',
      '::tok::',
      '::notice title=s3cret::two%0Alines'
    ].map(line => renderLogLine(line, state))
    assert.deepEqual(lines.map(plain), [
      '',
      'token is ***',
      '✖ error examples/openapi.yaml:14 — Bad: schema: Missing type',
      '⚠ warning — no place',
      '',
      '▼ Details',
      '',
      '',
      '::error::shown as text',
      '',
      'ℹ notice — ***: two\n    lines'
    ])
    assert.equal(lines[0], null)
    assert.equal(lines[4], null, 'debug lines are hidden unless debugging')
  })

  it('renders HTML and Markdown summaries as aligned terminal text', () => {
    const html =
      '<h2>Gate &amp; result</h2>\n' +
      '<table><tr><th>Name</th><th>Count</th></tr>' +
      '<tr><td><code>errors</code></td><td>12</td></tr>' +
      '<tr><td><a href="https://x.example/l">warnings</a></td><td>3</td></tr></table>\n' +
      '<details><summary>More</summary><ul><li>one &lt;b&gt;</li><li>two</li></ul></details>\n' +
      '<p>See <a href="https://x.example/run">the run</a>.</p>'
    assert.equal(
      plain(renderSummary(html)),
      [
        'Gate & result',
        '═════════════',
        '',
        'Name      Count',
        '────────  ─────',
        'errors    12',
        'warnings  3',
        '',
        '▸ More',
        '',
        '  • one <b>',
        '  • two',
        '',
        'See the run (https://x.example/run).'
      ].join('\n')
    )
    const markdown =
      '### ❌ Title\n\n| | |\n| --- | --- |\n| Result | ❌ failed |\n| Why | a &#44; b |\n\n' +
      '| A | B |\n| --- | --- |\n| [x&#47;y](https://l) | `c` \\| d |\n'
    assert.equal(
      plain(renderSummary(markdown)),
      [
        '❌ Title',
        '════════',
        '',
        'Result  ❌ failed',
        'Why     a , b',
        '',
        'A    B',
        '───  ─────',
        'x/y  c | d'
      ].join('\n')
    )
  })

  it('aligns columns by display width (emoji take two)', () => {
    assert.equal(
      alignTable(
        [
          ['❌', 'a'],
          ['ok', 'b']
        ],
        0
      ),
      '❌  a\nok  b'
    )
  })
})
