// What the benchmark runs: the scratch folder, the copy of dist/ it measures, and spawnable
// jobs (the action, bare node, the core floor) with the environment a GitHub runner gives.

import { cpSync, existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import {
  createRunnerFiles,
  DEFAULT_GITHUB_ENV,
  REPO_ROOT,
  actionDefaults,
  inputVariable
} from '../../test/support/run-action.ts'
import type { Simulator } from '../../test/support/simulator.ts'
import { BARE_SCRIPT } from '../bench-lib.ts'
import type { BareRequest } from '../bench-lib.ts'
import type { Spawnable } from './process.ts'

export let scratch = ''
let runCount = 0
/** The copy of dist/ the runs use: a rebuild during the benchmark cannot change it. */
export let snapshotDir = ''
let snapshotEntry = ''

/** Copies the build; returns when its index.js was last modified. */
export function snapshotDist(dist: string): Date {
  const entry = join(dist, 'index.js')
  if (!existsSync(entry)) {
    throw new Error(`${entry} does not exist: run \`npm run build\` first`)
  }
  const modified = statSync(entry).mtime
  snapshotDir = join(scratch, 'dist')
  cpSync(dist, snapshotDir, { recursive: true })
  snapshotEntry = join(snapshotDir, 'index.js')
  if (!existsSync(snapshotEntry)) throw new Error(`${dist} changed while it was being copied`)
  return modified
}

/** A fresh folder with the runner's files (GITHUB_OUTPUT, ...) for one run. */
function runnerFiles(): { env: Record<string, string>; outputFile: string; home: string } {
  const dir = join(scratch, `run-${(runCount += 1)}`)
  const { files, runnerTemp } = createRunnerFiles(dir)
  const env = { ...files, RUNNER_TEMP: runnerTemp }
  return { env, outputFile: files.GITHUB_OUTPUT, home: dir }
}

/** The environment a GitHub runner gives the action (as test/support/run-action.ts does). */
function actionEnvironment(
  sim: Simulator,
  inputs: Record<string, string>
): { env: Record<string, string>; outputFile: string } {
  const files = runnerFiles()
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: files.home,
    ...DEFAULT_GITHUB_ENV,
    ...files.env,
    GITHUB_WORKSPACE: REPO_ROOT
  }
  const all = {
    ...actionDefaults(),
    token: sim.token,
    'project-id': sim.projectId,
    'api-reference-id': sim.apiReferenceId,
    'api-url': sim.url,
    ...inputs
  }
  for (const [name, value] of Object.entries(all)) env[inputVariable(name)] = value
  return { env, outputFile: files.outputFile }
}

export function actionJob(sim: Simulator, inputs: Record<string, string>): Spawnable {
  const { env, outputFile } = actionEnvironment(sim, inputs)
  return { command: process.execPath, args: [snapshotEntry], env, outputFile }
}

/** Same spawn, same environment as the action; only the arguments differ. */
export function bareJob(sim: Simulator, args: string[]): Spawnable {
  const { env } = actionEnvironment(sim, {})
  return { command: process.execPath, args, env }
}

export function bareFetchArgs(requests: BareRequest[]): string[] {
  return ['-e', BARE_SCRIPT, JSON.stringify(requests)]
}

/** The @actions/core floor's bundle, run like the action (its GITHUB_OUTPUT read back). */
export function coreFloorJob(sim: Simulator, bundle: string): Spawnable {
  const { env, outputFile } = actionEnvironment(sim, {})
  return { command: process.execPath, args: [bundle], env, outputFile }
}

/** The scratch folder main() made for this benchmark (removed when it ends). */
export function setScratch(dir: string): void {
  scratch = dir
}

/** A number no other run in this benchmark has, for its files in the scratch folder. */
export function nextRunNumber(): number {
  return (runCount += 1)
}
