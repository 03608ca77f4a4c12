// The simulator's command line (`node tools/simulator.ts [SCENARIO] [options]`): parses the
// flags, starts the server and prints its name=value lines.

import { parseArgs } from 'node:util'
import { describeScenarios, namedScenario } from './scenarios.ts'
import {
  DEFAULT_API_REFERENCE_ID,
  DEFAULT_PROJECT_ID,
  DEFAULT_TOKEN,
  startSimulator
} from './server.ts'
import type { SimulatorOptions } from './types.ts'

const CLI_HELP = `Usage: node tools/simulator.ts [SCENARIO] [options]

Serves a Document360 V3 import-log stand-in on loopback until killed. Prints name=value
lines on stdout (url, token, project-id, api-reference-id, scenario, then the inputs that
suit the scenario), ready to append to $GITHUB_OUTPUT.

Options:
  --scenario NAME        default clean (or give NAME as the only positional argument)
  --port N               default 0 (a random free port)
  --host ADDRESS         default 127.0.0.1
  --token T              default $SIMULATOR_TOKEN or ${DEFAULT_TOKEN}
  --project-id ID        default $SIMULATOR_PROJECT_ID or ${DEFAULT_PROJECT_ID}
  --api-reference-id ID  default $SIMULATOR_API_REFERENCE_ID or ${DEFAULT_API_REFERENCE_ID}
  --rate-limit N/SECS    shared limit: N requests per SECS-second window, then 429
  --empty-401            answer 401 with an empty body
  --step-ms MS           in-progress/new-import step time
  --latency-ms MS        delay before every answer
  --list                 list the scenarios and exit
  --help, -h             this text and the scenarios
`

const FLAGS = {
  scenario: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string' },
  'project-id': { type: 'string' },
  'api-reference-id': { type: 'string' },
  'rate-limit': { type: 'string' },
  'empty-401': { type: 'boolean' },
  'step-ms': { type: 'string' },
  'latency-ms': { type: 'string' },
  list: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

type CliOptions = SimulatorOptions & { list: boolean; help: boolean }

function wholeNumber(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new Error(`--${flag} needs a whole number, not '${raw}'`)
  return Number(raw)
}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const { values, positionals } = parseArgs({ args: argv, options: FLAGS, allowPositionals: true })
  const [positional, ...extra] = positionals
  if (extra.length > 0 || (positional !== undefined && values.scenario !== undefined)) {
    throw new Error(`Unexpected argument '${extra[0] ?? positional}'`)
  }
  const options: CliOptions = { params: {}, list: values.list ?? false, help: values.help ?? false }
  const scenario = values.scenario ?? positional
  if (scenario !== undefined) options.scenario = scenario
  const token = values.token ?? (env.SIMULATOR_TOKEN || undefined)
  if (token !== undefined) options.token = token
  const projectId = values['project-id'] ?? (env.SIMULATOR_PROJECT_ID || undefined)
  if (projectId !== undefined) options.projectId = projectId
  const referenceId = values['api-reference-id'] ?? (env.SIMULATOR_API_REFERENCE_ID || undefined)
  if (referenceId !== undefined) options.apiReferenceId = referenceId
  if (values.port !== undefined) options.port = wholeNumber('port', values.port)
  if (values.host !== undefined) options.host = values.host
  if (values['empty-401'] === true) options.emptyUnauthorizedBody = true
  if (values['step-ms'] !== undefined) {
    options.params = { stepMs: wholeNumber('step-ms', values['step-ms']) }
  }
  if (values['latency-ms'] !== undefined) {
    options.latencyMs = wholeNumber('latency-ms', values['latency-ms'])
  }
  if (values['rate-limit'] !== undefined) {
    const match = /^(\d+)\/(\d+)s?$/.exec(values['rate-limit'])
    if (match === null) throw new Error('--rate-limit needs N/SECS, e.g. 10/60')
    options.rateLimit = { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 }
  }
  return options
}

export async function cli(argv: string[]): Promise<void> {
  let options: CliOptions
  try {
    options = parseCliArgs(argv)
    if (typeof options.scenario === 'string') namedScenario(options.scenario)
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${CLI_HELP}`)
    process.exitCode = 2
    return
  }
  if (options.help || options.list) {
    const text = options.help ? `${CLI_HELP}\nScenarios:\n` : ''
    process.stdout.write(`${text}${describeScenarios()}\n`)
    return
  }
  const sim = await startSimulator(options)
  const lines = [
    `url=${sim.url}`,
    `token=${sim.token}`,
    `project-id=${sim.projectId}`,
    `api-reference-id=${sim.apiReferenceId}`,
    `scenario=${sim.scenario.name}`
  ]
  const core = new Set(lines.map(line => line.slice(0, line.indexOf('='))))
  for (const [name, value] of Object.entries(sim.scenario.inputs ?? {})) {
    if (!core.has(name)) lines.push(`${name}=${value}`)
  }
  process.stdout.write(`${lines.join('\n')}\n`)
  process.stderr.write(
    `Document360 simulator: scenario '${sim.scenario.name}' on ${sim.url} (Ctrl-C to stop)\n`
  )
  const stop = () => {
    void sim.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
