// One run of the gate, and the one place that decides the step's outcome:
// read the inputs (and the waivers file) → start the import (resync-url) or find it, wait
// while it runs, and judge it (judge.ts) → publish after a pass (publish: on-pass) → report on
// every channel (channels.ts) → print what they had to say, then the annotations, planned
// around those warnings → the verdict line → pass or fail the step.

import * as core from '@actions/core'
import type { WaiverSet } from './baseline/waivers-file.ts'
import { systemClock, type Clock } from './clock.ts'
import { readRunContext, type RunContext } from './context.ts'
import { proxyCredentials } from './document360/proxy.ts'
import { InputError, parseInputs, specUrlSecrets, type Inputs } from './inputs.ts'
import { judge } from './judge.ts'
import { mask, say, unexpected } from './log.ts'
import { planAnnotations, writeAnnotations } from './report/annotations.ts'
import { OutputsNotWritten, reportOnEveryChannel } from './report/channels.ts'
import type { GateReport } from './report/types.ts'
import { verdictLine } from './report/verdict-line.ts'
import { oneLine } from './text.ts'

/** The step ends within wait-timeout plus this overrun, whatever any server does. */
export const OVERRUN_MS = 30_000
/** Of the overrun, the part kept for the reports after the last Document360 request (10 s). */
const REPORT_SHARE = 1 / 3
/** Of that, the part kept for start-up (before `started`), the verdict line and exit (2 s). */
const EXIT_SHARE = 1 / 15

export interface RunOptions {
  clock?: Clock
  /** Only tests shorten it, to prove the guarantee in seconds. */
  overrunMs?: number
}

export async function run(options: RunOptions = {}): Promise<void> {
  try {
    await gate(options.clock ?? systemClock, options.overrunMs ?? OVERRUN_MS)
  } catch (error) {
    // Only a broken runner or a bug gets here: all a user or a server can cause is handled.
    core.setFailed(error instanceof OutputsNotWritten ? error.message : unexpected(error))
  }
}

async function gate(clock: Clock, overrunMs: number): Promise<void> {
  const startedMs = clock.now()
  const inputs = readInputs(new Date(startedMs))
  if (inputs === undefined) return
  const budgetEndMs = startedMs + inputs.waitTimeoutSeconds * 1000 + overrunMs
  const context = await readRunContext()
  const waivers = await readWaivers(inputs, context)
  if (waivers === false) return

  const judgement = await judge({
    inputs,
    context,
    waivers,
    clock,
    startedMs,
    deadlineMs: budgetEndMs - overrunMs * REPORT_SHARE
  })
  const { report } = judgement
  if (inputs.publish === 'on-pass') {
    const { publishOnPass } = await import('./publish.ts')
    await publishOnPass(report, judgement.client, inputs.workspaceId ?? '', say)
  }
  const stepFails =
    report.publication?.error !== undefined ||
    (report.result !== 'passed' && (report.result !== 'failed' || inputs.failOnThreshold))

  const { notes, toAnnotate } = await reportOnEveryChannel(report, {
    inputs,
    context,
    clock,
    failsOnErrors: judgement.failsOnErrors,
    stepFails,
    deadlineMs: budgetEndMs - overrunMs * EXIT_SHARE
  })
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
    if (secret.trim()) mask(secret.trim())
  }
  proxyCredentials(process.env).forEach(mask)
  try {
    const inputs = parseInputs(name => core.getInput(name), now)
    // A signed spec URL's query is a credential too.
    if (inputs.resyncUrl !== null) specUrlSecrets(inputs.resyncUrl).forEach(mask)
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
