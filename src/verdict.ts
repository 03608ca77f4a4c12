// The gate's decision on a finished import: a pure function of the log and the limits.

import type { ImportLog } from './document360/types.ts'
import { classifyStatus } from './status.ts'
import { oneLine, plural, shortId } from './text.ts'

export interface Limits {
  maxErrors: number
  /** null: no limit. */
  maxWarnings: number | null
}

export interface Verdict {
  result: 'passed' | 'failed' | 'error'
  /** Why, one sentence each; empty for a plain pass. */
  reasons: string[]
  /** The gate fails because of the import's errors (so they are annotated as errors). */
  failsOnErrors: boolean
  /** Set when the status is not one we know: the counts decided. */
  unknownStatus?: string
}

export function decide(log: ImportLog, limits: Limits): Verdict {
  const kind = classifyStatus(log.status)
  const status = oneLine(log.status, 60)
  if (kind === 'running') {
    return { result: 'error', reasons: [`The import is still ${status}.`], failsOnErrors: false }
  }
  const reasons: string[] = []
  const failed = kind === 'failed'
  if (failed) reasons.push(`Document360 reports the import as ${status}.`)

  const { errorCount, warningCount } = log
  if (errorCount === undefined || warningCount === undefined) {
    if (failed) return { result: 'failed', reasons, failsOnErrors: true }
    const missing = [
      errorCount === undefined && 'error_count',
      warningCount === undefined && 'warning_count'
    ]
      .filter(Boolean)
      .join(' and ')
    return {
      result: 'error',
      reasons: [
        `Import log ${shortId(log.id)} (${status}) has no ${missing}, so the gate cannot judge it.`
      ],
      failsOnErrors: false
    }
  }

  const tooManyErrors = errorCount > limits.maxErrors
  if (tooManyErrors)
    reasons.push(`${plural(errorCount, 'error')}, more than max-errors ${limits.maxErrors}.`)
  if (limits.maxWarnings !== null && warningCount > limits.maxWarnings) {
    reasons.push(
      `${plural(warningCount, 'warning')}, more than max-warnings ${limits.maxWarnings}.`
    )
  }
  const verdict: Verdict = {
    result: reasons.length > 0 ? 'failed' : 'passed',
    reasons,
    failsOnErrors: failed || tooManyErrors
  }
  if (kind === 'unknown') verdict.unknownStatus = log.status
  return verdict
}
