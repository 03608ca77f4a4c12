// Check runs and SARIF name files relative to the repository root, which is not the
// workspace when the repository was checked out into a sub-folder.

import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { repositoryPath, repositoryPaths } from '../../src/report/repository-path.ts'

describe('repositoryPath', () => {
  let workspace: string

  before(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'repo-path-'))
    // The workspace is a checkout; `docs-site` is a second one, checked out with `path:`
    // (its `.git` a file, as in worktrees and submodules).
    await mkdir(join(workspace, '.git'))
    await mkdir(join(workspace, 'api'), { recursive: true })
    await mkdir(join(workspace, 'docs-site', 'specs'), { recursive: true })
    await writeFile(join(workspace, 'docs-site', '.git'), 'gitdir: ../.git/worktrees/docs\n')
  })
  after(() => rm(workspace, { recursive: true, force: true }))

  it('is the workspace-relative path when the workspace is the checkout', async () => {
    assert.equal(await repositoryPath('api/openapi.yaml', workspace), 'api/openapi.yaml')
  })

  it('drops the folder a repository was checked out into', async () => {
    assert.equal(
      await repositoryPath('docs-site/specs/openapi.yaml', workspace),
      'specs/openapi.yaml'
    )
    assert.equal(
      await repositoryPath(join(workspace, 'docs-site', 'specs', 'openapi.yaml'), workspace),
      'specs/openapi.yaml'
    )
  })

  it('keeps a folder whose name starts with ".." inside the repository', async () => {
    assert.equal(await repositoryPath('..specs/openapi.yaml', workspace), '..specs/openapi.yaml')
  })

  it('has no answer for a file in no repository', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'no-repo-'))
    try {
      assert.equal(await repositoryPath('openapi.yaml', outside), undefined)
    } finally {
      await rm(outside, { recursive: true, force: true })
    }
  })

  it('maps each distinct file once', async () => {
    const paths = await repositoryPaths(
      ['api/openapi.yaml', 'api/openapi.yaml', 'docs-site/specs/b.json'],
      workspace
    )
    assert.deepEqual(
      [...paths],
      [
        ['api/openapi.yaml', 'api/openapi.yaml'],
        ['docs-site/specs/b.json', 'specs/b.json']
      ]
    )
  })
})
