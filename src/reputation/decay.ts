/**
 * Exponential decay by half-life. Every decayed quantity here is stored as
 * (value, at) and brought forward to the time of a query, so nothing needs a
 * timer and the result depends only on the evidence and the query time.
 */

/** the factor by which a quantity shrinks over `dtMs`: 2^(−dt / halfLife) */
export function decayFactor (dtMs: number, halfLifeMs: number): number {
  if (dtMs === 0 || halfLifeMs === Infinity) return 1
  return Math.pow(2, -dtMs / halfLifeMs)
}

/** a quantity that halves every half-life, last brought up to date at `at` */
export interface Decayed {
  value: number
  at: number
}

/** the value of `d` at time `at` (evidence from the future is not grown back) */
export function valueAt (d: Decayed, at: number, halfLifeMs: number): number {
  return at <= d.at ? d.value : d.value * decayFactor(at - d.at, halfLifeMs)
}
