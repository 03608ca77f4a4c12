// What the benchmark runs: the scratch folder, the copy of dist/ it measures, and spawnable
// jobs (the action, bare node, the core floor) with the environment a GitHub runner gives
// (the one tools/run-action.ts gives the end-to-end tests).

import { cpSync, existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { stepEnvironment } from '../run-action.ts'
import { simulatorInputs } from '../simulator.ts'
import type { Simulator } from '../simulator.ts'
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

/** A runner's environment for one run against `sim`, in a fresh folder of its own. */
function actionEnvironment(
  sim: Simulator,
  inputs: Record<string, string>
): { env: Record<string, string>; outputFile: string } {
  const dir = join(scratch, `run-${nextRunNumber()}`)
  const { env, files } = stepEnvironment(dir, { inputs: { ...simulatorInputs(sim), ...inputs } })
  return { env, outputFile: files.GITHUB_OUTPUT }
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
