// Section 3: the size of each file of the measured copy of dist/, and of all of it.

import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { formatKiB, formatTable } from './format.ts'
import { snapshotDir } from './jobs.ts'

interface BundleFile {
  file: string
  bytes: number
  kib: number
  role: 'entry' | 'chunk' | 'other'
}

export function bundle(): { files: BundleFile[]; totalKiB: number; jsKiB: number } {
  const files = readdirSync(snapshotDir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => {
      const path = join(entry.parentPath, entry.name)
      const file = relative(snapshotDir, path)
      const bytes = statSync(path).size
      const role: BundleFile['role'] =
        file === 'index.js' ? 'entry' : /\.(c|m)?js$/.test(file) ? 'chunk' : 'other'
      return { file, bytes, kib: bytes / 1024, role }
    })
    .sort((a, b) => (a.role === 'entry' ? -1 : b.role === 'entry' ? 1 : b.bytes - a.bytes))
  const sum = (list: BundleFile[]) => list.reduce((total, f) => total + f.bytes, 0) / 1024
  return { files, totalKiB: sum(files), jsKiB: sum(files.filter(f => f.role !== 'other')) }
}

export function bundleTable(b: ReturnType<typeof bundle>): string {
  return formatTable([
    ['file', 'size', 'role'],
    ...b.files.map(f => [`dist/${f.file}`, formatKiB(f.bytes), f.role]),
    ['all JavaScript', formatKiB(b.jsKiB * 1024), ''],
    ['all of dist/', formatKiB(b.totalKiB * 1024), '']
  ])
}
