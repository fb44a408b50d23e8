/**
 * Picking workers for a job, pure: the randomness is passed in.
 *
 * - Refused: banned peers and peers under refuseThreshold get nothing.
 * - Exploit (1 − exploreShare of picks, 80%): weighted by trust² · score, so
 *   established peers get most work, and a worker at 0.9 is picked about
 *   9× as often as a stranger at 0.3.
 * - Explore (exploreShare, 20%): uniform among the newcomers (trust under
 *   establishedTrust) still unpicked, or among everyone left if there are
 *   none: the share of work that lets strangers earn standing. At most
 *   maxExplorePicks (1) per job, so a quorum is never made of strangers
 *   only: where identities are free, strangers are mostly whitewashed
 *   colluders, and three uniform picks among them would hand them ~1% of
 *   quorums (measured with adversary D).
 * - Random, so a worker cannot tell who else got the job, and colluders cannot
 *   arrange to hold a quorum (VERIFICATION rule 5).
 */
import type { Rng } from './rng.js'

export interface SelectionConfig {
  refuseThreshold: number
  exploreShare: number
  establishedTrust: number
  maxExplorePicks: number
}

export const DEFAULT_SELECTION: SelectionConfig = {
  refuseThreshold: 0.1,
  exploreShare: 0.2,
  establishedTrust: 0.8,
  maxExplorePicks: 1
}

export interface Candidate {
  peerId: string
  /** from the reputation table, in [0, 1] */
  trust: number
  /** the scheduler's fit (capacity, latency, price), > 0; 1 if absent */
  score?: number
  banned?: boolean
}

/**
 * up to `k` distinct candidates in pick order (the order matters: the
 * replication policy takes the first batch from the front, extras after).
 * The result depends only on the inputs, in their order, and the rng.
 */
export function pickWorkers<C extends Candidate> (candidates: readonly C[], k: number, config: SelectionConfig, rng: Rng): C[] {
  const seen = new Set<string>()
  const pool: C[] = []
  for (const c of candidates) {
    if (seen.has(c.peerId)) continue
    seen.add(c.peerId)
    if (c.banned === true || !(c.trust >= config.refuseThreshold) || !((c.score ?? 1) > 0)) continue
    pool.push(c)
  }
  const picked: C[] = []
  let explored = 0
  while (picked.length < k && pool.length > 0) {
    const explore = rng() < config.exploreShare && explored < config.maxExplorePicks
    let index: number
    if (explore) {
      explored++
      const newcomers: number[] = []
      for (let i = 0; i < pool.length; i++) if (pool[i].trust < config.establishedTrust) newcomers.push(i)
      index = newcomers.length > 0
        ? newcomers[Math.floor(rng() * newcomers.length)]
        : Math.floor(rng() * pool.length)
    } else {
      index = weightedIndex(pool, rng)
    }
    picked.push(pool[index])
    pool.splice(index, 1)
  }
  return picked
}

function weightedIndex (pool: readonly Candidate[], rng: Rng): number {
  let total = 0
  for (const c of pool) total += c.trust * c.trust * (c.score ?? 1)
  if (!(total > 0)) return Math.floor(rng() * pool.length)
  let r = rng() * total
  for (let i = 0; i < pool.length; i++) {
    r -= pool[i].trust * pool[i].trust * (pool[i].score ?? 1)
    if (r < 0) return i
  }
  return pool.length - 1
}
