/**
 * The example's data set, made by a documented process (no download): a
 * two-class tabular set shaped like a screening test.
 *
 * - 8 numeric features, label y ∈ {0, 1}, P(y = 1) = 0.4;
 * - x = m_y + L z, z ~ N(0, I) (Box–Muller on mulberry32), where m_0 = 0,
 *   m_1 = CLASS_SHIFT (two of the eight features carry no signal), and L makes
 *   neighbouring features correlated: x_j gets z_j + 0.5 z_(j-1);
 * - then 4% of the labels are flipped (noise no model can learn).
 *
 * Both classes share one covariance, so logistic regression is the right
 * model family and its best accuracy is well below 100%. Everything follows
 * from the seed: the same seed gives the same rows on every machine.
 *
 * Shards: the training rows are split across peers with a label skew (each
 * peer holds a different share of the positives), as real sites do.
 */
import { mulberry32 } from '../../src/reputation/rng.js'

export interface Example {
  x: number[]
  y: 0 | 1
}

export const FEATURES = 8
export const CLASS_SHIFT = [1.0, -0.7, 0.5, 0, 0.8, -0.4, 0.3, 0]
export const POSITIVE_RATE = 0.4
export const LABEL_NOISE = 0.04
export const DATA_SEED = 20261129

/** `count` rows from the generator, seeded */
export function generate (count: number, seed = DATA_SEED): Example[] {
  const rand = mulberry32(seed)
  const normal = gaussian(rand)
  const rows: Example[] = []
  for (let i = 0; i < count; i++) {
    const truth: 0 | 1 = rand() < POSITIVE_RATE ? 1 : 0
    const z = Array.from({ length: FEATURES }, normal)
    const x = z.map((zj, j) => (truth === 1 ? CLASS_SHIFT[j] : 0) + zj + (j > 0 ? 0.5 * z[j - 1] : 0))
    const y: 0 | 1 = rand() < LABEL_NOISE ? (1 - truth) as 0 | 1 : truth
    rows.push({ x, y })
  }
  return rows
}

/** the example's train and test sets (the test set is the coordinator's own, held out) */
export function dataset (train = 2400, test = 800, seed = DATA_SEED): { train: Example[], test: Example[] } {
  return { train: generate(train, seed), test: generate(test, seed + 1) }
}

/**
 * Splits rows into `peers` shards with a label skew: shard i gets a share of
 * the positives rising with i and of the negatives falling with i (weights
 * peers + i and 2·peers − 1 − i: with 4 peers, 4:7 up to 7:4), so no two
 * shards look alike. Order within a shard is the rows' order.
 */
export function shard (rows: Example[], peers: number): Example[][] {
  const shards: Example[][] = Array.from({ length: peers }, () => [])
  const weights = (y: 0 | 1): number[] => Array.from({ length: peers }, (_, i) => y === 1 ? peers + i : 2 * peers - 1 - i)
  const seen = [0, 0]
  for (const row of rows) {
    const w = weights(row.y)
    const total = w.reduce((a, b) => a + b, 0)
    // deterministic round-robin over the weights: the k-th row of a class goes where the cumulative share says
    const k = seen[row.y]++ % total
    let acc = 0
    let target = 0
    for (; target < peers; target++) { acc += w[target]; if (k < acc) break }
    shards[target].push(row)
  }
  return shards
}

/** N(0, 1) samples by Box–Muller */
function gaussian (rand: () => number): () => number {
  let spare: number | undefined
  return () => {
    if (spare !== undefined) { const s = spare; spare = undefined; return s }
    let u = 0
    while (u === 0) u = rand()
    const v = rand()
    const r = Math.sqrt(-2 * Math.log(u))
    spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }
}
