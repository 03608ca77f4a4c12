// Orchestrates one run of the gate, and is the one place that decides the step's outcome:
// read inputs → wait for the import → judge it → report on every channel → pass or fail.

import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as core from '@actions/core'
import { Document360Client } from './document360/client.ts'
import { Document360Error } from './document360/errors.ts'
import { systemClock } from './document360/http.ts'
import type { ImportLog, LogDetail } from './document360/types.ts'
import { InputError, parseInputs, type Inputs } from './inputs.ts'
import { planAnnotations, writeAnnotations } from './report/annotations.ts'
import { setOutputs } from './report/outputs.ts'
import { upsertPullRequestComment } from './report/pr-comment.ts'
import { cappedReportJson, writeReportFile } from './report/report-file.ts'
import { repositoryPaths } from './report/repository-path.ts'
import { buildSarif, sarifUnfitReason, writeSarifFile } from './report/sarif.ts'
import { renderJobSummary, writeJobSummary } from './report/summary.ts'
import type { GateReport, LocatedFinding, RunContext } from './report/types.ts'
import { classifyStatus } from './status.ts'
import { oneLine, plural, shortId } from './text.ts'
import { decide } from './verdict.ts'
import { waitForImport } from './wait.ts'

/** Time for the last requests and the reports after wait-timeout: the step's overrun bound. */
const GRACE_MS = 25_000
/** Past the grace, the watchdog stops the step whatever is still pending. */
const WATCHDOG_MS = 5_000

/** What the run has settled so far; the watchdog reads it. */
interface RunState {
  stepFails: boolean | undefined
  warnings: number
}

export async function run(): Promise<void> {
  try {
    await gate()
  } catch (error) {
    // Only a broken runner environment (an unwritable GITHUB_OUTPUT, say) gets here.
    core.setFailed(unexpected(error))
  }
}

async function gate(): Promise<void> {
  // The token is masked before anything else can print it.
  for (const secret of [core.getInput('token'), core.getInput('github-token')]) {
    if (secret.trim()) core.setSecret(secret.trim())
  }

  let inputs: Inputs
  try {
    inputs = parseInputs(name => core.getInput(name))
  } catch (error) {
    core.setOutput('result', 'error')
    core.setFailed(error instanceof InputError ? error.message : unexpected(error))
    return
  }

  const state: RunState = { stepFails: undefined, warnings: 0 }
  const deadlineMs = Date.now() + inputs.waitTimeoutSeconds * 1000 + GRACE_MS
  const watchdog = startWatchdog(deadlineMs + WATCHDOG_MS, state)
  try {
    const { report, failsOnErrors } = await judge(inputs, deadlineMs, state)
    state.stepFails =
      report.result !== 'passed' && (report.result !== 'failed' || inputs.failOnThreshold)
    await publish(report, failsOnErrors, inputs, state, deadlineMs)

    core.info(verdictLine(report))
    if (report.result === 'failed' && !inputs.failOnThreshold) {
      core.info('Report only (fail-on-threshold: false): the step stays green.')
    }
    if (state.stepFails) core.setFailed(failureMessage(report))
  } finally {
    clearTimeout(watchdog)
  }
}

interface Judgement {
  report: GateReport
  /** The import's errors fail the gate (so they are annotated as errors). */
  failsOnErrors: boolean
}

/** Waits for the import and judges it. Never throws: what goes wrong becomes an `error` report. */
async function judge(inputs: Inputs, deadlineMs: number, state: RunState): Promise<Judgement> {
  const report: GateReport = {
    result: 'error',
    reasons: [],
    projectId: inputs.projectId,
    apiReferenceId: inputs.apiReferenceId,
    maxErrors: inputs.maxErrors,
    maxWarnings: inputs.maxWarnings,
    findings: []
  }
  try {
    const client = new Document360Client({
      apiUrl: inputs.apiUrl,
      token: inputs.token,
      authScheme: inputs.authScheme,
      projectId: inputs.projectId,
      apiReferenceId: inputs.apiReferenceId,
      deadlineMs,
      onRetry: message => core.info(`Document360: ${message}`),
      onDebug: message => core.debug(message)
    })
    core.info(
      `Checking the ${inputs.logId ? `import log ${oneLine(inputs.logId)}` : 'latest import'} ` +
        `of API reference ${oneLine(inputs.apiReferenceId)}` +
        `${inputs.since ? ` created at or after ${inputs.since.toISOString()}` : ''}.`
    )
    const outcome = await waitForImport(client, {
      since: inputs.since,
      logId: inputs.logId,
      waitTimeoutMs: inputs.waitTimeoutSeconds * 1000,
      pollIntervalMs: inputs.pollIntervalSeconds * 1000,
      now: systemClock.now,
      sleep: systemClock.sleep,
      onProgress: message => core.info(message)
    })
    if (outcome.kind === 'timed-out') {
      if (outcome.log) describeLog(report, outcome.log)
      return {
        report: { ...report, result: 'timed-out', reasons: [outcome.reason] },
        failsOnErrors: false
      }
    }

    const log = outcome.log
    describeLog(report, log)
    const verdict = decide(log, inputs)
    report.result = verdict.result
    report.reasons = verdict.reasons
    if (verdict.unknownStatus !== undefined) {
      warn(
        state,
        `Document360 reported an import status the gate does not know ` +
          `("${oneLine(verdict.unknownStatus, 60)}"); it judged the import by its counts.`
      )
    }
    if (hasFindings(log)) {
      const detail = await fetchFindings(client, log.id, state)
      if (detail) report.findings = await locateFindings(detail, inputs, state)
    }
    return { report, failsOnErrors: verdict.failsOnErrors }
  } catch (error) {
    const message = error instanceof Document360Error ? error.message : unexpected(error)
    return { report: { ...report, result: 'error', reasons: [message] }, failsOnErrors: false }
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
  state: RunState
): Promise<LogDetail | undefined> {
  try {
    return await client.getLogDetail(logId)
  } catch (error) {
    if (!(error instanceof Document360Error)) throw error
    warn(
      state,
      `Could not fetch the findings of import log ${logId}; the verdict stands on the counts. ${error.message}`
    )
    return undefined
  }
}

async function locateFindings(
  detail: LogDetail,
  inputs: Inputs,
  state: RunState
): Promise<LocatedFinding[]> {
  const findings: LocatedFinding[] = [
    ...detail.errors.map(f => ({ severity: 'error' as const, ...f })),
    ...detail.warnings.map(f => ({ severity: 'warning' as const, ...f }))
  ]
  if (!inputs.specFile) return findings
  // Loaded only when needed: parsing the spec is the one heavy thing a run may do.
  const { loadSpec } = await import('./spec/locate.ts')
  const spec = await loadSpec(inputs.specFile, process.env.GITHUB_WORKSPACE || process.cwd())
  if ('warning' in spec) {
    warn(state, spec.warning)
    return findings
  }
  return findings.map(finding => {
    const line = spec.lineOf(finding.path)
    return line === undefined
      ? { ...finding, file: spec.file }
      : { ...finding, file: spec.file, line }
  })
}

/** Outputs, report file, annotations, job summary and PR comment. */
async function publish(
  report: GateReport,
  failsOnErrors: boolean,
  inputs: Inputs,
  state: RunState,
  deadlineMs: number
): Promise<void> {
  let reportFile: string | undefined
  try {
    reportFile = await writeReportFile(report)
  } catch (error) {
    warn(state, `Could not write the report file: ${unexpected(error)}`)
  }
  setOutputs(report, cappedReportJson(report), reportFile)

  const context = runContext()
  const paths = await repositoryPaths(
    report.findings.flatMap(finding => (finding.file === undefined ? [] : [finding.file])),
    process.env.GITHUB_WORKSPACE || process.cwd()
  )
  // A judged import's findings, every one with its place (a clean import closes alerts).
  try {
    const sarif = buildSarif(report, context, { repositoryPaths: paths })
    const unfit = sarifUnfitReason(report, sarif)
    if (unfit === undefined) {
      const runnerTemp = process.env.RUNNER_TEMP || tmpdir()
      core.setOutput('sarif-file', await writeSarifFile(sarif, report.apiReferenceId, runnerTemp))
    } else {
      core.info(`No SARIF file (sarif-file is empty): ${unfit}`)
    }
  } catch (error) {
    warn(state, `Could not write the SARIF file: ${unexpected(error)}`)
  }

  let checkRunDelivered = false
  if (inputs.checkRun) {
    // Loaded only when asked for, as most runs write no check run.
    const { SUMMARY_MAX_CHARACTERS, writeCheckRun } = await import('./report/check-run.ts')
    const apiUrl = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
    const outcome = await writeCheckRun(report, context, {
      token: inputs.githubToken,
      apiUrl,
      deadlineMs,
      summaryMarkdown: renderJobSummary(report, context, SUMMARY_MAX_CHARACTERS),
      failsOnErrors,
      stepFails: state.stepFails === true,
      repositoryPaths: paths,
      // GitHub asks for a second between writes; a loopback API is a local test double.
      writeIntervalMs: /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i.test(
        apiUrl
      )
        ? 0
        : 1_000
    })
    for (const line of outcome.info) core.info(line)
    for (const line of outcome.warnings) warn(state, line)
    checkRunDelivered = outcome.delivered
  }

  // The step's annotations do not repeat what the check run carries: only the findings
  // without a place in the repository (which it leaves to its summary) remain.
  const stepFindings = checkRunDelivered
    ? report.findings.filter(finding => finding.file === undefined || !paths.has(finding.file))
    : report.findings
  if (inputs.annotations && stepFindings.length > 0) {
    // The failure message is an error annotation too, and a PR comment may need a warning.
    const plan = planAnnotations(stepFindings, failsOnErrors, {
      reservedErrors: state.stepFails ? 1 : 0,
      reservedWarnings: state.warnings + (inputs.prComment ? 1 : 0)
    })
    writeAnnotations(plan, inputs.jobSummary)
  }

  if (inputs.jobSummary) {
    if (process.env.GITHUB_STEP_SUMMARY) await writeJobSummary(report, context)
    else core.debug('No GITHUB_STEP_SUMMARY file: the job summary is skipped.')
  }
  if (inputs.prComment) await upsertPullRequestComment(report, context, inputs.githubToken)
}

function runContext(env = process.env): RunContext {
  const context: RunContext = { serverUrl: env.GITHUB_SERVER_URL || 'https://github.com' }
  if (env.GITHUB_REPOSITORY) context.repository = env.GITHUB_REPOSITORY
  if (env.GITHUB_SHA) context.sha = env.GITHUB_SHA
  if (env.GITHUB_RUN_ID) context.runId = env.GITHUB_RUN_ID
  if (env.GITHUB_RUN_ATTEMPT) context.runAttempt = env.GITHUB_RUN_ATTEMPT
  if (env.GITHUB_EVENT_NAME) context.eventName = env.GITHUB_EVENT_NAME
  if (env.RUNNER_NAME) context.runnerName = env.RUNNER_NAME
  if (env.GITHUB_ACTION_REPOSITORY) context.actionRepository = env.GITHUB_ACTION_REPOSITORY
  const headSha = pullRequestHeadSha(env) ?? env.GITHUB_SHA
  if (headSha) context.headSha = headSha
  return context
}

/** On pull_request(_target) events, GITHUB_SHA is a merge commit: the PR's head is what runs. */
function pullRequestHeadSha(env: NodeJS.ProcessEnv): string | undefined {
  if (!/^pull_request(_target)?$/.test(env.GITHUB_EVENT_NAME ?? '') || !env.GITHUB_EVENT_PATH) {
    return undefined
  }
  try {
    const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
      pull_request?: { head?: { sha?: unknown } }
    }
    const sha = payload.pull_request?.head?.sha
    return typeof sha === 'string' && /^[0-9a-f]{40}$/i.test(sha) ? sha : undefined
  } catch {
    return undefined
  }
}

/** `Import 1a2b3c4d… Completed: 3 errors (max 0), 2 warnings (no limit): failed` */
export function verdictLine(report: GateReport): string {
  if (report.logId === undefined || report.status === undefined) {
    return `No import judged for API reference ${report.apiReferenceId}: ${report.result}`
  }
  const parts = [`Import ${shortId(report.logId)} ${oneLine(report.status, 40)}`]
  if (report.errorCount !== undefined && report.warningCount !== undefined) {
    const warningLimit = report.maxWarnings === null ? 'no limit' : `max ${report.maxWarnings}`
    parts.push(
      `${plural(report.errorCount, 'error')} (max ${report.maxErrors}), ` +
        `${plural(report.warningCount, 'warning')} (${warningLimit})`
    )
  }
  return `${parts.join(': ')}: ${report.result}`
}

function failureMessage(report: GateReport): string {
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

function warn(state: RunState, message: string): void {
  state.warnings++
  core.warning(message)
}

function unexpected(error: unknown): string {
  core.debug(error instanceof Error ? (error.stack ?? error.message) : String(error))
  const message = error instanceof Error ? error.message : String(error)
  return `Unexpected error in the gate: ${oneLine(message, 300)}. Please report it with the debug log (RUNNER_DEBUG=1).`
}

function startWatchdog(atMs: number, state: RunState): NodeJS.Timeout {
  const timer = setTimeout(
    () => {
      if (state.stepFails === undefined) {
        core.setOutput('result', 'error')
        core.setFailed(
          'The gate ran past its time budget (wait-timeout plus 30 seconds) and stopped: ' +
            'Document360 did not answer in time.'
        )
      } else {
        core.warning('Reporting took too long and was cut short (job summary or PR comment).')
      }
      process.exit(state.stepFails === false ? 0 : 1)
    },
    Math.max(0, atMs - Date.now())
  )
  timer.unref()
  return timer
}
