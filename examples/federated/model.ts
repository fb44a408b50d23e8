/**
 * Logistic regression, pure: predictions, accuracy, and training by
 * mini-batch SGD with L2 regularisation. A model is its weights: one per
 * feature, then the bias.
 */
import { mulberry32 } from '../../src/reputation/rng.js'
import type { Example } from './data.js'

export type Weights = number[]

export interface TrainParams {
  /** passes over the data */
  epochs: number
  learningRate: number
  batchSize: number
  /** L2 penalty on the feature weights (not the bias) */
  l2: number
  /** the order of the examples in each epoch */
  seed: number
}

export function zeros (features: number): Weights {
  return new Array(features + 1).fill(0)
}

export function probability (w: Weights, x: number[]): number {
  let s = w[x.length]
  for (let j = 0; j < x.length; j++) s += w[j] * x[j]
  return 1 / (1 + Math.exp(-s))
}

export function accuracy (w: Weights, rows: Example[]): number {
  if (rows.length === 0) return 0
  let right = 0
  for (const r of rows) if ((probability(w, r.x) >= 0.5 ? 1 : 0) === r.y) right++
  return right / rows.length
}

/** mean log loss */
export function logLoss (w: Weights, rows: Example[]): number {
  let sum = 0
  for (const r of rows) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, probability(w, r.x)))
    sum -= r.y === 1 ? Math.log(p) : Math.log(1 - p)
  }
  return sum / Math.max(1, rows.length)
}

/** trains from `start` on `rows`; returns new weights (start is not changed) */
export function train (start: Weights, rows: Example[], p: TrainParams): Weights {
  const w = [...start]
  const d = w.length - 1
  const rand = mulberry32(p.seed)
  const order = rows.map((_, i) => i)
  const grad = new Array(d + 1).fill(0)
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    shuffle(order, rand)
    for (let b = 0; b < order.length; b += p.batchSize) {
      const batch = order.slice(b, b + p.batchSize)
      grad.fill(0)
      for (const i of batch) {
        const r = rows[i]
        const err = probability(w, r.x) - r.y
        for (let j = 0; j < d; j++) grad[j] += err * r.x[j]
        grad[d] += err
      }
      for (let j = 0; j <= d; j++) {
        const reg = j < d ? p.l2 * w[j] : 0
        w[j] -= p.learningRate * (grad[j] / batch.length + reg)
      }
    }
  }
  return w
}

export function subtract (a: Weights, b: Weights): Weights {
  return a.map((v, i) => v - b[i])
}

export function add (a: Weights, b: Weights): Weights {
  return a.map((v, i) => v + b[i])
}

function shuffle (a: number[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[a[i], a[j]] = [a[j], a[i]]
  }
}

/**
 * The same model trained centrally on pooled rows, round for round: after
 * round r it has had r·epochs passes, shuffled with the round's seed as the
 * participants' are. Returns the weights after each round.
 */
export function trainCentrally (rows: Example[], features: number, rounds: number, params: Omit<TrainParams, 'seed'>): Weights[] {
  const out: Weights[] = []
  let w = zeros(features)
  for (let round = 1; round <= rounds; round++) {
    w = train(w, rows, { ...params, seed: round })
    out.push(w)
  }
  return out
}
