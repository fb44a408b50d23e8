/**
 * What travels between the coordinator and a participant, as JSON in the
 * job's input and output. The input holds the current model and the
 * training settings, nothing else; the output holds the model update and the
 * number of examples it was trained on, nothing else. Both sides check what
 * they get: a bad message is refused, not half used.
 */
import type { TrainParams, Weights } from './model.js'

/** the job kind participants register */
export const TRAIN_KIND = 'fl-train'
/** upper bound on a model's size: the example's models have 9 weights */
export const MAX_WEIGHTS = 10_000

export interface TrainRequest extends TrainParams {
  round: number
  weights: Weights
}

export interface TrainReply {
  delta: Weights
  count: number
}

export function encode (value: TrainRequest | TrainReply): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value))
}

export function decodeRequest (bytes: Uint8Array): TrainRequest {
  const v = parse(bytes, 'training request')
  const keys = ['round', 'weights', 'epochs', 'learningRate', 'batchSize', 'l2', 'seed']
  exactKeys(v, keys, 'training request')
  return {
    round: int(v.round, 'round', 0, 1e6),
    weights: vector(v.weights, 'weights'),
    epochs: int(v.epochs, 'epochs', 1, 1000),
    learningRate: num(v.learningRate, 'learningRate', 0, 100),
    batchSize: int(v.batchSize, 'batchSize', 1, 1e6),
    l2: num(v.l2, 'l2', 0, 100),
    seed: int(v.seed, 'seed', 0, 2 ** 32 - 1)
  }
}

export function decodeReply (bytes: Uint8Array, size: number): TrainReply {
  const v = parse(bytes, 'training reply')
  exactKeys(v, ['delta', 'count'], 'training reply')
  const delta = vector(v.delta, 'delta')
  if (delta.length !== size) throw new TypeError(`delta has ${delta.length} values, the model ${size}`)
  return { delta, count: int(v.count, 'count', 1, 1e9) }
}

function parse (bytes: Uint8Array, what: string): Record<string, unknown> {
  let v: unknown
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (err) {
    throw new TypeError(`the ${what} is not JSON: ${(err as Error).message}`)
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`the ${what} must be a JSON object`)
  return v as Record<string, unknown>
}

function exactKeys (v: Record<string, unknown>, keys: string[], what: string): void {
  const extra = Object.keys(v).filter(k => !keys.includes(k))
  if (extra.length > 0) throw new TypeError(`the ${what} has an unknown field "${extra[0]}"`)
  const missing = keys.filter(k => !(k in v))
  if (missing.length > 0) throw new TypeError(`the ${what} lacks "${missing[0]}"`)
}

function vector (v: unknown, name: string): number[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_WEIGHTS || v.some(x => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new TypeError(`${name} must be 1 to ${MAX_WEIGHTS} finite numbers`)
  }
  return v as number[]
}

function num (v: unknown, name: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new TypeError(`${name} must be a number in [${min}, ${max}]`)
  return v
}

function int (v: unknown, name: string, min: number, max: number): number {
  if (!Number.isInteger(v) || (v as number) < min || (v as number) > max) throw new TypeError(`${name} must be a whole number in [${min}, ${max}]`)
  return v as number
}

/**
 * The WebAssembly trainer's wire form (examples/jobs/fl-train.ts): the same
 * request and reply as little-endian f64s, which a module reads without a
 * JSON parser. Request: round, epochs, learningRate, batchSize, l2, seed, n,
 * then the n weights. Reply: count, then the n values of the update.
 */
export const WASM_TRAINER = 'fl-train.wasm'

export function encodeWasmRequest (req: TrainRequest): Uint8Array {
  const checked = decodeRequest(encode(req))
  const head = [checked.round, checked.epochs, checked.learningRate, checked.batchSize, checked.l2, checked.seed, checked.weights.length]
  return new Uint8Array(new Float64Array([...head, ...checked.weights]).buffer)
}

export function decodeWasmRequest (bytes: Uint8Array): TrainRequest {
  if (bytes.byteLength < 7 * 8 || bytes.byteLength % 8 !== 0) throw new TypeError(`a training request is 8-byte numbers, got ${bytes.byteLength} bytes`)
  const v = new Float64Array(bytes.slice().buffer)
  const n = v[6]
  if (!Number.isInteger(n) || bytes.byteLength !== (7 + n) * 8) throw new TypeError('the training request\'s sizes do not add up')
  const [round, epochs, learningRate, batchSize, l2, seed] = v
  return decodeRequest(encode({ round, epochs, learningRate, batchSize, l2, seed, weights: [...v.subarray(7)] }))
}

export function decodeWasmReply (bytes: Uint8Array, size: number): TrainReply {
  if (bytes.byteLength !== (1 + size) * 8) throw new TypeError(`an update for ${size} weights is ${(1 + size) * 8} bytes, got ${bytes.byteLength}`)
  const v = new Float64Array(bytes.slice().buffer)
  return decodeReply(encode({ count: v[0], delta: [...v.subarray(1)] }), size)
}
