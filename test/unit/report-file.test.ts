// The JSON report: a capped copy for the `report` output, every finding in the report file.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  REPORT_OUTPUT_MAX_BYTES,
  cappedReportJson,
  writeReportFile
} from '../../src/report/report-file.ts'
import type { GateReport, LocatedFinding } from '../../src/report/types.ts'

function report(findingCount: number, messageLength = 40): GateReport {
  const findings: LocatedFinding[] = Array.from({ length: findingCount }, (_, i) => ({
    severity: i % 3 === 0 ? 'warning' : 'error',
    // Multi-byte characters: the bound is in bytes, not characters.
    message: `finding ${i} é€ ${'x'.repeat(messageLength)}`,
    path: `/paths/~1pets~1${i}/get`,
    file: 'openapi.yaml',
    line: i + 1
  }))
  return {
    result: 'failed',
    reasons: [`${findingCount} errors, more than max-errors 0.`],
    projectId: 'project-1',
    apiReferenceId: 'ref/../1 2',
    logId: '1a2b3c4d',
    status: 'Completed',
    createdAt: '2026-05-01T12:00:00Z',
    errorCount: findingCount,
    warningCount: 0,
    maxErrors: 0,
    maxWarnings: null,
    findings
  }
}

describe('cappedReportJson', () => {
  test('a small report is the whole report, without findingsOmitted', () => {
    const small = report(3)
    const json = cappedReportJson(small)
    assert.deepEqual(JSON.parse(json), small)
    assert.equal('findingsOmitted' in JSON.parse(json), false)
  })

  test('5,000 long findings: under the byte bound, valid JSON, findingsOmitted counts the rest', () => {
    const big = report(5000, 1000)
    assert.ok(Buffer.byteLength(JSON.stringify(big)) > REPORT_OUTPUT_MAX_BYTES)
    const json = cappedReportJson(big)
    assert.ok(
      Buffer.byteLength(json) <= REPORT_OUTPUT_MAX_BYTES,
      `${Buffer.byteLength(json)} bytes`
    )
    const parsed = JSON.parse(json) as GateReport
    assert.ok(parsed.findings.length > 0)
    assert.equal(parsed.findings.length + (parsed.findingsOmitted ?? 0), 5000)
    assert.ok((parsed.findingsOmitted ?? 0) > 0)
    // The first findings are kept, unchanged, and everything else is intact.
    assert.deepEqual(parsed.findings, big.findings.slice(0, parsed.findings.length))
    assert.deepEqual(
      { ...parsed, findings: [], findingsOmitted: 0 },
      { ...big, findings: [], findingsOmitted: 0 }
    )
  })

  test('keeps as many findings as fit: one more would not', () => {
    const big = report(300, 200)
    const maxBytes = 20_000
    const parsed = JSON.parse(cappedReportJson(big, maxBytes)) as GateReport
    const kept = parsed.findings.length
    const oneMore = JSON.stringify({
      ...big,
      findings: big.findings.slice(0, kept + 1),
      findingsOmitted: 300 - kept - 1
    })
    assert.ok(Buffer.byteLength(oneMore) > maxBytes)
  })

  test('does not change the report it is given', () => {
    const big = report(100, 200)
    cappedReportJson(big, 5000)
    assert.equal(big.findings.length, 100)
    assert.equal(big.findingsOmitted, undefined)
  })
})

describe('writeReportFile', () => {
  test('writes every finding under RUNNER_TEMP and returns the path', async () => {
    const runnerTemp = await mkdtemp(join(tmpdir(), 'gate-report-'))
    try {
      const big = report(5000, 1000)
      const file = await writeReportFile(big, { RUNNER_TEMP: runnerTemp })
      assert.equal(dirname(dirname(file)), runnerTemp)
      assert.ok(file.endsWith('.json'))
      // The API reference id is made safe for a file name.
      assert.doesNotMatch(file.slice(runnerTemp.length + 1), /\.\.|\s/)
      const written = JSON.parse(await readFile(file, 'utf8')) as GateReport
      assert.equal(written.findings.length, 5000)
      assert.equal(written.findingsOmitted, undefined)
      assert.deepEqual(written, big)
    } finally {
      await rm(runnerTemp, { recursive: true, force: true })
    }
  })

  test('two reports do not overwrite each other', async () => {
    const runnerTemp = await mkdtemp(join(tmpdir(), 'gate-report-'))
    try {
      const first = await writeReportFile(report(1), { RUNNER_TEMP: runnerTemp })
      const second = await writeReportFile(report(2), { RUNNER_TEMP: runnerTemp })
      assert.notEqual(first, second)
      assert.equal((JSON.parse(await readFile(first, 'utf8')) as GateReport).findings.length, 1)
    } finally {
      await rm(runnerTemp, { recursive: true, force: true })
    }
  })
})
