// The outputs of a comparison (new, fixed and waived counts, the baseline's log id) and the
// report output's bound with fixed findings.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { cappedReportJson, stepOutputs } from '../../src/report/outputs.ts'
import type { GateReport, LocatedFinding } from '../../src/report/types.ts'

function report(overrides: Partial<GateReport> = {}): GateReport {
  return {
    result: 'passed',
    reasons: [],
    projectId: 'p',
    apiReferenceId: 'r',
    logId: 'judged',
    status: 'Completed',
    errorCount: 3,
    warningCount: 140,
    maxErrors: 0,
    maxWarnings: 0,
    findings: [],
    ...overrides
  }
}

const COMPARISON = {
  baseline: 'previous',
  baselineLogId: 'b'.repeat(5000),
  newErrorCount: 0,
  newWarningCount: 1,
  unchangedCount: 140,
  fixedCount: 5,
  waivedCount: 2
}

describe('comparison outputs', () => {
  test('without a comparison: the counts are new, nothing fixed or waived, no baseline', () => {
    const outputs = stepOutputs(report())
    assert.equal(outputs['new-error-count'], '3')
    assert.equal(outputs['new-warning-count'], '140')
    assert.equal(outputs['fixed-count'], '0')
    assert.equal(outputs['waived-count'], '0')
    assert.equal(outputs['baseline-log-id'], undefined)
  })

  test("with one: the comparison's counts, and the baseline's log id, bounded", () => {
    const outputs = stepOutputs(report({ comparison: COMPARISON }))
    assert.deepEqual(
      [
        outputs['new-error-count'],
        outputs['new-warning-count'],
        outputs['fixed-count'],
        outputs['waived-count']
      ],
      ['0', '1', '5', '2']
    )
    assert.equal(Array.from(outputs['baseline-log-id'] ?? '').length, 1000)
    assert.equal(outputs['error-count'], '3', 'the absolute counts stay')
  })

  test('no counts known (no import judged): no count outputs at all', () => {
    const { errorCount: _e, warningCount: _w, ...unjudged } = report()
    const outputs = stepOutputs({ ...unjudged, result: 'error' })
    assert.equal(outputs['new-error-count'], undefined)
    assert.equal(outputs['fixed-count'], undefined)
  })
})

describe('the report output with fixed findings', () => {
  const finding = (i: number, change: NonNullable<LocatedFinding['change']>): LocatedFinding => ({
    severity: 'warning',
    message: `finding ${i} ${'x'.repeat(200)}`,
    path: `/paths/~1items~1${i}/get`,
    change
  })

  test('findings first, then fixed ones, as many as fit; each kind counts what it left out', () => {
    const big = report({
      comparison: COMPARISON,
      findings: Array.from({ length: 300 }, (_, i) => finding(i, 'new')),
      fixedFindings: Array.from({ length: 3000 }, (_, i) => finding(i, 'fixed'))
    })
    const parsed = JSON.parse(cappedReportJson(big, 200_000)) as GateReport
    assert.equal(parsed.findings.length, 300)
    assert.ok((parsed.fixedFindings?.length ?? 0) > 0)
    assert.equal((parsed.fixedFindings?.length ?? 0) + (parsed.fixedFindingsOmitted ?? 0), 3000)
    assert.equal(parsed.findingsOmitted, 0)
    assert.equal(parsed.fixedFindings?.[0]?.change, 'fixed')

    const small = JSON.parse(cappedReportJson(big, 30_000)) as GateReport
    assert.ok(small.findings.length < 300)
    assert.equal(small.findings.length + (small.findingsOmitted ?? 0), 300)
    assert.deepEqual(small.fixedFindings, [])
    assert.equal(small.fixedFindingsOmitted, 3000)
    assert.ok(Buffer.byteLength(cappedReportJson(big, 30_000)) <= 30_000)
  })
})
