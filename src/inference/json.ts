/**
 * The JSON form of a tensor list, for people and scripts:
 *   { "<name>": { "dtype": "float32", "dims": [1, 3], "data": [0.1, 0.2, 0.3] } }
 * `data` is a flat row-major array of numbers (strings for 64-bit integers
 * beyond 2^53 are accepted) or a base64 string of the little-endian bytes.
 * Checked like TensorProto input (tensor.ts).
 */
import { fromBase64, toBase64 } from '../utils/base64.js'
import { InferenceError } from './errors.js'
import { DTYPE_NAMES, elementCount, elementSize, typedArray, DEFAULT_TENSOR_LIMITS } from './tensor.js'
import type { DType, Tensor, TensorLimits } from './tensor.js'

export interface JsonTensor {
  dtype: DType
  dims: number[]
  data: Array<number | string | boolean> | string
}

export function tensorsFromJson (json: unknown, limits: TensorLimits = DEFAULT_TENSOR_LIMITS): Tensor[] {
  if (json == null || typeof json !== 'object' || Array.isArray(json)) throw new InferenceError('bad-tensor', 'expected an object of { name: { dtype, dims, data } }')
  const entries = Object.entries(json as Record<string, unknown>)
  if (entries.length > limits.maxTensors) throw new InferenceError('bad-tensor', `more than ${limits.maxTensors} tensors`)
  return entries.map(([name, value]) => tensorFromJson(name, value, limits))
}

function tensorFromJson (name: string, value: unknown, limits: TensorLimits): Tensor {
  const what = `tensor "${name.slice(0, 64)}"`
  const v = value as Partial<JsonTensor> | null
  if (v == null || typeof v !== 'object') throw new InferenceError('bad-tensor', `${what}: expected { dtype, dims, data }`)
  if (typeof v.dtype !== 'string' || !DTYPE_NAMES.includes(v.dtype)) throw new InferenceError('bad-tensor', `${what}: dtype must be one of ${DTYPE_NAMES.join(', ')}`)
  if (!Array.isArray(v.dims)) throw new InferenceError('bad-tensor', `${what}: dims must be an array of whole numbers`)
  const size = elementSize(v.dtype)
  const count = elementCount(v.dims, Math.floor(limits.maxTensorBytes / size), what)
  const dims = v.dims
  if (typeof v.data === 'string') {
    const data = fromBase64(v.data)
    if (data.byteLength !== count * size) throw new InferenceError('bad-tensor', `${what}: ${data.byteLength} bytes of data, dims × ${v.dtype} need ${count * size}`)
    return { name, dtype: v.dtype, dims, data }
  }
  if (!Array.isArray(v.data)) throw new InferenceError('bad-tensor', `${what}: data must be an array of numbers or a base64 string`)
  if (v.data.length !== count) throw new InferenceError('bad-tensor', `${what}: ${v.data.length} values, dims [${dims.join(', ')}] need ${count}`)
  const data = new Uint8Array(count * size)
  const view = new DataView(data.buffer)
  v.data.forEach((x, i) => { write(view, v.dtype!, i, x, what) })
  return { name, dtype: v.dtype, dims, data }
}

function write (view: DataView, dtype: DType, i: number, x: unknown, what: string): void {
  if (dtype === 'int64' || dtype === 'uint64') {
    if (typeof x !== 'number' && typeof x !== 'string') throw new InferenceError('bad-tensor', `${what}: value ${i} is not a number`)
    let b: bigint
    try { b = BigInt(x) } catch { throw new InferenceError('bad-tensor', `${what}: value ${i} is not a whole number`) }
    if (dtype === 'int64') view.setBigInt64(i * 8, BigInt.asIntN(64, b), true)
    else view.setBigUint64(i * 8, BigInt.asUintN(64, b), true)
    return
  }
  const n = typeof x === 'boolean' ? Number(x) : x
  if (typeof n !== 'number' || (!Number.isFinite(n) && !dtype.startsWith('float'))) throw new InferenceError('bad-tensor', `${what}: value ${i} is not a number`)
  switch (dtype) {
    case 'float32': view.setFloat32(i * 4, n, true); break
    case 'float64': view.setFloat64(i * 8, n, true); break
    case 'float16': throw new InferenceError('bad-tensor', `${what}: give float16 data as base64 bytes`)
    case 'int8': view.setInt8(i, n); break
    case 'uint8': view.setUint8(i, n); break
    case 'bool': view.setUint8(i, n !== 0 ? 1 : 0); break
    case 'int16': view.setInt16(i * 2, n, true); break
    case 'uint16': view.setUint16(i * 2, n, true); break
    case 'int32': view.setInt32(i * 4, n, true); break
    case 'uint32': view.setUint32(i * 4, n, true); break
  }
}

/** tensors as JSON: numbers for up to `maxInline` elements, base64 bytes beyond */
export function tensorsToJson (tensors: readonly Tensor[], maxInline = 100_000): Record<string, JsonTensor> {
  const out: Record<string, JsonTensor> = {}
  for (const t of tensors) {
    const n = t.data.byteLength / elementSize(t.dtype)
    let data: JsonTensor['data']
    if (n > maxInline || t.dtype === 'float16') data = toBase64(t.data)
    else {
      const a = typedArray(t)
      data = a instanceof BigInt64Array || a instanceof BigUint64Array ? Array.from(a, b => b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b.toString()) : Array.from(a as ArrayLike<number>)
    }
    out[t.name] = { dtype: t.dtype, dims: [...t.dims], data }
  }
  return out
}
