// The job summary: the verdict, the facts and the findings on the run's page. GitHub
// rejects a step summary over 1 MiB, so the findings are fitted into what is left of a
// budget below that, counting what the step's summary file already holds.

import { stat } from 'node:fs/promises'
import * as core from '@actions/core'
import type { RunContext } from '../context.ts'
import { byteLength, formatCount, oneLine } from '../text.ts'
import { renderReport } from './render.ts'
import type { ChannelNotes, GateReport } from './types.ts'

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

/** Appends the summary to the step's summary file. Never throws: problems come back as warnings. */
export async function writeJobSummary(
  report: GateReport,
  context: RunContext,
  maxBytes = DEFAULT_SUMMARY_BYTES
): Promise<ChannelNotes> {
  const notes: ChannelNotes = { info: [], warnings: [] }
  if (context.stepSummaryFile === undefined) {
    notes.warnings.push(
      'The job summary was not written: the runner set no GITHUB_STEP_SUMMARY file ' +
        '(set job-summary: false to skip it on such runners).'
    )
    return notes
  }
  // What others buffered and not yet written: kept if our write fails, not lost with it.
  const buffered = core.summary.stringify()
  try {
    const used = (await fileSize(context.stepSummaryFile)) + byteLength(buffered)
    const budget = maxBytes - used
    if (budget < MIN_USEFUL_BYTES) {
      notes.warnings.push(
        `The job summary was not written: this step's summary already holds ` +
          `${formatCount(used)} bytes, too close to GitHub's limit of 1 MiB.`
      )
      return notes
    }
    // One byte of the budget goes to the line break addRaw appends.
    await core.summary.addRaw(renderJobSummary(report, context, budget - 1), true).write()
  } catch (error) {
    core.summary.emptyBuffer().addRaw(buffered)
    const why = oneLine(error instanceof Error ? error.message : String(error))
    notes.warnings.push(
      `The job summary could not be written to GITHUB_STEP_SUMMARY: ${why}. Check the ` +
        "runner's disk and that GITHUB_STEP_SUMMARY names a writable file, or set " +
        'job-summary: false.'
    )
  }
  return notes
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size
  } catch {
    return 0
  }
}
