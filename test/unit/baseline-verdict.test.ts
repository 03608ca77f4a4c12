// Classification against a baseline and waivers, and the verdict on new findings only.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { classifyFindings } from '../../src/baseline/classify.ts'
import type { FindingIdentity } from '../../src/baseline/identity.ts'
import { decideWithBaseline } from '../../src/baseline/judge.ts'
import { checkWaivers } from '../../src/baseline/waivers.ts'
import type { ImportLog } from '../../src/document360/types.ts'
import type { Verdict } from '../../src/verdict.ts'

const error = (path: string, message = 'e'): FindingIdentity => ({
  severity: 'error',
  path,
  message
})
const warning = (path: string, message = 'w'): FindingIdentity => ({
  severity: 'warning',
  path,
  message
})

describe('classification', () => {
  test('new first, then unchanged, then waived, errors first in each; fixed apart', () => {
    const waivers = checkWaivers([{ path: '/legacy/*', reason: 'Legacy until Q3.' }], 'w.yml')
    const result = classifyFindings(
      [warning('/old'), error('/new'), warning('/legacy/a'), error('/old'), warning('/new')],
      { baseline: [error('/old'), warning('/old'), warning('/gone')], waivers }
    )
    assert.deepEqual(
      result.findings.map(f => [f.change, f.severity, f.path]),
      [
        ['new', 'error', '/new'],
        ['new', 'warning', '/new'],
        ['unchanged', 'error', '/old'],
        ['unchanged', 'warning', '/old'],
        ['waived', 'warning', '/legacy/a']
      ]
    )
    assert.deepEqual(result.findings[4]?.waiver, { entry: 1, reason: 'Legacy until Q3.' })
    assert.deepEqual(
      result.fixed.map(f => [f.change, f.path]),
      [['fixed', '/gone']]
    )
    assert.deepEqual(result.counts, {
      newErrors: 1,
      newWarnings: 1,
      unchanged: 2,
      fixed: 1,
      waived: 1
    })
  })

  test('a waiver accepts an unchanged finding too, which is then not fixed', () => {
    const waivers = checkWaivers([{ message: 'legacy', reason: 'r' }], 'w.yml')
    const result = classifyFindings([warning('/a', 'legacy thing')], {
      baseline: [warning('/a', 'legacy thing')],
      waivers
    })
    assert.deepEqual(result.counts, {
      newErrors: 0,
      newWarnings: 0,
      unchanged: 0,
      fixed: 0,
      waived: 1
    })
  })

  test('without a baseline every finding not waived is new', () => {
    const result = classifyFindings([error('/a'), warning('/b')])
    assert.deepEqual(result.counts, {
      newErrors: 1,
      newWarnings: 1,
      unchanged: 0,
      fixed: 0,
      waived: 0
    })
  })

  test('unlisted findings beyond the baseline’s unlisted ones count as new', () => {
    const result = classifyFindings([warning('/a')], {
      baseline: [warning('/a')],
      unlisted: { current: { errors: 2, warnings: 1 }, baseline: { errors: 1, warnings: 3 } }
    })
    assert.deepEqual(result.counts, {
      newErrors: 1, // 2 unlisted now, 1 before
      newWarnings: 0,
      unchanged: 1 + 1 + 1, // the listed warning; 1 unlisted error, 1 unlisted warning
      fixed: 2, // 3 unlisted warnings before, 1 now
      waived: 0
    })
  })
})

const ID = '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d'
/** The parts of a verdict this file is about (verdict.ts may add notes of its own). */
function essentials(verdict: Verdict) {
  return { result: verdict.result, reasons: verdict.reasons, failsOnErrors: verdict.failsOnErrors }
}

function log(status: string, errorCount = 140, warningCount = 140): ImportLog {
  return { id: ID, status, errorCount, warningCount }
}

describe('the verdict with a baseline', () => {
  test('legacy findings pass: only new ones count against the limits', () => {
    const verdict = decideWithBaseline(
      log('Completed'),
      { maxErrors: 0, maxWarnings: 0 },
      {
        newErrors: 0,
        newWarnings: 0
      }
    )
    assert.deepEqual(essentials(verdict), { result: 'passed', reasons: [], failsOnErrors: false })
  })

  test('one new warning over max-warnings 0 fails, not on errors', () => {
    const verdict = decideWithBaseline(
      log('Completed'),
      { maxErrors: 0, maxWarnings: 0 },
      { newErrors: 0, newWarnings: 1 }
    )
    assert.equal(verdict.result, 'failed')
    assert.deepEqual(verdict.reasons, ['1 new warning, more than max-warnings 0.'])
    assert.equal(verdict.failsOnErrors, false)
  })

  test('new errors over max-errors fail on errors; at the limit passes', () => {
    const limits = { maxErrors: 1, maxWarnings: null }
    assert.equal(
      decideWithBaseline(log('Success'), limits, { newErrors: 1, newWarnings: 9 }).result,
      'passed'
    )
    const over = decideWithBaseline(log('Success'), limits, { newErrors: 2, newWarnings: 0 })
    assert.deepEqual(essentials(over), {
      result: 'failed',
      reasons: ['2 new errors, more than max-errors 1.'],
      failsOnErrors: true
    })
  })

  test('a Failed status still fails, whatever the counts', () => {
    const verdict = decideWithBaseline(
      log('Failed'),
      { maxErrors: 5, maxWarnings: null },
      {
        newErrors: 0,
        newWarnings: 0
      }
    )
    assert.equal(verdict.result, 'failed')
    assert.deepEqual(verdict.reasons, ['Document360 reports the import as Failed.'])
    assert.equal(verdict.failsOnErrors, true)
  })

  test('a running import or one without counts is an error, as without a baseline', () => {
    const limits = { maxErrors: 0, maxWarnings: null }
    const counts = { newErrors: 0, newWarnings: 0 }
    assert.equal(decideWithBaseline(log('InProgress'), limits, counts).result, 'error')
    const noCounts: ImportLog = { id: ID, status: 'Completed' }
    assert.equal(decideWithBaseline(noCounts, limits, counts).result, 'error')
  })
})
