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

/** Copies a build into the scratch folder as `name`; returns the copy's index.js. */
function snapshot(dist: string, name: string): string {
  const entry = join(dist, 'index.js')
  if (!existsSync(entry)) {
    throw new Error(`${entry} does not exist: run \`npm run build\` first`)
  }
  const copy = join(scratch, name)
  cpSync(dist, copy, { recursive: true })
  if (!existsSync(join(copy, 'index.js'))) {
    throw new Error(`${dist} changed while it was being copied`)
  }
  return join(copy, 'index.js')
}

/** Copies the build the runs measure; returns when its index.js was last modified. */
export function snapshotDist(dist: string): Date {
  const modified = statSync(join(dist, 'index.js'), { throwIfNoEntry: false })?.mtime
  snapshotEntry = snapshot(dist, 'dist')
  snapshotDir = join(scratch, 'dist')
  return modified ?? new Date(Number.NaN)
}

/** Copies another build, timed beside the measured one (--against); returns its entry. */
export function snapshotAgainst(dist: string): string {
  return snapshot(dist, 'against')
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

/** A run of the measured build (or of `entry`, another one) against `sim`. */
export function actionJob(
  sim: Simulator,
  inputs: Record<string, string>,
  entry: string = snapshotEntry
): Spawnable {
  const { env, outputFile } = actionEnvironment(sim, inputs)
  return { command: process.execPath, args: [entry], env, outputFile }
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
