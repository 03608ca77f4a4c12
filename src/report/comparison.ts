// What the reports say when findings were compared with a baseline and waivers: one line of
// what changed (the verdict line and the summary lead with it), the facts table's rows, and
// the lists in the order people need them: new, fixed, unchanged (collapsed), waived.

import { formatCount, markdownCode, markdownText, plural, shortId } from '../text.ts'
import type { FindingSection } from './render.ts'
import type { ComparisonReport, GateReport } from './types.ts'

const MAX_ID_LENGTH = 100
const MAX_TEXT_LENGTH = 500

/**
 * `2 new errors (max 0), 5 fixed, 138 unchanged`: new errors always, new warnings when there
 * are some or a limit, fixed and unchanged always, waived when there are some.
 */
export function changeSummary(report: GateReport, comparison: ComparisonReport): string {
  const parts = [
    `${plural(comparison.newErrorCount, 'new error')} (max ${formatCount(report.maxErrors)})`
  ]
  if (comparison.newWarningCount > 0 || report.maxWarnings !== null) {
    const limit =
      report.maxWarnings === null ? 'no limit' : `max ${formatCount(report.maxWarnings)}`
    parts.push(`${plural(comparison.newWarningCount, 'new warning')} (${limit})`)
  }
  parts.push(`${formatCount(comparison.fixedCount)} fixed`)
  parts.push(`${formatCount(comparison.unchangedCount)} unchanged`)
  if (comparison.waivedCount > 0) parts.push(`${formatCount(comparison.waivedCount)} waived`)
  return parts.join(', ')
}

/** The facts table's rows about the comparison, in place of the plain count rows. */
export function comparisonRows(
  report: GateReport,
  comparison: ComparisonReport
): [string, string][] {
  const rows: [string, string][] = [
    ['New errors', againstLimit(comparison.newErrorCount, report.maxErrors)],
    ['New warnings', againstLimit(comparison.newWarningCount, report.maxWarnings)]
  ]
  if (report.errorCount !== undefined && report.warningCount !== undefined) {
    rows.push([
      'In all',
      `${plural(report.errorCount, 'error')}, ${plural(report.warningCount, 'warning')}`
    ])
  }
  rows.push([
    'Changes',
    `${formatCount(comparison.fixedCount)} fixed, ${formatCount(comparison.unchangedCount)} ` +
      `unchanged, ${formatCount(comparison.waivedCount)} waived`
  ])
  rows.push(['Baseline', describeBaseline(report, comparison)])
  if (comparison.waiversFile !== undefined) {
    rows.push(['Waivers', markdownCode(comparison.waiversFile, MAX_TEXT_LENGTH)])
  }
  return rows
}

/** The judged import's findings by change, and the fixed ones: in the order shown. */
export function comparisonSections(report: GateReport): FindingSection[] {
  const byChange = (change: string) => report.findings.filter(f => f.change === change)
  const fixed: FindingSection = {
    title: 'Fixed since the baseline',
    findings: report.fixedFindings ?? []
  }
  if (report.fixedFindingsOmitted !== undefined) fixed.omitted = report.fixedFindingsOmitted
  const newOnes: FindingSection = { title: 'New findings', findings: byChange('new') }
  // A capped copy left findings out without saying which kind: counted with the new ones.
  if (report.findingsOmitted !== undefined) newOnes.omitted = report.findingsOmitted
  return [
    newOnes,
    fixed,
    { title: 'Unchanged findings', findings: byChange('unchanged'), collapsed: true },
    { title: 'Waived findings', findings: byChange('waived'), withReason: true }
  ]
}

function describeBaseline(report: GateReport, comparison: ComparisonReport): string {
  if (comparison.baselineLogId === undefined) {
    if (comparison.baselineMissing !== undefined) {
      return (
        `none found (${markdownText(comparison.baselineMissing, MAX_TEXT_LENGTH)}): every ` +
        'finding counts as new'
      )
    }
    return 'none (`baseline: none`): every finding not waived counts as new'
  }
  const parts = [`import log ${markdownCode(comparison.baselineLogId, MAX_ID_LENGTH)}`]
  const reference = comparison.baselineApiReferenceId
  if (reference !== undefined && reference !== report.apiReferenceId) {
    parts.push(`of API reference ${markdownCode(reference, MAX_ID_LENGTH)}`)
  }
  const facts: string[] = []
  if (comparison.baselineStatus !== undefined) {
    facts.push(markdownText(comparison.baselineStatus, MAX_ID_LENGTH))
  }
  if (comparison.baselineCreatedAt !== undefined) {
    facts.push(`created ${markdownText(comparison.baselineCreatedAt, MAX_ID_LENGTH)}`)
  }
  facts.push(markdownCode(`baseline: ${baselineKind(comparison.baseline)}`, 60))
  return `${parts.join(' ')} (${facts.join(', ')})`
}

/** `previous`, `log:…`, `api-reference:…` as the summary names it (ids are in the row). */
function baselineKind(baseline: string): string {
  const colon = baseline.indexOf(':')
  return colon < 0 ? baseline : `${baseline.slice(0, colon)}:${shortId(baseline.slice(colon + 1))}`
}

function againstLimit(count: number, limit: number | null): string {
  if (limit === null) return `${formatCount(count)} (no limit)`
  const over = count > limit ? ', over the limit' : ''
  return `${formatCount(count)} (max ${formatCount(limit)}${over})`
}
