/**
 * Randomness is passed in, never taken from Math.random: the policies here
 * must be reproducible in tests and simulations, and a daemon can pass a
 * CSPRNG-backed source so that quorum members stay unpredictable to peers.
 */

/** a source of uniform numbers in [0, 1) */
export type Rng = () => number

/**
 * mulberry32: a tiny seeded PRNG (32-bit state, period 2^32), good enough for
 * simulations and tests. Not for picking quorums in production: a peer that
 * learns the seed could predict them.
 */
export function mulberry32 (seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
