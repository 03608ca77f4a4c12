// The reporting phase, channel by channel: the report file and SARIF file, the outputs (which
// must be written: a runner that cannot take them is an error), then the job summary and the
// PR comment, then the check run, which may take long (50 findings a request), so it cannot
// starve the others. What the channels have to say comes back to main.ts, which prints it
// and writes the step's annotations last.

import type { Clock } from '../clock.ts'
import type { RunContext } from '../context.ts'
import type { Inputs } from '../inputs.ts'
import { oneLine } from '../text.ts'
import { setOutputs, stepOutputs } from './outputs.ts'
import { upsertPullRequestComment } from './pr-comment.ts'
import { writeReportFile } from './report-file.ts'
import { repositoryPaths } from './repository-path.ts'
import { writeSarifReport } from './sarif.ts'
import { renderJobSummary, writeJobSummary } from './summary.ts'
import type { ChannelNotes, GateReport, LocatedFinding } from './types.ts'

export interface Reported {
  notes: ChannelNotes
  /** The findings the step's own annotations must show: those no check run carries. */
  toAnnotate: LocatedFinding[]
}

export interface ReportOptions {
  inputs: Inputs
  context: RunContext
  clock: Clock
  /** The import's errors fail the gate: check-run annotations at `failure` level. */
  failsOnErrors: boolean
  stepFails: boolean
  /** No request to GitHub runs past this. */
  deadlineMs: number
}

/** The runner cannot take what the step must leave behind (its outputs). */
export class OutputsNotWritten extends Error {}

export async function reportOnEveryChannel(
  report: GateReport,
  options: ReportOptions
): Promise<Reported> {
  const { inputs, context } = options
  const notes: ChannelNotes = { info: [], warnings: [] }
  const written = await writeReportFile(report, context.runnerTemp)
  if ('warning' in written) notes.warnings.push(written.warning)
  const paths = await repositoryPaths(
    report.findings.flatMap(finding => (finding.file === undefined ? [] : [finding.file])),
    context.workspace
  )
  // The SARIF file goes where the report file could not: one warning says it for both.
  const sarif =
    'warning' in written
      ? { info: 'No SARIF file (sarif-file is empty): RUNNER_TEMP is not writable.' }
      : await writeSarifReport(report, context, paths)
  if ('info' in sarif) notes.info.push(sarif.info)
  if ('warning' in sarif) notes.warnings.push(sarif.warning)
  try {
    setOutputs(
      stepOutputs(report, {
        ...('file' in written ? { reportFile: written.file } : {}),
        ...('file' in sarif ? { sarifFile: sarif.file } : {})
      })
    )
  } catch (error) {
    throw new OutputsNotWritten(
      `The step's outputs could not be written to the runner's GITHUB_OUTPUT file ` +
        `(${oneLine(error instanceof Error ? error.message : String(error), 300)}); ` +
        `the gate's result was ${report.result}. Check the runner's disk and permissions.`
    )
  }

  const channels: Promise<ChannelNotes>[] = []
  if (inputs.jobSummary) channels.push(writeJobSummary(report, context))
  if (inputs.prComment) {
    channels.push(
      upsertPullRequestComment(report, context, {
        githubToken: inputs.githubToken,
        deadlineMs: options.deadlineMs,
        now: options.clock.now
      })
    )
  }
  for (const channel of await Promise.all(channels)) addNotes(notes, channel)
  if (!inputs.checkRun) return { notes, toAnnotate: report.findings }

  // Loaded only when asked for: most runs write no check run.
  const { SUMMARY_MAX_CHARACTERS, writeCheckRun } = await import('./check-run.ts')
  const checkRun = await writeCheckRun(report, context, {
    token: inputs.githubToken,
    apiUrl: context.apiUrl,
    deadlineMs: options.deadlineMs,
    // Bytes are never fewer than characters: a byte budget keeps the API's character limit.
    summaryMarkdown: renderJobSummary(report, context, SUMMARY_MAX_CHARACTERS),
    failsOnErrors: options.failsOnErrors,
    stepFails: options.stepFails,
    repositoryPaths: paths,
    clock: options.clock
  })
  addNotes(notes, checkRun)
  // What the check run carries is not repeated; findings without a place in the repository are.
  const toAnnotate = checkRun.delivered
    ? report.findings.filter(finding => finding.file === undefined || !paths.has(finding.file))
    : report.findings
  return { notes, toAnnotate }
}

function addNotes(notes: ChannelNotes, more: ChannelNotes): void {
  notes.info.push(...more.info)
  notes.warnings.push(...more.warnings)
}
