// Runs the built action (`node dist/index.js`) the way a GitHub runner does (see
// run-action/environment.ts) and returns what a test needs to judge a run: exit code,
// outputs, annotations, the workflow commands, the summary. The end-to-end tests, the demo
// and the benchmark all run the action through here.

import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { staleBuildReason } from './build/record.ts'
import { ACTION_ENTRY, REPO_ROOT } from './repo.ts'
import { parseCommands, parseOutputFile, toAnnotation } from './run-action/commands.ts'
import type { Annotation, WorkflowCommand } from './run-action/commands.ts'
import { stepEnvironment } from './run-action/environment.ts'
import type { InputValues } from './run-action/environment.ts'

export { ACTION_ENTRY, REPO_ROOT } from './repo.ts'
export {
  parseAnnotations,
  parseCommandLine,
  parseCommands,
  parseOutputFile,
  toAnnotation,
  unescapeData,
  unescapeProperty
} from './run-action/commands.ts'
export type { Annotation, AnnotationKind, WorkflowCommand } from './run-action/commands.ts'
export {
  DEFAULT_GITHUB_ENV,
  actionDefaults,
  createRunnerFiles,
  inputVariable,
  stepEnvironment
} from './run-action/environment.ts'
export type { InputValues, RunnerFiles } from './run-action/environment.ts'

export interface RunActionOptions {
  /** Action inputs by their action.yml names (`project-id`); undefined leaves one unset. */
  inputs?: InputValues | undefined
  /** Extra environment; undefined removes a variable the harness would set. */
  env?: Record<string, string | undefined> | undefined
  /** Working directory of the child. Default: GITHUB_WORKSPACE. */
  cwd?: string | undefined
  /** GITHUB_WORKSPACE. Default: the repository root. */
  workspace?: string | undefined
  /** Kill the child (SIGKILL) after this long. Default 120 000. */
  timeoutMs?: number | undefined
  /** Script to run instead of dist/index.js (a fake action for harness tests). */
  entry?: string | undefined
  /** Fill in action.yml defaults for inputs not given, as the runner does. Default true. */
  applyDefaults?: boolean | undefined
  /** Called with each complete line of output as it arrives. */
  onLine?: ((line: string, stream: 'stdout' | 'stderr') => void) | undefined
  /** Keep the temporary folder (its path is in the result). Default false. */
  keepTemp?: boolean | undefined
  /**
   * Run dist/index.js even when it is not known to be built from the sources here (the demo
   * runs the committed build). Default false: a test must never judge a stale build.
   */
  allowStaleBuild?: boolean | undefined
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

export async function runAction(options: RunActionOptions = {}): Promise<RunResult> {
  const entry = resolve(options.entry ?? ACTION_ENTRY)
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run \`npm run build\` first`)
  if (entry === ACTION_ENTRY && options.allowStaleBuild !== true) {
    const stale = staleBuildReason()
    if (stale !== undefined) throw new Error(stale)
  }

  const tempDir = mkdtempSync(join(tmpdir(), 'd360-gate-run-'))
  const workspace = resolve(options.workspace ?? REPO_ROOT)
  const { env: childEnv, files } = stepEnvironment(tempDir, {
    inputs: options.inputs,
    env: options.env,
    workspace,
    applyDefaults: options.applyDefaults
  })

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
