// What the GitHub Marketplace checks in action.yml before it lists an action.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { it } from 'node:test'
import { parse } from 'yaml'
import { REPO_ROOT } from '../../tools/repo.ts'

it('has a description the Marketplace accepts: some text, under 125 characters', () => {
  const manifest = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    description?: unknown
  }
  const { description } = manifest
  assert.ok(typeof description === 'string' && description.trim() !== '', 'a description')
  assert.ok(description.length < 125, `${description.length} characters: ${description}`)
})
