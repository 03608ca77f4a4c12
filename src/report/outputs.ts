// Step outputs. Every output the gate knows is set, also when the step fails, so later steps
// with `if: always()` can use them. Each must also pass through `env:` into a later step, and
// Linux caps one environment string at 128 KiB: every output is bounded whatever the server
// sends (the uncapped report is in `report-file`).

import * as core from '@actions/core'
import { truncate } from '../text.ts'
import type { GateReport, LocatedFinding } from './types.ts'

/** The most one output may hold; all of them together stay near this too, far below 1 MiB. */
export const OUTPUT_MAX_BYTES = 100 * 1024
/** API text in outputs and in the report output's fields, in code points. */
const TEXT_MAX = 1000
/**
 * The report output's text fields when even at TEXT_MAX they leave no room: text JSON escapes
 * six-fold (control characters) in the trend, comparison and reasons. At this bound the
 * fields take at most about 40 KiB, so the report always fits.
 */
const SHORT_TEXT_MAX = 100
const REASONS_MAX = 20

/** The outputs of a run, by name. Pure: the same report always gives the same outputs. */
export function stepOutputs(
  report: GateReport,
  files: { reportFile?: string; sarifFile?: string } = {}
): Record<string, string> {
  const outputs: Record<string, string> = { result: report.result }
  if (report.status !== undefined) outputs.status = truncate(report.status, TEXT_MAX)
  if (report.errorCount !== undefined) outputs['error-count'] = String(report.errorCount)
  if (report.warningCount !== undefined) outputs['warning-count'] = String(report.warningCount)
  Object.assign(outputs, comparisonOutputs(report))
  if (report.logId !== undefined) outputs['log-id'] = truncate(report.logId, TEXT_MAX)
  const baselineLogId = report.comparison?.baselineLogId
  if (baselineLogId !== undefined) outputs['baseline-log-id'] = truncate(baselineLogId, TEXT_MAX)
  if (report.createdAt !== undefined) outputs['created-at'] = truncate(report.createdAt, TEXT_MAX)
  outputs.report = cappedReportJson(report)
  if (files.reportFile !== undefined) outputs['report-file'] = files.reportFile
  if (files.sarifFile !== undefined) outputs['sarif-file'] = files.sarifFile
  outputs.published = String(report.publication?.published === true)
  return outputs
}

/**
 * new-error-count, new-warning-count, fixed-count, waived-count: from the comparison when
 * findings were compared, else the counts themselves (every finding is new, none fixed).
 */
function comparisonOutputs(report: GateReport): Record<string, string> {
  const { comparison } = report
  if (comparison !== undefined) {
    return {
      'new-error-count': String(comparison.newErrorCount),
      'new-warning-count': String(comparison.newWarningCount),
      'fixed-count': String(comparison.fixedCount),
      'waived-count': String(comparison.waivedCount)
    }
  }
  if (report.errorCount === undefined || report.warningCount === undefined) return {}
  return {
    'new-error-count': String(report.errorCount),
    'new-warning-count': String(report.warningCount),
    'fixed-count': '0',
    'waived-count': '0'
  }
}

export function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}

/**
 * The report as JSON of at most `maxBytes` bytes: API text fields cut (shorter still when
 * that leaves no room), then as many findings (in the report's order, errors first; then the
 * fixed ones) as fit; `findingsOmitted` and `fixedFindingsOmitted` count the rest.
 */
export function cappedReportJson(report: GateReport, maxBytes = OUTPUT_MAX_BYTES): string {
  const full = JSON.stringify(report)
  if (Buffer.byteLength(full) <= maxBytes) return full
  const fitsWith = (candidate: GateReport, kept: number) =>
    Buffer.byteLength(JSON.stringify(withFindings(candidate, kept))) <= maxBytes
  let bounded = boundedFields(report, TEXT_MAX)
  if (!fitsWith(bounded, 0)) bounded = boundedFields(report, SHORT_TEXT_MAX)
  const fits = (kept: number) => fitsWith(bounded, kept)
  // Binary search for the largest number of findings (then fixed ones) that fits.
  let low = 0
  let high = bounded.findings.length + (bounded.fixedFindings?.length ?? 0)
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (fits(middle)) low = middle
    else high = middle - 1
  }
  return JSON.stringify(withFindings(bounded, low))
}

/** The report with its text fields cut to `textMax` code points (messages to twice that). */
function boundedFields(report: GateReport, textMax: number): GateReport {
  const boundedFinding = (finding: LocatedFinding) => boundFinding(finding, textMax)
  const copy: GateReport = {
    ...report,
    reasons: report.reasons.slice(0, REASONS_MAX).map(reason => truncate(reason, textMax)),
    projectId: truncate(report.projectId, textMax),
    apiReferenceId: truncate(report.apiReferenceId, textMax),
    findings: report.findings.map(boundedFinding)
  }
  if (report.logId !== undefined) copy.logId = truncate(report.logId, textMax)
  if (report.status !== undefined) copy.status = truncate(report.status, textMax)
  if (report.createdAt !== undefined) copy.createdAt = truncate(report.createdAt, textMax)
  if (report.fixedFindings !== undefined)
    copy.fixedFindings = report.fixedFindings.map(boundedFinding)
  if (report.comparison !== undefined) {
    const comparison = { ...report.comparison }
    for (const key of TEXT_FIELDS) {
      const value = comparison[key]
      if (value !== undefined) comparison[key] = truncate(value, textMax)
    }
    copy.comparison = comparison
  }
  if (report.trend !== undefined) {
    copy.trend = report.trend.map(entry => {
      const bounded = {
        ...entry,
        logId: truncate(entry.logId, textMax),
        status: truncate(entry.status, textMax)
      }
      if (entry.createdAt !== undefined) bounded.createdAt = truncate(entry.createdAt, textMax)
      return bounded
    })
  }
  if (report.publication !== undefined) {
    const { workspaceId, published, error } = report.publication
    copy.publication = { workspaceId: truncate(workspaceId, textMax), published }
    if (error !== undefined) copy.publication.error = truncate(error, 2 * textMax)
  }
  return copy
}

const TEXT_FIELDS = [
  'baseline',
  'baselineLogId',
  'baselineApiReferenceId',
  'baselineStatus',
  'baselineCreatedAt',
  'baselineMissing',
  'waiversFile'
] as const

function boundFinding(finding: LocatedFinding, textMax: number): LocatedFinding {
  const copy = {
    ...finding,
    message: truncate(finding.message, 2 * textMax),
    path: truncate(finding.path, textMax)
  }
  if (finding.file !== undefined) copy.file = truncate(finding.file, textMax)
  if (finding.waiver !== undefined) {
    copy.waiver = { ...finding.waiver, reason: truncate(finding.waiver.reason, textMax) }
  }
  return copy
}

function withFindings(report: GateReport, kept: number): GateReport {
  const copy: GateReport = {
    ...report,
    findings: report.findings.slice(0, kept),
    findingsOmitted: Math.max(0, report.findings.length - kept) + (report.findingsOmitted ?? 0)
  }
  if (report.fixedFindings !== undefined) {
    const keptFixed = Math.max(0, kept - report.findings.length)
    copy.fixedFindings = report.fixedFindings.slice(0, keptFixed)
    copy.fixedFindingsOmitted =
      report.fixedFindings.length - keptFixed + (report.fixedFindingsOmitted ?? 0)
  }
  return copy
}
