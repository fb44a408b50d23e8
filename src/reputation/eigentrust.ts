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
 * @returns node → global trust for the nodes with t > 0; the values sum to
 *   1; nodes absent are 0
 */
export function eigenTrust (
  rows: ReadonlyMap<string, ReadonlyMap<string, number>>,
  pretrust: ReadonlyMap<string, number>,
  { alpha, maxIterations, tolerance }: EigenTrustOptions
): Map<string, number> {
  const p = normalise(pretrust)
  if (p.size === 0) throw new RangeError('eigenTrust needs a pre-trust vector with positive mass')

  // nodes numbered in order of first appearance (pre-trusted, then rows in
  // order), so that a node added later never reorders the sums of the others
  const index = new Map<string, number>()
  const ids: string[] = []
  const id = (node: string): number => {
    let i = index.get(node)
    if (i == null) { i = ids.length; index.set(node, i); ids.push(node) }
    return i
  }
  for (const node of p.keys()) id(node)
  // the normalised rows as a sparse matrix (CSR); rows with no positive entry are dangling
  const starts: number[] = []
  const ends: number[] = []
  const cols: number[] = []
  const vals: number[] = []
  const rowOf = new Map<number, number>()
  for (const [i, row] of rows) {
    const from = id(i)
    let sum = 0
    for (const s of row.values()) if (s > 0) sum += s
    const start = cols.length
    for (const [j, s] of row) {
      const to = id(j)
      if (s > 0 && sum > 0) { cols.push(to); vals.push(s / sum) }
    }
    if (cols.length > start) { rowOf.set(from, starts.length); starts.push(start); ends.push(cols.length) }
  }
  const n = ids.length
  const rowIndex = new Int32Array(n).fill(-1)
  for (const [node, r] of rowOf) rowIndex[node] = r
  const pv = new Float64Array(n)
  for (const [node, w] of p) pv[index.get(node) as number] = w

  let t = Float64Array.from(pv)
  let next = new Float64Array(n)
  for (let iter = 0; iter < maxIterations; iter++) {
    next.fill(0)
    let dangling = 0
    for (let i = 0; i < n; i++) {
      const ti = t[i]
      // nodes with no mass are skipped: they can move nothing (see above)
      if (ti === 0) continue
      const r = rowIndex[i]
      if (r < 0) { dangling += ti; continue }
      for (let k = starts[r]; k < ends[r]; k++) next[cols[k]] += ti * vals[k]
    }
    const teleport = (1 - alpha) * dangling + alpha
    let change = 0
    for (let j = 0; j < n; j++) {
      const v = (1 - alpha) * next[j] + teleport * pv[j]
      change += Math.abs(v - t[j])
      next[j] = v
    }
    const done = t
    t = next
    next = done
    if (change < tolerance) break
  }
  const out = new Map<string, number>()
  for (let i = 0; i < n; i++) if (t[i] > 0) out.set(ids[i], t[i])
  return out
}

function normalise (weights: ReadonlyMap<string, number>): Map<string, number> {
  let sum = 0
  for (const w of weights.values()) if (w > 0) sum += w
  const out = new Map<string, number>()
  if (sum > 0) for (const [k, w] of weights) if (w > 0) out.set(k, w / sum)
  return out
}
