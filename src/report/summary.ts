// The job summary: the verdict, the facts and the findings on the run's page. GitHub
// rejects a step summary over 1 MiB, so the findings are fitted into what is left of a
// budget below that, counting what the step's summary file already holds.

import { stat } from 'node:fs/promises'
import * as core from '@actions/core'
import { byteLength, renderReport } from './render.ts'
import type { GateReport, RunContext } from './types.ts'

export interface SummaryOptions {
  /** Most UTF-8 bytes the step's summary file may hold in all (default 900 KiB). */
  maxBytes?: number
}

export const DEFAULT_SUMMARY_BYTES = 900 * 1024
/** Below this there is no room for a useful summary: skip it with a warning. */
const MIN_USEFUL_BYTES = 2 * 1024

/** The summary's Markdown, at most `budgetBytes` UTF-8 bytes. */
export function renderJobSummary(
  report: GateReport,
  context: RunContext,
  budgetBytes = DEFAULT_SUMMARY_BYTES
): string {
  return renderReport(report, context, { budgetBytes })
}

/**
 * Appends the summary to `GITHUB_STEP_SUMMARY`. Never throws: a summary that cannot be
 * written is a warning. Returns whether it was written.
 */
export async function writeJobSummary(
  report: GateReport,
  context: RunContext,
  options: SummaryOptions = {}
): Promise<boolean> {
  // What others buffered and not yet written: kept if our write fails, not lost with it.
  const buffered = core.summary.stringify()
  try {
    const maxBytes = options.maxBytes ?? DEFAULT_SUMMARY_BYTES
    const used = (await summaryFileSize()) + byteLength(buffered)
    const budget = maxBytes - used
    if (budget < MIN_USEFUL_BYTES) {
      core.warning(
        `The job summary was not written: this step's summary already holds ${used} bytes, ` +
          `too close to GitHub's limit of 1 MiB.`
      )
      return false
    }
    // One byte of the budget goes to the line break addRaw appends.
    await core.summary.addRaw(renderJobSummary(report, context, budget - 1), true).write()
    return true
  } catch (error) {
    core.summary.emptyBuffer().addRaw(buffered)
    const message = error instanceof Error ? error.message : String(error)
    core.warning(`The job summary could not be written: ${message.split('\n')[0]}`)
    return false
  }
}

async function summaryFileSize(): Promise<number> {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return 0
  try {
    return (await stat(file)).size
  } catch {
    return 0
  }
}
