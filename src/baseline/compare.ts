// The judged import's findings against the baseline's, as multisets: two identical errors now
// against one before is one unchanged error and one new one. Linear in the number of findings.

import type { Severity } from '../report/types.ts'
import { canonicalPointer, normalizeMessage, type FindingIdentity } from './identity.ts'

/** A finding's identity in canonical form (see identity.ts). */
export interface CanonicalIdentity {
  severity: Severity
  canonicalPath: string
  /** White space normalised. */
  message: string
}

export interface MultisetComparison {
  /** For each finding of the judged import, in order: whether the baseline accounts for it. */
  current: ('new' | 'unchanged')[]
  /** Indexes of the baseline findings the judged import no longer has, ascending. */
  fixed: number[]
}

/**
 * Matches each judged finding to one baseline finding of the same identity, in order: of
 * identical findings, the first ones are unchanged and the ones beyond the baseline's number
 * are new; baseline findings left unmatched are fixed.
 */
export function compareFindings(
  current: readonly FindingIdentity[],
  baseline: readonly FindingIdentity[]
): MultisetComparison {
  return compareCanonical(current.map(canonicalIdentity), baseline.map(canonicalIdentity))
}

export function canonicalIdentity(finding: FindingIdentity): CanonicalIdentity {
  return {
    severity: finding.severity,
    canonicalPath: canonicalPointer(finding.path),
    message: normalizeMessage(finding.message)
  }
}

interface Slot {
  indexes: number[]
  used: number
}

/** compareFindings on identities already canonical. */
export function compareCanonical(
  current: readonly CanonicalIdentity[],
  baseline: readonly CanonicalIdentity[]
): MultisetComparison {
  // Severity → path → message → the baseline findings of that identity. Nested maps rather
  // than one joined key: the parts are hashed as they are, with no long key built per finding.
  const index: Record<Severity, Map<string, Map<string, Slot>>> = {
    error: new Map(),
    warning: new Map()
  }
  baseline.forEach((finding, position) => {
    const byPath = index[finding.severity]
    let byMessage = byPath.get(finding.canonicalPath)
    if (byMessage === undefined)
      byPath.set(finding.canonicalPath, (byMessage = new Map<string, Slot>()))
    const slot = byMessage.get(finding.message)
    if (slot === undefined) byMessage.set(finding.message, { indexes: [position], used: 0 })
    else slot.indexes.push(position)
  })
  const result = current.map(finding => {
    const slot = index[finding.severity].get(finding.canonicalPath)?.get(finding.message)
    if (slot === undefined || slot.used === slot.indexes.length) return 'new' as const
    slot.used++
    return 'unchanged' as const
  })
  const fixed: number[] = []
  for (const byPath of Object.values(index)) {
    for (const byMessage of byPath.values()) {
      for (const { indexes, used } of byMessage.values()) {
        for (let i = used; i < indexes.length; i++) fixed.push(indexes[i] as number)
      }
    }
  }
  return { current: result, fixed: fixed.sort((a, b) => a - b) }
}
