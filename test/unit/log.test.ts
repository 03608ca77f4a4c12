// unexpected(): a bug's message never carries a masked value, not even in another letter case
// (which the runner's mask would miss).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { mask, unexpected } from '../../src/log.ts'

test("a bug's message and stack are cleaned of every masked value", t => {
  const written: string[] = []
  t.mock.method(process.stdout, 'write', (chunk: string | Uint8Array) => {
    written.push(String(chunk))
    return true
  })
  const token = 'd360_sk_UnexpectedToken_7Qx'
  mask(token)
  const error = new Error(`cannot read ${token.toLowerCase()} in ${token}`)
  const message = unexpected(error)
  t.mock.restoreAll()
  assert.match(message, /^Unexpected error in the gate: cannot read \*\*\* in \*\*\*\./)
  const debugLines = written.filter(line => line.startsWith('::debug::'))
  assert.equal(debugLines.length, 1)
  for (const text of [message, ...debugLines]) {
    assert.ok(!text.toLowerCase().includes(token.toLowerCase()), text)
  }
})
