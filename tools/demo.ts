// `npm start`: runs the committed dist/index.js exactly as a GitHub runner would (INPUT_*
// variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) against the Document360 simulator,
// and prints what the Actions UI would show: the log with annotations in a readable form,
// the outputs, and the job summary rendered for a terminal (tools/demo/).
//
//   npm start                      the `findings` scenario
//   npm start -- in-progress       another scenario (`npm start -- --help` lists them)
//   npm start -- resync-pass       the gate starts the import, it passes, the gate publishes
//   npm start -- resync-fail       the import it starts fails: nothing is published
//   INPUT_TOKEN=… INPUT_PROJECT_ID=… INPUT_API_REFERENCE_ID=… npm start
//                                  a real run against Document360 (no simulator)

import { relative } from 'node:path'
import { parseArgs } from 'node:util'
import { readBuildRecord, staleBuildReason } from './build/record.ts'
import { renderLogLine } from './demo/log.ts'
import type { LogState } from './demo/log.ts'
import { renderSummary } from './demo/summary.ts'
import { alignTable, bold, gray, green, red } from './demo/terminal.ts'
import { ACTION_ENTRY, REPO_ROOT } from './repo.ts'
import { runAction } from './run-action.ts'
import type { RunResult } from './run-action.ts'
import {
  SCENARIO_NAMES,
  describeScenarios,
  namedScenario,
  simulatorInputs,
  startSimulator
} from './simulator.ts'
import type { Simulator } from './simulator.ts'

const DEFAULT_SCENARIO = 'findings'
const REAL_RUN_INPUTS = ['token', 'project-id', 'api-reference-id']

// Inputs that make the simulated runs quick; a scenario's own inputs and --input win.
const DEMO_INPUTS: Record<string, string> = {
  'spec-file': 'examples/openapi.yaml',
  'wait-timeout': '30',
  'poll-interval': '1'
}

function renderOutputs(outputs: Record<string, string>, width = 96): string {
  const rows = Object.entries(outputs).map(([name, value]) => {
    const oneLine = value.replace(/\s*\n\s*/g, ' ')
    const shown =
      oneLine.length > width
        ? `${oneLine.slice(0, width - 1)}… (${value.length} characters)`
        : oneLine
    return [name, shown]
  })
  if (rows.length === 0) return '(no outputs)'
  return alignTable(rows, 0)
}

interface DemoArgs {
  scenario: string
  inputs: Record<string, string>
  entry?: string
  help: boolean
}

const FLAGS = {
  input: { type: 'string', short: 'i', multiple: true },
  entry: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

function parseDemoArgs(argv: string[]): DemoArgs {
  const { values, positionals } = parseArgs({ args: argv, options: FLAGS, allowPositionals: true })
  const args: DemoArgs = { scenario: DEFAULT_SCENARIO, inputs: {}, help: values.help ?? false }
  for (const pair of values.input ?? []) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new Error(`--input needs name=value, not '${pair}'`)
    args.inputs[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  if (values.entry !== undefined) args.entry = values.entry
  const [scenario, ...extra] = positionals.filter(word => word !== 'help' || !(args.help = true))
  if (extra.length > 0) {
    throw new Error(`Unexpected argument '${extra[0]}'. \`npm start -- --help\` lists the options.`)
  }
  if (scenario !== undefined) {
    if (!SCENARIO_NAMES.includes(scenario)) {
      throw new Error(`Unknown scenario '${scenario}'. \`npm start -- --help\` lists them.`)
    }
    args.scenario = scenario
  }
  return args
}

const HELP = `Usage: npm start -- [SCENARIO] [--input NAME=VALUE]...

Runs the committed dist/index.js as a GitHub runner would, against a local Document360
simulator, and prints what the Actions UI would show: the log (annotations in a readable
form), the outputs and the job summary. Exits 0 when the demo ran, even when the gate it
demonstrates fails.

  SCENARIO             what the simulated Document360 does (default ${DEFAULT_SCENARIO})
  --input, -i NAME=VALUE
                       set an action input (e.g. --input max-warnings=3), repeatable
  --entry FILE         run FILE instead of dist/index.js
  --help, -h           this text

Scenarios:
${describeScenarios()}

A real run, against your Document360 project instead of the simulator. Underscores stand
for the dashes of input names (npm runs scripts with /bin/sh, which drops variables whose
names contain dashes):

  export INPUT_TOKEN="$D360_TOKEN" INPUT_PROJECT_ID=<project id> \\
      INPUT_API_REFERENCE_ID=<API reference id>
  npm start

The runner's own spelling works when the demo is started without npm:
  env INPUT_TOKEN="$D360_TOKEN" 'INPUT_PROJECT-ID=<project id>' \\
      'INPUT_API-REFERENCE-ID=<API reference id>' node tools/demo.ts

Any other INPUT_<NAME> variable sets that input too (INPUT_API_URL for the US or private
hosting, INPUT_SINCE, INPUT_MAX_WARNINGS...).
`

/** Inputs given as INPUT_* variables in this process's environment (a real run). */
function inputsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const inputs: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('INPUT_') || value === undefined) continue
    inputs[name.slice('INPUT_'.length).toLowerCase().replace(/_/g, '-')] = value
  }
  return inputs
}

// Variables a real run passes on: debugging, proxies and extra CA certificates.
const PASS_THROUGH = [
  'RUNNER_DEBUG',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'NODE_EXTRA_CA_CERTS'
]

function printStepHeader(inputs: Record<string, string>) {
  console.log(bold('Run ./ (document360-import-gate)'))
  console.log('  with:')
  const secret = new Set(['token', 'github-token'])
  for (const [name, value] of Object.entries(inputs)) {
    if (value === '') continue
    console.log(gray(`    ${name}: ${secret.has(name) ? '***' : value}`))
  }
}

function section(title: string) {
  console.log(`\n${bold(`━━ ${title} ${'━'.repeat(Math.max(3, 60 - title.length))}`)}`)
}

async function main(argv: string[]): Promise<number> {
  let args: DemoArgs
  try {
    args = parseDemoArgs(argv)
  } catch (error) {
    console.error((error as Error).message)
    return 2
  }
  if (args.help) {
    process.stdout.write(HELP)
    return 0
  }

  const envInputs = inputsFromEnv(process.env)
  const given = REAL_RUN_INPUTS.filter(name => (envInputs[name] ?? '') !== '')
  const realRun = given.length > 0
  if (realRun && given.length < REAL_RUN_INPUTS.length) {
    const missing = REAL_RUN_INPUTS.filter(name => !given.includes(name))
    console.error(
      `A real run needs ${REAL_RUN_INPUTS.map(n => `INPUT_${n.toUpperCase()}`).join(', ')}; ` +
        `missing: ${missing.map(n => `INPUT_${n.toUpperCase()}`).join(', ')}.`
    )
    return 2
  }

  let sim: Simulator | undefined
  let inputs: Record<string, string>
  const env: Record<string, string> = {}
  if (realRun) {
    inputs = { ...envInputs, ...args.inputs }
    for (const name of PASS_THROUGH) {
      const value = process.env[name]
      if (value !== undefined) env[name] = value
    }
    const url = inputs['api-url'] || 'https://apihub.document360.io'
    console.log(bold(`Mode: real run against the Document360 API at ${url} (no simulator)`))
  } else {
    const scenario = namedScenario(args.scenario)
    sim = await startSimulator({ scenario })
    inputs = {
      ...simulatorInputs(sim),
      ...DEMO_INPUTS,
      ...scenario.inputs,
      ...args.inputs
    }
    if (process.env.RUNNER_DEBUG !== undefined) env.RUNNER_DEBUG = process.env.RUNNER_DEBUG
    console.log(bold(`Mode: simulator, scenario '${scenario.name}' on ${sim.url}`))
    console.log(`  ${scenario.description}`)
    console.log(`  expected result: ${scenario.expect ?? 'see the log'}`)
  }

  const entry = args.entry ?? ACTION_ENTRY
  // Without a build here the committed dist/ runs, as it should; after one, say when the
  // sources have moved on from it.
  const stale = readBuildRecord() === undefined ? undefined : staleBuildReason()
  if (entry === ACTION_ENTRY && stale !== undefined) console.log(red(`Note: ${stale}.`))
  const waitSeconds = Number(inputs['wait-timeout'] ?? 300) || 0
  section('Log')
  printStepHeader(inputs)
  const state: LogState = { masks: [], debug: env.RUNNER_DEBUG === '1' }
  let result: RunResult
  try {
    result = await runAction({
      inputs,
      env,
      entry,
      // The demo shows the committed build; a stale one is only pointed out.
      allowStaleBuild: true,
      timeoutMs: (waitSeconds + 90) * 1000,
      onLine: line => {
        const shown = renderLogLine(line, state)
        if (shown !== null) console.log(shown)
      }
    })
  } catch (error) {
    console.error(`\n${(error as Error).message}`)
    return 1
  } finally {
    await sim?.close()
  }

  section('Outputs')
  console.log(renderOutputs(result.outputs))
  section('Job summary')
  console.log(result.summary.trim() === '' ? '(none written)' : renderSummary(result.summary))

  section('Step')
  const seconds = (result.durationMs / 1000).toFixed(1)
  const count = sim?.requests.length ?? 0
  const requests =
    sim === undefined ? '' : `, ${count} request${count === 1 ? '' : 's'} to the simulator`
  if (result.timedOut || result.code === null) {
    console.log(red(`✖ the action did not finish (killed after ${seconds} s${requests})`))
    return 1
  }
  const verdict =
    result.code === 0 ? green('✔ succeeded') : red(`✖ failed (exit code ${result.code})`)
  console.log(
    `${verdict} in ${seconds} s${requests}; result: ${result.outputs.result ?? '(not set)'}`
  )
  if (result.outputs.result === undefined) {
    console.log(
      red('The action set no `result` output: this is not how the demo is designed to end.')
    )
    return 1
  }
  if (sim !== undefined && sim.imports.length + sim.publishes.length > 0) {
    const started = sim.imports.map(i => `${i.logId.slice(0, 8)}… (${i.status})`).join(', ')
    const published = sim.publishes.map(p => `workspace ${p.workspaceId}`).join(', ')
    console.log(
      `imports started by a resync: ${started || 'none'}; ` +
        `publishes: ${published || 'none'} (published output: ${result.outputs.published})`
    )
  }
  if (args.entry !== undefined) console.log(gray(`(entry: ${relative(REPO_ROOT, entry)})`))
  return 0
}

if (import.meta.main) {
  // Ctrl-C: exit normally so that the run's temporary folder is removed.
  process.once('SIGINT', () => process.exit(130))
  process.exitCode = await main(process.argv.slice(2))
}
