// Finds the import and judges it: starts it first with `resync-url` (resync.ts) or finds it
// (the latest, `log-id`, `since`), waits while it runs (wait.ts), fetches its findings (and
// the baseline's, when comparing) and reaches the verdict. Never throws: whatever goes wrong
// becomes an `error` report. What that means for the step is main.ts's to decide.

import { TREND_LENGTH, trendOf, usableLogs, type LogHistory } from './baseline/history.ts'
import type { WaiverSet } from './baseline/waivers-file.ts'
import type { Clock } from './clock.ts'
import type { RunContext } from './context.ts'
import { Document360Client, MAX_PAGE_SIZE, type ClientOptions } from './document360/client.ts'
import { Document360Error } from './document360/errors.ts'
import { findingsOf } from './findings.ts'
import { proxyCredentials } from './document360/proxy.ts'
import type { ImportLog, LogDetail } from './document360/types.ts'
import { shownUrl, specUrlSecrets, type Inputs } from './inputs.ts'
import { debug, say, unexpected } from './log.ts'
import { PollPacer } from './pace.ts'
import type { GateReport, LocatedFinding } from './report/types.ts'
import type { ResyncStart } from './resync.ts'
import { classifyStatus } from './status.ts'
import { shortId } from './text.ts'
import { decide, type Verdict } from './verdict.ts'
import { waitForImport, type WaitOutcome } from './wait.ts'

/** A resync waits for the next rate-limit window for at most this share of wait-timeout. */
const RESYNC_DEFER_SHARE = 0.25

export interface Judgement {
  report: GateReport
  /** The import's errors fail the gate (so they are annotated as errors). */
  failsOnErrors: boolean
  /** Found while judging (findings unavailable, spec unreadable…); printed with the channels'. */
  warnings: string[]
  /** For publishing after a pass; absent when the client could not be set up. */
  client?: Document360Client
}

export interface JudgeOptions {
  inputs: Inputs
  context: RunContext
  waivers: WaiverSet | undefined
  clock: Clock
  /** When the step started: wait-timeout counts from here. */
  startedMs: number
  /** No Document360 request runs past this. */
  deadlineMs: number
}

export async function judge(options: JudgeOptions): Promise<Judgement> {
  const { inputs } = options
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
    const clientOptions = document360Options(options)
    const judgedClient = new Document360Client(clientOptions)
    client = judgedClient
    const outcome = await startAndWait(judgedClient, options, report, warnings)
    if ('failure' in outcome) return failed(outcome.failure, outcome.result)

    const { log, history } = outcome
    describeLog(report, log)
    const trend = trendOf(log, usableLogs(history.older))
    if (trend.length > 0) report.trend = trend
    const comparing = inputs.baseline.kind !== 'none' || options.waivers !== undefined
    const verdict =
      comparing && decide(log, inputs).result !== 'error'
        ? await judgeCompared(log, history, judgedClient, clientOptions, options, report, warnings)
        : await judgeAlone(log, judgedClient, options, report, warnings)
    report.result = verdict.result
    report.reasons = verdict.reasons
    warnings.push(...verdict.warnings)
    return { report, failsOnErrors: verdict.failsOnErrors, warnings, client: judgedClient }
  } catch (error) {
    return failed(error instanceof Document360Error ? error.message : unexpected(error))
  }
}

function document360Options({ inputs, clock, deadlineMs }: JudgeOptions): ClientOptions {
  return {
    apiUrl: inputs.apiUrl,
    token: inputs.token,
    authScheme: inputs.authScheme,
    projectId: inputs.projectId,
    apiReferenceId: inputs.apiReferenceId,
    deadlineMs,
    clock,
    onRetry: message => {
      say(`Document360: ${message}`)
    },
    onDebug: debug,
    // A signed spec URL's query and a proxy's credentials: never in a message.
    secrets: [
      ...(inputs.resyncUrl === null ? [] : specUrlSecrets(inputs.resyncUrl)),
      ...proxyCredentials(process.env)
    ]
  }
}

type Found =
  Extract<WaitOutcome, { kind: 'finished' }> | { failure: string; result: GateReport['result'] }

/** Starts the import (resync-url) or announces the lookup, then waits for the import to end. */
async function startAndWait(
  client: Document360Client,
  options: JudgeOptions,
  report: GateReport,
  warnings: string[]
): Promise<Found> {
  const { inputs, clock } = options
  const pacer = new PollPacer({
    intervalMs: inputs.pollIntervalSeconds * 1000,
    rateLimit: () => client.rateLimit,
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
    // Loaded only for a resync, as the baseline comparison is only when comparing: a plain
    // run's start-up does not pay for them.
    const { SNAPSHOT_PAGE_SIZE, startResync } = await import('./resync.ts')
    start = await startResync(client, inputs.resyncUrl, {
      pageSize: Math.max(SNAPSHOT_PAGE_SIZE, pageSize),
      pacer,
      now: clock.now,
      sleep: clock.sleep,
      sendByMs: options.startedMs + waitTimeoutMs * RESYNC_DEFER_SHARE,
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
  const outcome = await waitForImport(client, {
    since: inputs.since,
    logId: inputs.logId,
    snapshot: start?.snapshot ?? null,
    waitTimeoutMs,
    startedAtMs: options.startedMs,
    pollIntervalMs: inputs.pollIntervalSeconds * 1000,
    now: clock.now,
    sleep: clock.sleep,
    pacer,
    onProgress: say,
    onWarning: warning => warnings.push(warning),
    pageSize
  })
  if (outcome.kind === 'finished') return outcome
  if (outcome.log) describeLog(report, outcome.log)
  if (start?.kind === 'unanswered' && outcome.log === undefined) {
    return {
      failure:
        `${start.error.message} No new import log appeared within wait-timeout ` +
        `(${inputs.waitTimeoutSeconds}s), so the resync may or may not have started an ` +
        "import: check the API reference's import logs in Document360 before running again.",
      result: 'error'
    }
  }
  return { failure: outcome.reason, result: outcome.kind === 'timed-out' ? 'timed-out' : 'error' }
}

/** Against the baseline (and the waivers): limits count only new findings. */
async function judgeCompared(
  log: ImportLog,
  history: LogHistory,
  client: Document360Client,
  clientOptions: ClientOptions,
  options: JudgeOptions,
  report: GateReport,
  warnings: string[]
): Promise<Verdict> {
  const { judgeAgainstBaseline } = await import('./baseline/compared.ts')
  const { utcDay } = await import('./baseline/waivers.ts')
  const judged = await judgeAgainstBaseline({
    inputs: options.inputs,
    log,
    history,
    waivers: options.waivers,
    detailNeeded: hasFindings(log),
    client,
    clientFor: apiReferenceId => new Document360Client({ ...clientOptions, apiReferenceId }),
    today: utcDay(options.clock.now()),
    say,
    warn: warning => warnings.push(warning)
  })
  noteListed(report, log, judged.listed)
  report.comparison = judged.comparison
  if (judged.fixedFindings !== undefined) report.fixedFindings = judged.fixedFindings
  report.findings = await locateFindings(judged.findings, options, warnings)
  return judged.verdict
}

/** On its own: the findings first, since each severity is judged on max(count, listed). */
async function judgeAlone(
  log: ImportLog,
  client: Document360Client,
  options: JudgeOptions,
  report: GateReport,
  warnings: string[]
): Promise<Verdict> {
  const detail = hasFindings(log) ? await fetchFindings(client, log.id, warnings) : undefined
  const listed = detail && { errors: detail.errors.length, warnings: detail.warnings.length }
  if (listed) noteListed(report, log, listed)
  if (detail) report.findings = await locateFindings(findingsOf(detail), options, warnings)
  return decide(log, options.inputs, listed)
}

function describeLog(report: GateReport, log: ImportLog): void {
  report.logId = log.id
  report.status = log.status
  if (log.createdAt !== undefined) report.createdAt = log.createdAt
  if (log.errorCount !== undefined) report.errorCount = log.errorCount
  if (log.warningCount !== undefined) report.warningCount = log.warningCount
}

/** The listed numbers go into the report where they differ from the counts. */
function noteListed(
  report: GateReport,
  log: ImportLog,
  listed: { errors: number; warnings: number }
): void {
  if (listed.errors !== log.errorCount) report.listedErrorCount = listed.errors
  if (listed.warnings !== log.warningCount) report.listedWarningCount = listed.warnings
}

/** A clean import needs no detail request. */
function hasFindings(log: ImportLog): boolean {
  return (
    (log.errorCount ?? 0) > 0 ||
    (log.warningCount ?? 0) > 0 ||
    classifyStatus(log.status) === 'failed'
  )
}

/** Failing to get the findings is a warning: the verdict then stands on the counts. */
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
  { inputs, context }: JudgeOptions,
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
