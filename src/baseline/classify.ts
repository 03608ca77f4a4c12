// Each finding of the judged import as new, unchanged or waived, and each baseline finding it no
// longer has as fixed: the comparison (compare.ts) first, then the waivers, which accept new
// and unchanged findings alike (a waived finding is listed as waived, with its reason).

import { canonicalIdentity, compareCanonical, type CanonicalIdentity } from './compare.ts'
import type { FindingIdentity } from './identity.ts'
import type { CompiledWaiver } from './waivers.ts'

export type CurrentChange = 'new' | 'unchanged' | 'waived'

export interface ComparisonCounts {
  newErrors: number
  newWarnings: number
  unchanged: number
  fixed: number
  waived: number
}

/** Findings Document360 counted but did not list, per severity (count minus listed, ≥ 0). */
export interface Unlisted {
  errors: number
  warnings: number
}

export interface Classification<T, B> {
  /** The judged import's findings: new, then unchanged, then waived; errors first in each. */
  findings: (T & { change: CurrentChange; waiver?: { entry: number; reason: string } })[]
  /** The baseline's findings the judged import no longer has, errors first. */
  fixed: (B & { change: 'fixed' })[]
  counts: ComparisonCounts
}

export interface ClassifyOptions<B> {
  /** The baseline's findings; undefined when there is none (every finding is new). */
  baseline?: readonly B[]
  waivers?: readonly CompiledWaiver[]
  /** Unlisted findings now and in the baseline: unseen, so they cannot be matched or waived;
   * the ones beyond the baseline's number count as new (the gate never assumes them old). */
  unlisted?: { current: Unlisted; baseline: Unlisted }
}

const ORDER: readonly CurrentChange[] = ['new', 'unchanged', 'waived']

export function classifyFindings<T extends FindingIdentity, B extends FindingIdentity>(
  current: readonly T[],
  options: ClassifyOptions<B> = {}
): Classification<T, B> {
  const baseline = options.baseline ?? []
  const waivers = options.waivers ?? []
  // Each finding's canonical parts once: they are compared, and they meet the waivers.
  const parts = current.map(canonicalIdentity)
  const compared = compareCanonical(parts, baseline.map(canonicalIdentity))
  // Grouped by change, then severity, each in the API's order: a stable bucket sort.
  const buckets = ORDER.flatMap(() => [[], []]) as Classification<T, B>['findings'][]
  const counts: ComparisonCounts = {
    newErrors: 0,
    newWarnings: 0,
    unchanged: 0,
    fixed: 0,
    waived: 0
  }
  current.forEach((finding, index) => {
    const waiver = waivers.find(w => w.matches(parts[index] as CanonicalIdentity))
    const change = waiver === undefined ? (compared.current[index] as CurrentChange) : 'waived'
    const classified =
      waiver === undefined
        ? { ...finding, change }
        : { ...finding, change, waiver: { entry: waiver.entry, reason: waiver.reason } }
    const isError = finding.severity === 'error'
    buckets[ORDER.indexOf(change) * 2 + (isError ? 0 : 1)]?.push(classified)
    if (change === 'waived') counts.waived++
    else if (change === 'unchanged') counts.unchanged++
    else if (isError) counts.newErrors++
    else counts.newWarnings++
  })
  const fixed = compared.fixed.map(index => ({
    ...(baseline[index] as B),
    change: 'fixed' as const
  }))
  fixed.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
  counts.fixed = fixed.length

  const unlisted = options.unlisted
  if (unlisted !== undefined) {
    for (const [severity, key] of [
      ['errors', 'newErrors'],
      ['warnings', 'newWarnings']
    ] as const) {
      const now = unlisted.current[severity]
      const before = unlisted.baseline[severity]
      counts[key] += Math.max(0, now - before)
      counts.unchanged += Math.min(now, before)
      counts.fixed += Math.max(0, before - now)
    }
  }
  return { findings: buckets.flat(), fixed, counts }
}
