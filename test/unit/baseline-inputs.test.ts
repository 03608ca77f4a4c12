// The `baseline` and `waivers-file` inputs.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { InputError, parseInputs } from '../../src/inputs.ts'

const REQUIRED = { token: 'secret-token', 'project-id': 'p1', 'api-reference-id': 'ref-staging' }

function parse(values: Record<string, string>) {
  const all: Record<string, string> = { ...REQUIRED, ...values }
  return parseInputs(name => all[name] ?? '', new Date('2026-05-01T12:00:00Z'))
}

function rejects(baseline: string, expected: RegExp): void {
  assert.throws(
    () => parse({ baseline }),
    (error: unknown) => {
      assert.ok(error instanceof InputError)
      assert.match(error.message, /^Input "baseline"/)
      assert.match(error.message, expected)
      return true
    },
    baseline
  )
}

describe('the baseline input', () => {
  test('none (the default), previous, log:<id>, api-reference:<id>', () => {
    assert.deepEqual(parse({}).baseline, { kind: 'none' })
    assert.deepEqual(parse({ baseline: 'none' }).baseline, { kind: 'none' })
    assert.deepEqual(parse({ baseline: ' Previous ' }).baseline, { kind: 'previous' })
    assert.deepEqual(parse({ baseline: 'log:1a2b-3c' }).baseline, { kind: 'log', logId: '1a2b-3c' })
    assert.deepEqual(parse({ baseline: 'api-reference: ref-prod ' }).baseline, {
      kind: 'api-reference',
      apiReferenceId: 'ref-prod'
    })
  })

  test('anything else names the accepted forms', () => {
    for (const text of ['latest', 'log', 'log-id:abc', 'previous:2']) {
      rejects(text, /must be none, previous, log:<id> or api-reference:<id>; got /)
    }
  })

  test('an id that would not stay one segment of the request path is refused', () => {
    rejects('log:', /the id after "log:" is empty/)
    rejects('log:..', /is "\." or "\.\."/)
    rejects('api-reference:a/b', /contains "\/" or "\\"/)
    rejects('api-reference:%2e%2E', /is "\." or "\.\."/)
    rejects('log:a%2Fb', /contains "\/"/)
    rejects('log:a\u0000b', /control character/)
    rejects('log:a%0Ab', /control character/)
  })

  test('api-reference: naming the judged reference itself is refused', () => {
    rejects('api-reference:REF-STAGING', /names the judged API reference itself.*use "previous"/)
  })
})

describe('the waivers-file input', () => {
  test('empty by default; a path is kept as given, trimmed', () => {
    assert.equal(parse({}).waiversFile, null)
    assert.equal(
      parse({ 'waivers-file': ' .github/document360-waivers.yml ' }).waiversFile,
      '.github/document360-waivers.yml'
    )
  })
})
