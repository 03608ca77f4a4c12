// The verdict when findings are compared (a baseline, waivers or both): the status is judged as
// always (verdict.ts: a running, unreadable or failed import is what it is, whatever the
// counts), and the limits count only the new findings, never unchanged or waived ones.

import type { ImportLog } from '../document360/types.ts'
import { plural } from '../text.ts'
import { decide, type Limits, type ListedCounts, type Verdict } from '../verdict.ts'

/** Only the status decides under these limits. */
const NO_LIMITS: Limits = { maxErrors: Number.POSITIVE_INFINITY, maxWarnings: null }

export interface NewCounts {
  newErrors: number
  newWarnings: number
}

/**
 * `listed`: how many findings the detail listed, so that verdict.ts says when they and the
 * counts disagree (the new counts already take the larger: classify.ts counts unlisted ones).
 */
export function decideWithBaseline(
  log: ImportLog,
  limits: Limits,
  counts: NewCounts,
  listed?: ListedCounts
): Verdict {
  const status = decide(log, NO_LIMITS, listed)
  if (status.result === 'error') return status
  const reasons = [...status.reasons]
  const tooManyErrors = counts.newErrors > limits.maxErrors
  if (tooManyErrors) {
    reasons.push(
      `${plural(counts.newErrors, 'new error')}, more than max-errors ${limits.maxErrors}.`
    )
  }
  if (limits.maxWarnings !== null && counts.newWarnings > limits.maxWarnings) {
    reasons.push(
      `${plural(counts.newWarnings, 'new warning')}, more than max-warnings ${limits.maxWarnings}.`
    )
  }
  return {
    ...status,
    result: reasons.length > 0 ? 'failed' : 'passed',
    reasons,
    failsOnErrors: status.failsOnErrors || tooManyErrors
  }
}
