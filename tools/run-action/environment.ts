// The environment a GitHub runner gives an action step: inputs as INPUT_* variables (with
// action.yml's defaults), empty file-command files (GITHUB_OUTPUT, ...), RUNNER_TEMP, and a
// small fixed GitHub context. Nothing is inherited from the parent process but PATH.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { REPO_ROOT } from '../repo.ts'

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
  let manifest: { inputs?: Record<string, { default?: unknown } | null> }
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
    const text = typeof value === 'string' ? value : JSON.stringify(value)
    if (!text.includes('${{')) defaults[name] = text
  }
  cachedDefaults = defaults
  return defaults
}

/** The variable @actions/core reads for an input: spaces to `_`, upper case, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

export type RunnerFiles = Record<
  'GITHUB_OUTPUT' | 'GITHUB_STEP_SUMMARY' | 'GITHUB_ENV' | 'GITHUB_PATH' | 'GITHUB_STATE',
  string
>

/** The runner's empty file-command files (GITHUB_OUTPUT, ...) and RUNNER_TEMP, under `dir`. */
export function createRunnerFiles(dir: string): { files: RunnerFiles; runnerTemp: string } {
  const runnerTemp = join(dir, 'runner-temp')
  const fileCommands = join(dir, 'file-commands')
  mkdirSync(runnerTemp, { recursive: true })
  mkdirSync(fileCommands, { recursive: true })
  const files: RunnerFiles = {
    GITHUB_OUTPUT: join(fileCommands, 'set_output'),
    GITHUB_STEP_SUMMARY: join(fileCommands, 'step_summary'),
    GITHUB_ENV: join(fileCommands, 'set_env'),
    GITHUB_PATH: join(fileCommands, 'add_path'),
    GITHUB_STATE: join(fileCommands, 'save_state')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  return { files, runnerTemp }
}

export type InputValues = Record<string, string | number | boolean | undefined>

export interface StepEnvironmentOptions {
  /** Action inputs by their action.yml names (`project-id`); undefined leaves one unset. */
  inputs?: InputValues | undefined
  /** Extra environment; undefined removes a variable set here. */
  env?: Record<string, string | undefined> | undefined
  /** GITHUB_WORKSPACE. Default: the repository root. */
  workspace?: string | undefined
  /** Fill in action.yml defaults for inputs not given, as the runner does. Default true. */
  applyDefaults?: boolean | undefined
}

/**
 * A step's environment with its runner files under `dir` (which also serves as HOME).
 * Returns the environment and the files, to read back after the run.
 */
export function stepEnvironment(
  dir: string,
  options: StepEnvironmentOptions = {}
): { env: Record<string, string>; files: RunnerFiles } {
  const { files, runnerTemp } = createRunnerFiles(dir)
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    // Node's compile cache, when the test run has one (`npm test`): the same code, compiled once.
    NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE,
    ...DEFAULT_GITHUB_ENV,
    ...files,
    RUNNER_TEMP: runnerTemp,
    GITHUB_WORKSPACE: resolve(options.workspace ?? REPO_ROOT)
  }
  const inputs = { ...(options.applyDefaults === false ? {} : actionDefaults()), ...options.inputs }
  for (const [name, value] of Object.entries(inputs)) {
    env[inputVariable(name)] = value === undefined ? undefined : String(value)
  }
  Object.assign(env, options.env)
  const defined = Object.entries(env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined
  )
  return { env: Object.fromEntries(defined), files }
}
