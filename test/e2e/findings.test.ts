// End to end: findings on the spec's lines, the job summary, the report output and file.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { REPO_ROOT, runAction, type RunResult } from '../../tools/run-action.ts'
import { simulatorInputs, startSimulator, type Scenario } from '../../tools/simulator.ts'
import { renderGfm, tableRows, tagNames } from '../../tools/markdown.ts'

/** The parts of the report output (and report file) these tests read. */
interface ReportJson {
  findings: Array<{ severity: string; line?: number }>
  findingsOmitted?: number
}

const MiB = 1024 * 1024

async function gate(
  scenario: string | Scenario,
  inputs: Record<string, string> = {}
): Promise<RunResult> {
  const sim = await startSimulator({ scenario })
  try {
    return await runAction({
      inputs: {
        ...simulatorInputs(sim),
        'wait-timeout': '5',
        ...inputs
      }
    })
  } finally {
    await sim.close()
  }
}

/** Both spellings of a pointer, a deeper one, and one that resolves to nothing. */
const SPEC_FINDINGS: Scenario = {
  name: 'spec-findings',
  description: 'findings for test/fixtures/specs/petstore.*',
  logs: [
    {
      id: '5bec0000-0000-4000-8000-000000000001',
      status: 'Completed',
      errorCount: 1,
      warningCount: 4,
      createdAtMs: -60_000,
      detail: {
        errors: [
          {
            message: "Invalid schema: missing required field 'type'",
            path: '/components/schemas/UserResponse'
          }
        ],
        warnings: [
          { message: 'escaped pointer', path: '/paths/~1v1~1pets/get' },
          { message: 'unescaped pointer', path: '/paths/v1/pets/get' },
          { message: 'deep pointer', path: '/paths/~1v1~1pets~1{petId}/get/responses/404' },
          { message: 'nowhere', path: '/paths/v1/nothing/here' }
        ]
      }
    }
  ]
}

/** 1-based line of the first line of `file` that contains `needle` (to derive expectations). */
function lineOf(file: string, needle: string): number {
  const index = readFileSync(join(REPO_ROOT, file), 'utf8')
    .split('\n')
    .findIndex(line => line.includes(needle))
  assert.ok(index >= 0, `${needle} in ${file}`)
  return index + 1
}

function byMessage(run: RunResult, message: string) {
  const annotation = run.annotations.find(a => a.message.endsWith(message))
  assert.ok(annotation, `annotation for ${message}`)
  return annotation
}

describe('findings where people look, end to end', { concurrency: 4 }, () => {
  for (const [file, key] of [
    ['test/fixtures/specs/petstore.yaml', (k: string) => `${k}:`],
    ['test/fixtures/specs/petstore.json', (k: string) => `"${k}":`]
  ] as const) {
    it(`puts annotations on the lines of ${file}, for both pointer spellings`, async () => {
      const run = await gate(SPEC_FINDINGS, { 'spec-file': file })
      assert.equal(run.outputs.result, 'failed')
      const error = byMessage(run, "missing required field 'type'")
      assert.equal(error.kind, 'error')
      assert.equal(error.file, file)
      assert.equal(error.line, lineOf(file, key('UserResponse')))
      assert.match(error.title ?? '', /\/components\/schemas\/UserResponse/)

      const getLine = lineOf(file, key('/v1/pets')) + 1
      for (const message of ['escaped pointer', 'unescaped pointer']) {
        const annotation = byMessage(run, message)
        assert.equal(annotation.kind, 'warning')
        assert.equal(annotation.file, file)
        assert.equal(annotation.line, getLine, message)
      }
      const deep = byMessage(run, 'deep pointer')
      assert.equal(deep.line, lineOf(file, file.endsWith('.yaml') ? "'404':" : '"404":'))
      const nowhere = byMessage(run, 'nowhere')
      assert.equal(nowhere.file, file, 'a path that resolves to nothing still names the file')
      assert.equal(nowhere.line, undefined)

      const report = JSON.parse(run.outputs.report ?? '') as ReportJson
      assert.equal(report.findings.length, 5)
      assert.deepEqual(
        report.findings.map((f: { line?: number }) => typeof f.line),
        ['number', 'number', 'number', 'number', 'undefined']
      )
      assert.match(
        run.summary,
        new RegExp(`/blob/[0-9a-f]{40}/${file.replace(/\./g, '\\.')}#L${error.line}`)
      )
    })
  }

  it('accepts an absolute spec-file and still annotates relative to the workspace', async () => {
    const run = await gate(SPEC_FINDINGS, {
      'spec-file': join(REPO_ROOT, 'test/fixtures/specs/petstore.yaml')
    })
    assert.equal(byMessage(run, 'escaped pointer').file, 'test/fixtures/specs/petstore.yaml')
  })

  it('turns an unreadable spec-file into one warning, not a failure of its own', async () => {
    const run = await gate('docs-example', {
      'spec-file': 'does/not/exist.yaml',
      'max-errors': '1'
    })
    assert.equal(run.outputs.result, 'passed')
    assert.equal(run.code, 0)
    const warnings = run.annotations.filter(
      a => a.kind === 'warning' && a.message.includes('does/not/exist.yaml')
    )
    assert.equal(warnings.length, 1)
    assert.ok(
      run.annotations.some(a => a.message.includes('Deprecated endpoint detected') && !a.file)
    )
  })

  it('escapes hostile API text in the summary: no HTML, links, images or table breaks', async () => {
    const run = await gate('injection')
    assert.equal(run.outputs.result, 'failed')
    const summary = run.summary
    assert.ok(summary.length > 0)
    for (const line of summary.split('\n')) assert.doesNotMatch(line, /^\s*::/)
    // As GitHub renders it: only the gate's own tags, no links, every row keeps its cells,
    // and the API's text shows literally.
    const html = renderGfm(summary)
    const ours = new Set(['h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'p'])
    assert.deepEqual(
      tagNames(html).filter(tag => !ours.has(tag)),
      []
    )
    const findings = tableRows(html, 1)
    assert.equal(findings.length, 6)
    for (const row of findings) assert.equal(row.length, 3, row.join(' | '))
    assert.ok(
      findings.some(row =>
        row[1]?.includes('<img src=x onerror=alert(1)> and [x](javascript:alert(1))')
      ),
      'the message is shown as written'
    )
  })

  it('keeps 4,500 findings within every limit: annotations, summary, outputs, report file', async () => {
    const run = await gate('many-findings')
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.code, 1)
    const errors = run.annotations.filter(a => a.kind === 'error')
    const warnings = run.annotations.filter(a => a.kind === 'warning')
    const notices = run.annotations.filter(a => a.kind === 'notice')
    assert.equal(errors.length, 10, 'nine findings and the failure message')
    assert.equal(warnings.length, 10)
    assert.equal(notices.length, 1)
    assert.match(notices[0]?.message ?? '', /^4,481 more findings/)

    assert.ok(
      Buffer.byteLength(run.summary) < MiB,
      `summary ${Buffer.byteLength(run.summary)} bytes`
    )
    assert.match(run.summary, /more/i)

    const report = JSON.parse(run.outputs.report ?? '') as ReportJson
    assert.ok(Buffer.byteLength(run.outputs.report ?? '') <= 100 * 1024)
    assert.equal(report.findings.length + (report.findingsOmitted ?? 0), 4500)
    assert.ok(report.findings.length > 100)

    const full = JSON.parse(run.reportFileText ?? '') as ReportJson
    assert.equal(full.findings.length, 4500)
    assert.equal(full.findings[0]?.severity, 'error')
    assert.equal(full.findings.at(-1)?.severity, 'warning')
  })

  it('writes no summary when job-summary is false, and no annotations when annotations is false', async () => {
    const run = await gate('findings', { 'job-summary': 'false', annotations: 'false' })
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.summary, '')
    assert.deepEqual(
      run.annotations.map(a => a.kind),
      ['error'],
      'only the failure message'
    )
  })
})
