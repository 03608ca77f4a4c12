// The simulator's command line (`node test/support/simulator.ts --scenario NAME ...`):
// parses the flags, starts the server and prints its name=value lines.

import { describeScenarios, namedScenario } from './scenarios.ts'
import {
  DEFAULT_API_REFERENCE_ID,
  DEFAULT_PROJECT_ID,
  DEFAULT_TOKEN,
  startSimulator
} from './server.ts'
import type { ScenarioParams, SimulatorOptions } from './types.ts'

const CLI_HELP = `Usage: node test/support/simulator.ts [--scenario NAME] [options]

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
`

function parseCliArgs(argv: string[]): SimulatorOptions & { list?: boolean; help?: boolean } {
  const env = process.env
  const options: SimulatorOptions & { list?: boolean; help?: boolean } = {
    token: env.SIMULATOR_TOKEN || undefined,
    projectId: env.SIMULATOR_PROJECT_ID || undefined,
    apiReferenceId: env.SIMULATOR_API_REFERENCE_ID || undefined,
    params: {}
  }
  const params = options.params as ScenarioParams
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string
    const value = () => {
      const next = argv[++i]
      if (next === undefined) throw new Error(`${arg} needs a value`)
      return next
    }
    const number = () => {
      const raw = value()
      if (!/^\d+$/.test(raw)) throw new Error(`${arg} needs a whole number, not '${raw}'`)
      return Number(raw)
    }
    if (arg === '--scenario') options.scenario = value()
    else if (arg === '--port') options.port = number()
    else if (arg === '--host') options.host = value()
    else if (arg === '--token') options.token = value()
    else if (arg === '--project-id') options.projectId = value()
    else if (arg === '--api-reference-id') options.apiReferenceId = value()
    else if (arg === '--empty-401') options.emptyUnauthorizedBody = true
    else if (arg === '--step-ms') params.stepMs = number()
    else if (arg === '--latency-ms') options.latencyMs = number()
    else if (arg === '--list') options.list = true
    else if (arg === '--help' || arg === '-h') options.help = true
    else if (arg === '--rate-limit') {
      const match = /^(\d+)\/(\d+)s?$/.exec(value())
      if (match === null) throw new Error('--rate-limit needs N/SECS, e.g. 10/60')
      options.rateLimit = { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 }
    } else if (!arg.startsWith('-') && options.scenario === undefined) options.scenario = arg
    else throw new Error(`Unknown argument '${arg}'`)
  }
  return options
}

export async function cli(argv: string[]): Promise<void> {
  let options
  try {
    options = parseCliArgs(argv)
    if (typeof options.scenario === 'string') namedScenario(options.scenario)
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${CLI_HELP}`)
    process.exitCode = 2
    return
  }
  if (options.help === true || options.list === true) {
    const text = options.help === true ? `${CLI_HELP}\nScenarios:\n` : ''
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
