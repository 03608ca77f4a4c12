// End to end: only new problems block (issue 10). The built dist/index.js against the simulator
// with several imports (each with its own findings), a second API reference and running
// imports: baselines `previous`, `log:<id>` and `api-reference:<id>`, missing baselines and
// baseline API errors, waivers that apply and expire, and what the summary shows (judged by
// cmark-gfm, as GitHub renders it).

import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { simulatorInputs } from '../../tools/simulator.ts'
import { renderGfm, tableRows, tagNames, visibleText } from '../../tools/markdown.ts'
import { runAction, type RunResult } from '../../tools/run-action.ts'
import {
  legacyWarnings,
  startSimulator,
  type Scenario,
  type ScenarioFinding,
  type ScenarioLog,
  type Simulator
} from '../../tools/simulator.ts'
import type { GateReport } from '../../src/report/types.ts'

const HOUR = 3_600_000
const PRODUCTION = '7e0d0c70-0000-4000-8000-0000000000aa'
const ADDED: ScenarioFinding = {
  message: "Operation 'listPets' has no description",
  path: '/paths/~1pets/get'
}
const FIXED: ScenarioFinding = {
  message: "Schema 'Order' is defined but never used",
  path: '/components/schemas/Order'
}

const id = (n: number) => `ba5e0000-0000-4000-8000-${String(n).padStart(12, '0')}`

/** A finished import `hoursAgo` hours ago with these warnings (and errors). */
function importLog(
  n: number,
  hoursAgo: number,
  warnings: ScenarioFinding[],
  options: { status?: string; errors?: ScenarioFinding[] } = {}
): ScenarioLog {
  const errors = options.errors ?? []
  return {
    id: id(n),
    status: options.status ?? 'Completed',
    errorCount: errors.length,
    warningCount: warnings.length,
    createdAtMs: -hoursAgo * HOUR - 60_000,
    detail: { errors, warnings }
  }
}

function scenario(logs: ScenarioLog[], extra: Partial<Scenario> = {}): Scenario {
  return { name: 'baseline', description: 'baseline', logs, ...extra }
}

/** Today's legacy spec: 140 warnings, paths unescaped, white space not quite the same. */
const legacyNow = () =>
  legacyWarnings(140, false).map((f, i) =>
    i % 10 === 0 ? { ...f, message: ` ${f.message?.replace(/ /g, '  ')}\n` } : f
  )
/** The same 140 warnings as an earlier import reported them: paths escaped. */
const legacyBefore = () => legacyWarnings(140, true)

interface GateRun extends RunResult {
  sim: Simulator
  report: GateReport
  /** The report file's report: every finding, uncapped. */
  full: GateReport
}

async function gate(
  played: Scenario,
  inputs: Record<string, string> = {},
  workspace?: string
): Promise<GateRun> {
  const sim = await startSimulator({ scenario: played })
  try {
    const run = await runAction({
      inputs: { ...simulatorInputs(sim), 'wait-timeout': '5', 'poll-interval': '1', ...inputs },
      ...(workspace === undefined ? {} : { workspace })
    })
    const report = JSON.parse(run.outputs.report ?? 'null') as GateReport
    const full = JSON.parse(run.reportFileText ?? 'null') as GateReport
    return { ...run, sim, report, full }
  } finally {
    await sim.close()
  }
}

function warnings(run: RunResult): string[] {
  return run.annotations.filter(a => a.kind === 'warning' && !a.title).map(a => a.message)
}

function verdictLine(run: RunResult): string | undefined {
  return run.stdout.split('\n').find(line => line.startsWith('Import '))
}

/** The rendered summary's section headings (h4) and collapsed sections' summaries. */
function sections(html: string): string[] {
  return [...html.matchAll(/<h4>(.*?)<\/h4>|<summary>(.*?)<\/summary>/g)].map(m =>
    visibleText(m[1] ?? m[2] ?? '')
  )
}

let workspace: string
before(async () => {
  workspace = await mkdtemp(path.join(tmpdir(), 'gate-waivers-'))
})
after(async () => {
  await rm(workspace, { recursive: true, force: true })
})

describe('only new problems block, end to end', { concurrency: 4 }, () => {
  it('a legacy spec passes max-warnings 0 on its 140 old warnings (baseline: previous)', async () => {
    const run = await gate(
      scenario([importLog(1, 0, legacyNow()), importLog(2, 24, legacyBefore())]),
      { baseline: 'previous', 'max-warnings': '0' }
    )
    assert.equal(run.code, 0, run.stdout)
    assert.equal(run.outputs.result, 'passed')
    assert.equal(run.outputs['warning-count'], '140', 'the absolute count stays')
    assert.equal(run.outputs['new-warning-count'], '0')
    assert.equal(run.outputs['new-error-count'], '0')
    assert.equal(run.outputs['fixed-count'], '0')
    assert.equal(run.outputs['waived-count'], '0')
    assert.equal(run.outputs['baseline-log-id'], id(2))
    assert.equal(
      verdictLine(run),
      'Import ba5e0000… Completed: 0 new errors (max 0), 0 new warnings (max 0), 0 fixed, 140 unchanged: passed'
    )
    assert.deepEqual(
      run.annotations.filter(a => a.kind !== 'notice'),
      [],
      'unchanged findings are not annotated'
    )
    assert.ok(run.full.findings.every(f => f.change === 'unchanged'))
    assert.equal(run.full.findings.length, 140)
    assert.deepEqual(run.full.fixedFindings, [])
    // One list request of a large page, the judged import's findings, the baseline's.
    assert.deepEqual(
      run.sim.requests.map(r => [r.kind, r.query.page_size]),
      [
        ['list', '100'],
        ['detail', undefined],
        ['detail', undefined]
      ]
    )

    const html = renderGfm(run.summary)
    assert.deepEqual(sections(html), [
      'Trend (last 2 imports, oldest first)',
      'Unchanged findings (140)'
    ])
    assert.match(html, /<details><summary>Unchanged findings \(140\)<\/summary>/)
    assert.ok(!/<details open/.test(html), 'unchanged findings are collapsed')
  })

  it('one new warning fails, listed first; a fixed one is reported', async () => {
    const run = await gate(
      scenario([
        importLog(1, 0, [...legacyNow(), ADDED]),
        importLog(2, 24, [FIXED, ...legacyBefore()])
      ]),
      { baseline: 'previous', 'max-warnings': '0' }
    )
    assert.equal(run.code, 1)
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.outputs['new-warning-count'], '1')
    assert.equal(run.outputs['fixed-count'], '1')
    assert.equal(run.outputs['warning-count'], '141')
    assert.equal(
      verdictLine(run),
      'Import ba5e0000… Completed: 0 new errors (max 0), 1 new warning (max 0), 1 fixed, 140 unchanged: failed'
    )
    assert.deepEqual(run.report.reasons, ['1 new warning, more than max-warnings 0.'])

    // The new warning is the one annotation; it leads every list.
    const findingAnnotations = run.annotations.filter(a => a.title?.startsWith('Document360:'))
    assert.deepEqual(
      findingAnnotations.map(a => [a.kind, a.message]),
      [['warning', "New import warning: Operation 'listPets' has no description"]]
    )
    assert.deepEqual(run.full.findings[0], { severity: 'warning', ...ADDED, change: 'new' })
    assert.deepEqual(run.full.fixedFindings, [{ severity: 'warning', ...FIXED, change: 'fixed' }])
    assert.equal(run.report.comparison?.fixedCount, 1)

    const html = renderGfm(run.summary)
    assert.deepEqual(sections(html), [
      'Trend (last 2 imports, oldest first)',
      'New findings (1)',
      'Fixed since the baseline (1)',
      'Unchanged findings (140)'
    ])
    const text = visibleText(html)
    assert.match(text, /0 new errors \(max 0\), 1 new warning \(max 0\), 1 fixed, 140 unchanged/)
    assert.ok(text.indexOf('listPets') < text.indexOf("Schema 'Order'"), 'new before fixed')
    assert.ok(
      text.indexOf("Schema 'Order'") < text.indexOf("getLegacyItem1'"),
      'fixed before unchanged'
    )
    const allowed = new Set([
      'h3',
      'h4',
      'p',
      'strong',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'code',
      'details',
      'summary',
      'br',
      'a'
    ])
    assert.deepEqual(
      tagNames(html).filter(tag => !allowed.has(tag)),
      []
    )
  })

  it('previous skips a running import; an older failed import is still a baseline', async () => {
    const run = await gate(
      scenario([
        importLog(1, 0, [...legacyNow(), ADDED]),
        { ...importLog(2, 1, []), status: 'InProgress' },
        { ...importLog(3, 2, []), status: 'Pending', errorCount: null, warningCount: null },
        importLog(4, 3, legacyBefore(), {
          status: 'Failed',
          errors: [{ message: 'The document is not valid OpenAPI', path: '' }]
        }),
        importLog(5, 48, [FIXED, ...legacyBefore()])
      ]),
      { baseline: 'previous', 'max-warnings': '0', 'max-errors': '0' }
    )
    assert.equal(run.outputs['baseline-log-id'], id(4))
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.outputs['new-warning-count'], '1')
    assert.equal(run.outputs['fixed-count'], '1', "the failed import's error is fixed")
    assert.equal(run.full.fixedFindings?.[0]?.severity, 'error')
    assert.equal(run.sim.requests.length, 3, 'at most one extra request: the baseline’s detail')
    // The trend leaves the running imports out: the failed one, the older one, this one.
    const trend = run.full.trend ?? []
    assert.deepEqual(
      trend.map(entry => [entry.logId, entry.judged ?? false]),
      [
        [id(5), false],
        [id(4), false],
        [id(1), true]
      ]
    )
    const [header] = tableRows(renderGfm(run.summary), 1)
    assert.equal(header?.length, 4)
    assert.match(header?.[2] ?? '', /\(failed\)$/)
    assert.match(header?.[3] ?? '', /\(this import\)$/)
  })

  it('log:<id> compares with that import', async () => {
    const run = await gate(
      scenario([
        importLog(1, 0, [...legacyNow(), ADDED]),
        importLog(2, 1, [...legacyBefore(), ADDED]),
        importLog(3, 2, legacyBefore())
      ]),
      { baseline: `log:${id(3)}`, 'max-warnings': '0' }
    )
    assert.equal(run.outputs['baseline-log-id'], id(3))
    assert.equal(run.outputs['new-warning-count'], '1')
    assert.equal(run.outputs.result, 'failed')
  })

  it('api-reference:<id> compares a staging import with production’s latest finished one', async () => {
    const run = await gate(
      scenario([importLog(1, 0, [...legacyNow(), ADDED])], {
        otherApiReferences: {
          [PRODUCTION]: [
            { ...importLog(11, 0, []), status: 'InProgress' },
            importLog(12, 5, [FIXED, ...legacyBefore()]),
            importLog(13, 50, [])
          ]
        }
      }),
      { baseline: `api-reference:${PRODUCTION}`, 'max-warnings': '0' }
    )
    assert.equal(run.outputs['baseline-log-id'], id(12))
    assert.equal(run.outputs['new-warning-count'], '1')
    assert.equal(run.outputs['fixed-count'], '1')
    assert.equal(run.report.comparison?.baselineApiReferenceId, PRODUCTION)
    assert.deepEqual(
      run.sim.requests.map(r => r.path.split('/').slice(5).join('/')),
      [
        `${run.sim.apiReferenceId}/logs`,
        `${run.sim.apiReferenceId}/logs/${id(1)}`,
        `${PRODUCTION}/logs`,
        `${PRODUCTION}/logs/${id(12)}`
      ],
      'two extra requests: the other reference’s list and its latest finished import’s detail'
    )
    assert.match(visibleText(renderGfm(run.summary)), new RegExp(`of API reference ${PRODUCTION}`))
  })

  it('a missing baseline is a warning, and every finding counts as new', async () => {
    const only = await gate(scenario([importLog(1, 0, legacyNow())]), {
      baseline: 'previous',
      'max-warnings': '0'
    })
    assert.equal(only.outputs.result, 'failed')
    assert.equal(only.outputs['new-warning-count'], '140')
    assert.equal(only.outputs['baseline-log-id'], undefined)
    assert.deepEqual(warnings(only), [
      `No baseline to compare with (baseline: previous): API reference ${only.sim.apiReferenceId} ` +
        'has no import before the judged one. Every finding counts as new.'
    ])

    const unknownLog = await gate(scenario([importLog(1, 0, [ADDED])]), {
      baseline: 'log:no-such-log'
    })
    assert.equal(unknownLog.outputs.result, 'passed', 'max-warnings unset: a warning is no failure')
    assert.match(
      warnings(unknownLog)[0] ?? '',
      /there is no import log no-such-log in API reference/
    )

    const noImports = await gate(
      scenario([importLog(1, 0, [ADDED])], { otherApiReferences: { [PRODUCTION]: [] } }),
      { baseline: `api-reference:${PRODUCTION}`, 'max-warnings': '0' }
    )
    assert.equal(noImports.outputs.result, 'failed')
    assert.match(
      warnings(noImports)[0] ?? '',
      new RegExp(`API reference ${PRODUCTION} has no imports`)
    )
    const html = renderGfm(noImports.summary)
    assert.match(
      visibleText(html),
      /none found \(API reference .* has no imports\): every finding counts as new/
    )
  })

  it('a baseline the API fails to give is an error verdict, never a pass', async () => {
    const run = await gate(
      scenario([importLog(1, 0, legacyNow()), importLog(2, 24, legacyBefore())], {
        faults: ({ path: requested }) =>
          requested.endsWith(`/logs/${id(2)}`) ? { type: 'problem', status: 403 } : undefined
      }),
      { baseline: 'previous', 'max-warnings': '0' }
    )
    assert.equal(run.code, 1)
    assert.equal(run.outputs.result, 'error')
    const failure = run.annotations.find(a => a.kind === 'error')?.message ?? ''
    assert.match(
      failure,
      /^Could not fetch the baseline \(baseline: previous\), which comparing findings needs: /
    )
    assert.match(failure, /403/)
  })
})

describe('waivers, end to end', { concurrency: 3 }, () => {
  const played = () =>
    scenario([importLog(1, 0, [...legacyNow(), ADDED]), importLog(2, 24, legacyBefore())])

  it('a waiver accepts the new warning: it counts against no limit and is listed with its reason', async () => {
    await writeFile(
      path.join(workspace, 'applies.yml'),
      [
        '- path: /paths/~1pets*',
        '  message: /has no DESCRIPTION$/i',
        '  reason: The pets endpoints are documented in the guide until Q3.',
        '  until: 2999-12-31'
      ].join('\n')
    )
    const run = await gate(
      played(),
      { baseline: 'previous', 'max-warnings': '0', 'waivers-file': 'applies.yml' },
      workspace
    )
    assert.equal(run.outputs.result, 'passed', run.stdout)
    assert.equal(run.outputs['waived-count'], '1')
    assert.equal(run.outputs['new-warning-count'], '0')
    assert.deepEqual(run.full.findings.at(-1), {
      severity: 'warning',
      ...ADDED,
      change: 'waived',
      waiver: { entry: 1, reason: 'The pets endpoints are documented in the guide until Q3.' }
    })
    assert.equal(run.annotations.filter(a => a.kind === 'error').length, 0)
    const html = renderGfm(run.summary)
    assert.deepEqual(sections(html).slice(-1), ['Waived findings (1)'])
    const waived = tableRows(html, html.split('<table>').length - 2)
    assert.deepEqual(waived[0], ['Severity', 'Message', 'Path', 'Reason'])
    assert.equal(
      waived[1]?.[3],
      'The pets endpoints are documented in the guide until Q3. (waiver 1)'
    )
  })

  it('without a baseline, waivers alone decide what counts', async () => {
    await writeFile(
      path.join(workspace, 'legacy.yml'),
      '- path: /paths/~1legacy~1*\n  reason: Legacy endpoints are documented elsewhere.\n'
    )
    const run = await gate(
      played(),
      { 'max-warnings': '0', 'waivers-file': 'legacy.yml' },
      workspace
    )
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.outputs['waived-count'], '140')
    assert.equal(run.outputs['new-warning-count'], '1')
    assert.equal(run.outputs['baseline-log-id'], undefined)
    assert.equal(run.sim.requests.length, 2, 'no baseline: no baseline request')
  })

  it('an expired waiver stops applying, with one warning that names it', async () => {
    await writeFile(
      path.join(workspace, 'expired.yml'),
      [
        '- message: no description',
        '  path: /paths/pets/get',
        '  reason: Documented elsewhere until 2020.',
        '  until: 2020-12-31'
      ].join('\n')
    )
    const run = await gate(
      played(),
      { baseline: 'previous', 'max-warnings': '0', 'waivers-file': 'expired.yml' },
      workspace
    )
    assert.equal(run.outputs.result, 'failed')
    assert.equal(run.outputs['waived-count'], '0')
    assert.equal(run.outputs['new-warning-count'], '1')
    assert.deepEqual(warnings(run), [
      'Waiver entry 1 (line 1: path "/paths/pets/get", message "no description") in ' +
        '"expired.yml" expired on 2020-12-31 and no longer applies: the findings it accepted ' +
        'count again. Fix them, or extend or remove the waiver.'
    ])
  })

  it('an invalid waivers file fails the step before any request, naming file, entry and rule', async () => {
    await writeFile(
      path.join(workspace, 'invalid.yml'),
      '- path: /a\n  reason: fine\n- message: "no description"\n'
    )
    const run = await gate(played(), { 'waivers-file': 'invalid.yml' }, workspace)
    assert.equal(run.code, 1)
    assert.equal(run.outputs.result, 'error')
    assert.equal(run.sim.requests.length, 0)
    assert.deepEqual(
      run.annotations.map(a => [a.kind, a.message]),
      [
        [
          'error',
          'waivers-file "invalid.yml", entry 2 (line 3): "reason" is required: say why these ' +
            'findings are accepted.'
        ]
      ]
    )
  })
})
