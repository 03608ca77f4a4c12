// Step outputs (each bounded, whatever the server sends) and the uncapped report file.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { OUTPUT_MAX_BYTES, cappedReportJson, stepOutputs } from '../../src/report/outputs.ts'
import { writeReportFile } from '../../src/report/report-file.ts'
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
    assert.ok(Buffer.byteLength(JSON.stringify(big)) > OUTPUT_MAX_BYTES)
    const json = cappedReportJson(big)
    assert.ok(Buffer.byteLength(json) <= OUTPUT_MAX_BYTES, `${Buffer.byteLength(json)} bytes`)
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

describe('stepOutputs', () => {
  /** Linux's limit for one environment string (`NAME=value`): what `env:` can carry. */
  const MAX_ENV_STRING = 128 * 1024

  test('every output fits one environment variable, all together far below 1 MiB', () => {
    // Each field alone is over the 128 KiB an environment string may hold.
    const huge = 'é'.repeat(80_000)
    const hostile: GateReport = {
      ...report(1000, 3000),
      status: huge,
      createdAt: huge,
      logId: huge,
      reasons: Array.from({ length: 500 }, () => huge.slice(0, 5000)),
      projectId: huge,
      apiReferenceId: huge
    }
    for (const candidate of [report(0), report(1000, 3000), hostile]) {
      const outputs = stepOutputs(candidate, { reportFile: '/tmp/report.json' })
      let total = 0
      for (const [name, value] of Object.entries(outputs)) {
        const bytes = Buffer.byteLength(`${name}=${value}`)
        assert.ok(bytes < MAX_ENV_STRING, `${name}: ${bytes} bytes`)
        total += bytes
      }
      assert.ok(total < 256 * 1024, `${total} bytes in all`)
      assert.doesNotThrow(() => JSON.parse(outputs.report as string))
    }
  })

  test('the report output stays within its bound when every text the API sends is at its worst', () => {
    // JSON writes a control character as six bytes (\u0001), an emoji as four: the trend's ten
    // entries and the comparison's fields alone come to far more than 100 KiB at 1,000 each.
    const control = '\u0001'.repeat(5000)
    const emoji = '😀'.repeat(5000)
    const status = `Completed${control}`
    const trend = Array.from({ length: 10 }, (_, index) => ({
      logId: `${emoji}${index}`,
      status,
      createdAt: control,
      errorCount: 1,
      warningCount: 1,
      ...(index === 9 ? { judged: true as const } : {})
    }))
    const hostile: GateReport = {
      ...report(50),
      reasons: Array.from({ length: 30 }, () => control),
      logId: emoji,
      status,
      createdAt: control,
      trend,
      comparison: {
        baseline: `log:${emoji}`,
        baselineLogId: emoji,
        baselineStatus: status,
        baselineCreatedAt: control,
        baselineMissing: control,
        waiversFile: control,
        newErrorCount: 50,
        newWarningCount: 0,
        unchangedCount: 0,
        fixedCount: 0,
        waivedCount: 0
      },
      publication: { workspaceId: emoji, published: false, error: control }
    }
    const outputs = stepOutputs(hostile, { reportFile: '/tmp/report.json' })
    for (const [name, value] of Object.entries(outputs)) {
      assert.ok(
        Buffer.byteLength(value) <= OUTPUT_MAX_BYTES,
        `${name}: ${Buffer.byteLength(value)}`
      )
    }
    const parsed = JSON.parse(outputs.report as string) as GateReport
    assert.equal(parsed.result, 'failed')
    assert.equal(parsed.trend?.length, 10, 'the trend is cut, not dropped')
  })

  test('the report output of an oversized server text keeps its findings and says what it cut', () => {
    const oversized = { ...report(10), status: 'x'.repeat(2_000_000) }
    const parsed = JSON.parse(stepOutputs(oversized).report as string) as GateReport
    assert.equal(parsed.findings.length, 10)
    assert.equal(Array.from(parsed.status ?? '').length, 1000)
    assert.ok(parsed.status?.endsWith('…'))
  })

  test('sets the known facts and leaves the unknown ones out', () => {
    const outputs = stepOutputs(
      { ...report(2), errorCount: 2, warningCount: 0 },
      { reportFile: '/r.json' }
    )
    assert.deepEqual(Object.keys(outputs).sort(), [
      'created-at',
      'error-count',
      'fixed-count',
      'log-id',
      'new-error-count',
      'new-warning-count',
      'published',
      'report',
      'report-file',
      'result',
      'status',
      'waived-count',
      'warning-count'
    ])
    const { logId: _logId, status: _status, createdAt: _createdAt, ...unjudged } = report(0)
    assert.deepEqual(Object.keys(stepOutputs({ ...unjudged, result: 'error' })).sort(), [
      'error-count',
      'fixed-count',
      'new-error-count',
      'new-warning-count',
      'published',
      'report',
      'result',
      'waived-count',
      'warning-count'
    ])
  })

  test('published is always set: true only when this run published', () => {
    const publication = (published: boolean, error?: string) => ({
      workspaceId: 'ws-1',
      published,
      ...(error ? { error } : {})
    })
    assert.equal(stepOutputs(report(0)).published, 'false')
    assert.equal(stepOutputs({ ...report(0), publication: publication(true) }).published, 'true')
    const failed = { ...report(0), publication: publication(false, 'HTTP 500') }
    assert.equal(stepOutputs(failed).published, 'false')
    assert.match(stepOutputs(failed).report ?? '', /"publication":\{"workspaceId":"ws-1"/)
  })
})

describe('writeReportFile', () => {
  test('writes every finding under RUNNER_TEMP and returns the path', async () => {
    const runnerTemp = await mkdtemp(join(tmpdir(), 'gate-report-'))
    try {
      const big = report(5000, 1000)
      const written = await writeReportFile(big, runnerTemp)
      assert.ok('file' in written)
      const { file } = written
      assert.equal(dirname(dirname(file)), runnerTemp)
      assert.ok(file.endsWith('.json'))
      // The API reference id is made safe for a file name.
      assert.doesNotMatch(file.slice(runnerTemp.length + 1), /\.\.|\s/)
      const read = JSON.parse(await readFile(file, 'utf8')) as GateReport
      assert.equal(read.findings.length, 5000)
      assert.equal(read.findingsOmitted, undefined)
      assert.deepEqual(read, big)
    } finally {
      await rm(runnerTemp, { recursive: true, force: true })
    }
  })

  test('two reports do not overwrite each other', async () => {
    const runnerTemp = await mkdtemp(join(tmpdir(), 'gate-report-'))
    try {
      const first = await writeReportFile(report(1), runnerTemp)
      const second = await writeReportFile(report(2), runnerTemp)
      assert.ok('file' in first && 'file' in second)
      assert.notEqual(first.file, second.file)
      assert.equal(
        (JSON.parse(await readFile(first.file, 'utf8')) as GateReport).findings.length,
        1
      )
    } finally {
      await rm(runnerTemp, { recursive: true, force: true })
    }
  })

  test('a RUNNER_TEMP that is a file gives a warning that names it, not an exception', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gate-report-'))
    try {
      const notADirectory = join(dir, 'runner-temp')
      await writeFile(notADirectory, 'a file')
      const written = await writeReportFile(report(1), notADirectory)
      assert.ok('warning' in written)
      assert.match(written.warning, /RUNNER_TEMP .*runner-temp.*ENOTDIR.*writable directory/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
