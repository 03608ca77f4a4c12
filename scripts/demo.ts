// `npm start`: runs the committed dist/index.js exactly as a GitHub runner would (INPUT_*
// variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) against the Document360 simulator,
// and prints what the Actions UI would show: the log with annotations in a readable form,
// the outputs, and the job summary rendered for a terminal.
//
//   npm start                      the `findings` scenario
//   npm start -- in-progress       another scenario (`npm start -- --help` lists them)
//   INPUT_TOKEN=… INPUT_PROJECT_ID=… INPUT_API_REFERENCE_ID=… npm start
//                                  a real run against Document360 (no simulator)

import { relative } from 'node:path'
import { ACTION_ENTRY, REPO_ROOT, parseCommandLine, runAction } from '../test/support/run-action.ts'
import type { RunResult } from '../test/support/run-action.ts'
import {
  SCENARIO_NAMES,
  describeScenarios,
  namedScenario,
  startSimulator
} from '../test/support/simulator.ts'
import type { Simulator } from '../test/support/simulator.ts'

const DEFAULT_SCENARIO = 'findings'
const REAL_RUN_INPUTS = ['token', 'project-id', 'api-reference-id']

// Inputs that make the simulated runs quick; a scenario's own inputs and --input win.
const DEMO_INPUTS: Record<string, string> = {
  'spec-file': 'examples/openapi.yaml',
  'wait-timeout': '30',
  'poll-interval': '1'
}

// ---------------------------------------------------------------------------------------
// Terminal styling

const useColor = process.stdout.isTTY === true && process.env.NO_COLOR === undefined
const style = (code: string) => (text: string) =>
  useColor ? `\u001b[${code}m${text}\u001b[0m` : text
const red = style('31')
const yellow = style('33')
const blue = style('34')
const green = style('32')
const gray = style('90')
const bold = style('1')

const ANSI = /\u001b\[[0-9;]*m/g

// Joiners, variation selectors and combining marks take no column of their own.
const ZERO_WIDTH = /^(?:\u200d|\ufe0e|\ufe0f|\p{Mn})$/u

/** Columns a string takes in a terminal (emoji wide, joiners and selectors nothing). */
export function displayWidth(text: string): number {
  let width = 0
  for (const char of text.replace(ANSI, '')) {
    if (ZERO_WIDTH.test(char)) continue
    width += /\p{Extended_Pictographic}/u.test(char) && char.codePointAt(0)! > 0x2000 ? 2 : 1
  }
  return width
}

const pad = (text: string, width: number) =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)))

// ---------------------------------------------------------------------------------------
// The log, as the Actions UI shows it

export interface LogState {
  masks: string[]
  stopToken?: string
  debug: boolean
}

function mask(text: string, masks: readonly string[]): string {
  let out = text
  for (const secret of masks) if (secret !== '') out = out.split(secret).join('***')
  return out
}

const ANNOTATION_STYLE = {
  error: { symbol: '✖', paint: red },
  warning: { symbol: '⚠', paint: yellow },
  notice: { symbol: 'ℹ', paint: blue }
} as const

/**
 * One log line as the runner would show it: workflow commands acted on (annotations made
 * readable, masks registered and applied, debug hidden unless debugging); null for a line
 * the UI does not show.
 */
export function renderLogLine(line: string, state: LogState): string | null {
  const command = parseCommandLine(line)
  if (state.stopToken !== undefined) {
    if (command?.name === state.stopToken.toLowerCase()) {
      state.stopToken = undefined
      return null
    }
    return mask(line, state.masks)
  }
  if (command === undefined) return mask(line, state.masks)
  const value = mask(command.value, state.masks)
  switch (command.name) {
    case 'error':
    case 'warning':
    case 'notice': {
      const { symbol, paint } = ANNOTATION_STYLE[command.name]
      const { file, line: lineNo, col, title } = command.properties
      const place =
        file === undefined ? '' : ` ${file}${lineNo ? `:${lineNo}` : ''}${col ? `:${col}` : ''}`
      const heading = title === undefined ? '' : `${mask(title, state.masks)}: `
      const body = `${heading}${value}`.replace(/\r?\n/g, '\n    ')
      return paint(`${symbol} ${command.name}${place} — `) + body
    }
    case 'add-mask':
      if (command.value !== '') state.masks.push(command.value)
      return null
    case 'stop-commands':
      if (command.value !== '') state.stopToken = command.value
      return null
    case 'debug':
      return state.debug ? gray(`[debug] ${value}`) : null
    case 'group':
      return bold(`▼ ${value}`)
    case 'endgroup':
    case 'echo':
    case 'set-output':
    case 'save-state':
    case 'set-env':
    case 'add-path':
    case 'add-matcher':
    case 'remove-matcher':
      return null
    default:
      return mask(line, state.masks)
  }
}

// ---------------------------------------------------------------------------------------
// The job summary, rendered for a terminal

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  hellip: '…'
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1))
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole
    }
    return ENTITIES[name.toLowerCase()] ?? whole
  })
}

/** Inline markup to plain text: links keep their target (unless not wanted), tags go. */
function inlineText(html: string, linkTargets = true): string {
  const text = html
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(
      /<a\s[^>]*href\s*=\s*["']([^"']*)["'][^>]*>([\s\S]*?)<\/a>/gi,
      (_, href: string, label: string) => {
        const plain = label.replace(/<[^>]*>/g, '').trim()
        if (plain === '' || plain === href) return href
        return linkTargets ? `${plain} (${href})` : plain
      }
    )
    .replace(/<img\s[^>]*alt\s*=\s*["']([^"']*)["'][^>]*>/gi, '$1')
    .replace(/<[^>]*>/g, '')
  return decodeEntities(text).replace(/\s+/g, ' ').trim()
}

/** Rows of cells as aligned columns under a rule, one line a row. */
export function alignTable(allRows: string[][], headerRows = 1): string {
  // A header of empty cells (`| | |`, a key-value table) shows as nothing at all.
  const emptyHeader = allRows.slice(0, headerRows).every(row => row.every(c => c === ''))
  const rows = emptyHeader ? allRows.slice(headerRows) : allRows
  if (emptyHeader) headerRows = 0
  const columns = Math.max(0, ...rows.map(row => row.length))
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(0, ...rows.map(row => displayWidth(row[c] ?? '')))
  )
  const lines = rows.map(row =>
    widths
      .map((width, c) => pad(row[c] ?? '', width))
      .join('  ')
      .trimEnd()
  )
  if (headerRows > 0 && rows.length > headerRows) {
    const rule = widths.map(width => '─'.repeat(width)).join('  ')
    lines.splice(headerRows, 0, rule)
  }
  return lines.join('\n')
}

function htmlTable(html: string): string {
  const rows: string[][] = []
  let headerRows = 0
  for (const [, row] of html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)) {
    const cells = [...(row ?? '').matchAll(/<t([hd])[^>]*>([\s\S]*?)<\/t[hd]>/gi)]
    if (cells.length === 0) continue
    if (cells.every(cell => cell[1]?.toLowerCase() === 'h') && headerRows === rows.length) {
      headerRows += 1
    }
    // Tables show link labels only: their targets would stretch the columns.
    rows.push(cells.map(cell => inlineText(cell[2] ?? '', false)))
  }
  return alignTable(rows, headerRows)
}

function markdownCells(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
  return inner
    .split(/(?<!\\)\|/)
    .map(cell => inlineText(markdownInline(cell.replace(/\\\|/g, '|'), false), false))
}

function markdownInline(text: string, linkTargets = true): string {
  return text
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, href: string) =>
      label === href || !linkTargets ? label : `${label} (${href})`
    )
}

/** Pipe tables among Markdown lines become aligned blocks (handed to `keep`). */
function markdownTables(text: string, keep: (block: string) => string): string {
  const lines = text.split('\n')
  const out: string[] = []
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string
    const next = lines[i + 1] ?? ''
    if (/^\s*\|/.test(line) && /^\s*\|?\s*:?-{2,}/.test(next)) {
      const rows = [markdownCells(line)]
      i += 2
      while (i < lines.length && /^\s*\|/.test(lines[i] as string)) {
        rows.push(markdownCells(lines[i] as string))
        i += 1
      }
      i -= 1
      out.push(keep(alignTable(rows, 1)))
    } else out.push(line)
  }
  return out.join('\n')
}

/** The job summary (Markdown with HTML, as @actions/core writes it) as terminal text. */
export function renderSummary(markup: string): string {
  const blocks: string[] = []
  // Blocks already laid out (tables, code) are kept aside so later steps leave them alone.
  const keep = (text: string) => `\n\u0000${blocks.push(text) - 1}\u0000\n`
  let text = markup.replace(/\r\n/g, '\n')
  text = text.replace(/<table[^>]*>([\s\S]*?)<\/table>/gi, (_, body: string) =>
    keep(htmlTable(body))
  )
  text = text.replace(/<pre[^>]*>([\s\S]*?)<\/pre>/gi, (_, body: string) => {
    const code = decodeEntities(body.replace(/<[^>]*>/g, ''))
    return keep(code.replace(/^\n|\n$/g, '').replace(/^/gm, '    '))
  })
  text = text.replace(/^```[^\n]*\n([\s\S]*?)^```$/gm, (_, code: string) =>
    keep(code.replace(/\n$/, '').replace(/^/gm, '    '))
  )
  text = markdownTables(text, keep)
  text = text
    .replace(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gi, (_, _level: string, body: string) =>
      keep(heading(inlineText(body)))
    )
    .replace(/^#{1,6}\s+(.+)$/gm, (_, body: string) =>
      keep(heading(inlineText(markdownInline(body))))
    )
    .replace(
      /<summary[^>]*>([\s\S]*?)<\/summary>/gi,
      (_, body: string) => `\n▸ ${inlineText(body)}\n`
    )
    .replace(/<li[^>]*>/gi, '\n  • ')
    .replace(/<hr\s*\/?>/gi, `\n${'─'.repeat(40)}\n`)
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(p|div|ul|ol|details|blockquote|section)[^>]*>/gi, '\n')
    .replace(/<\/li>/gi, '')
  // What is left is inline: links keep their target, tags go, entities are decoded.
  text = text
    .split('\n')
    .map(line => (line.includes('\u0000') ? line : inlineLine(line)))
    .join('\n')
  text = text.replace(/\u0000(\d+)\u0000/g, (_, index: string) => blocks[Number(index)] ?? '')
  return text
    .split('\n')
    .map(line => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function inlineLine(line: string): string {
  const indent = /^\s*/.exec(line)?.[0] ?? ''
  const bullet = /^\s*[-*]\s+/.test(line) && !/^\s*[-*]{3,}\s*$/.test(line)
  const body = bullet ? line.replace(/^\s*[-*]\s+/, '') : line
  const text = inlineText(markdownInline(body))
  if (bullet) return `${indent}  • ${text}`
  return text === '' ? '' : `${indent}${text}`
}

function heading(text: string): string {
  return `${bold(text)}\n${'═'.repeat(Math.max(3, displayWidth(text)))}`
}

// ---------------------------------------------------------------------------------------
// Outputs

export function renderOutputs(outputs: Record<string, string>, width = 96): string {
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

// ---------------------------------------------------------------------------------------
// The run

interface DemoArgs {
  scenario: string
  inputs: Record<string, string>
  entry?: string
  help: boolean
}

function parseArgs(argv: string[]): DemoArgs {
  const args: DemoArgs = { scenario: DEFAULT_SCENARIO, inputs: {}, help: false }
  let scenarioGiven = false
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string
    if (arg === '--help' || arg === '-h' || arg === 'help') args.help = true
    else if (arg === '--input' || arg === '-i') {
      const pair = argv[++i] ?? ''
      const eq = pair.indexOf('=')
      if (eq <= 0) throw new Error(`--input needs name=value, not '${pair}'`)
      args.inputs[pair.slice(0, eq)] = pair.slice(eq + 1)
    } else if (arg === '--entry') {
      const entry = argv[++i]
      if (entry === undefined) throw new Error('--entry needs a file')
      args.entry = entry
    } else if (!arg.startsWith('-') && !scenarioGiven) {
      if (!SCENARIO_NAMES.includes(arg)) {
        throw new Error(`Unknown scenario '${arg}'. \`npm start -- --help\` lists them.`)
      }
      args.scenario = arg
      scenarioGiven = true
    } else throw new Error(`Unknown argument '${arg}'. \`npm start -- --help\` lists the options.`)
  }
  return args
}

const HELP = `Usage: npm start -- [SCENARIO] [--input NAME=VALUE]...

Runs the committed dist/index.js as a GitHub runner would, against a local Document360
simulator, and prints what the Actions UI would show: the log (annotations in a readable
form), the outputs and the job summary. Exits 0 when the demo ran, even when the gate it
demonstrates fails.

  SCENARIO             what the simulated Document360 does (default ${DEFAULT_SCENARIO})
  --input NAME=VALUE   set an action input (e.g. --input max-warnings=3), repeatable

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
      'INPUT_API-REFERENCE-ID=<API reference id>' node scripts/demo.ts

Any other INPUT_<NAME> variable sets that input too (INPUT_API_URL for the US or private
hosting, INPUT_SINCE, INPUT_MAX_WARNINGS...).
`

/** Inputs given as INPUT_* variables in this process's environment (a real run). */
export function inputsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
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
    args = parseArgs(argv)
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
      token: sim.token,
      'project-id': sim.projectId,
      'api-reference-id': sim.apiReferenceId,
      'api-url': sim.url,
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
  if (args.entry !== undefined) console.log(gray(`(entry: ${relative(REPO_ROOT, entry)})`))
  return 0
}

if (import.meta.main) {
  // Ctrl-C: exit normally so that the run's temporary folder is removed.
  process.once('SIGINT', () => process.exit(130))
  process.exitCode = await main(process.argv.slice(2))
}
