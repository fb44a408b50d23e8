/** Percentiles and distributions, pure. */

/** the p-th percentile (0-100) of `values` by nearest rank; 0 for none */
export function percentile (values: readonly number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sortedPercentile(sorted, p)
}

export function sortedPercentile (sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

export interface Spread { p50: number, p99: number, max: number }

export function spread (values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  return { p50: round(sortedPercentile(sorted, 50)), p99: round(sortedPercentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? 0) }
}

/** at most `points` [value, share ≤ value] pairs of the empirical CDF */
export function cdf (values: readonly number[], points = 100): Array<[number, number]> {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return []
  const out: Array<[number, number]> = []
  const step = Math.max(1, Math.floor(sorted.length / points))
  for (let i = step - 1; i < sorted.length; i += step) out.push([round(sorted[i]), round((i + 1) / sorted.length, 4)])
  if (out[out.length - 1][1] !== 1) out.push([round(sorted[sorted.length - 1]), 1])
  return out
}

export function mean (values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length
}

export function round (x: number, digits = 2): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}
