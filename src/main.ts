// One run of the gate, and the one place that decides the step's outcome:
// read the inputs (and the waivers file) → start the import (resync-url) or find it, and wait
// while it runs → fetch its findings (and the baseline's, when comparing) → judge → publish
// after a pass (publish: on-pass) → report on every channel (outputs, report file, summary, PR
// comment, then the annotations, planned around the warnings already written) → pass or fail
// the step.

import * as core from '@actions/core'
import { findingsOf, judgeAgainstBaseline } from './baseline/compared.ts'
import { TREND_LENGTH, trendOf, usableLogs } from './baseline/history.ts'
import type { WaiverSet } from './baseline/waivers-file.ts'
import { utcDay } from './baseline/waivers.ts'
import { systemClock, type Clock } from './clock.ts'
import { readRunContext, type RunContext } from './context.ts'
import { Document360Client, MAX_PAGE_SIZE, type ClientOptions } from './document360/client.ts'
import { Document360Error } from './document360/errors.ts'
import type { ImportLog, LogDetail } from './document360/types.ts'
import { InputError, parseInputs, shownUrl, specUrlSecrets, type Inputs } from './inputs.ts'
import { PollPacer } from './pace.ts'
import { publishOnPass } from './publish.ts'
import { planAnnotations, writeAnnotations } from './report/annotations.ts'
import { setOutputs, stepOutputs } from './report/outputs.ts'
import { upsertPullRequestComment } from './report/pr-comment.ts'
import { writeReportFile } from './report/report-file.ts'
import { renderJobSummary, writeJobSummary } from './report/summary.ts'
import { repositoryPaths } from './report/repository-path.ts'
import { writeSarifReport } from './report/sarif.ts'
import { changeSummary } from './report/comparison.ts'
import type { ChannelNotes, GateReport, LocatedFinding } from './report/types.ts'
import { classifyStatus } from './status.ts'
import { formatCount, logLine, oneLine, plural, shortId } from './text.ts'
import { decide } from './verdict.ts'
import { SNAPSHOT_PAGE_SIZE, startResync, type ResyncStart } from './resync.ts'
import { waitForImport } from './wait.ts'

/** The step ends within wait-timeout plus this overrun, whatever any server does. */
export const OVERRUN_MS = 30_000
/** Of the overrun, the part kept for the reports after the last Document360 request (10 s). */
const REPORT_SHARE = 1 / 3
/** Of that, the part kept for start-up (before `started`), the verdict line and exit (2 s). */
const EXIT_SHARE = 1 / 15
/** A resync waits for the next rate-limit window for at most this share of wait-timeout. */
const RESYNC_DEFER_SHARE = 0.25

export interface RunOptions {
  clock?: Clock
  /** Only tests shorten it, to prove the guarantee in seconds. */
  overrunMs?: number
}

interface Judgement {
  report: GateReport
  /** The import's errors fail the gate (so they are annotated as errors). */
  failsOnErrors: boolean
  /** Found while judging (findings unavailable, spec unreadable…); printed with the channels'. */
  warnings: string[]
  /** For publishing after a pass; absent when the client could not be set up. */
  client?: Document360Client
}

export async function run(options: RunOptions = {}): Promise<void> {
  try {
    await gate(options.clock ?? systemClock, options.overrunMs ?? OVERRUN_MS)
  } catch (error) {
    // Only a broken runner or a bug gets here: all a user or a server can cause is handled.
    core.setFailed(error instanceof RunnerError ? error.message : unexpected(error))
  }
}

/** The runner cannot take what the step must leave behind (its outputs): named, not a bug. */
class RunnerError extends Error {}

async function gate(clock: Clock, overrunMs: number): Promise<void> {
  const started = clock.now()
  const inputs = readInputs(new Date(started))
  if (inputs === undefined) return
  const budgetEnd = started + inputs.waitTimeoutSeconds * 1000 + overrunMs
  const context = await readRunContext()
  const waivers = await readWaivers(inputs, context)
  if (waivers === false) return

  const judgement = await judge(
    inputs,
    context,
    { startedMs: started, deadlineMs: budgetEnd - overrunMs * REPORT_SHARE },
    clock,
    waivers
  )
  const { report } = judgement
  if (inputs.publish === 'on-pass') {
    await publishOnPass(report, judgement.client, inputs.workspaceId ?? '', say)
  }
  const stepFails =
    report.publication?.error !== undefined ||
    (report.result !== 'passed' && (report.result !== 'failed' || inputs.failOnThreshold))

  const { notes, toAnnotate } = await publishReports(
    judgement,
    stepFails,
    inputs,
    context,
    budgetEnd - overrunMs * EXIT_SHARE,
    clock
  )
  notes.info.forEach(say)
  const warnings = [...judgement.warnings, ...notes.warnings]
  for (const warning of warnings) core.warning(oneLine(warning, 4000))
  // Compared, only new findings are annotated: unchanged and waived ones are in the summary.
  const annotated = report.comparison
    ? toAnnotate.filter(finding => finding.change === 'new')
    : toAnnotate
  if (inputs.annotations && annotated.length > 0) {
    // Last, so the plan knows exactly how many of GitHub's 10 slots per kind are left.
    const plan = planAnnotations(annotated, judgement.failsOnErrors, {
      reservedErrors: stepFails ? 1 : 0,
      reservedWarnings: warnings.length
    })
    writeAnnotations(plan, inputs.jobSummary)
  }

  say(verdictLine(report))
  if (report.result === 'failed' && !inputs.failOnThreshold) {
    say('Report only (fail-on-threshold: false): the step stays green.')
  }
  if (stepFails) core.setFailed(failureMessage(report))
}

/** Masks the secrets before anything can print them, then parses the inputs. */
function readInputs(now: Date): Inputs | undefined {
  for (const secret of [core.getInput('token'), core.getInput('github-token')]) {
    if (secret.trim()) core.setSecret(secret.trim())
  }
  try {
    const inputs = parseInputs(name => core.getInput(name), now)
    // A signed spec URL's query is a credential too.
    if (inputs.resyncUrl !== null) specUrlSecrets(inputs.resyncUrl).forEach(core.setSecret)
    return inputs
  } catch (error) {
    failOnInput(error)
    return undefined
  }
}

/**
 * The waivers file, read and checked before any request (undefined when none is given). A
 * file that breaks a rule fails the step like a bad input: false.
 */
async function readWaivers(
  inputs: Inputs,
  context: RunContext
): Promise<WaiverSet | undefined | false> {
  if (inputs.waiversFile === null) return undefined
  try {
    // Loaded only when needed: it brings the YAML parser (and RE2 for regex messages).
    const { loadWaivers } = await import('./baseline/waivers-file.ts')
    return await loadWaivers(inputs.waiversFile, context.workspace)
  } catch (error) {
    failOnInput(error)
    return false
  }
}

function failOnInput(error: unknown): void {
  if (!(error instanceof InputError)) throw error
  core.setOutput('result', 'error')
  core.setOutput('published', 'false')
  core.setFailed(error.message)
}

/**
 * Starts the import (resync-url) or finds it, waits for it and judges it. Never throws: what
 * goes wrong becomes an `error` report.
 */
async function judge(
  inputs: Inputs,
  context: RunContext,
  timing: { startedMs: number; deadlineMs: number },
  clock: Clock,
  waivers: WaiverSet | undefined
): Promise<Judgement> {
  const report: GateReport = {
    result: 'error',
    reasons: [],
    projectId: inputs.projectId,
    apiReferenceId: inputs.apiReferenceId,
    maxErrors: inputs.maxErrors,
    maxWarnings: inputs.maxWarnings,
    findings: []
  }
  const warnings: string[] = []
  let client: Document360Client | undefined
  const failed = (reason: string, result: GateReport['result'] = 'error'): Judgement => ({
    report: { ...report, result, reasons: [reason] },
    failsOnErrors: false,
    warnings,
    ...(client ? { client } : {})
  })
  try {
    const clientOptions: ClientOptions = {
      apiUrl: inputs.apiUrl,
      token: inputs.token,
      authScheme: inputs.authScheme,
      projectId: inputs.projectId,
      apiReferenceId: inputs.apiReferenceId,
      deadlineMs: timing.deadlineMs,
      clock,
      onRetry: message => {
        say(`Document360: ${message}`)
      },
      onDebug: message => {
        core.debug(message)
      },
      secrets: inputs.resyncUrl === null ? [] : specUrlSecrets(inputs.resyncUrl)
    }
    const judgedClient = new Document360Client(clientOptions)
    client = judgedClient
    const pacer = new PollPacer({
      intervalMs: inputs.pollIntervalSeconds * 1000,
      rateLimit: () => judgedClient.rateLimit,
      now: clock.now,
      random: clock.random
    })
    const waitTimeoutMs = inputs.waitTimeoutSeconds * 1000
    // The trend needs the latest imports; `previous` the finished one before the judged one.
    const pageSize = inputs.baseline.kind === 'previous' ? MAX_PAGE_SIZE : TREND_LENGTH
    let start: ResyncStart | undefined
    if (inputs.resyncUrl !== null) {
      say(
        `Starting an import of API reference ${inputs.apiReferenceId} from ` +
          `${shownUrl(inputs.resyncUrl)} (a resync; its articles stay drafts).`
      )
      report.resync = 'failed'
      start = await startResync(judgedClient, inputs.resyncUrl, {
        pageSize: Math.max(SNAPSHOT_PAGE_SIZE, pageSize),
        pacer,
        now: clock.now,
        sleep: clock.sleep,
        sendByMs: timing.startedMs + waitTimeoutMs * RESYNC_DEFER_SHARE,
        say
      })
      report.resync = start.kind === 'accepted' ? 'started' : 'uncertain'
      if (start.kind === 'unanswered') say(`${start.error.message} Looking for a new import.`)
    } else {
      say(
        `Checking the ${inputs.logId ? `import log ${inputs.logId}` : 'latest import'} ` +
          `of API reference ${inputs.apiReferenceId}` +
          `${inputs.since ? ` created at or after ${inputs.since.toISOString()}` : ''}.`
      )
    }
    const outcome = await waitForImport(judgedClient, {
      since: inputs.since,
      logId: inputs.logId,
      snapshot: start?.snapshot ?? null,
      waitTimeoutMs,
      startedAtMs: timing.startedMs,
      pollIntervalMs: inputs.pollIntervalSeconds * 1000,
      now: clock.now,
      sleep: clock.sleep,
      pacer,
      onProgress: say,
      onWarning: warning => warnings.push(warning),
      pageSize
    })
    if (outcome.kind !== 'finished') {
      if (outcome.log) describeLog(report, outcome.log)
      if (start?.kind === 'unanswered' && outcome.log === undefined) {
        return failed(
          `${start.error.message} No new import log appeared within wait-timeout ` +
            `(${inputs.waitTimeoutSeconds}s), so the resync may or may not have started an ` +
            "import: check the API reference's import logs in Document360 before running again."
        )
      }
      return failed(outcome.reason, outcome.kind === 'timed-out' ? 'timed-out' : 'error')
    }

    const log = outcome.log
    describeLog(report, log)
    const trend = trendOf(log, usableLogs(outcome.history.older))
    if (trend.length > 0) report.trend = trend
    const comparing = inputs.baseline.kind !== 'none' || waivers !== undefined
    if (comparing && decide(log, inputs).result !== 'error') {
      const judged = await judgeAgainstBaseline({
        inputs,
        log,
        history: outcome.history,
        waivers,
        detailNeeded: hasFindings(log),
        client: judgedClient,
        clientFor: apiReferenceId => new Document360Client({ ...clientOptions, apiReferenceId }),
        today: utcDay(clock.now()),
        say,
        warn: warning => warnings.push(warning)
      })
      const { verdict, listed } = judged
      report.result = verdict.result
      report.reasons = verdict.reasons
      warnings.push(...verdict.warnings)
      if (listed.errors !== log.errorCount) report.listedErrorCount = listed.errors
      if (listed.warnings !== log.warningCount) report.listedWarningCount = listed.warnings
      report.comparison = judged.comparison
      if (judged.fixedFindings !== undefined) report.fixedFindings = judged.fixedFindings
      report.findings = await locateFindings(judged.findings, inputs, context, warnings)
      return { report, failsOnErrors: verdict.failsOnErrors, warnings, client: judgedClient }
    }
    // The findings first: the verdict judges each severity on the larger of count and list.
    const detail = hasFindings(log)
      ? await fetchFindings(judgedClient, log.id, warnings)
      : undefined
    const listed = detail && { errors: detail.errors.length, warnings: detail.warnings.length }
    const verdict = decide(log, inputs, listed)
    report.result = verdict.result
    report.reasons = verdict.reasons
    warnings.push(...verdict.warnings)
    if (listed && listed.errors !== log.errorCount) report.listedErrorCount = listed.errors
    if (listed && listed.warnings !== log.warningCount) report.listedWarningCount = listed.warnings
    if (detail) {
      report.findings = await locateFindings(findingsOf(detail), inputs, context, warnings)
    }
    return { report, failsOnErrors: verdict.failsOnErrors, warnings, client: judgedClient }
  } catch (error) {
    return failed(error instanceof Document360Error ? error.message : unexpected(error))
  }
}

function describeLog(report: GateReport, log: ImportLog): void {
  report.logId = log.id
  report.status = log.status
  if (log.createdAt !== undefined) report.createdAt = log.createdAt
  if (log.errorCount !== undefined) report.errorCount = log.errorCount
  if (log.warningCount !== undefined) report.warningCount = log.warningCount
}

/** A clean import needs no detail request. */
function hasFindings(log: ImportLog): boolean {
  return (
    (log.errorCount ?? 0) > 0 ||
    (log.warningCount ?? 0) > 0 ||
    classifyStatus(log.status) === 'failed'
  )
}

/** The findings only explain the verdict (the counts decide it): failing to get them is a warning. */
async function fetchFindings(
  client: Document360Client,
  logId: string,
  warnings: string[]
): Promise<LogDetail | undefined> {
  try {
    return await client.getLogDetail(logId)
  } catch (error) {
    if (!(error instanceof Document360Error)) throw error
    warnings.push(
      `Could not fetch the findings of import log ${shortId(logId)}; the verdict stands on the ` +
        `counts. ${error.message}`
    )
    return undefined
  }
}

/** The findings, in their order, with their spec lines. */
async function locateFindings(
  findings: LocatedFinding[],
  inputs: Inputs,
  context: RunContext,
  warnings: string[]
): Promise<LocatedFinding[]> {
  if (!inputs.specFile) return findings
  // Loaded only when needed: parsing the spec is the one heavy thing a run may do.
  const { loadSpec } = await import('./spec/locate.ts')
  const spec = await loadSpec(inputs.specFile, context.workspace)
  if ('warning' in spec) {
    warnings.push(spec.warning)
    return findings
  }
  return findings.map(finding => {
    const line = spec.lineOf(finding.path)
    return line === undefined
      ? { ...finding, file: spec.file }
      : { ...finding, file: spec.file, line }
  })
}

interface Published {
  notes: ChannelNotes
  /** The findings the step's own annotations must show: those no check run carries. */
  toAnnotate: LocatedFinding[]
}

/**
 * Report file, SARIF file and outputs; then the job summary and PR comment; then the check
 * run, which may take long (50 findings a request), so it cannot starve the others.
 */
async function publishReports(
  judgement: Judgement,
  stepFails: boolean,
  inputs: Inputs,
  context: RunContext,
  deadlineMs: number,
  clock: Clock
): Promise<Published> {
  const { report } = judgement
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
    throw new RunnerError(
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
        deadlineMs,
        now: clock.now
      })
    )
  }
  for (const channel of await Promise.all(channels)) addNotes(notes, channel)
  if (!inputs.checkRun) return { notes, toAnnotate: report.findings }

  // Loaded only when asked for: most runs write no check run.
  const { SUMMARY_MAX_CHARACTERS, writeCheckRun } = await import('./report/check-run.ts')
  const checkRun = await writeCheckRun(report, context, {
    token: inputs.githubToken,
    apiUrl: context.apiUrl,
    deadlineMs,
    // Bytes are never fewer than characters: a byte budget keeps the API's character limit.
    summaryMarkdown: renderJobSummary(report, context, SUMMARY_MAX_CHARACTERS),
    failsOnErrors: judgement.failsOnErrors,
    stepFails,
    repositoryPaths: paths,
    clock
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

/**
 * `Import 1a2b3c4d… Completed: 3 errors (max 0), 2 warnings (no limit): failed`; comparing,
 * `Import 1a2b3c4d… Completed: 2 new errors (max 0), 5 fixed, 138 unchanged: failed`.
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

function failureMessage(report: GateReport): string {
  const publishError = report.publication?.error
  if (report.result === 'passed' && publishError !== undefined) return publishError
  const reasons = report.reasons.join(' ')
  switch (report.result) {
    case 'failed':
      return `Document360 import gate failed: ${reasons}`
    case 'timed-out':
      return `Document360 import gate timed out: ${reasons}`
    default:
      return reasons || 'The gate could not decide.'
  }
}

/** Every plain log line goes through here: outside text in it can never start a command. */
function say(message: string): void {
  core.info(logLine(message))
}

function unexpected(error: unknown): string {
  core.debug(error instanceof Error ? (error.stack ?? error.message) : String(error))
  const message = error instanceof Error ? error.message : String(error)
  return `Unexpected error in the gate: ${oneLine(message, 300)}. Please report it with the debug log (RUNNER_DEBUG=1).`
}
