// Which finding becomes which check-run annotation (path, line, level, title, message), and
// the batches of 50 the Checks API takes per request. Pure: check-run.ts sends them.

import { oneLine, truncate, visible } from '../text.ts'
import { failsTheGate, findingLabel } from './annotations.ts'
import type { LocatedFinding } from './types.ts'

const ANNOTATIONS_PER_REQUEST = 50
/** The API's limits, in characters (counted here by code point, never splitting a pair). */
export const ANNOTATION_TITLE_MAX_CHARACTERS = 255
/** "64 KB": this many code points stay under 65,536 bytes even at 4 bytes each. */
export const ANNOTATION_MESSAGE_MAX_CHARACTERS = 16_000

export interface CheckRunAnnotation {
  path: string
  start_line: number
  end_line: number
  annotation_level: 'failure' | 'warning' | 'notice'
  title: string
  message: string
}

export interface AnnotationPlan {
  annotations: CheckRunAnnotation[]
  /** Findings without a place in the repository: left to the summary. */
  withoutPlace: number
}

/**
 * One annotation per finding that has a place in the repository, in the report's order
 * (errors first): on its line, or on line 1 of the spec when its path resolved to no line.
 */
export function planCheckRunAnnotations(
  findings: readonly LocatedFinding[],
  failsOnErrors: boolean,
  repositoryPaths: ReadonlyMap<string, string>
): AnnotationPlan {
  const annotations: CheckRunAnnotation[] = []
  let withoutPlace = 0
  for (const finding of findings) {
    const path = finding.file === undefined ? undefined : repositoryPaths.get(finding.file)
    if (path === undefined) {
      withoutPlace++
      continue
    }
    const line = finding.line ?? 1
    const label = findingLabel(finding)
    const waiver = finding.waiver === undefined ? '' : ` (waived: ${finding.waiver.reason})`
    const message = `${finding.message.trim() || '(Document360 gave no message)'}${waiver}`
    const where = finding.line === undefined ? ' (its path matched no line of the spec)' : ''
    annotations.push({
      path,
      start_line: line,
      end_line: line,
      // Compared, only new errors fail; a waived finding is a notice.
      annotation_level:
        finding.change === 'waived'
          ? 'notice'
          : failsTheGate(finding, failsOnErrors)
            ? 'failure'
            : 'warning',
      title: truncate(
        oneLine(`Document360: ${finding.path || 'import finding'}`, Number.MAX_SAFE_INTEGER),
        ANNOTATION_TITLE_MAX_CHARACTERS
      ),
      message: truncate(visible(`${label}${where}: ${message}`), ANNOTATION_MESSAGE_MAX_CHARACTERS)
    })
  }
  return { annotations, withoutPlace }
}

/** Groups of at most `size`; always at least one group (the title and summary go with it). */
export function batches<T>(items: readonly T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const groups: T[][] = []
  for (let start = 0; start < items.length; start += size) {
    groups.push(items.slice(start, start + size))
  }
  return groups.length > 0 ? groups : [[]]
}
