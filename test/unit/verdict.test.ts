// The verdict on a finished import: status first, then the counts (or the findings listed, when
// there are more of them) against the limits.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { ImportLog } from '../../src/document360/types.ts'
import { decide, type Limits, type ListedCounts } from '../../src/verdict.ts'

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
      failsOnErrors: false,
      warnings: []
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
    assert.match(
      noWarnings.reasons[0] ?? '',
      /has no warning_count that the gate can read \(a whole number/
    )
    const noErrors = decide(log('Success', undefined, 0), limits(0, null))
    assert.equal(noErrors.result, 'error')
    assert.match(noErrors.reasons[0] ?? '', /has no error_count that/)
  })

  test('no status the gate cannot place passes, whatever the counts and limits', () => {
    for (const status of [
      'PartiallyImported',
      'Skipped',
      'Not completed',
      'Completed 50%',
      'Unfailed',
      'Cоmpleted' // Cyrillic о
    ]) {
      for (const entry of [log(status, 0, 0), log(status, 3, 1), log(status)]) {
        const verdict = decide(entry, limits(100, 100), { errors: 0, warnings: 0 })
        assert.equal(verdict.result, 'error', status)
        assert.equal(verdict.failsOnErrors, false)
        assert.equal(verdict.reasons.length, 1)
        assert.deepEqual(verdict.warnings, [])
      }
    }
  })

  test('an unplaceable status is quoted and what the gate knows is said', () => {
    const [reason] = decide(log('PartiallyImported', 0, 2), limits(0, null)).reasons
    assert.equal(
      reason,
      'Document360 reports import log 1a2b3c4d… as "PartiallyImported", a status the gate ' +
        'cannot place as succeeded, failed or still running (it counted 0 errors and 2 ' +
        'warnings), so it cannot confirm the import succeeded. If this is a normal ' +
        'Document360 status, please report it.'
    )
    const [noCounts] = decide(log('Skipped'), limits(0, null)).reasons
    assert.match(noCounts ?? '', /"Skipped", .*\(it gave no counts\)/)
  })

  test('an unplaceable status is quoted on one line, escaped and capped', () => {
    for (const status of ['Done\n::notice::pwned', 'x\r\n::add-mask::y', 'a\u2028b', 'q"uote\\']) {
      const [reason] = decide(log(status, 0, 0), limits(0, null)).reasons
      assert.ok(reason !== undefined)
      assert.ok(!/[\r\n\u2028\u2029]/.test(reason), reason)
      assert.ok(reason.includes(JSON.stringify(status).replace('\u2028', '\\u2028')), reason)
    }
    const [long] = decide(log('Z'.repeat(500), 0, 0), limits(0, null)).reasons
    assert.ok(long !== undefined && long.length < 400, long)
    assert.ok(long.includes(`"${'Z'.repeat(60)}"…`))
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
})

describe('counts and listed findings (issue 12)', () => {
  const listed = (errors: number, warnings: number): ListedCounts => ({ errors, warnings })

  test("the documentation's example: 0 errors counted, 1 listed, fails max-errors 0", () => {
    const verdict = decide(log('Success', 0, 2), limits(0, null), listed(1, 1))
    assert.equal(verdict.result, 'failed')
    assert.equal(verdict.failsOnErrors, true)
    assert.deepEqual(verdict.reasons, ['1 error (0 counted, 1 listed), more than max-errors 0.'])
    assert.deepEqual(verdict.warnings, [
      'Document360 reported 0 errors but listed 1, and 2 warnings but listed 1: judged on ' +
        '1 error and 2 warnings.'
    ])
  })

  test('more listed than counted: judged on the list, one warning naming both numbers', () => {
    const cases: Array<
      [counts: [number, number], list: ListedCounts, lim: Limits, result: string]
    > = [
      [[0, 0], listed(1, 0), limits(0, null), 'failed'],
      [[2, 0], listed(5, 0), limits(4, null), 'failed'],
      [[2, 0], listed(4, 0), limits(4, null), 'passed'],
      [[0, 3], listed(0, 7), limits(0, 5), 'failed'],
      [[0, 3], listed(0, 5), limits(0, 5), 'passed'],
      [[0, 0], listed(0, 1_000), limits(0, null), 'passed']
    ]
    for (const [[errors, warnings], list, lim, result] of cases) {
      const verdict = decide(log('Completed', errors, warnings), lim, list)
      const label = JSON.stringify({ errors, warnings, list, lim })
      assert.equal(verdict.result, result, label)
      assert.equal(verdict.warnings.length, 1, label)
      const differing = list.errors !== errors ? [errors, list.errors] : [warnings, list.warnings]
      assert.match(
        verdict.warnings[0] ?? '',
        new RegExp(`reported ${differing[0]} \\w+ but listed ${differing[1]}`),
        label
      )
    }
  })

  test('over the limit only by the list: the reason says both numbers', () => {
    const verdict = decide(log('Completed', 0, 3), limits(0, 5), listed(0, 6))
    assert.deepEqual(verdict.reasons, [
      '6 warnings (3 counted, 6 listed), more than max-warnings 5.'
    ])
    assert.equal(verdict.failsOnErrors, false, 'warnings do not fail on errors')
    assert.deepEqual(verdict.warnings, [
      'Document360 reported 3 warnings but listed 6: judged on 6 warnings.'
    ])
  })

  test('fewer listed than counted: the count still rules, and the gate says so', () => {
    const over = decide(log('Completed', 3, 0), limits(2, null), listed(1, 0))
    assert.equal(over.result, 'failed')
    assert.deepEqual(over.reasons, ['3 errors (3 counted, 1 listed), more than max-errors 2.'])
    assert.deepEqual(over.warnings, [
      'Document360 reported 3 errors but listed 1: judged on 3 errors.'
    ])
    const warnings = decide(log('Completed', 0, 9), limits(0, 8), listed(0, 0))
    assert.equal(warnings.result, 'failed')
    assert.match(warnings.warnings[0] ?? '', /reported 9 warnings but listed 0: judged on 9/)
    const within = decide(log('Completed', 2, 0), limits(2, null), listed(0, 0))
    assert.equal(within.result, 'passed')
    assert.deepEqual(within.warnings, [
      'Document360 reported 2 errors but listed 0: judged on 2 errors.'
    ])
  })

  test('agreement, or no detail: no warning, reasons as before', () => {
    for (const list of [listed(2, 1), undefined]) {
      const verdict = decide(log('Completed', 2, 1), limits(1, null), list)
      assert.deepEqual(verdict.reasons, ['2 errors, more than max-errors 1.'])
      assert.deepEqual(verdict.warnings, [])
    }
  })

  test('a Failed import lists its status first, then the judged counts', () => {
    const verdict = decide(log('Failed', 0, 0), limits(0, null), listed(2, 0))
    assert.equal(verdict.result, 'failed')
    assert.deepEqual(verdict.reasons, [
      'Document360 reports the import as Failed.',
      '2 errors (0 counted, 2 listed), more than max-errors 0.'
    ])
    assert.equal(verdict.warnings.length, 1)
  })

  test('the list never turns missing counts into a verdict, nor an unknown status into one', () => {
    assert.equal(decide(log('Completed'), limits(5, null), listed(0, 0)).result, 'error')
    assert.equal(decide(log('Completed', 0), limits(5, null), listed(0, 0)).result, 'error')
    assert.equal(decide(log('Weird', 0, 0), limits(5, null), listed(0, 0)).result, 'error')
  })
})
