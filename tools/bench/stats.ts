// Statistics of repeated runs: medians, summaries, ratios, and the order of interleaved runs.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export interface Summary {
  n: number
  median: number
  min: number
  max: number
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: median(values),
    min: values.length === 0 ? Number.NaN : Math.min(...values),
    max: values.length === 0 ? Number.NaN : Math.max(...values)
  }
}

/** a / b, NaN when either is not a positive finite number. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN
}

/**
 * The order of the processes in round `round` of an interleaved comparison: each process
 * takes each place equally often, and with two the rounds go AB BA BA AB, so a slow drift
 * of the machine (another job starting, caches warming) hits every process alike.
 */
export function roundOrder<T>(round: number, sides: readonly T[]): T[] {
  const n = sides.length
  if (n === 0) return []
  const shift = round % n
  const rotated = [...sides.slice(shift), ...sides.slice(0, shift)]
  return Math.floor(round / n) % 2 === 1 ? rotated.reverse() : rotated
}
