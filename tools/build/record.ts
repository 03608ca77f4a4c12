// The build record: what the last `npm run build` here built dist/ from. The build writes it
// (lib/build.json, not committed); the end-to-end tests, the licence test and the benchmark
// trust dist/ only when the sources are still the ones it names and dist/ is still what
// that build wrote. `npm test` builds first when they are not (tools/build/ensure.ts).

import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { DIST_DIR, REPO_ROOT } from '../repo.ts'

const RECORD_FILE = join(REPO_ROOT, 'lib', 'build.json')

/** What a build of dist/ depends on: the action's sources, their configuration, the
 * installed packages, and the build itself. Folders are taken whole. */
const BUILD_INPUTS: readonly string[] = [
  'src',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
  'tools/build.ts',
  'tools/build',
  'tools/repo.ts'
]

export interface BuildRecord {
  /** SHA-256 over BUILD_INPUTS when the build started. */
  inputs: string
  /** SHA-256 over dist/ when the build ended. */
  dist: string
  /** The modules the bundler put into dist/ (from its stats), as repository paths. */
  modules: string[]
}

/** SHA-256 over files, each with its repository path, in path order. */
function digest(files: readonly string[]): string {
  const hash = createHash('sha256')
  for (const file of [...files].sort()) {
    hash.update(`${file.split(sep).join('/')}\0`)
    hash.update(readFileSync(join(REPO_ROOT, file)))
    hash.update('\0')
  }
  return hash.digest('hex')
}

/** The files of a folder (recursively), or the file itself; nothing when it is missing. */
function listed(path: string): string[] {
  try {
    return readdirSync(join(REPO_ROOT, path), { recursive: true, withFileTypes: true })
      .filter(entry => entry.isFile())
      .map(entry => relative(REPO_ROOT, join(entry.parentPath, entry.name)))
  } catch (error) {
    // A file, not a folder (or missing: then it is simply not part of the digest).
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return [path]
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

export function inputsDigest(): string {
  return digest(BUILD_INPUTS.flatMap(listed))
}

export function distDigest(dir: string = DIST_DIR): string {
  return digest(listed(relative(REPO_ROOT, dir)))
}

export function readBuildRecord(): BuildRecord | undefined {
  if (!existsSync(RECORD_FILE)) return undefined
  try {
    return JSON.parse(readFileSync(RECORD_FILE, 'utf8')) as BuildRecord
  } catch {
    return undefined
  }
}

export function writeBuildRecord(record: BuildRecord): void {
  writeFileSync(RECORD_FILE, `${JSON.stringify(record, null, 2)}\n`)
}

const REBUILD = 'run `npm run build` (`npm test` does it when needed)'

/**
 * Why dist/ cannot be trusted to be built from the sources here, or undefined when it can.
 * Computed once per process: the tests of one run all see the same build.
 */
export function staleBuildReason(): string | undefined {
  cachedReason ??= { reason: findStaleBuildReason() }
  return cachedReason.reason
}
let cachedReason: { reason: string | undefined } | undefined

function findStaleBuildReason(): string | undefined {
  const record = readBuildRecord()
  if (record === undefined) {
    return `dist/ is not known to be built from the sources here (no ${relative(REPO_ROOT, RECORD_FILE)}): ${REBUILD}`
  }
  if (record.inputs !== inputsDigest()) {
    return `dist/ was built from other sources (src/, its configuration, package-lock.json or the build changed since): ${REBUILD}`
  }
  if (record.dist !== distDigest()) {
    return `dist/ changed after it was built (checked out or edited since): ${REBUILD}`
  }
  return undefined
}
