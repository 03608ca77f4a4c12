// The @actions/core floor: a bundle that only imports @actions/core and sets an output,
// bundled as `npm run build` bundles the action. Importing @actions/core evaluates
// @actions/http-client and all of undici before the first line runs, so no action that uses
// it starts faster than this.

import { existsSync, mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { NCC_CLI, nccArgs } from '../build/ncc.ts'
import { REPO_ROOT } from '../repo.ts'
import { failureReason, runProcess } from './process.ts'

/** The floor's entry (ESM). */
export const CORE_FLOOR_SOURCE = "import * as core from '@actions/core'\ncore.setOutput('x', 'y')\n"

export interface CoreFloorBuild {
  /** The bundle (dir/core-floor/index.mjs) when ncc made one. */
  bundle?: string
  bytes?: number
  buildMs?: number
  /** Why there is no bundle. */
  error?: string
}

/**
 * Writes CORE_FLOOR_SOURCE to dir/core-floor.mjs and bundles it with the project's ncc (run
 * by this Node, whatever node PATH holds) into dir/core-floor/. Never throws: a failure is a
 * reason for an `n/a`, not for stopping the benchmark.
 */
export async function buildCoreFloor(dir: string, ncc: string = NCC_CLI): Promise<CoreFloorBuild> {
  const entry = join(dir, 'core-floor.mjs')
  const outDir = join(dir, 'core-floor')
  const modules = join(dir, 'node_modules')
  let linked = false
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(entry, CORE_FLOOR_SOURCE)
    // ncc resolves @actions/core from the entry's folder up: let it find the project's.
    symlinkSync(join(REPO_ROOT, 'node_modules'), modules, 'dir')
    linked = true
    const run = await runProcess({
      command: process.execPath,
      args: nccArgs(entry, outDir, ncc),
      env: { ...process.env } as Record<string, string>
    })
    const bundle = join(outDir, 'index.mjs')
    if (run.code !== 0 || !existsSync(bundle)) {
      const status = `exit ${run.code ?? run.signal}`
      return { error: `ncc failed: ${failureReason(run.stderr + run.stdout, status)}` }
    }
    return { bundle, bytes: statSync(bundle).size, buildMs: run.ms }
  } catch (error) {
    return { error: `ncc failed: ${(error as Error).message}` }
  } finally {
    // The bundle must stand alone as dist/ does, and no clean-up may reach through the link.
    if (linked) rmSync(modules)
  }
}
