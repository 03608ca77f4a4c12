// The log's one verdict line, readable at a glance (and what the benchmark recognises):
// `Import 1a2b3c4d… Completed: 3 errors (max 0), 2 warnings (no limit): failed`.

import { formatCount, oneLine, plural, shortId } from '../text.ts'
import { changeSummary } from './comparison.ts'
import type { GateReport } from './types.ts'

/**
 * Comparing, `Import 1a2b3c4d… Completed: 2 new errors (max 0), 5 fixed, 138 unchanged: failed`;
 * counts and listed findings that disagree, `0 errors (1 listed, max 0)`.
 */
export function verdictLine(report: GateReport): string {
  if (report.logId === undefined || report.status === undefined) {
    return `No import judged for API reference ${report.apiReferenceId}: ${report.result}`
  }
  const origin =
    report.resync === 'started'
      ? ' (started by this run)'
      : report.resync === 'uncertain'
        ? " (new since this run's resync)"
        : ''
  const parts = [`Import ${shortId(report.logId)} ${oneLine(report.status, 40)}${origin}`]
  if (report.comparison !== undefined) {
    parts.push(changeSummary(report, report.comparison))
  } else if (report.errorCount !== undefined && report.warningCount !== undefined) {
    const warningLimit =
      report.maxWarnings === null ? 'no limit' : `max ${formatCount(report.maxWarnings)}`
    const listed = (count: number | undefined) =>
      count === undefined ? '' : `${formatCount(count)} listed, `
    parts.push(
      `${plural(report.errorCount, 'error')} ` +
        `(${listed(report.listedErrorCount)}max ${formatCount(report.maxErrors)}), ` +
        `${plural(report.warningCount, 'warning')} ` +
        `(${listed(report.listedWarningCount)}${warningLimit})`
    )
  }
  return `${parts.join(': ')}: ${report.result}`
}
