/**
 * EigenTrust (Kamvar, Schlosser, Garcia-Molina 2003) on a sparse graph, with
 * a pre-trust vector p that holds all the trust there is to begin with:
 *
 *   c_ij = s_ij / Σ_k s_ik            (row i normalised; s_ij ≥ 0 is i's raw
 *                                      local trust in j)
 *   t ← (1 − α) · (Cᵀ t + d · p) + α · p,   d = mass held by rows with no
 *                                            positive entry ("dangling")
 *
 * from t = p until the L1 change drops under `tolerance` or `maxIterations`
 * pass. t stays a distribution (Σ t = 1) and the fixed point is unique for
 * α > 0. Mass only leaves a node along its positive local trust, so a node
 * no path of positive trust reaches from p keeps t = 0 exactly; and rows of
 * nodes with t = 0 are skipped, so what such nodes say cannot change any
 * value, not even by floating-point rounding. That is the Sybil argument: a
 * clique of fresh identities vouching for each other receives nothing, and a
 * clique that does receive some mass can only keep what flows in (less the
 * α that teleports back to p every step).
 */

export interface EigenTrustOptions {
  /** teleport weight α towards p, in (0, 1] */
  alpha: number
  maxIterations: number
  /** stop when Σ|t' − t| falls below this */
  tolerance: number
}

/**
 * @param rows observer → subject → raw local trust s ≥ 0 (any positive scale
 *   per row: rows are normalised here)
 * @param pretrust node → weight ≥ 0, not all zero (normalised here)
 * @returns node → global trust; the values sum to 1; nodes absent are 0
 */
export function eigenTrust (
  rows: ReadonlyMap<string, ReadonlyMap<string, number>>,
  pretrust: ReadonlyMap<string, number>,
  { alpha, maxIterations, tolerance }: EigenTrustOptions
): Map<string, number> {
  const p = normalise(pretrust)
  if (p.size === 0) throw new RangeError('eigenTrust needs a pre-trust vector with positive mass')
  const normalised = new Map<string, Array<[string, number]>>()
  for (const [i, row] of rows) {
    let sum = 0
    for (const s of row.values()) if (s > 0) sum += s
    if (sum > 0) normalised.set(i, [...row].filter(([, s]) => s > 0).map(([j, s]) => [j, s / sum]))
  }

  let t = new Map(p)
  for (let iter = 0; iter < maxIterations; iter++) {
    const next = new Map<string, number>()
    let dangling = 0
    for (const [i, ti] of t) {
      // nodes with no mass are skipped: they can move nothing (see above)
      if (ti === 0) continue
      const row = normalised.get(i)
      if (row == null) { dangling += ti; continue }
      for (const [j, c] of row) next.set(j, (next.get(j) ?? 0) + ti * c)
    }
    for (const [j, v] of next) next.set(j, (1 - alpha) * v)
    const teleport = (1 - alpha) * dangling + alpha
    for (const [j, pj] of p) next.set(j, (next.get(j) ?? 0) + teleport * pj)

    let change = 0
    for (const [j, v] of next) change += Math.abs(v - (t.get(j) ?? 0))
    for (const [j, v] of t) if (!next.has(j)) change += v
    t = next
    if (change < tolerance) break
  }
  return t
}

function normalise (weights: ReadonlyMap<string, number>): Map<string, number> {
  let sum = 0
  for (const w of weights.values()) if (w > 0) sum += w
  const out = new Map<string, number>()
  if (sum > 0) for (const [k, w] of weights) if (w > 0) out.set(k, w / sum)
  return out
}
