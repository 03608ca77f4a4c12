// Runs the built action (`node dist/index.js`) the way a GitHub runner does: inputs as
// INPUT_* variables (action.yml defaults filled in), fresh GITHUB_OUTPUT/GITHUB_STEP_SUMMARY
// files and RUNNER_TEMP, and a small fixed environment (nothing inherited from the parent
// but PATH). Returns what a test needs to judge a run: exit code, outputs, annotations,
// the workflow commands, the summary.

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const ACTION_ENTRY = join(REPO_ROOT, 'dist', 'index.js')

export interface RunActionOptions {
  /** Action inputs by their action.yml names (`project-id`); undefined leaves one unset. */
  inputs?: Record<string, string | number | boolean | undefined>
  /** Extra environment; undefined removes a variable the harness would set. */
  env?: Record<string, string | undefined>
  /** Working directory of the child. Default: GITHUB_WORKSPACE. */
  cwd?: string
  /** GITHUB_WORKSPACE. Default: the repository root. */
  workspace?: string
  /** Kill the child (SIGKILL) after this long. Default 120 000. */
  timeoutMs?: number
  /** Script to run instead of dist/index.js (a fake action for harness tests). */
  entry?: string
  /** Fill in action.yml defaults for inputs not given, as the runner does. Default true. */
  applyDefaults?: boolean
  /** Called with each complete line of output as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void
  /** Keep the temporary folder (its path is in the result). Default false. */
  keepTemp?: boolean
}

export type AnnotationKind = 'error' | 'warning' | 'notice'

export interface Annotation {
  kind: AnnotationKind
  file?: string
  line?: number
  endLine?: number
  col?: number
  endColumn?: number
  title?: string
  message: string
}

/** A workflow command the runner would act on (`::name props::value`), decoded. */
export interface WorkflowCommand {
  /** Lower case. */
  name: string
  properties: Record<string, string>
  value: string
  /** The raw line. */
  line: string
  /** The runner reads commands from both streams. */
  stream: 'stdout' | 'stderr'
}

export interface RunResult {
  /** Exit code; null when the child was killed (see signal, timedOut). */
  code: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  stdout: string
  stderr: string
  outputs: Record<string, string>
  annotations: Annotation[]
  /** Every workflow command, stdout's then stderr's, each in order (add-mask, debug, ...). */
  commands: WorkflowCommand[]
  /** Values registered with `::add-mask::`. */
  masks: string[]
  /** Job summary file text ('' when nothing was written). */
  summary: string
  /** Text of the file the `report-file` output names, read before the cleanup. */
  reportFileText?: string
  durationMs: number
  /** The run's temporary folder (RUNNER_TEMP is `<tempDir>/runner-temp`). */
  tempDir: string
}

/** Fixed GitHub context of the runs (a push to main of a repository). */
export const DEFAULT_GITHUB_ENV: Readonly<Record<string, string>> = {
  CI: 'true',
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'https://api.github.com',
  GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
  GITHUB_REPOSITORY: 'octo-org/petstore-docs',
  GITHUB_REPOSITORY_OWNER: 'octo-org',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REF_NAME: 'main',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_RUN_ID: '4242424242',
  GITHUB_RUN_NUMBER: '7',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_WORKFLOW: 'Docs',
  GITHUB_JOB: 'gate',
  GITHUB_ACTION: 'gate',
  GITHUB_ACTOR: 'octocat',
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64',
  RUNNER_NAME: 'simulated-runner',
  TZ: 'UTC',
  LANG: 'C.UTF-8'
}

let cachedDefaults: Record<string, string> | undefined

/** Input defaults from action.yml, without expression defaults (`${{ github.token }}`). */
export function actionDefaults(): Record<string, string> {
  if (cachedDefaults !== undefined) return cachedDefaults
  let manifest: { inputs?: Record<string, { default?: unknown }> }
  try {
    manifest = parseYaml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as typeof manifest
  } catch (error) {
    // GitHub could not load the action either: say so rather than run without defaults.
    throw new Error(`action.yml cannot be read as YAML: ${(error as Error).message}`, {
      cause: error
    })
  }
  const defaults: Record<string, string> = {}
  for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
    const value = spec?.default
    if (value === undefined || value === null) continue
    const text = String(value)
    if (!text.includes('${{')) defaults[name] = text
  }
  cachedDefaults = defaults
  return defaults
}

/** The variable @actions/core reads for an input: spaces to `_`, upper case, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Parses a GITHUB_OUTPUT (or GITHUB_ENV) file: `name<<DELIM` heredocs and `name=value`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc !== null) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string]
      const value: string[] = []
      let j = i + 1
      while (j < lines.length && lines[j] !== delimiter) value.push(lines[j++] as string)
      if (j >= lines.length) throw new Error(`Output '${name}': delimiter ${delimiter} not found`)
      outputs[name] = value.join('\n')
      i = j
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`Malformed output line: ${JSON.stringify(line)}`)
    outputs[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return outputs
}

/** Undoes GitHub's escaping of a command's value (`%25`, `%0D`, `%0A`). */
export function unescapeData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

/** Undoes GitHub's escaping of a command's property (also `%3A` and `%2C`). */
export function unescapeProperty(text: string): string {
  return text
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%')
}

/**
 * Parses one output line as a workflow command (undefined when it is not one), as the
 * runner does: leading white space is ignored, the name ends at the first space, the
 * properties run to the next `::`, the value is the rest.
 */
export function parseCommandLine(
  line: string,
  stream: 'stdout' | 'stderr' = 'stdout'
): WorkflowCommand | undefined {
  const text = line.replace(/\r$/, '').trimStart()
  if (!text.startsWith('::')) return undefined
  const end = text.indexOf('::', 2)
  if (end < 0) return undefined
  const info = text.slice(2, end)
  const space = info.indexOf(' ')
  // The runner looks commands up without case: `::ERROR::` is an error annotation too.
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase()
  if (name === '') return undefined
  const properties: Record<string, string> = {}
  for (const pair of space < 0 ? [] : info.slice(space + 1).split(',')) {
    const eq = pair.indexOf('=')
    if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1))
  }
  return { name, properties, value: unescapeData(text.slice(end + 2)), line, stream }
}

/**
 * The workflow commands a runner would act on in one stream's text, in order. Honours
 * `::stop-commands::TOKEN` (lines up to `::TOKEN::` are plain text), as the runner does.
 */
export function parseCommands(
  text: string,
  stream: 'stdout' | 'stderr' = 'stdout'
): WorkflowCommand[] {
  const commands: WorkflowCommand[] = []
  let resumeToken: string | undefined
  for (const line of text.split('\n')) {
    const command = parseCommandLine(line, stream)
    if (command === undefined) continue
    if (resumeToken !== undefined) {
      if (command.name === resumeToken.toLowerCase()) resumeToken = undefined
      continue
    }
    commands.push(command)
    if (command.name === 'stop-commands' && command.value !== '') resumeToken = command.value
  }
  return commands
}

function toAnnotation(command: WorkflowCommand): Annotation | undefined {
  const kind = command.name
  if (kind !== 'error' && kind !== 'warning' && kind !== 'notice') return undefined
  const annotation: Annotation = { kind, message: command.value }
  const { file, line, endLine, col, endColumn, title } = command.properties
  const whole = (value: string | undefined) =>
    value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined
  if (file !== undefined) annotation.file = file
  if (whole(line) !== undefined) annotation.line = whole(line)
  if (whole(endLine) !== undefined) annotation.endLine = whole(endLine)
  if (whole(col) !== undefined) annotation.col = whole(col)
  if (whole(endColumn) !== undefined) annotation.endColumn = whole(endColumn)
  if (title !== undefined) annotation.title = title
  return annotation
}

/** The annotations among the commands of an output text. */
export function parseAnnotations(text: string): Annotation[] {
  return parseCommands(text)
    .map(toAnnotation)
    .filter((a): a is Annotation => a !== undefined)
}

function lineSplitter(emit: (line: string) => void) {
  let pending = ''
  return {
    push(chunk: string) {
      pending += chunk
      let newline = pending.indexOf('\n')
      while (newline >= 0) {
        emit(pending.slice(0, newline).replace(/\r$/, ''))
        pending = pending.slice(newline + 1)
        newline = pending.indexOf('\n')
      }
    },
    flush() {
      if (pending !== '') emit(pending)
      pending = ''
    }
  }
}

// Temporary folders of runs still going: removed if this process exits in the middle.
const liveTempDirs = new Set<string>()
process.once('exit', () => {
  for (const dir of liveTempDirs) rmSync(dir, { recursive: true, force: true })
})

/** The runner's empty file-command files (GITHUB_OUTPUT, ...) and RUNNER_TEMP, under `dir`. */
export function createRunnerFiles(dir: string) {
  const runnerTemp = join(dir, 'runner-temp')
  const fileCommands = join(dir, 'file-commands')
  mkdirSync(runnerTemp, { recursive: true })
  mkdirSync(fileCommands, { recursive: true })
  const files = {
    GITHUB_OUTPUT: join(fileCommands, 'set_output'),
    GITHUB_STEP_SUMMARY: join(fileCommands, 'step_summary'),
    GITHUB_ENV: join(fileCommands, 'set_env'),
    GITHUB_PATH: join(fileCommands, 'add_path'),
    GITHUB_STATE: join(fileCommands, 'save_state')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  return { files, runnerTemp }
}

export async function runAction(options: RunActionOptions = {}): Promise<RunResult> {
  const tempDir = mkdtempSync(join(tmpdir(), 'd360-gate-run-'))
  const { files, runnerTemp } = createRunnerFiles(tempDir)

  const workspace = resolve(options.workspace ?? REPO_ROOT)
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tempDir,
    ...DEFAULT_GITHUB_ENV,
    ...files,
    RUNNER_TEMP: runnerTemp,
    GITHUB_WORKSPACE: workspace
  }
  const inputs = {
    ...(options.applyDefaults === false ? {} : actionDefaults()),
    ...options.inputs
  }
  for (const [name, value] of Object.entries(inputs)) {
    env[inputVariable(name)] = value === undefined ? undefined : String(value)
  }
  Object.assign(env, options.env)
  const childEnv = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)
  )

  const entry = resolve(options.entry ?? ACTION_ENTRY)
  if (!existsSync(entry)) {
    rmSync(tempDir, { recursive: true, force: true })
    throw new Error(`${entry} does not exist: run \`npm run build\` first`)
  }

  liveTempDirs.add(tempDir)
  try {
    const started = performance.now()
    const child = spawn(process.execPath, [entry], {
      cwd: options.cwd ?? workspace,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    const outLines = lineSplitter(line => options.onLine?.(line, 'stdout'))
    const errLines = lineSplitter(line => options.onLine?.(line, 'stderr'))
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      outLines.push(chunk)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      errLines.push(chunk)
    })

    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, options.timeoutMs ?? 120_000)

    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
      (resolveExit, reject) => {
        child.once('error', reject)
        child.once('close', (exitCode, exitSignal) => resolveExit([exitCode, exitSignal]))
      }
    ).finally(() => clearTimeout(timer))
    const durationMs = performance.now() - started
    outLines.flush()
    errLines.flush()

    const commands = [...parseCommands(stdout, 'stdout'), ...parseCommands(stderr, 'stderr')]
    const outputs = parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
    const reportFile = outputs['report-file']
    const result: RunResult = {
      code,
      signal,
      timedOut,
      stdout,
      stderr,
      outputs,
      annotations: commands.map(toAnnotation).filter((a): a is Annotation => a !== undefined),
      commands,
      masks: commands.filter(c => c.name === 'add-mask').map(c => c.value),
      summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
      durationMs,
      tempDir
    }
    if (reportFile !== undefined && reportFile !== '' && existsSync(reportFile)) {
      result.reportFileText = readFileSync(reportFile, 'utf8')
    }
    return result
  } finally {
    liveTempDirs.delete(tempDir)
    if (options.keepTemp !== true) rmSync(tempDir, { recursive: true, force: true })
  }
}
