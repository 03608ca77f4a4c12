// API text is data: one line, no control characters, bounded, secrets removed.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { formatCount, oneLine, plural, redact, shortId } from '../../src/text.ts'

/** True when some line of `text` (as a runner splits stdout) could start a workflow command. */
function canStartCommand(text: string): boolean {
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029|\u0085/)
    .some(line => line.trimStart().startsWith('::'))
}

describe('oneLine', () => {
  const injections = [
    'bad schema\n::error::pwned',
    'bad schema\r\n::add-mask::secret',
    'x\r::stop-commands::token123',
    'x\u2028::error::ls',
    'x\u2029::error::ls',
    'x\u0085::error::ls',
    'x\n\n  ::warning file=a::y',
    'x\u000b::error::vt',
    'x\u000c::error::ff'
  ]
  for (const input of injections) {
    test(`folds ${JSON.stringify(input)} so no line starts a command`, () => {
      const out = oneLine(`Message: ${input}`)
      assert.ok(!/[\r\n\u2028\u2029\u0085]/.test(out), out)
      assert.equal(canStartCommand(out), false, out)
      // The text is kept as data, not dropped.
      assert.match(out, /::/)
    })
  }

  test('collapses runs of whitespace and control characters, trims the ends', () => {
    assert.equal(oneLine('  a \t\n\n b\u0000\u0007c\u007f  '), 'a b c')
  })

  test('caps at max characters with an ellipsis', () => {
    const out = oneLine('x'.repeat(500), 100)
    assert.equal(out.length, 100)
    assert.ok(out.endsWith('…'))
    assert.equal(oneLine('x'.repeat(100), 100), 'x'.repeat(100))
    assert.equal(oneLine('x'.repeat(300)).length, 300)
    assert.equal(oneLine('x'.repeat(301)).length, 300)
  })

  test('leaves ordinary text alone', () => {
    assert.equal(
      oneLine("Invalid schema: missing required field 'type'"),
      "Invalid schema: missing required field 'type'"
    )
  })
})

describe('redact', () => {
  test('replaces every occurrence of each secret', () => {
    assert.equal(redact('t0k t0k and s3c', ['t0k', 's3c']), '*** *** and ***')
  })

  test('ignores empty secrets and leaves other text alone', () => {
    assert.equal(redact('abc', ['']), 'abc')
    assert.equal(redact('abc', []), 'abc')
  })

  test('treats secrets literally, not as patterns', () => {
    assert.equal(redact('a.b+c a_b+c', ['a.b+c']), '*** a_b+c')
  })
})

describe('shortId and plural', () => {
  test('shortId keeps short ids and cuts long ones to 8 characters', () => {
    assert.equal(shortId('123456789'), '123456789')
    assert.equal(shortId('1a2b3c4d-5e6f-7a8b'), '1a2b3c4d…')
  })

  test('plural', () => {
    assert.equal(plural(0, 'error'), '0 errors')
    assert.equal(plural(1, 'error'), '1 error')
    assert.equal(plural(2, 'warning'), '2 warnings')
  })
})

test('formatCount groups thousands the same way on every machine', () => {
  assert.equal(formatCount(0), '0')
  assert.equal(formatCount(999), '999')
  assert.equal(formatCount(1000), '1,000')
  assert.equal(formatCount(4481), '4,481')
  assert.equal(formatCount(1234567), '1,234,567')
  assert.equal(plural(4500, 'error'), '4,500 errors')
})
