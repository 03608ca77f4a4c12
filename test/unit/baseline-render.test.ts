// What people see when findings are compared: the verdict line, the summary's lead, facts and
// lists (new, fixed, unchanged collapsed, waived with reasons), the trend, and the annotations;
// the Markdown judged by cmark-gfm, as GitHub renders it.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { RunContext } from '../../src/context.ts'
import { verdictLine } from '../../src/report/verdict-line.ts'
import { planAnnotations } from '../../src/report/annotations.ts'
import { planCheckRunAnnotations } from '../../src/report/check-run-plan.ts'
import { buildSarif } from '../../src/report/sarif.ts'
import { renderComment } from '../../src/report/pr-comment.ts'
import { renderReport } from '../../src/report/render.ts'
import { renderTrend } from '../../src/report/trend.ts'
import type { GateReport, LocatedFinding, TrendEntry } from '../../src/report/types.ts'
import { byteLength } from '../../src/text.ts'
import { renderGfm, tableRows, tagNames, visibleText } from '../../tools/markdown.ts'
import { sarifSchemaErrors } from '../../tools/sarif-schema.ts'

const context: RunContext = {
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  repository: 'octo/api',
  sha: '0123456789abcdef0123456789abcdef01234567',
  runId: '42',
  eventName: 'pull_request',
  workspace: '/work',
  runnerTemp: '/tmp'
}

const finding = (
  change: NonNullable<LocatedFinding['change']>,
  i: number,
  severity: 'error' | 'warning' = 'warning'
): LocatedFinding => ({
  severity,
  message: `${change} finding ${i}`,
  path: `/paths/~1${change}${i}/get`,
  change
})

function report(overrides: Partial<GateReport> = {}): GateReport {
  return {
    result: 'failed',
    reasons: ['2 new errors, more than max-errors 0.'],
    projectId: 'proj',
    apiReferenceId: 'ref-staging',
    logId: '1a2b3c4d-0000-4000-8000-000000000001',
    status: 'Completed',
    createdAt: '2026-05-01T12:00:00Z',
    errorCount: 2,
    warningCount: 141,
    maxErrors: 0,
    maxWarnings: null,
    findings: [
      finding('new', 1, 'error'),
      finding('new', 2, 'error'),
      ...Array.from({ length: 138 }, (_, i) => finding('unchanged', i)),
      { ...finding('waived', 1), waiver: { entry: 3, reason: 'Legacy until **Q3** <b>@team</b>' } }
    ],
    fixedFindings: Array.from({ length: 5 }, (_, i) => finding('fixed', i)),
    comparison: {
      baseline: 'previous',
      baselineLogId: '9f8e7d6c-0000-4000-8000-000000000002',
      baselineApiReferenceId: 'ref-staging',
      baselineStatus: 'Completed',
      baselineCreatedAt: '2026-04-30T12:00:00Z',
      waiversFile: '.github/document360-waivers.yml',
      newErrorCount: 2,
      newWarningCount: 0,
      unchangedCount: 138,
      fixedCount: 5,
      waivedCount: 1
    },
    ...overrides
  }
}

describe('the verdict line with a baseline', () => {
  test('leads with what changed, as the issue spells it', () => {
    const line = verdictLine({ ...report(), findings: [], fixedFindings: [] })
    assert.equal(
      line,
      'Import 1a2b3c4d… Completed: 2 new errors (max 0), 5 fixed, 138 unchanged, 1 waived: failed'
    )
    const plain = report()
    plain.comparison = { ...plain.comparison!, waivedCount: 0 }
    assert.equal(
      verdictLine(plain),
      'Import 1a2b3c4d… Completed: 2 new errors (max 0), 5 fixed, 138 unchanged: failed'
    )
  })

  test('names new warnings when there are some, or a limit', () => {
    const limited = report({ maxWarnings: 0 })
    assert.match(verdictLine(limited), /2 new errors \(max 0\), 0 new warnings \(max 0\), 5 fixed/)
    const some = report()
    some.comparison = { ...some.comparison!, newWarningCount: 3 }
    assert.match(verdictLine(some), /3 new warnings \(no limit\)/)
  })
})

describe('the summary with a baseline', () => {
  const markdown = renderReport(report(), context, { budgetBytes: 900 * 1024 })
  const html = renderGfm(markdown)

  test('the lead is the change summary, in bold, right under the headline', () => {
    const [headline, lead] = markdown.split('\n\n')
    assert.match(headline ?? '', /^### ❌ Document360 import gate: failed$/)
    assert.equal(lead, '**2 new errors (max 0), 5 fixed, 138 unchanged, 1 waived**')
  })

  test('the facts: new counts against the limits, changes, the baseline and the waivers', () => {
    const rows = Object.fromEntries(tableRows(html).map(([name = '', value = '']) => [name, value]))
    assert.equal(rows['New errors'], '2 (max 0, over the limit)')
    assert.equal(rows['New warnings'], '0 (no limit)')
    assert.equal(rows['In all'], '2 errors, 141 warnings')
    assert.equal(rows.Changes, '5 fixed, 138 unchanged, 1 waived')
    assert.equal(
      rows.Baseline,
      'import log 9f8e7d6c-0000-4000-8000-000000000002 (Completed, created 2026-04-30T12:00:00Z, baseline: previous)'
    )
    assert.equal(rows.Waivers, '.github/document360-waivers.yml')
    assert.equal(rows.Errors, undefined, 'the plain count rows give way')
  })

  test('new, then fixed, then unchanged collapsed, then waived with its reason', () => {
    const order = [
      'New findings (2)',
      'Fixed since the baseline (5)',
      'Unchanged findings (138)',
      'Waived findings (1)'
    ]
    const text = visibleText(html)
    const at = order.map(title => text.indexOf(title))
    assert.ok(
      at.every(index => index >= 0),
      String(at)
    )
    assert.deepEqual(
      [...at].sort((a, b) => a - b),
      at
    )
    assert.match(html, /<details><summary>Unchanged findings \(138\)<\/summary>/)
    const waived = tableRows(html, html.split('<table>').length - 2)
    assert.deepEqual(waived[0], ['Severity', 'Message', 'Path', 'Reason'])
    assert.equal(
      waived[1]?.[3],
      'Legacy until **Q3** <b>@team</b> (waiver 3)',
      'the reason is text'
    )
    assert.ok(!tagNames(html).includes('b'), 'no HTML from the waiver reason')
  })

  test('an API reference other than the judged one is named in the baseline row', () => {
    const other = report()
    other.comparison = {
      ...other.comparison!,
      baseline: 'api-reference:ref-prod',
      baselineApiReferenceId: 'ref-prod'
    }
    assert.match(
      visibleText(renderGfm(renderReport(other, context, { budgetBytes: 100_000 }))),
      /of API reference ref-prod \(Completed, created .*, baseline: api-reference:ref-prod\)/
    )
  })

  test('a missing baseline says why, and that every finding counts as new', () => {
    const missing = report()
    missing.comparison = {
      ...missing.comparison!,
      baselineMissing: 'API reference ref-staging has no import before the judged one'
    }
    delete missing.comparison.baselineLogId
    const text = visibleText(renderGfm(renderReport(missing, context, { budgetBytes: 100_000 })))
    assert.match(
      text,
      /Baseline\s*none found \(API reference ref-staging has no import before the judged one\): every finding counts as new/
    )
  })

  test('a small budget keeps new findings first and still counts every other list', () => {
    const small = renderReport(report(), context, { budgetBytes: 6_000 })
    assert.ok(byteLength(small) <= 6_000)
    const text = visibleText(renderGfm(small))
    assert.match(text, /New findings \(2\)/)
    assert.match(text, /new finding 1/)
    assert.match(text, /Unchanged findings \(138\)/)
    assert.match(text, /more findings? .*not shown here/)
    assert.match(text, /Waived findings \(1\)/)
  })

  test('the comment shows at most 50 rows in all lists together', () => {
    const comment = renderGfm(renderComment(report(), context))
    const rows = (comment.match(/<tr>/g) ?? []).length
    const headerRows = comment.split('<table>').length - 1
    const overviewRows = tableRows(comment)[0] ? tableRows(comment).length - 1 : 0
    assert.equal(rows - headerRows - overviewRows, 50)
  })
})

describe('the trend', () => {
  const entry = (
    n: number,
    errors: number,
    warnings: number,
    extra: Partial<TrendEntry> = {}
  ): TrendEntry => ({
    logId: `log-${n}-0000-4000-8000`,
    status: 'Completed',
    createdAt: `2026-05-0${n}T0${n}:30:00Z`,
    errorCount: errors,
    warningCount: warnings,
    ...extra
  })

  test('one column per import, oldest first, the judged one last, bold and marked', () => {
    const trend = [
      entry(1, 0, 140),
      entry(2, 1, 141, { status: 'Failed' }),
      entry(3, 2, 139, { judged: true })
    ]
    const html = renderGfm(renderTrend(trend))
    assert.match(html, /<h4>Trend \(last 3 imports, oldest first\)<\/h4>/)
    assert.deepEqual(tableRows(html), [
      ['Import', '05-01 01:30', '05-02 02:30 (failed)', '05-03 03:30 (this import)'],
      ['Errors', '0', '1', '2'],
      ['Warnings', '140', '141', '139']
    ])
    assert.equal((html.match(/<strong>/g) ?? []).length, 3, 'the judged column is bold')
  })

  test('an import without a readable date is named by its short id; unknown counts are ?', () => {
    const trend = [
      entry(1, 0, 0, { createdAt: 'yesterday', logId: '`evil`|<b>x</b>-long-id' }),
      entry(2, 1, 1, { judged: true })
    ]
    delete trend[1]?.warningCount
    const html = renderGfm(renderTrend(trend))
    const [header, , warnings] = tableRows(html)
    assert.equal(header?.[1], '`evil`|<…')
    assert.equal(warnings?.[2], '?')
    assert.ok(!tagNames(html).includes('b'))
  })

  test("dates without an offset are UTC, whatever the runner's TZ", () => {
    const trend = [
      entry(1, 0, 0, { createdAt: '2026-05-01T01:30:00' }),
      entry(2, 0, 0, { createdAt: '2026-05-02T23:30:00+02:00', judged: true })
    ]
    const saved = process.env.TZ
    process.env.TZ = 'America/Los_Angeles'
    try {
      const [header] = tableRows(renderGfm(renderTrend(trend)))
      assert.deepEqual(header, ['Import', '05-01 01:30', '05-02 21:30 (this import)'])
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  test("a date without an offset is UTC, as everywhere else, whatever the runner's TZ", () => {
    const saved = process.env.TZ
    process.env.TZ = 'Asia/Tokyo'
    try {
      const trend = [
        entry(1, 0, 0, { createdAt: '2026-05-01T12:00:00' }),
        // Not a date at all, though Date.parse reads it as 2001-01-01 local time.
        entry(2, 0, 0, { createdAt: '1', logId: 'abcdef123456' }),
        entry(3, 0, 0, { judged: true })
      ]
      const [header] = tableRows(renderGfm(renderTrend(trend)))
      assert.equal(header?.[1], '05-01 12:00')
      assert.equal(header?.[2], 'abcdef12…')
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  test('fewer than two imports: no trend', () => {
    assert.equal(renderTrend([entry(1, 0, 0, { judged: true })]), '')
    assert.equal(renderTrend(undefined), '')
  })
})

describe('annotations when compared', () => {
  test('waived and unchanged errors are never error annotations; new ones are', () => {
    const plan = planAnnotations(
      [
        finding('new', 1, 'error'),
        finding('unchanged', 1, 'error'),
        { ...finding('waived', 1, 'error'), waiver: { entry: 1, reason: 'Known.' } }
      ],
      true,
      { reservedErrors: 0, reservedWarnings: 0 }
    )
    assert.deepEqual(
      plan.annotations.map(a => [a.kind, a.message]),
      [
        ['error', 'New import error: new finding 1'],
        ['warning', 'Import error (also in the baseline): unchanged finding 1'],
        ['warning', 'Waived import error: waived finding 1 (waived: Known.)']
      ]
    )
  })
})

describe('the check run and SARIF when compared', () => {
  const placed = (f: LocatedFinding): LocatedFinding => ({ ...f, file: 'openapi.yaml', line: 7 })
  const findings = [
    placed(finding('new', 1, 'error')),
    placed(finding('unchanged', 1, 'error')),
    placed({ ...finding('waived', 1, 'error'), waiver: { entry: 2, reason: 'Known.' } })
  ]
  const paths = new Map([['openapi.yaml', 'openapi.yaml']])

  test('check run: new errors fail, unchanged ones warn, waived ones are notices', () => {
    const plan = planCheckRunAnnotations(findings, true, paths)
    assert.deepEqual(
      plan.annotations.map(a => [a.annotation_level, a.message]),
      [
        ['failure', 'New import error: new finding 1'],
        ['warning', 'Import error (also in the baseline): unchanged finding 1'],
        ['notice', 'Waived import error: waived finding 1 (waived: Known.)']
      ]
    )
  })

  test("SARIF: each result's baselineState, and the waived one suppressed with its reason", () => {
    const log = buildSarif(
      report({ findings }),
      { ...context, actionRepository: 'o/gate' },
      {
        repositoryPaths: paths
      }
    )
    assert.deepEqual(sarifSchemaErrors(log), [])
    const results = log.runs[0]?.results ?? []
    assert.deepEqual(
      results.map(r => [r.baselineState, r.suppressions]),
      [
        ['new', undefined],
        ['unchanged', undefined],
        [undefined, [{ kind: 'external', justification: 'Known.' }]]
      ]
    )
  })
})
