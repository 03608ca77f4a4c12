// The verdict on a finished import: status first, then the counts against the limits.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ImportLog } from '../../src/document360/types.ts'
import { decide, type Limits } from '../../src/verdict.ts'

const ID = '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d'

function log(status: string, errorCount?: number, warningCount?: number): ImportLog {
  const entry: ImportLog = { id: ID, status, createdAt: '2026-05-01T12:00:00Z' }
  if (errorCount !== undefined) entry.errorCount = errorCount
  if (warningCount !== undefined) entry.warningCount = warningCount
  return entry
}

const limits = (maxErrors: number, maxWarnings: number | null): Limits => ({
  maxErrors,
  maxWarnings
})

describe('errors against max-errors', () => {
  test('a clean import passes with no reasons', () => {
    assert.deepEqual(decide(log('Completed', 0, 0), limits(0, null)), {
      result: 'passed',
      reasons: [],
      failsOnErrors: false
    })
  })

  test('at the limit passes; one over fails on errors', () => {
    assert.equal(decide(log('Completed', 3, 0), limits(3, null)).result, 'passed')
    const over = decide(log('Completed', 4, 0), limits(3, null))
    assert.equal(over.result, 'failed')
    assert.equal(over.failsOnErrors, true)
    assert.deepEqual(over.reasons, ['4 errors, more than max-errors 3.'])
  })

  test('with the default max-errors 0, one error fails', () => {
    const verdict = decide(log('Success', 1, 0), limits(0, null))
    assert.equal(verdict.result, 'failed')
    assert.deepEqual(verdict.reasons, ['1 error, more than max-errors 0.'])
  })
})

describe('warnings against max-warnings', () => {
  test('no limit: any number of warnings passes', () => {
    assert.equal(decide(log('Completed', 0, 10_000), limits(0, null)).result, 'passed')
  })

  test('at the limit passes; one over fails, but not on errors', () => {
    assert.equal(decide(log('Completed', 0, 10), limits(0, 10)).result, 'passed')
    const over = decide(log('Completed', 0, 11), limits(0, 10))
    assert.equal(over.result, 'failed')
    assert.equal(over.failsOnErrors, false)
    assert.deepEqual(over.reasons, ['11 warnings, more than max-warnings 10.'])
  })

  test('max-warnings 0: one warning fails', () => {
    const verdict = decide(log('Completed', 0, 1), limits(0, 0))
    assert.equal(verdict.result, 'failed')
    assert.deepEqual(verdict.reasons, ['1 warning, more than max-warnings 0.'])
  })

  test('both limits exceeded: both reasons, errors first', () => {
    const verdict = decide(log('Completed', 2, 5), limits(1, 4))
    assert.equal(verdict.result, 'failed')
    assert.equal(verdict.failsOnErrors, true)
    assert.deepEqual(verdict.reasons, [
      '2 errors, more than max-errors 1.',
      '5 warnings, more than max-warnings 4.'
    ])
  })
})

describe('status', () => {
  for (const status of ['Failed', 'FAILED', 'failed']) {
    test(`"${status}" fails whatever the counts`, () => {
      const verdict = decide(log(status, 0, 0), limits(100, 100))
      assert.equal(verdict.result, 'failed')
      assert.equal(verdict.failsOnErrors, true)
      assert.deepEqual(verdict.reasons, [`Document360 reports the import as ${status}.`])
    })
  }

  test('Failed with missing counts still fails (not an error)', () => {
    for (const entry of [log('Failed'), log('Failed', 2), log('Failed', undefined, 1)]) {
      const verdict = decide(entry, limits(0, null))
      assert.equal(verdict.result, 'failed')
      assert.equal(verdict.failsOnErrors, true)
      assert.match(verdict.reasons[0] ?? '', /reports the import as Failed/)
    }
  })

  test('Failed over the limits lists the status and the counts', () => {
    const verdict = decide(log('Failed', 3, 0), limits(0, null))
    assert.deepEqual(verdict.reasons, [
      'Document360 reports the import as Failed.',
      '3 errors, more than max-errors 0.'
    ])
  })

  test('missing counts on a finished import are an error, never a pass', () => {
    const none = decide(log('Completed'), limits(0, null))
    assert.equal(none.result, 'error')
    assert.match(none.reasons[0] ?? '', /has no error_count and warning_count/)
    assert.match(none.reasons[0] ?? '', /1a2b3c4d…/)
    const noWarnings = decide(log('Success', 0), limits(0, null))
    assert.equal(noWarnings.result, 'error')
    assert.match(noWarnings.reasons[0] ?? '', /has no warning_count,/)
    const noErrors = decide(log('Success', undefined, 0), limits(0, null))
    assert.equal(noErrors.result, 'error')
    assert.match(noErrors.reasons[0] ?? '', /has no error_count,/)
  })

  test('an unknown status is judged by the counts and flagged', () => {
    const clean = decide(log('PartiallyImported', 0, 0), limits(0, null))
    assert.equal(clean.result, 'passed')
    assert.equal(clean.unknownStatus, 'PartiallyImported')
    const dirty = decide(log('PartiallyImported', 1, 0), limits(0, null))
    assert.equal(dirty.result, 'failed')
    assert.equal(dirty.unknownStatus, 'PartiallyImported')
  })

  test('known statuses are not flagged', () => {
    assert.equal(decide(log('Completed', 0, 0), limits(0, null)).unknownStatus, undefined)
    assert.equal(decide(log('Failed', 0, 0), limits(0, null)).unknownStatus, undefined)
  })

  test('a still-running import cannot be judged', () => {
    const verdict = decide(log('InProgress', 0, 0), limits(0, null))
    assert.equal(verdict.result, 'error')
    assert.match(verdict.reasons[0] ?? '', /still InProgress/)
  })

  test('a status with line breaks is folded to one line in the reason', () => {
    const running = decide(log('In\nProgress', 0, 0), limits(0, null))
    assert.deepEqual(running.reasons, ['The import is still In Progress.'])
    const failed = decide(log('\nFailed\r\n', 0, 0), limits(0, null))
    assert.deepEqual(failed.reasons, ['Document360 reports the import as Failed.'])
  })

  test('an unknown status carrying a command is flagged verbatim (callers must fold it)', () => {
    const verdict = decide(log('Done\n::error::pwned', 0, 0), limits(0, null))
    assert.equal(verdict.unknownStatus, 'Done\n::error::pwned')
  })
})
