// The Markdown shared by the job summary, the pull-request comment and the check run's
// summary: a headline with the verdict, a table of the facts, the trend, and the findings,
// fitted into a size budget. Pure and deterministic: the same report and context always give
// the same text.

import { repositoryUrl, type RunContext } from '../context.ts'
import { byteLength, formatCount, markdownCode, markdownText, plural } from '../text.ts'
import { changeSummary, comparisonRows, comparisonSections } from './comparison.ts'
import { renderTrend } from './trend.ts'
import type { GateReport, LocatedFinding, Result } from './types.ts'

export interface RenderOptions {
  /** Most UTF-8 bytes the whole text may take. */
  budgetBytes: number
  /** Show at most this many findings (default: as many as fit the budget). */
  maxFindings?: number
  /** The line under the findings when some are not shown (default: see `report-file`). */
  moreFindingsLine?: (notShown: NotShown) => string
}

/** The findings a rendering left out. */
export interface NotShown {
  total: number
  errors: number
  warnings: number
  /** Left out of the report itself (`findingsOmitted`): severity unknown. */
  unknown: number
}

const VERDICTS: Record<Result, { icon: string; text: string }> = {
  passed: { icon: '✅', text: 'passed' },
  failed: { icon: '❌', text: 'failed' },
  'timed-out': { icon: '⏱️', text: 'timed out' },
  error: { icon: '⚠️', text: 'error (the gate could not decide)' }
}
const SEVERITIES = { error: '❌ error', warning: '⚠️ warning' } as const
const MAX_REASONS = 10
const MAX_REASON_LENGTH = 500
const MAX_MESSAGE_LENGTH = 1000
const MAX_PATH_LENGTH = 300
const MAX_ID_LENGTH = 100
/** Room kept for the line that says how many findings are not shown. */
const MORE_LINE_RESERVE = 600

/**
 * The whole rendering: headline (and, when findings were compared, what changed), facts
 * table, trend, findings; never over `budgetBytes`.
 */
export function renderReport(
  report: GateReport,
  context: RunContext,
  options: RenderOptions
): string {
  const { comparison } = report
  const lead = comparison === undefined ? '' : `**${changeSummary(report, comparison)}**\n\n`
  const trend = renderTrend(report.trend)
  let head = `${renderHeadline(report)}\n\n${lead}${renderOverview(report)}\n`
  if (trend !== '') head += `\n${trend}`
  const room = { ...options, budgetBytes: options.budgetBytes - byteLength(head) - 1 }
  const findings =
    comparison === undefined
      ? renderFindings(report, context, room)
      : renderSections(comparisonSections(report), context, room)
  return fitBytes(findings === '' ? head : `${head}\n${findings}`, options.budgetBytes)
}

/** Room kept for each later non-empty section, so that each says at least how many it has. */
const SECTION_RESERVE = 800

/** Sections one after another, sharing the budget and `maxFindings`, in order of importance. */
function renderSections(
  sections: readonly FindingSection[],
  context: RunContext,
  options: RenderOptions
): string {
  const texts: string[] = []
  let used = 0
  let rowsLeft = options.maxFindings ?? Infinity
  sections.forEach((section, index) => {
    const later = sections
      .slice(index + 1)
      .filter(next => next.findings.length + (next.omitted ?? 0) > 0).length
    const budgetBytes = options.budgetBytes - used - later * SECTION_RESERVE - texts.length
    const { text, shown } = renderFindingSection(section, context, {
      ...options,
      budgetBytes,
      maxFindings: rowsLeft
    })
    if (text === '') return
    texts.push(text)
    used += byteLength(text)
    rowsLeft -= shown
  })
  return texts.join('\n')
}

/** `### ❌ Document360 import gate: failed` */
export function renderHeadline(report: GateReport): string {
  const verdict = VERDICTS[report.result]
  return `### ${verdict.icon} Document360 import gate: ${verdict.text}`
}

/**
 * The facts as a two-column table, only those that are known: log, status, date, counts
 * against limits, API reference, and why. The first fact is the table's header row.
 */
export function renderOverview(report: GateReport): string {
  const rows: [string, string][] = []
  if (report.logId !== undefined)
    rows.push(['Import log', markdownCode(report.logId, MAX_ID_LENGTH)])
  if (report.status !== undefined) rows.push(['Status', markdownCode(report.status, MAX_ID_LENGTH)])
  if (report.createdAt !== undefined) {
    rows.push(['Created at', markdownText(report.createdAt, MAX_ID_LENGTH)])
  }
  if (report.resync !== undefined) rows.push(['Started by', startedBy(report)])
  if (report.comparison !== undefined) {
    rows.push(...comparisonRows(report, report.comparison))
  } else {
    if (report.errorCount !== undefined) {
      rows.push([
        'Errors',
        countAgainstLimit(report.errorCount, report.listedErrorCount, report.maxErrors)
      ])
    }
    if (report.warningCount !== undefined) {
      rows.push([
        'Warnings',
        countAgainstLimit(report.warningCount, report.listedWarningCount, report.maxWarnings)
      ])
    }
  }
  rows.push([
    'API reference',
    `${markdownCode(report.apiReferenceId, MAX_ID_LENGTH)} in project ` +
      markdownCode(report.projectId, MAX_ID_LENGTH)
  ])
  if (report.publication !== undefined) rows.push(['Published', publication(report)])
  const reasons = report.reasons.filter(reason => reason.trim() !== '')
  if (reasons.length > 0) {
    const shown = reasons
      .slice(0, MAX_REASONS)
      .map(reason => markdownText(reason, MAX_REASON_LENGTH))
    if (reasons.length > MAX_REASONS)
      shown.push(`and ${formatCount(reasons.length - MAX_REASONS)} more`)
    rows.push([report.result === 'passed' ? 'Notes' : 'Why', shown.join('<br>')])
  }
  const table = rows.map(([name, value]) => `| ${name} | ${value} |`)
  table.splice(1, 0, '| --- | --- |')
  return table.join('\n')
}

/** Whether this run started the judged import (resync-url). */
function startedBy(report: GateReport): string {
  switch (report.resync) {
    case 'started':
      return 'this run (resync-url)'
    case 'uncertain':
      return report.logId === undefined
        ? "unknown: the answer to this run's resync was lost, and no new import appeared"
        : "this run, as far as can be told: the resync's answer was lost, and this import appeared after it"
    default:
      return 'nobody: the resync was not started'
  }
}

/** Whether this run published the API reference (publish: on-pass), and why not. */
function publication(report: GateReport): string {
  const { workspaceId, published, error } = report.publication ?? {}
  const workspace = markdownCode(workspaceId ?? '', MAX_ID_LENGTH)
  if (published === true) return `✅ yes, in workspace ${workspace}`
  if (error !== undefined) return `❌ no: ${markdownText(error, MAX_REASON_LENGTH)}`
  return 'no: only a passed import is published'
}

/**
 * The findings, in the report's order, as a table: as many rows as fit `budgetBytes` (and
 * `maxFindings`), then one line that counts the rest. '' when there are none.
 */
export function renderFindings(
  report: GateReport,
  context: RunContext,
  options: RenderOptions
): string {
  const section: FindingSection = { title: 'Findings', findings: report.findings }
  if (report.findingsOmitted !== undefined) section.omitted = report.findingsOmitted
  return renderFindingSection(section, context, options).text
}

/** One list of findings under a title (renderFindings here, comparisonSections). */
export interface FindingSection {
  /** `Findings`, `New findings`…: the count is added. */
  title: string
  findings: readonly LocatedFinding[]
  /** More findings of this list that the report itself left out (severity unknown). */
  omitted?: number
  /** A Reason column: the waiver's reason of each finding. */
  withReason?: boolean
  /** Inside a closed `<details>` block, the title as its summary. */
  collapsed?: boolean
}

/**
 * A section as a table, as many rows as fit `budgetBytes` (and `maxFindings`), then one line
 * that counts the rest; '' when the list is empty or not even that fits. `shown`: rows shown.
 */
function renderFindingSection(
  section: FindingSection,
  context: RunContext,
  options: RenderOptions
): { text: string; shown: number } {
  const omitted = Math.max(0, section.omitted ?? 0)
  const { findings } = section
  const total = findings.length + omitted
  if (total === 0) return { text: '', shown: 0 }
  const withPlace = findings.some(finding => finding.file !== undefined)
  const heading = `${section.title} (${formatCount(total)})`
  const title = section.collapsed
    ? `<details><summary>${heading}</summary>\n\n`
    : `#### ${heading}\n\n`
  const close = section.collapsed ? '\n</details>\n' : ''
  const columns = ['Severity', 'Message', 'Path']
  if (withPlace) columns.push('Spec')
  if (section.withReason) columns.push('Reason')
  const header = `| ${columns.join(' | ')} |\n|${' --- |'.repeat(columns.length)}\n`
  const maxRows = Math.min(findings.length, Math.max(0, options.maxFindings ?? Infinity))
  const rows: string[] = []
  let used = byteLength(title) + byteLength(header) + byteLength(close)
  for (let index = 0; index < maxRows; index++) {
    const finding = findings[index] as LocatedFinding
    const row = renderRow(finding, context, withPlace, section.withReason === true)
    if (used + byteLength(row) > options.budgetBytes) break
    rows.push(row)
    used += byteLength(row)
  }
  if (rows.length < total) {
    // Some are not shown: make room for the line that says so.
    while (rows.length > 0 && used + MORE_LINE_RESERVE > options.budgetBytes) {
      used -= byteLength(rows.pop() as string)
    }
  }

  const notShown = countNotShown(findings.slice(rows.length), omitted)
  const moreLine = (options.moreFindingsLine ?? defaultMoreLine)(notShown)
  let text = title
  if (rows.length > 0) text += header + rows.join('')
  if (notShown.total > 0) text += `${rows.length > 0 ? '\n' : ''}${moreLine}\n`
  text += close
  return byteLength(text) <= options.budgetBytes
    ? { text, shown: rows.length }
    : { text: '', shown: 0 }
}

/**
 * `GITHUB_SERVER_URL/GITHUB_REPOSITORY/blob/GITHUB_SHA/<file>#L<n>`, or undefined when the
 * context lacks a part or the file is not a path inside the repository.
 */
export function specLineUrl(context: RunContext, file: string, line: number): string | undefined {
  const repository = repositoryUrl(context.serverUrl, context.repository)
  const { sha } = context
  if (!repository || !sha || !/^[0-9a-f]{7,64}$/i.test(sha)) return undefined
  if (!Number.isInteger(line) || line < 1) return undefined
  const segments = file.split('/')
  const insideRepository =
    segments.length > 0 &&
    !/^[a-z]:$/i.test(segments[0] as string) &&
    segments.every(segment => segment !== '' && segment !== '.' && segment !== '..')
  if (!insideRepository) return undefined
  const filePath = segments.map(encodeUrlSegment).join('/')
  return `${repository}/blob/${sha}/${filePath}#L${line}`.replace(/[()<> ]/g, escapeUrlChar)
}

function renderRow(
  finding: LocatedFinding,
  context: RunContext,
  withPlace: boolean,
  withReason: boolean
): string {
  const severity = SEVERITIES[finding.severity]
  const message = markdownText(finding.message, MAX_MESSAGE_LENGTH) || '(no message)'
  const path = markdownCode(finding.path, MAX_PATH_LENGTH) || '(no path)'
  const cells = [severity, message, path]
  if (withPlace) cells.push(renderPlace(finding, context))
  if (withReason) {
    const { waiver } = finding
    cells.push(
      waiver === undefined
        ? ''
        : `${markdownText(waiver.reason, MAX_REASON_LENGTH)} (waiver ${waiver.entry})`
    )
  }
  return `| ${cells.join(' | ')} |\n`
}

function renderPlace(finding: LocatedFinding, context: RunContext): string {
  if (finding.file === undefined) return ''
  if (finding.line === undefined)
    return `${markdownText(finding.file, MAX_PATH_LENGTH)} (path not found)`
  const text = markdownText(`${finding.file}:${finding.line}`, MAX_PATH_LENGTH)
  const url = specLineUrl(context, finding.file, finding.line)
  return url === undefined ? text : `[${text}](${url})`
}

function defaultMoreLine(notShown: NotShown): string {
  return (
    `… and ${plural(notShown.total, 'more finding')}${breakdown(notShown)} not shown here: ` +
    'the file named by the `report-file` output holds every finding.'
  )
}

/** ` (2 errors, 1 warning)` for the findings whose severity is known. */
function breakdown(notShown: NotShown): string {
  const parts: string[] = []
  if (notShown.errors > 0) parts.push(plural(notShown.errors, 'error'))
  if (notShown.warnings > 0) parts.push(plural(notShown.warnings, 'warning'))
  if (parts.length === 0 || notShown.unknown > 0) return ''
  return ` (${parts.join(', ')})`
}

function countNotShown(findings: LocatedFinding[], omitted: number): NotShown {
  const errors = findings.filter(finding => finding.severity === 'error').length
  const warnings = findings.filter(finding => finding.severity === 'warning').length
  return { total: findings.length + omitted, errors, warnings, unknown: omitted }
}

/** `3 (max 0, over the limit)`; `0 reported, 1 listed (max 0, …)` when the two disagree. */
function countAgainstLimit(
  count: number,
  listed: number | undefined,
  limit: number | null
): string {
  const shown =
    listed === undefined
      ? formatCount(count)
      : `${formatCount(count)} reported, ${formatCount(listed)} listed`
  if (limit === null) return `${shown} (no limit)`
  const over = Math.max(count, listed ?? 0) > limit ? ', over the limit' : ''
  return `${shown} (max ${formatCount(limit)}${over})`
}

function encodeUrlSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, escapeUrlChar)
}

function escapeUrlChar(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
}

/** Last resort: cut at a line break so the text stays under `budgetBytes`. */
function fitBytes(text: string, budgetBytes: number): string {
  if (byteLength(text) <= budgetBytes) return text
  const cut = Buffer.from(text, 'utf8').subarray(0, Math.max(0, budgetBytes)).toString('utf8')
  // Up to the last line break: drops a multi-byte character the cut may have split.
  return cut.slice(0, cut.lastIndexOf('\n') + 1)
}
