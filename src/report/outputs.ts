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
const MESSAGE_MAX = 2000
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
  if (report.logId !== undefined) outputs['log-id'] = truncate(report.logId, TEXT_MAX)
  if (report.createdAt !== undefined) outputs['created-at'] = truncate(report.createdAt, TEXT_MAX)
  outputs.report = cappedReportJson(report)
  if (files.reportFile !== undefined) outputs['report-file'] = files.reportFile
  if (files.sarifFile !== undefined) outputs['sarif-file'] = files.sarifFile
  return outputs
}

export function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
}

/**
 * The report as JSON of at most `maxBytes` bytes: API text fields cut, then as many findings
 * (in the report's order, errors first) as fit; `findingsOmitted` counts the rest.
 */
export function cappedReportJson(report: GateReport, maxBytes = OUTPUT_MAX_BYTES): string {
  const full = JSON.stringify(report)
  if (Buffer.byteLength(full) <= maxBytes) return full
  const bounded = boundedFields(report)
  const fits = (kept: number) =>
    Buffer.byteLength(JSON.stringify(withFindings(bounded, kept))) <= maxBytes
  // Binary search for the largest number of findings that fits.
  let low = 0
  let high = bounded.findings.length
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (fits(middle)) low = middle
    else high = middle - 1
  }
  return JSON.stringify(withFindings(bounded, low))
}

function boundedFields(report: GateReport): GateReport {
  const copy: GateReport = {
    ...report,
    reasons: report.reasons.slice(0, REASONS_MAX).map(reason => truncate(reason, TEXT_MAX)),
    projectId: truncate(report.projectId, TEXT_MAX),
    apiReferenceId: truncate(report.apiReferenceId, TEXT_MAX),
    findings: report.findings.map(boundedFinding)
  }
  if (report.logId !== undefined) copy.logId = truncate(report.logId, TEXT_MAX)
  if (report.status !== undefined) copy.status = truncate(report.status, TEXT_MAX)
  if (report.createdAt !== undefined) copy.createdAt = truncate(report.createdAt, TEXT_MAX)
  return copy
}

function boundedFinding(finding: LocatedFinding): LocatedFinding {
  const copy = {
    ...finding,
    message: truncate(finding.message, MESSAGE_MAX),
    path: truncate(finding.path, TEXT_MAX)
  }
  if (finding.file !== undefined) copy.file = truncate(finding.file, TEXT_MAX)
  return copy
}

function withFindings(report: GateReport, kept: number): GateReport {
  return {
    ...report,
    findings: report.findings.slice(0, kept),
    findingsOmitted: report.findings.length - kept + (report.findingsOmitted ?? 0)
  }
}
