// `npm run build`: src/ → lib/ (tsc) → dist/ (ncc), then dist/licenses.txt and the build
// record (lib/build.json, see tools/build/record.ts). dist/ then holds exactly what one
// fresh build makes; it is committed, because `uses:` runs dist/index.js.

import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { bundledPackages, licensesText } from './build/licenses.ts'
import { nccArgs } from './build/ncc.ts'
import { distDigest, inputsDigest, writeBuildRecord } from './build/record.ts'
import { DIST_DIR, REPO_ROOT } from './repo.ts'

const LIB_DIR = join(REPO_ROOT, 'lib')
const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const STATS_FILE = join(LIB_DIR, 'ncc-stats.json')

function run(what: string, args: string[]): void {
  const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit' })
  if (result.status !== 0) {
    throw new Error(
      `${what} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`
    )
  }
}

interface StatsModule {
  name: string
  chunks: unknown[]
  modules?: StatsModule[]
}

/** Repository paths of the files webpack put into the bundle's chunks (concatenated modules
 * listed one by one; Node built-ins and webpack's runtime left out). */
function bundledModules(stats: { modules: StatsModule[] }): string[] {
  const names = stats.modules
    .filter(module => module.chunks.length > 0)
    .flatMap(module => module.modules?.map(inner => inner.name) ?? [module.name])
    .filter(name => name.startsWith('./'))
    .map(name => name.slice(2))
  return [...new Set(names)].sort()
}

export function build(): void {
  const inputs = inputsDigest()
  for (const dir of [DIST_DIR, LIB_DIR]) rmSync(dir, { recursive: true, force: true })
  run('tsc', [TSC, '-p', 'tsconfig.build.json'])
  run('ncc', [...nccArgs(join(LIB_DIR, 'index.js'), DIST_DIR), '--stats-out', STATS_FILE])
  const stats = JSON.parse(readFileSync(STATS_FILE, 'utf8')) as { modules: StatsModule[] }
  const modules = bundledModules(stats)
  rmSync(STATS_FILE)
  writeFileSync(join(DIST_DIR, 'licenses.txt'), licensesText(bundledPackages(modules)))
  writeBuildRecord({ inputs, dist: distDigest(), modules })
}

if (import.meta.main) {
  try {
    build()
  } catch (error) {
    process.stderr.write(`build: ${(error as Error).message}\n`)
    process.exitCode = 1
  }
  void relative
}
