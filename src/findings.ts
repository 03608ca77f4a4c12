// The findings of a log's detail as the report lists them: errors first, then warnings, each in
// the API's order. This is the one place the order is made; every channel shows it as it is.

import type { LogDetail } from './document360/types.ts'
import type { LocatedFinding } from './report/types.ts'

export function findingsOf(detail: LogDetail): LocatedFinding[] {
  return [
    ...detail.errors.map(f => ({ severity: 'error' as const, ...f })),
    ...detail.warnings.map(f => ({ severity: 'warning' as const, ...f }))
  ]
}
