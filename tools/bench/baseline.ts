// Section 8: comparing the judged import's findings with a baseline's, in process (no build,
// no server): 5,000 findings against 5,000, as the gate classifies them (canonical paths,
// normalised messages, multiset matching), then the same with 20 waivers (path globs,
// substrings and two RE2 regular expressions). Goal: under 100 ms of the run.
// Self-contained: `node tools/bench/baseline.ts [--runs N] [--findings N]` prints the table.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { classifyFindings } from '../../src/baseline/classify.ts'
import type { FindingIdentity } from '../../src/baseline/identity.ts'
import { loadWaivers } from '../../src/baseline/waivers-file.ts'
import type { CompiledWaiver } from '../../src/baseline/waivers.ts'
import { formatMs, formatTable } from './format.ts'
import { summarize, type Summary } from './stats.ts'

const COMPARE_GOAL_MS = 100

export interface CompareFigure {
  findings: number
  runs: number
  /** ms per comparison, without and with waivers. */
  plain: Summary
  waived: Summary
  /** What the comparison found (to check it did the work). */
  counts: { new: number; unchanged: number; fixed: number; waived: number }
  goalMs: number
  goalMet: boolean
}

/**
 * Baseline and judged findings as a legacy spec gives them: a third errors, messages of a few
 * dozen characters, paths escaped in one import and unescaped in the other for half of them;
 * 2 % fixed, 2 % new, and some findings repeated.
 */
function syntheticFindings(total: number): {
  baseline: FindingIdentity[]
  current: FindingIdentity[]
} {
  const baseline: FindingIdentity[] = []
  const current: FindingIdentity[] = []
  for (let i = 0; i < total; i++) {
    const severity = i % 3 === 0 ? 'error' : 'warning'
    const operation = ['get', 'put', 'post', 'delete'][i % 4] as string
    const path = `/paths/~1v${i % 7}~1items~1{id${i % 50}}~1part${i}/${operation}/responses/${200 + (i % 5)}`
    const message = `Operation '${operation}Item${i}' has no description; the schema '#/components/schemas/Item${i % 100}' is missing a 'type'`
    baseline.push({
      severity,
      path,
      message: i % 97 === 0 ? (baseline.at(-1)?.message ?? message) : message
    })
    if (i % 50 === 7) continue // fixed
    current.push({
      severity,
      path: i % 2 === 0 ? path.replace(/~1/g, '/') : path,
      message: i % 5 === 0 ? message.replace(/ /g, '  ') : message
    })
    if (i % 50 === 11) current.push({ severity, path: `${path}/new`, message })
  }
  return { baseline, current }
}

const WAIVERS_YAML = [
  ...Array.from(
    { length: 9 },
    (_, i) => `- path: /paths/~1legacy${i}~1*\n  reason: Legacy endpoints ${i}.`
  ),
  ...Array.from(
    { length: 9 },
    (_, i) => `- message: "is deprecated since v${i}"\n  reason: Kept for old clients.`
  ),
  "- path: /paths/~1v3~1items*\n  message: /^Operation '(get|put)Item\\d+7' has no description/\n  reason: Third-party operations.",
  "- message: /SCHEMA '#/COMPONENTS/SCHEMAS/ITEM9\\d' IS/i\n  reason: Typed by the generator.",
  ''
].join('\n')

async function benchWaivers(): Promise<CompiledWaiver[]> {
  const dir = mkdtempSync(join(tmpdir(), 'd360-gate-bench-waivers-'))
  try {
    writeFileSync(join(dir, 'waivers.yml'), WAIVERS_YAML)
    return (await loadWaivers('waivers.yml', dir)).waivers
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function time(run: () => void): number {
  const started = performance.now()
  run()
  return performance.now() - started
}

export async function compareBench(runs: number, total = 5000): Promise<CompareFigure> {
  const { baseline, current } = syntheticFindings(total)
  const waivers = await benchWaivers()
  const plain: number[] = []
  const waived: number[] = []
  let result = classifyFindings(current, { baseline, waivers })
  // Unmeasured warm-up, then alternate so noise hits both alike.
  for (let i = 0; i < 3; i++) {
    classifyFindings(current, { baseline })
    classifyFindings(current, { baseline, waivers })
  }
  for (let i = 0; i < runs; i++) {
    plain.push(time(() => classifyFindings(current, { baseline })))
    waived.push(time(() => (result = classifyFindings(current, { baseline, waivers }))))
  }
  const { counts } = result
  const figure: CompareFigure = {
    findings: total,
    runs,
    plain: summarize(plain),
    waived: summarize(waived),
    counts: {
      new: counts.newErrors + counts.newWarnings,
      unchanged: counts.unchanged,
      fixed: counts.fixed,
      waived: counts.waived
    },
    goalMs: COMPARE_GOAL_MS,
    goalMet: false
  }
  figure.goalMet = figure.plain.median < COMPARE_GOAL_MS && figure.waived.median < COMPARE_GOAL_MS
  return figure
}

export function compareTable(figure: CompareFigure): string {
  const n = figure.findings.toLocaleString('en-US')
  const rows = [
    ['comparison', 'median', 'min', 'max', `goal (median < ${figure.goalMs} ms)`],
    ...(
      [
        [`${n} × ${n} findings`, figure.plain],
        [`${n} × ${n}, 20 waivers (2 RE2)`, figure.waived]
      ] as const
    ).map(([name, summary]) => [
      name,
      formatMs(summary.median),
      formatMs(summary.min),
      formatMs(summary.max),
      summary.median < figure.goalMs ? 'met' : 'goal missed'
    ])
  ]
  const { counts } = figure
  return (
    `${formatTable(rows)}\n${figure.runs} runs each; found ${counts.new} new, ` +
    `${counts.unchanged} unchanged, ${counts.fixed} fixed, ${counts.waived} waived.`
  )
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '15' },
      findings: { type: 'string', default: '5000' }
    }
  })
  const flag = (name: 'runs' | 'findings') => {
    const value = Number(values[name])
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a whole number`)
    return value
  }
  const figure = await compareBench(flag('runs'), flag('findings'))
  process.stdout.write(`${compareTable(figure)}\n${JSON.stringify(figure)}\n`)
}
