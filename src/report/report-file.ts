// The JSON report: the whole result for later steps. The `report` output carries a copy with
// the findings capped (step outputs share a 1 MiB limit); `report-file` has every finding.

import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GateReport } from './types.ts'

/** Well under GitHub's 1 MiB for all of a step's outputs together. */
export const REPORT_OUTPUT_MAX_BYTES = 256 * 1024

/** The report as JSON of at most `maxBytes` bytes, keeping as many findings as fit. */
export function cappedReportJson(report: GateReport, maxBytes = REPORT_OUTPUT_MAX_BYTES): string {
  const full = JSON.stringify(report)
  if (Buffer.byteLength(full) <= maxBytes) return full
  // Binary search for the largest number of findings that fits.
  let low = 0
  let high = report.findings.length
  let best = JSON.stringify(withFindings(report, 0))
  while (low <= high) {
    const middle = (low + high) >> 1
    const json = JSON.stringify(withFindings(report, middle))
    if (Buffer.byteLength(json) <= maxBytes) {
      best = json
      low = middle + 1
    } else {
      high = middle - 1
    }
  }
  return best
}

function withFindings(report: GateReport, kept: number): GateReport {
  return {
    ...report,
    findings: report.findings.slice(0, kept),
    findingsOmitted: report.findings.length - kept
  }
}

/** Writes the full report under RUNNER_TEMP and returns the file's path. */
export async function writeReportFile(report: GateReport, env = process.env): Promise<string> {
  const directory = join(env.RUNNER_TEMP || tmpdir(), 'document360-import-gate')
  await mkdir(directory, { recursive: true })
  const safeId = report.apiReferenceId.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64)
  // Unique even for two reports in the same millisecond (time and pid alone are not).
  const unique = `${Date.now()}-${process.pid}-${randomBytes(4).toString('hex')}`
  const file = join(directory, `report-${safeId}-${unique}.json`)
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`)
  return file
}
