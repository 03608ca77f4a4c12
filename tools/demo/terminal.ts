// Terminal output for the demo: colours (only on a TTY, and not with NO_COLOR), display
// width (emoji take two columns) and aligned tables.

const useColor = process.stdout.isTTY === true && process.env.NO_COLOR === undefined
const style = (code: string) => (text: string) =>
  useColor ? `\u001b[${code}m${text}\u001b[0m` : text
export const red = style('31')
export const yellow = style('33')
export const blue = style('34')
export const green = style('32')
export const gray = style('90')
export const bold = style('1')

const ANSI = /\u001b\[[0-9;]*m/g

// Joiners, variation selectors and combining marks take no column of their own.
const ZERO_WIDTH = /^(?:\u200d|\ufe0e|\ufe0f|\p{Mn})$/u

/** Columns a string takes in a terminal (emoji wide, joiners and selectors nothing). */
export function displayWidth(text: string): number {
  let width = 0
  for (const char of text.replace(ANSI, '')) {
    if (ZERO_WIDTH.test(char)) continue
    width += /\p{Extended_Pictographic}/u.test(char) && char.codePointAt(0)! > 0x2000 ? 2 : 1
  }
  return width
}

const pad = (text: string, width: number) =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)))

/** Rows of cells as aligned columns under a rule, one line a row. */
export function alignTable(allRows: string[][], headerRows = 1): string {
  // A header of empty cells (`| | |`, a key-value table) shows as nothing at all.
  const emptyHeader = allRows.slice(0, headerRows).every(row => row.every(c => c === ''))
  const rows = emptyHeader ? allRows.slice(headerRows) : allRows
  if (emptyHeader) headerRows = 0
  const columns = Math.max(0, ...rows.map(row => row.length))
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(0, ...rows.map(row => displayWidth(row[c] ?? '')))
  )
  const lines = rows.map(row =>
    widths
      .map((width, c) => pad(row[c] ?? '', width))
      .join('  ')
      .trimEnd()
  )
  if (headerRows > 0 && rows.length > headerRows) {
    const rule = widths.map(width => '─'.repeat(width)).join('  ')
    lines.splice(headerRows, 0, rule)
  }
  return lines.join('\n')
}
