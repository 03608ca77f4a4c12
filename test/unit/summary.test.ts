import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import {
  byteLength,
  renderFindings,
  renderHeadline,
  renderOverview,
  renderReport,
  specLineUrl
} from '../../src/report/render.ts'
import {
  DEFAULT_SUMMARY_BYTES,
  renderJobSummary,
  writeJobSummary
} from '../../src/report/summary.ts'
import type { GateReport, LocatedFinding, RunContext } from '../../src/report/types.ts'

/** Milliseconds of CPU this thread spent since `since` (a process.threadCpuUsage()): the
 * work done, whatever else the machine is running at the same time. */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.threadCpuUsage(since)
  return (user + system) / 1000
}

const SHA = '0123456789abcdef0123456789abcdef01234567'
const context: RunContext = {
  serverUrl: 'https://github.com',
  repository: 'octo/api',
  sha: SHA,
  runId: '42',
  runAttempt: '1'
}

function makeReport(overrides: Partial<GateReport> = {}): GateReport {
  return {
    result: 'failed',
    reasons: ['3 errors, more than max-errors (0).'],
    projectId: 'proj-1',
    apiReferenceId: 'ref-1',
    logId: 'log-1a2b',
    status: 'Completed',
    createdAt: '2025-09-25T14:30:00Z',
    errorCount: 3,
    warningCount: 2,
    maxErrors: 0,
    maxWarnings: null,
    findings: [
      {
        severity: 'warning',
        message: 'Deprecated endpoint',
        path: '/paths/v1/pets/get',
        file: 'specs/openapi.yaml',
        line: 10
      },
      {
        severity: 'error',
        message: "Missing field 'type'",
        path: '/components/schemas/User',
        file: 'specs/openapi.yaml',
        line: 30
      },
      {
        severity: 'error',
        message: 'Not in the file',
        path: '/paths/~1gone',
        file: 'specs/openapi.yaml'
      }
    ],
    ...overrides
  }
}

function manyFindings(count: number, messageLength: number): LocatedFinding[] {
  const hostile = '<img src=x onerror=alert(1)> [x](javascript:alert(1)) | @octocat '
  const message = hostile.repeat(Math.ceil(messageLength / hostile.length)).slice(0, messageLength)
  return Array.from({ length: count }, (_, index) => ({
    severity: index % 3 === 0 ? 'warning' : 'error',
    message: `${index}: ${message}`,
    path: `/paths/~1v1~1things${index}/get/responses/200/content/application~1json/schema`,
    file: 'specs/openapi.yaml',
    line: index + 1
  }))
}

/** The rows of the findings table, as lines. */
function findingRows(markdown: string): string[] {
  const section = markdown.split('#### Findings')[1] ?? ''
  return section
    .split('\n')
    .filter(line => line.startsWith('| ') && !/^\| (Severity|---) /.test(line))
}

describe('headline and overview', () => {
  it('opens with a heading that names the verdict, a different one for each result', () => {
    const words = { passed: 'passed', failed: 'failed', 'timed-out': 'timed out', error: 'error' }
    const headlines = Object.entries(words).map(([result, word]) => {
      const headline = renderHeadline(makeReport({ result: result as GateReport['result'] }))
      assert.match(headline, /^#{1,3} \S/, 'a Markdown heading')
      assert.ok(headline.endsWith(`: ${word}`) || headline.includes(`: ${word} `), headline)
      return headline
    })
    assert.equal(new Set(headlines).size, headlines.length)
  })

  it('tabulates status, counts against limits, log, date, reference and reasons', () => {
    const overview = renderOverview(makeReport())
    assert.deepEqual(overview.split('\n'), [
      '| | |',
      '| --- | --- |',
      '| Result | ❌ failed |',
      '| Status | <code>Completed</code> |',
      '| Errors | 3 (max 0, over the limit) |',
      '| Warnings | 2 (no limit) |',
      '| Log id | <code>log&#45;1a2b</code> |',
      '| Created at | 2025&#45;09&#45;25T14&#58;30&#58;00Z |',
      '| API reference | <code>ref&#45;1</code> in project <code>proj&#45;1</code> |',
      '| Why | 3 errors&#44; more than max&#45;errors &#40;0&#41;&#46; |'
    ])
  })

  it('shows warnings against their limit and unknown counts', () => {
    const {
      errorCount: _errors,
      status: _status,
      logId: _logId,
      ...unknown
    } = makeReport({
      warningCount: 12,
      maxWarnings: 10
    })
    const overview = renderOverview(unknown)
    assert.match(overview, /\| Warnings \| 12 \(max 10, over the limit\) \|/)
    assert.match(overview, /\| Errors \| unknown \(max 0\) \|/)
    assert.match(overview, /\| Status \| unknown \|/)
    assert.match(overview, /\| Log id \| none \|/)
  })

  it('leaves out the reasons row for a plain pass and joins several reasons', () => {
    assert.doesNotMatch(renderOverview(makeReport({ result: 'passed', reasons: [] })), /Why/)
    assert.match(renderOverview(makeReport({ reasons: ['one', 'two'] })), /\| Why \| one<br>two \|/)
  })
})

describe('findings', () => {
  it('lists errors first, keeping the API order within a severity', () => {
    const rows = findingRows(renderReport(makeReport(), context, { budgetBytes: 100_000 }))
    assert.equal(rows.length, 3)
    assert.match(rows[0] as string, /^\| ❌ error \| Missing field &#39;type&#39; \|/)
    assert.match(rows[1] as string, /^\| ❌ error \| Not in the file \|/)
    assert.match(rows[2] as string, /^\| ⚠️ warning \| Deprecated endpoint \|/)
  })

  it('links each located finding to its line at this commit', () => {
    const rows = findingRows(renderReport(makeReport(), context, { budgetBytes: 100_000 }))
    assert.ok(
      (rows[0] as string).endsWith(
        '| [specs&#47;openapi&#46;yaml&#58;30]' +
          `(https://github.com/octo/api/blob/${SHA}/specs/openapi.yaml#L30) |`
      )
    )
    assert.ok((rows[1] as string).endsWith('| specs&#47;openapi&#46;yaml (path not found) |'))
  })

  it('shows the place without a link when the repository or commit is unknown', () => {
    const markdown = renderReport(
      makeReport(),
      { serverUrl: 'https://github.com' },
      { budgetBytes: 100_000 }
    )
    assert.match(markdown, /\| specs&#47;openapi&#46;yaml&#58;30 \|/)
    assert.doesNotMatch(markdown, /\]\(/)
  })

  it('has no spec column without spec-file', () => {
    const findings = makeReport().findings.map(({ severity, message, path }) => ({
      severity,
      message,
      path
    }))
    const markdown = renderReport(makeReport({ findings }), context, { budgetBytes: 100_000 })
    assert.match(markdown, /\| Severity \| Message \| Path \|\n/)
    assert.doesNotMatch(markdown, /Spec/)
  })

  it('has no findings section when there are none', () => {
    const markdown = renderReport(makeReport({ result: 'passed', findings: [] }), context, {
      budgetBytes: 100_000
    })
    assert.doesNotMatch(markdown, /Findings/)
  })

  it('counts findings left out of a capped report', () => {
    const report = makeReport({ findingsOmitted: 500 })
    const markdown = renderReport(report, context, { budgetBytes: 100_000 })
    assert.match(markdown, /#### Findings \(503\)/)
    assert.match(markdown, /… and 500 more findings not shown here/)
  })

  it('keeps hostile text from becoming HTML, links, images, tables or mentions', () => {
    const report = makeReport({
      reasons: ['<b>bold</b> | [x](javascript:alert(1))'],
      status: '<img src=x onerror=alert(1)>',
      findings: [
        { severity: 'error', message: '<img src=x onerror=alert(1)>', path: '/a|b' },
        {
          severity: 'error',
          message: '[x](javascript:alert(1)) ![i](http://evil.example/i.png)',
          path: '/x'
        },
        {
          severity: 'warning',
          message: 'a | b | c\n| --- |\n::error::x @octocat #1',
          path: '</code><script>'
        }
      ]
    })
    const markdown = renderReport(report, context, { budgetBytes: 100_000 })
    // Every tag is one of ours; no Markdown link or image syntax; every row has 3 cells.
    for (const tag of markdown.match(/<[^>]*>/g) ?? []) {
      assert.ok(['<code>', '</code>', '<br>'].includes(tag), tag)
    }
    assert.doesNotMatch(markdown, /\]\(|!\[|javascript:|https?:\/\/evil/)
    assert.doesNotMatch(markdown, /@octocat|#1\b|::error/)
    for (const row of findingRows(markdown)) assert.equal(row.split('|').length - 1, 4, row)
    assert.equal(findingRows(markdown).length, 3)
  })

  it('renders the same text every time', () => {
    const report = makeReport({ findings: manyFindings(200, 100) })
    assert.equal(renderJobSummary(report, context), renderJobSummary(report, context))
  })
})

describe('size budget', () => {
  it('keeps 5,000 long findings under 900 KiB and counts the rest', () => {
    const report = makeReport({
      findings: manyFindings(5000, 1200),
      errorCount: 3333,
      warningCount: 1667
    })
    const started = process.threadCpuUsage()
    const markdown = renderJobSummary(report, context)
    const elapsed = cpuMsSince(started)
    assert.ok(byteLength(markdown) <= DEFAULT_SUMMARY_BYTES, `${byteLength(markdown)} bytes`)
    assert.ok(byteLength(markdown) > DEFAULT_SUMMARY_BYTES * 0.8, 'uses most of its budget')
    const shown = findingRows(markdown).length
    assert.ok(shown > 50 && shown < 5000, `${shown} shown`)
    const more = new RegExp(
      String.raw`… and ([\d,]+) more findings \(([\d,]+) errors, ([\d,]+) warnings\) not shown ` +
        'here: the file named by the <code>report-file</code> output holds every finding\\.'
    ).exec(markdown)
    assert.ok(more, 'a line counts the findings not shown')
    const notShown = Number((more[1] as string).replace(/,/g, ''))
    assert.equal(shown + notShown, 5000)
    assert.equal(
      Number((more[2] as string).replace(/,/g, '')) + Number((more[3] as string).replace(/,/g, '')),
      notShown
    )
    assert.ok(elapsed < 2000, `rendering took ${Math.round(elapsed)} ms`)
  })

  it('stays within any budget, counting multi-byte characters as bytes', () => {
    const findings = manyFindings(300, 50).map(finding => ({
      ...finding,
      message: `名前🐾 ${finding.message}`
    }))
    for (const budgetBytes of [1_000, 5_000, 20_000, 64_000]) {
      const markdown = renderReport(makeReport({ findings }), context, { budgetBytes })
      assert.ok(byteLength(markdown) <= budgetBytes, `${byteLength(markdown)} > ${budgetBytes}`)
    }
  })

  it('shows every finding when they fit, and no "more" line', () => {
    const markdown = renderReport(makeReport({ findings: manyFindings(20, 50) }), context, {
      budgetBytes: 100_000
    })
    assert.equal(findingRows(markdown).length, 20)
    assert.doesNotMatch(markdown, /more finding/)
  })

  it('shows at most maxFindings', () => {
    const findings = renderFindings(makeReport({ findings: manyFindings(20, 50) }), context, {
      budgetBytes: 100_000,
      maxFindings: 5,
      moreFindingsLine: notShown => `${notShown.total} more`
    })
    assert.equal(findingRows(`#### Findings${findings.split('#### Findings')[1]}`).length, 5)
    assert.match(findings, /\n15 more\n$/)
  })
})

describe('specLineUrl', () => {
  it('builds the blob URL with the file path encoded', () => {
    assert.equal(
      specLineUrl(context, 'api specs/open(api).yaml', 7),
      `https://github.com/octo/api/blob/${SHA}/api%20specs/open%28api%29.yaml#L7`
    )
    assert.equal(
      specLineUrl({ ...context, serverUrl: 'https://ghe.example.com/' }, 'a.yaml', 1),
      `https://ghe.example.com/octo/api/blob/${SHA}/a.yaml#L1`
    )
  })

  it('gives no URL for files outside the repository or odd contexts', () => {
    assert.equal(specLineUrl(context, '/abs/a.yaml', 1), undefined)
    assert.equal(specLineUrl(context, '../a.yaml', 1), undefined)
    assert.equal(specLineUrl(context, 'C:/a.yaml', 1), undefined)
    assert.equal(specLineUrl({ ...context, repository: 'a/b) [x](y' }, 'a.yaml', 1), undefined)
    assert.equal(specLineUrl({ ...context, sha: 'main' }, 'a.yaml', 1), undefined)
    assert.equal(
      specLineUrl({ ...context, serverUrl: 'javascript:alert(1)' }, 'a.yaml', 1),
      undefined
    )
    assert.equal(specLineUrl(context, 'a.yaml', 0), undefined)
  })
})

describe('writeJobSummary', () => {
  let dir: string
  let summaryFile: string
  let output: string[]
  const originalWrite = process.stdout.write.bind(process.stdout)

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'summary-'))
    summaryFile = path.join(dir, 'step-summary.md')
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    await writeFile(summaryFile, '')
    output = []
  })

  /** Runs `action` with workflow commands (`::warning::...`) captured instead of printed. */
  async function capturing<T>(action: () => Promise<T>): Promise<T> {
    process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk === 'string' && chunk.startsWith('::')) {
        output.push(chunk)
        return true
      }
      return originalWrite(chunk, ...(rest as []))
    }
    try {
      return await action()
    } finally {
      process.stdout.write = originalWrite
    }
  }

  // First: @actions/core remembers the summary file once it has found one.
  it('warns and returns false when there is no summary file', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    const written = await capturing(() => writeJobSummary(makeReport(), context))
    assert.equal(written, false)
    assert.equal(output.length, 1)
    assert.match(output[0] as string, /^::warning::The job summary could not be written/)
  })

  it('appends the summary to GITHUB_STEP_SUMMARY', async () => {
    process.env.GITHUB_STEP_SUMMARY = summaryFile
    await writeFile(summaryFile, 'before\n')
    const written = await capturing(() => writeJobSummary(makeReport(), context))
    assert.equal(written, true)
    const content = await readFile(summaryFile, 'utf8')
    assert.ok(content.startsWith('before\n### ❌ Document360 import gate: failed\n'))
    assert.equal(findingRows(content).length, 3)
    assert.deepEqual(output, [])
  })

  it('keeps the whole file under 900 KiB with 5,000 findings and earlier content', async () => {
    process.env.GITHUB_STEP_SUMMARY = summaryFile
    await writeFile(summaryFile, 'x'.repeat(300 * 1024))
    const report = makeReport({ findings: manyFindings(5000, 1200) })
    assert.equal(await capturing(() => writeJobSummary(report, context)), true)
    const size = (await stat(summaryFile)).size
    assert.ok(size <= DEFAULT_SUMMARY_BYTES, `${size} bytes`)
    assert.ok(size > 800 * 1024, `${size} bytes: the budget left was used`)
    assert.match(await readFile(summaryFile, 'utf8'), /more findings .* not shown here/)
  })

  it('writes nothing, with a warning, when the file is already nearly full', async () => {
    process.env.GITHUB_STEP_SUMMARY = summaryFile
    await writeFile(summaryFile, 'x'.repeat(DEFAULT_SUMMARY_BYTES - 100))
    const written = await capturing(() => writeJobSummary(makeReport(), context))
    assert.equal(written, false)
    assert.equal((await stat(summaryFile)).size, DEFAULT_SUMMARY_BYTES - 100)
    assert.match(output.join(''), /^::warning::The job summary was not written/)
  })
})
