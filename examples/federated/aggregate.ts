/**
 * Putting model updates together, pure. Federated averaging weighs each
 * update by its example count; the robust aggregators ignore the counts
 * (a poisoner would simply claim a large one) and take each coordinate's
 * median, or its mean after dropping the extremes.
 */
import type { Weights } from './model.js'

export type Aggregator = 'fedavg' | 'median' | 'trimmed-mean'
export const AGGREGATORS: readonly Aggregator[] = ['fedavg', 'median', 'trimmed-mean']

export interface Update {
  delta: Weights
  count: number
}

export function aggregate (updates: Update[], how: Aggregator, trim = 0.25): Weights {
  if (updates.length === 0) throw new RangeError('nothing to aggregate')
  const dim = updates[0].delta.length
  if (updates.some(u => u.delta.length !== dim)) throw new RangeError('updates of different sizes')
  if (how === 'fedavg') return weightedMean(updates)
  const out = new Array<number>(dim)
  for (let j = 0; j < dim; j++) {
    const column = updates.map(u => u.delta[j]).sort((a, b) => a - b)
    out[j] = how === 'median' ? median(column) : trimmedMean(column, trim)
  }
  return out
}

/** Σ count·delta / Σ count */
export function weightedMean (updates: Update[]): Weights {
  const total = updates.reduce((n, u) => n + u.count, 0)
  const out = new Array<number>(updates[0].delta.length).fill(0)
  for (const u of updates) for (let j = 0; j < out.length; j++) out[j] += u.delta[j] * u.count / total
  return out
}

/** of sorted values */
export function median (sorted: number[]): number {
  const m = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2
}

/**
 * Of sorted values: the mean after dropping ⌈trim·n⌉ from each end (at
 * least one each side once there are three or more values, so that one
 * poisoner among three is always dropped), keeping at least one value.
 */
export function trimmedMean (sorted: number[], trim: number): number {
  const n = sorted.length
  let k = Math.ceil(trim * n)
  if (n >= 3) k = Math.max(1, k)
  k = Math.min(k, Math.floor((n - 1) / 2))
  const kept = sorted.slice(k, n - k)
  return kept.reduce((a, b) => a + b, 0) / kept.length
}
