// How the benchmark prints figures: durations, sizes, ratios, goals and aligned tables.

const round = (value: number, digits: number) => Number(value.toFixed(digits))

/** Milliseconds for the table: `123.4 ms`, `2.35 s` from 10 s on; `n/a` when unknown. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return 'n/a'
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(2)} s`
  return `${ms.toFixed(1)} ms`
}

export function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`
}

export function formatMiB(kib: number | undefined): string {
  if (kib === undefined || !Number.isFinite(kib)) return 'n/a'
  return `${(kib / 1024).toFixed(1)} MiB`
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a'
}

export function goalText(met: boolean | undefined, goal: string): string {
  if (met === undefined) return `n/a (goal ${goal})`
  return met ? `ok (goal ${goal})` : `goal missed (goal ${goal})`
}

/** Rounds the figures of a JSON object for the report (ms to 0.1, ratios to 0.001). */
export function roundFigures<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'number' && !Number.isInteger(item) ? round(item, 3) : item
    )
  ) as T
}

const NUMERIC = /^[-+]?[\d.,]+(?:\s?[a-zA-Z%×/]+)?$|^n\/a$/

/**
 * Rows as aligned columns: the first row is the header (underlined), cells that are
 * figures are right-aligned, the others left-aligned. Columns are two spaces apart.
 */
export function formatTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return ''
  const columns = Math.max(...rows.map(row => row.length))
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(...rows.map(row => [...(row[c] ?? '')].length))
  )
  const line = (row: readonly string[], header: boolean) =>
    widths
      .map((width, c) => {
        const cell = row[c] ?? ''
        const fill = ' '.repeat(width - [...cell].length)
        return !header && NUMERIC.test(cell) ? fill + cell : cell + fill
      })
      .join('  ')
      .trimEnd()
  const [header, ...body] = rows
  const rule = widths.map(width => '─'.repeat(width)).join('  ')
  return [line(header as string[], true), rule, ...body.map(row => line(row, false))].join('\n')
}

export function sectionTitle(title: string): string {
  return `\n${title}\n${'═'.repeat([...title].length)}`
}
