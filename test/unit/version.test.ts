// The User-Agent names the action's own version: it must follow package.json.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { ACTION_NAME, ACTION_VERSION, USER_AGENT } from '../../src/version.ts'

const packageJson = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
) as { name: string; version: string }

test('ACTION_VERSION equals package.json version', () => {
  assert.equal(ACTION_VERSION, packageJson.version)
})

test('ACTION_NAME equals package.json name, and the User-Agent is name/version', () => {
  assert.equal(ACTION_NAME, packageJson.name)
  assert.equal(USER_AGENT, `document360-import-gate/${packageJson.version}`)
})
