// How the action is bundled: ncc (the project's bundler) with these flags. The benchmark's
// @actions/core floor is bundled the same way, so the two stay comparable.

import { join } from 'node:path'
import { REPO_ROOT } from '../repo.ts'

/** ncc's command line, run with this Node (whatever `node` PATH holds). */
export const NCC_CLI = join(REPO_ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')

/** Flags of every bundle: minified (compiles faster at start-up), no build summary. */
export const NCC_FLAGS: readonly string[] = ['--minify', '--quiet']

/** Arguments of `node …` that bundle `entry` into `outDir` as `npm run build` does. */
export function nccArgs(entry: string, outDir: string, ncc: string = NCC_CLI): string[] {
  return [ncc, 'build', entry, '-o', outDir, ...NCC_FLAGS]
}
