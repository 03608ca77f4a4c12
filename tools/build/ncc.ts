// How the action is bundled: ncc (the project's bundler) with these flags. The benchmark's
// @actions/core floor is bundled the same way, so the two stay comparable.

import { join } from 'node:path'
import { REPO_ROOT } from '../repo.ts'

/** ncc's command line, run with this Node (whatever `node` PATH holds). */
export const NCC_CLI = join(REPO_ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')

/**
 * Flags of every bundle: no build summary, and not minified. Minified, the action started
 * about 20 ms slower (1.39× bare node instead of 1.25×, see BENCHMARKS.md): V8 fully
 * parses most of terser's functions up front (1,470 at start-up, against 236 unminified),
 * where webpack's plain module functions are only pre-parsed until they first run.
 */
const NCC_FLAGS: readonly string[] = ['--quiet']

/** Arguments of `node …` that bundle `entry` into `outDir` as `npm run build` does. */
export function nccArgs(entry: string, outDir: string, ncc: string = NCC_CLI): string[] {
  return [ncc, 'build', entry, '-o', outDir, ...NCC_FLAGS]
}
