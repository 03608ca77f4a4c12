// Step outputs. Every output the gate knows is set, also when the step fails, so later steps
// with `if: always()` can use them.

import * as core from '@actions/core'
import type { GateReport } from './types.ts'

export function setOutputs(
  report: GateReport,
  reportJson: string,
  reportFile: string | undefined
): void {
  core.setOutput('result', report.result)
  if (report.status !== undefined) core.setOutput('status', report.status)
  if (report.errorCount !== undefined) core.setOutput('error-count', report.errorCount)
  if (report.warningCount !== undefined) core.setOutput('warning-count', report.warningCount)
  if (report.logId !== undefined) core.setOutput('log-id', report.logId)
  if (report.createdAt !== undefined) core.setOutput('created-at', report.createdAt)
  core.setOutput('report', reportJson)
  if (reportFile !== undefined) core.setOutput('report-file', reportFile)
}
