// Files for later steps under RUNNER_TEMP: the JSON report (`report-file` output: the whole
// result, every finding, uncapped; the `report` output carries a bounded copy) and, through
// the same writer, the SARIF file (sarif.ts).

import { randomBytes } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { oneLine } from '../text.ts'
import type { GateReport } from './types.ts'

export type Written = { file: string } | { warning: string }

/** Writes the full report under `runnerTemp`: its path, or a warning that says why not. */
export function writeReportFile(report: GateReport, runnerTemp: string): Promise<Written> {
  return writeRunnerFile(runnerTemp, {
    what: 'The report file',
    prefix: 'report',
    apiReferenceId: report.apiReferenceId,
    extension: 'json',
    text: `${JSON.stringify(report, null, 2)}\n`
  })
}

/** A new file (never overwriting another gate's) under RUNNER_TEMP/document360-import-gate. */
export async function writeRunnerFile(
  runnerTemp: string,
  file: { what: string; prefix: string; apiReferenceId: string; extension: string; text: string }
): Promise<Written> {
  const directory = join(runnerTemp, 'document360-import-gate')
  const safeId = file.apiReferenceId.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64)
  // Unique even for two gates of one job writing at the same moment.
  const unique = `${process.pid}-${randomBytes(6).toString('hex')}`
  const path = join(directory, `${file.prefix}-${safeId}-${unique}.${file.extension}`)
  try {
    await mkdir(directory, { recursive: true })
    await writeFile(path, file.text)
    return { file: path }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const why = typeof code === 'string' ? code : oneLine(String(error), 200)
    return {
      warning:
        `${file.what} was not written under RUNNER_TEMP (${oneLine(directory, 300)}: ${why}). ` +
        'Check that RUNNER_TEMP is a writable directory.'
    }
  }
}
