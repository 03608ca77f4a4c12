// The trend: error and warning counts of the latest imports of the API reference, oldest first,
// the judged import last and in bold, as one small table with a column per import. From the
// list page the gate read anyway (no request of its own).

import { parseInstant } from '../instant.ts'
import { classifyStatus } from '../status.ts'
import { formatCount, markdownCode, shortId } from '../text.ts'
import type { TrendEntry } from './types.ts'

/** '' when there is no trend (fewer than two imports). */
export function renderTrend(trend: readonly TrendEntry[] | undefined): string {
  if (trend === undefined || trend.length < 2) return ''
  const cell = (entry: TrendEntry, text: string) => (entry.judged ? `**${text}**` : text)
  const count = (value: number | undefined) => (value === undefined ? '?' : formatCount(value))
  const header = trend.map(entry => cell(entry, importLabel(entry)))
  const errors = trend.map(entry => cell(entry, count(entry.errorCount)))
  const warnings = trend.map(entry => cell(entry, count(entry.warningCount)))
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [
    `#### Trend (last ${trend.length} imports, oldest first)`,
    '',
    row(['Import', ...header]),
    `| --- |${' ---: |'.repeat(trend.length)}`,
    row(['Errors', ...errors]),
    row(['Warnings', ...warnings]),
    ''
  ].join('\n')
}

/** `05-01 12:00` (UTC) from the import's date, else its short id; `this import` for the judged
 * one; `failed` for a failed one. */
function importLabel(entry: TrendEntry): string {
  // As the gate reads every created_at: without an offset, UTC (not the runner's TZ).
  const time = entry.createdAt === undefined ? undefined : parseInstant(entry.createdAt)
  const label =
    time === undefined
      ? markdownCode(shortId(entry.logId), 20)
      : new Date(time).toISOString().slice(5, 16).replace('T', ' ')
  const notes: string[] = []
  if (classifyStatus(entry.status) === 'failed') notes.push('failed')
  if (entry.judged) notes.push('this import')
  return notes.length === 0 ? label : `${label} (${notes.join(', ')})`
}
