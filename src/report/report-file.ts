// The JSON report file under RUNNER_TEMP: the whole result, every finding, uncapped, for later
// steps (`report-file` output). The `report` output carries a bounded copy (outputs.ts).

import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { oneLine } from '../text.ts'
import type { GateReport } from './types.ts'

/** Writes the full report under `runnerTemp`: its path, or a warning that says why not. */
export async function writeReportFile(
  report: GateReport,
  runnerTemp: string
): Promise<{ file: string } | { warning: string }> {
  const directory = join(runnerTemp, 'document360-import-gate')
  const safeId = report.apiReferenceId.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64)
  // Unique even for two gates of one job writing at the same moment.
  const unique = `${process.pid}-${randomBytes(6).toString('hex')}`
  const file = join(directory, `report-${safeId}-${unique}.json`)
  try {
    await mkdir(directory, { recursive: true })
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`)
    return { file }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const why = typeof code === 'string' ? code : oneLine(String(error), 200)
    return {
      warning:
        `The report file was not written under RUNNER_TEMP (${oneLine(directory, 300)}: ${why}); ` +
        'the report output still holds the result. Check that RUNNER_TEMP is a writable directory.'
    }
  }
}
