// Judging on new findings only (a `baseline`, a `waivers-file`, or both): fetches the judged
// import's findings and the baseline's (both needed: failing to get either is an error, never a
// pass), applies the waivers that have not expired, classifies every finding and decides.
// judge.ts calls this once the import has finished; main.ts decides what the verdict does to
// the step.

import { Document360Error } from '../document360/errors.ts'
import type { ImportLog, LogDetail } from '../document360/types.ts'
import type { Inputs } from '../inputs.ts'
import type { ComparisonReport, LocatedFinding } from '../report/types.ts'
import { findingsOf } from '../findings.ts'
import { oneLine, plural, shortId } from '../text.ts'
import type { ListedCounts, Verdict } from '../verdict.ts'
import { classifyFindings } from './classify.ts'
import type { LogHistory } from './history.ts'
import { decideWithBaseline } from './judge.ts'
import { findBaseline, type Baseline, type LogsClient } from './select.ts'
import type { WaiverSet } from './waivers-file.ts'
import { expiredWarning, partitionByExpiry, type CompiledWaiver, type Waiver } from './waivers.ts'

/** Expired waivers get one warning each, up to this many; the rest are named in one more. */
const EXPIRED_WARNINGS_MAX = 5

export interface ComparedRun {
  inputs: Inputs
  /** The judged import, finished. */
  log: ImportLog
  history: LogHistory
  waivers: WaiverSet | undefined
  /** Whether the judged import has findings to fetch (a clean import needs no request). */
  detailNeeded: boolean
  client: LogsClient
  clientFor: (apiReferenceId: string) => LogsClient
  /** YYYY-MM-DD (UTC): waivers whose `until` is before it have expired. */
  today: string
  say(message: string): void
  warn(message: string): void
}

export interface ComparedJudgement {
  verdict: Verdict
  /** How many findings the judged import's detail listed (its counts may differ). */
  listed: ListedCounts
  comparison: ComparisonReport
  /** The judged import's findings: new, unchanged, then waived (each errors first). */
  findings: LocatedFinding[]
  /** The baseline's findings the judged import no longer has; absent without a baseline. */
  fixedFindings?: LocatedFinding[]
}

export async function judgeAgainstBaseline(run: ComparedRun): Promise<ComparedJudgement> {
  const { inputs, log } = run
  const detail: LogDetail = run.detailNeeded
    ? await needed(run.client.getLogDetail(log.id), `the findings of import log ${shortId(log.id)}`)
    : { id: log.id, errors: [], warnings: [] }

  const comparison: ComparisonReport = {
    baseline: baselineInput(inputs),
    newErrorCount: 0,
    newWarningCount: 0,
    unchangedCount: 0,
    fixedCount: 0,
    waivedCount: 0
  }
  const baseline = await baselineOf(run, comparison)
  let active: CompiledWaiver[] = []
  if (run.waivers !== undefined) {
    comparison.waiversFile = run.waivers.file
    const { active: applying, expired } = partitionByExpiry(run.waivers.waivers, run.today)
    active = applying
    for (const warning of expiryWarnings(expired, run.waivers.file)) run.warn(warning)
  }

  const classified = classifyFindings(findingsOf(detail), {
    baseline: baseline?.findings ?? [],
    waivers: active,
    unlisted: {
      current: {
        errors: Math.max(0, (log.errorCount ?? 0) - detail.errors.length),
        warnings: Math.max(0, (log.warningCount ?? 0) - detail.warnings.length)
      },
      baseline: baseline?.unlisted ?? { errors: 0, warnings: 0 }
    }
  })
  const { counts } = classified
  comparison.newErrorCount = counts.newErrors
  comparison.newWarningCount = counts.newWarnings
  comparison.unchangedCount = counts.unchanged
  comparison.fixedCount = counts.fixed
  comparison.waivedCount = counts.waived
  const listed = { errors: detail.errors.length, warnings: detail.warnings.length }
  const judged: ComparedJudgement = {
    verdict: decideWithBaseline(log, inputs, counts, run.detailNeeded ? listed : undefined),
    listed,
    comparison,
    findings: classified.findings
  }
  if (baseline !== undefined) judged.fixedFindings = classified.fixed
  return judged
}

/** The baseline, described in `comparison`; undefined (and a warning) when there is none. */
async function baselineOf(
  run: ComparedRun,
  comparison: ComparisonReport
): Promise<Baseline | undefined> {
  const choice = run.inputs.baseline
  if (choice.kind === 'none') return undefined
  const found = await needed(
    findBaseline(choice, {
      judged: run.log,
      history: run.history,
      apiReferenceId: run.inputs.apiReferenceId,
      projectId: run.inputs.projectId,
      client: run.client,
      clientFor: run.clientFor
    }),
    `the baseline (baseline: ${oneLine(comparison.baseline, 120)})`
  )
  if ('missing' in found) {
    comparison.baselineMissing = found.missing
    run.warn(
      `No baseline to compare with (baseline: ${oneLine(comparison.baseline, 120)}): ` +
        `${found.missing}. Every finding counts as new.`
    )
    return undefined
  }
  const { baseline } = found
  comparison.baselineLogId = baseline.log.id
  comparison.baselineApiReferenceId = baseline.apiReferenceId
  if ('status' in baseline.log) {
    comparison.baselineStatus = baseline.log.status
    if (baseline.log.createdAt !== undefined) comparison.baselineCreatedAt = baseline.log.createdAt
  }
  run.say(
    `Comparing with import log ${shortId(baseline.log.id)} of API reference ` +
      `${baseline.apiReferenceId} (baseline: ${comparison.baseline}).`
  )
  return baseline
}

/** What the comparison cannot do without: an API failure becomes the run's error. */
async function needed<T>(request: Promise<T>, what: string): Promise<T> {
  try {
    return await request
  } catch (error) {
    if (!(error instanceof Document360Error)) throw error
    throw new Document360Error(
      error.kind,
      `Could not fetch ${what}, which comparing findings needs: ${error.message}`,
      error.status
    )
  }
}

/** The `baseline` input as the user wrote it (normalised): `previous`, `log:<id>`… */
function baselineInput(inputs: Inputs): string {
  const choice = inputs.baseline
  switch (choice.kind) {
    case 'log':
      return `log:${choice.logId}`
    case 'api-reference':
      return `api-reference:${choice.apiReferenceId}`
    default:
      return choice.kind
  }
}

/** One warning per expired waiver, up to a few; the rest named together in one more. */
function expiryWarnings(expired: readonly Waiver[], file: string): string[] {
  const named = expired.slice(0, EXPIRED_WARNINGS_MAX).map(waiver => expiredWarning(waiver, file))
  const rest = expired.slice(EXPIRED_WARNINGS_MAX)
  if (rest.length > 0) {
    named.push(
      `${plural(rest.length, 'more waiver')} in "${oneLine(file, 200)}" expired and no longer ` +
        `apply (entries ${rest.map(waiver => waiver.entry).join(', ')}): the findings they ` +
        'accepted count again.'
    )
  }
  return named
}
