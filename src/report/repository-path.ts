// Check-run annotations and SARIF results name a file relative to the repository's root,
// while findings name it relative to the workspace. The two differ when the repository was
// checked out into a sub-folder (`actions/checkout` with `path:`), so the root is found by
// walking up from the file to the folder that holds `.git` (a folder, or a file in
// worktrees and submodules).

import { stat } from 'node:fs/promises'
import path from 'node:path'

/**
 * Each distinct workspace-relative file of `files` → its path relative to the repository
 * root, with forward slashes. A file in no repository, or outside the one found, is left
 * out: it has no place that GitHub could show.
 */
export async function repositoryPaths(
  files: Iterable<string>,
  workspace: string
): Promise<Map<string, string>> {
  const paths = new Map<string, string>()
  for (const file of new Set(files)) {
    const inRepository = await repositoryPath(file, workspace)
    if (inRepository !== undefined) paths.set(file, inRepository)
  }
  return paths
}

/** `file` (relative to `workspace`, or absolute) relative to its repository's root. */
export async function repositoryPath(file: string, workspace: string): Promise<string | undefined> {
  const absolute = path.resolve(workspace, file)
  const root = await repositoryRoot(path.dirname(absolute))
  if (root === undefined) return undefined
  const relative = path.relative(root, absolute)
  // `..specs/` is a folder inside; only `..` itself or `../` leads out.
  const outside =
    relative === '' ||
    relative === '..' ||
    relative.startsWith(`..${path.sep}`) ||
    path.isAbsolute(relative)
  if (outside) return undefined
  return relative.split(path.sep).join('/')
}

/** The nearest folder at or above `start` that holds `.git`. */
async function repositoryRoot(start: string): Promise<string | undefined> {
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (await exists(path.join(folder, '.git'))) return folder
    if (path.dirname(folder) === folder) return undefined
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file)
    return true
  } catch {
    return false
  }
}
