// The job summary and the Markdown it shares with the comment (src/report/render.ts): the
// headline and facts, the findings, the size budget, links to the spec's lines, and
// writeJobSummary's handling of the summary file.

import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import {
  renderFindings,
  renderHeadline,
  renderOverview,
  renderReport,
  specLineUrl
} from '../../src/report/render.ts'
import { byteLength } from '../../src/text.ts'
import {
  DEFAULT_SUMMARY_BYTES,
  renderJobSummary,
  writeJobSummary
} from '../../src/report/summary.ts'
import type { RunContext } from '../../src/context.ts'
import type { GateReport, LocatedFinding } from '../../src/report/types.ts'
import { renderGfm, tableRows, tagNames, visibleText } from '../../tools/markdown.ts'

/** Milliseconds of CPU this thread spent since `since` (a process.threadCpuUsage()): the
 * work done, whatever else the machine is running at the same time. */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.threadCpuUsage(since)
  return (user + system) / 1000
}

const SHA = '0123456789abcdef0123456789abcdef01234567'
const context: RunContext = {
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  repository: 'octo/api',
  sha: SHA,
  runId: '42',
  runAttempt: '1',
  eventName: 'push',
  workspace: '/work',
  runnerTemp: '/tmp'
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

  it('tabulates log, status, date, counts against limits, reference and reasons', () => {
    const overview = renderOverview(makeReport())
    assert.deepEqual(overview.split('\n'), [
      '| Import log | `log-1a2b` |',
      '| --- | --- |',
      '| Status | `Completed` |',
      '| Created at | 2025-09-25T14:30:00Z |',
      '| Errors | 3 (max 0, over the limit) |',
      '| Warnings | 2 (no limit) |',
      '| API reference | `ref-1` in project `proj-1` |',
      '| Why | 3 errors, more than max-errors (0). |'
    ])
    // As GitHub renders it: no empty header strip, two cells a row, the facts as written.
    assert.deepEqual(tableRows(renderGfm(overview)), [
      ['Import log', 'log-1a2b'],
      ['Status', 'Completed'],
      ['Created at', '2025-09-25T14:30:00Z'],
      ['Errors', '3 (max 0, over the limit)'],
      ['Warnings', '2 (no limit)'],
      ['API reference', 'ref-1 in project proj-1'],
      ['Why', '3 errors, more than max-errors (0).']
    ])
  })

  it('shows only the facts that are known', () => {
    const report = makeReport({ result: 'error', reasons: ['Document360 answered HTTP 401.'] })
    for (const field of ['logId', 'status', 'createdAt', 'errorCount', 'warningCount'] as const) {
      delete report[field]
    }
    assert.deepEqual(tableRows(renderGfm(renderOverview(report))), [
      ['API reference', 'ref-1 in project proj-1'],
      ['Why', 'Document360 answered HTTP 401.']
    ])
  })

  it('shows warnings against their limit, with grouped numbers', () => {
    const overview = renderOverview(makeReport({ warningCount: 12_000, maxWarnings: 10_000 }))
    assert.match(overview, /\| Warnings \| 12,000 \(max 10,000, over the limit\) \|/)
  })

  it('shows both numbers when the count and the listed findings disagree', () => {
    const overview = renderOverview(
      makeReport({ errorCount: 0, listedErrorCount: 1, warningCount: 2, listedWarningCount: 1 })
    )
    assert.match(overview, /\| Errors \| 0 reported, 1 listed \(max 0, over the limit\) \|/)
    assert.match(overview, /\| Warnings \| 2 reported, 1 listed \(no limit\) \|/)
  })

  it('says whether this run started the import and whether it published', () => {
    const table = (report: GateReport): Record<string, string | undefined> =>
      Object.fromEntries(tableRows(renderGfm(renderOverview(report))) as [string, string][])
    const rows = (changes: Partial<GateReport>) => table(makeReport(changes))
    const published = rows({
      result: 'passed',
      reasons: [],
      resync: 'started',
      publication: { workspaceId: 'ws-1', published: true }
    })
    assert.equal(published['Started by'], 'this run (resync-url)')
    assert.equal(published.Published, '✅ yes, in workspace ws-1')
    const withheld = rows({
      resync: 'started',
      publication: { workspaceId: 'ws-1', published: false }
    })
    assert.equal(withheld.Published, 'no: only a passed import is published')
    const failed = rows({
      result: 'passed',
      resync: 'uncertain',
      publication: {
        workspaceId: 'ws-1',
        published: false,
        error: 'The import passed but publishing failed: <b>HTTP 500</b> @team'
      }
    })
    assert.equal(
      failed.Published,
      '❌ no: The import passed but publishing failed: <b>HTTP 500</b> @team'
    )
    assert.match(failed['Started by'] ?? '', /^this run, as far as can be told/)
    const { logId: _logId, ...unjudged } = makeReport({ resync: 'uncertain' })
    assert.match(
      table(unjudged)['Started by'] ?? '',
      /^unknown: the answer to this run's resync was lost/
    )
    assert.equal(rows({ resync: 'failed' })['Started by'], 'nobody: the resync was not started')
    // Without resync-url and publish: on-pass, neither row.
    assert.equal(rows({}).Published, undefined)
    assert.equal(rows({})['Started by'], undefined)
  })

  it('leaves out the reasons row for a plain pass and joins several reasons', () => {
    assert.doesNotMatch(renderOverview(makeReport({ result: 'passed', reasons: [] })), /Why/)
    assert.match(renderOverview(makeReport({ reasons: ['one', 'two'] })), /\| Why \| one<br>two \|/)
  })
})

describe('findings', () => {
  it("lists the findings in the report's order", () => {
    const rows = findingRows(renderReport(makeReport(), context, { budgetBytes: 100_000 }))
    assert.equal(rows.length, 3)
    assert.match(rows[0] as string, /^\| ⚠️ warning \| Deprecated endpoint \|/)
    assert.match(rows[1] as string, /^\| ❌ error \| Missing field 'type' \|/)
    assert.match(rows[2] as string, /^\| ❌ error \| Not in the file \|/)
  })

  it('links each located finding to its line at this commit', () => {
    const rows = findingRows(renderReport(makeReport(), context, { budgetBytes: 100_000 }))
    assert.ok(
      (rows[1] as string).endsWith(
        `| [specs/openapi.yaml:30](https://github.com/octo/api/blob/${SHA}/specs/openapi.yaml#L30) |`
      )
    )
    assert.ok((rows[2] as string).endsWith('| specs/openapi.yaml (path not found) |'))
  })

  it('shows the place without a link when the repository or commit is unknown', () => {
    const { repository: _repository, sha: _sha, ...unknown } = context
    const markdown = renderReport(makeReport(), unknown, { budgetBytes: 100_000 })
    assert.match(markdown, /\| specs\/openapi\.yaml:30 \|/)
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
        {
          severity: 'error',
          message: '<img src=x onerror=alert(1)>',
          path: '/a|b',
          file: 'a.yaml',
          line: 1
        },
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
    const html = renderGfm(renderReport(report, context, { budgetBytes: 100_000 }))
    const allowed = new Set([
      'h3',
      'h4',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'code',
      'br',
      'p',
      'a'
    ])
    assert.deepEqual(
      tagNames(html).filter(tag => !allowed.has(tag)),
      []
    )
    // The only links are ours (to the spec's lines), and no text becomes a mention.
    for (const href of html.matchAll(/href="([^"]*)"/g)) {
      assert.ok(href[1]?.startsWith(`https://github.com/octo/api/blob/${SHA}/`), href[1])
    }
    const findingsTable = tableRows(html, 1)
    assert.deepEqual(
      findingsTable.map(row => row.length),
      [4, 4, 4, 4],
      'every row keeps its four cells'
    )
    assert.deepEqual(
      findingsTable.slice(1).map(row => [row[1], row[2]]),
      [
        ['<img src=x onerror=alert(1)>', '/a|b'],
        ['[x](javascript:alert(1)) ![i](http://evil.example/i.png)', '/x'],
        ['a | b | c | --- | ::error::x @octocat #1', '</code><script>']
      ],
      'the API text shows literally'
    )
    assert.match(visibleText(html), /<b>bold<\/b> \| \[x\]\(javascript:alert\(1\)\)/)
    assert.doesNotMatch(html.replace(/<[^>]*>/g, ''), /@octocat|#1\b/)
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
        'here: the file named by the `report-file` output holds every finding\\.'
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
  let savedSummaryFile: string | undefined
  let here: RunContext

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'summary-'))
    summaryFile = path.join(dir, 'step-summary.md')
    // @actions/core's summary writes to the file the runner names.
    savedSummaryFile = process.env.GITHUB_STEP_SUMMARY
    process.env.GITHUB_STEP_SUMMARY = summaryFile
  })
  after(async () => {
    // Other test files may share this process (test/shared-process.ts).
    if (savedSummaryFile === undefined) delete process.env.GITHUB_STEP_SUMMARY
    else process.env.GITHUB_STEP_SUMMARY = savedSummaryFile
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    await writeFile(summaryFile, '')
    here = { ...context, stepSummaryFile: summaryFile }
  })

  it('warns, naming the variable, when the runner set no summary file', async () => {
    const notes = await writeJobSummary(makeReport(), context)
    assert.equal(notes.warnings.length, 1)
    assert.match(notes.warnings[0] as string, /no GITHUB_STEP_SUMMARY file.*job-summary: false/)
  })

  it('appends the summary to GITHUB_STEP_SUMMARY', async () => {
    await writeFile(summaryFile, 'before\n')
    const notes = await writeJobSummary(makeReport(), here)
    assert.deepEqual(notes, { info: [], warnings: [] })
    const content = await readFile(summaryFile, 'utf8')
    assert.ok(content.startsWith('before\n### ❌ Document360 import gate: failed\n'))
    assert.equal(findingRows(content).length, 3)
  })

  it('keeps the whole file under 900 KiB with 5,000 findings and earlier content', async () => {
    await writeFile(summaryFile, 'x'.repeat(300 * 1024))
    const report = makeReport({ findings: manyFindings(5000, 1200) })
    assert.deepEqual((await writeJobSummary(report, here)).warnings, [])
    const size = (await stat(summaryFile)).size
    assert.ok(size <= DEFAULT_SUMMARY_BYTES, `${size} bytes`)
    assert.ok(size > 800 * 1024, `${size} bytes: the budget left was used`)
    assert.match(await readFile(summaryFile, 'utf8'), /more findings .* not shown here/)
  })

  it('writes nothing, with a warning, when the file is already nearly full', async () => {
    await writeFile(summaryFile, 'x'.repeat(DEFAULT_SUMMARY_BYTES - 100))
    const notes = await writeJobSummary(makeReport(), here)
    assert.equal((await stat(summaryFile)).size, DEFAULT_SUMMARY_BYTES - 100)
    assert.match(
      notes.warnings.join(''),
      /^The job summary was not written: .* holds 921,500 bytes/
    )
  })

  it('warns when the summary file cannot be written', async () => {
    await rm(summaryFile)
    await mkdir(summaryFile)
    try {
      const notes = await writeJobSummary(makeReport(), here)
      assert.match(
        notes.warnings.join(''),
        /could not be written to GITHUB_STEP_SUMMARY: .*EISDIR.*\. Check .*or set job-summary: false\.$/
      )
    } finally {
      await rm(summaryFile, { recursive: true })
    }
  })
})
