// One annotation per finding, on the spec file's line when it is known. GitHub shows at most
// 10 annotations of each kind per step, so main writes these last, with the slots its own
// warnings and failure message left, and one notice counts the rest. @actions/core escapes the
// text, so API text cannot break out of the command.

import * as core from '@actions/core'
import { formatCount, truncate, visible } from '../text.ts'
import type { LocatedFinding } from './types.ts'

const ANNOTATIONS_PER_KIND = 10

export interface Annotation {
  kind: 'error' | 'warning'
  message: string
  properties: core.AnnotationProperties
}

export interface AnnotationPlan {
  annotations: Annotation[]
  /** Findings left out to stay within GitHub's limit. */
  omitted: number
}

export interface AnnotationSlots {
  /** Error annotations the step writes anyway (the failure message), taken from the 10. */
  reservedErrors: number
  /** Warnings the step writes anyway (main's and the channels'), taken from the 10. */
  reservedWarnings: number
}

/**
 * Errors become `error` annotations when the gate fails on them, `warning` annotations
 * otherwise; warnings are `warning` annotations. When findings were compared, only new errors
 * can fail the gate: unchanged and waived ones are never `error` annotations. In the report's
 * order (errors first; new ones first when compared).
 */
export function planAnnotations(
  findings: readonly LocatedFinding[],
  failsOnErrors: boolean,
  slots: AnnotationSlots
): AnnotationPlan {
  const free = {
    error: ANNOTATIONS_PER_KIND - slots.reservedErrors,
    warning: ANNOTATIONS_PER_KIND - slots.reservedWarnings
  }
  const annotations: Annotation[] = []
  let omitted = 0
  for (const finding of findings) {
    const kind = failsTheGate(finding, failsOnErrors) ? 'error' : 'warning'
    if (free[kind] <= 0) {
      omitted++
      continue
    }
    free[kind]--
    annotations.push({ kind, message: messageOf(finding), properties: propertiesOf(finding) })
  }
  return { annotations, omitted }
}

const LABELS = {
  error: {
    plain: 'Import error',
    new: 'New import error',
    unchanged: 'Import error (also in the baseline)',
    waived: 'Waived import error'
  },
  warning: {
    plain: 'Import warning',
    new: 'New import warning',
    unchanged: 'Import warning (also in the baseline)',
    waived: 'Waived import warning'
  }
} as const

/** `Import error`, `New import warning`, `Waived import error`…: what the finding is. */
export function findingLabel(finding: LocatedFinding): string {
  const change =
    finding.change === undefined || finding.change === 'fixed' ? 'plain' : finding.change
  return LABELS[finding.severity][change]
}

/** Whether the finding is one the gate fails on: an error, and (compared) a new one. */
export function failsTheGate(finding: LocatedFinding, failsOnErrors: boolean): boolean {
  const counted = finding.change === undefined || finding.change === 'new'
  return finding.severity === 'error' && failsOnErrors && counted
}

function messageOf(finding: LocatedFinding): string {
  const message = finding.message.trim() || '(Document360 gave no message)'
  const waiver =
    finding.waiver === undefined ? '' : ` (waived: ${truncate(finding.waiver.reason, 300)})`
  return visible(`${findingLabel(finding)}: ${truncate(message, 2000)}${waiver}`)
}

function propertiesOf(finding: LocatedFinding): core.AnnotationProperties {
  const properties: core.AnnotationProperties = {
    title: finding.path
      ? visible(`Document360: ${truncate(finding.path, 200)}`)
      : 'Document360 import finding'
  }
  if (finding.file !== undefined) properties.file = finding.file
  if (finding.line !== undefined) properties.startLine = finding.line
  return properties
}

/** `withSummary`: the job summary lists the findings too (so the notice points there). */
export function writeAnnotations(plan: AnnotationPlan, withSummary = true): void {
  for (const { kind, message, properties } of plan.annotations) {
    if (kind === 'error') core.error(message, properties)
    else core.warning(message, properties)
  }
  if (plan.omitted > 0) {
    core.notice(
      `${formatCount(plan.omitted)} more finding${plan.omitted === 1 ? ' is' : 's are'} not shown as ` +
        `annotations (GitHub shows ${ANNOTATIONS_PER_KIND} of each kind per step): see ` +
        `${withSummary ? 'the job summary, or ' : ''}the report-file output for all of them.`,
      { title: 'More Document360 findings' }
    )
  }
}
