/** Draws from the distributions the scenarios use, on a seeded Rng (pure). */
import type { Rng } from '../reputation/rng.js'

/** Weibull(shape k, scale λ) by inversion: λ·(−ln U)^(1/k) */
export function weibull (rng: Rng, shape: number, scale: number): number {
  return scale * Math.pow(-Math.log(1 - rng()), 1 / shape)
}

export function exponential (rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng())
}

/** Fisher-Yates, in place */
export function shuffle<T> (items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const t = items[i]
    items[i] = items[j]
    items[j] = t
  }
  return items
}

/** k distinct indices of [0, n) other than `skip`, uniformly (k ≪ n: rejection) */
export function sampleDistinct (n: number, k: number, rng: Rng, accept: (i: number) => boolean): number[] {
  const out: number[] = []
  const seen = new Set<number>()
  let tries = 0
  while (out.length < k && tries < k * 20) {
    tries++
    const i = Math.floor(rng() * n)
    if (seen.has(i)) continue
    seen.add(i)
    if (accept(i)) out.push(i)
  }
  return out
}
