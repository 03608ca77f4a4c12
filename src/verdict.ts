// The gate's decision on a finished import: a pure function of the log, the findings Document360
// listed for it (when the gate has them) and the limits.

import type { ImportLog } from './document360/types.ts'
import { classifyStatus } from './status.ts'
import { oneLine, plural, quote, shortId } from './text.ts'

export interface Limits {
  maxErrors: number
  /** null: no limit. */
  maxWarnings: number | null
}

/** How many findings of each severity the log's detail listed. */
export interface ListedCounts {
  errors: number
  warnings: number
}

export interface Verdict {
  result: 'passed' | 'failed' | 'error'
  /** Why, one sentence each; empty for a plain pass. */
  reasons: string[]
  /** The gate fails because of the import's errors (so they are annotated as errors). */
  failsOnErrors: boolean
  /** What the user should know beside the result (counts and listed findings that disagree). */
  warnings: string[]
}

/**
 * Judges a finished log. With `listed` (the findings of its detail), each severity is judged
 * on the larger of Document360's count and the number of findings listed: the two can disagree
 * (they do in Document360's own documentation), and the gate never passes on the smaller.
 */
export function decide(log: ImportLog, limits: Limits, listed?: ListedCounts): Verdict {
  const kind = classifyStatus(log.status)
  const status = oneLine(log.status, 60)
  if (kind === 'running') return error(`The import is still ${status}.`)
  if (kind === 'unknown') return error(unknownStatus(log))

  const reasons: string[] = []
  const failed = kind === 'failed'
  if (failed) reasons.push(`Document360 reports the import as ${status}.`)

  const { errorCount, warningCount } = log
  if (errorCount === undefined || warningCount === undefined) {
    if (failed) return { result: 'failed', reasons, failsOnErrors: true, warnings: [] }
    const missing = [
      errorCount === undefined && 'error_count',
      warningCount === undefined && 'warning_count'
    ]
      .filter(Boolean)
      .join(' and ')
    return error(
      `Import log ${shortId(log.id)} (${status}) has no ${missing} that the gate can read (a ` +
        'whole number, 0 or more), so it cannot judge it.'
    )
  }

  const errors = judged(errorCount, listed?.errors)
  const warnings = judged(warningCount, listed?.warnings)
  const tooManyErrors = errors.count > limits.maxErrors
  if (tooManyErrors) {
    reasons.push(
      `${plural(errors.count, 'error')}${errors.note}, more than max-errors ${limits.maxErrors}.`
    )
  }
  if (limits.maxWarnings !== null && warnings.count > limits.maxWarnings) {
    reasons.push(
      `${plural(warnings.count, 'warning')}${warnings.note}, more than max-warnings ${limits.maxWarnings}.`
    )
  }
  return {
    result: reasons.length > 0 ? 'failed' : 'passed',
    reasons,
    failsOnErrors: failed || tooManyErrors,
    warnings: disagreement(errorCount, warningCount, listed)
  }
}

function error(reason: string): Verdict {
  return { result: 'error', reasons: [reason], failsOnErrors: false, warnings: [] }
}

/** The number a severity is judged on, and a note for the reason when count and list differ. */
function judged(counted: number, listed: number | undefined): { count: number; note: string } {
  if (listed === undefined || listed === counted) return { count: counted, note: '' }
  return { count: Math.max(counted, listed), note: ` (${counted} counted, ${listed} listed)` }
}

/** One warning naming both numbers of each severity that disagrees; none when all agree. */
function disagreement(errors: number, warnings: number, listed?: ListedCounts): string[] {
  if (listed === undefined) return []
  const parts: string[] = []
  const judgedOn: string[] = []
  for (const [counted, found, noun] of [
    [errors, listed.errors, 'error'],
    [warnings, listed.warnings, 'warning']
  ] as const) {
    if (counted === found) continue
    parts.push(`${plural(counted, noun)} but listed ${found}`)
    judgedOn.push(plural(Math.max(counted, found), noun))
  }
  if (parts.length === 0) return []
  return [`Document360 reported ${parts.join(', and ')}: judged on ${judgedOn.join(' and ')}.`]
}

/** Says what the gate knows of a log whose status it cannot place, and why that is no pass. */
function unknownStatus(log: ImportLog): string {
  const known: string[] = []
  if (log.errorCount !== undefined) known.push(plural(log.errorCount, 'error'))
  if (log.warningCount !== undefined) known.push(plural(log.warningCount, 'warning'))
  const counts = known.length > 0 ? `it counted ${known.join(' and ')}` : 'it gave no counts'
  return (
    `Document360 reports import log ${shortId(log.id)} as ${quote(log.status, 60)}, a status ` +
    `the gate cannot place as succeeded, failed or still running (${counts}), so it cannot ` +
    'confirm the import succeeded. If this is a normal Document360 status, please report it.'
  )
}
