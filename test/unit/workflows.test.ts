// The project's own workflows pin every third-party action to a full commit SHA with its
// version in a comment, as the README tells users to do (a tag can be moved; a commit
// cannot). Dependabot's github-actions updates keep the SHA and the comment current.

import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'node:test'
import { REPO_ROOT } from '../../tools/repo.ts'

const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows')
const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/

/** Every `uses:` value of the workflows in `dir`, with its file and line. */
function actionReferences(dir: string): Array<{ where: string; uses: string }> {
  return readdirSync(dir)
    .filter(file => /\.ya?ml$/.test(file))
    .flatMap(file =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => {
          const match = /^\s*(?:-\s+)?uses:\s*(.+?)\s*$/.exec(line)
          return match === null ? [] : [{ where: `${file}:${index + 1}`, uses: match[1] ?? '' }]
        })
    )
}

it('pins every third-party action by commit SHA, with its version in a comment', () => {
  const references = actionReferences(WORKFLOWS)
  assert.ok(references.length > 0, 'the workflows use actions')
  const unpinned = references.filter(({ uses }) => !uses.startsWith('./') && !PINNED.test(uses))
  assert.deepEqual(unpinned, [])
  assert.ok(!PINNED.test('actions/checkout@v5'), 'a tag is not a pin')
  assert.ok(!PINNED.test('actions/checkout@93cb6efe18208431cddfb8368fd83d5badbf9bfd'), 'no version')
})
