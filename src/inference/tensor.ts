/**
 * Tensors of "onnx" jobs, in ONNX's own TensorProto (protocols/tensor.proto).
 * Pure: the browser page and the requester use it too.
 *
 * Every tensor is checked before a model sees it: a known numeric dtype,
 * whole non-negative dims, an element count that neither overflows nor
 * passes the byte cap, and data whose size matches dims × element size.
 * A tensor is held as little-endian row-major bytes (TensorProto's raw_data);
 * the packed typed fields (float_data…) are accepted and converted.
 */
import { InferenceRequest, InferenceResult, Comparison } from '../pb/tensor.js'
import type { TensorProto } from '../pb/tensor.js'
import type { Backend, OutputCheck } from '../pb/tensor.js'
import { InferenceError } from './errors.js'
import { MAX_RANK, MAX_TENSORS, MAX_TENSOR_BYTES, MAX_NAME_LENGTH } from './constants.js'

export type DType = 'float32' | 'float64' | 'float16' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'bool'

/** ONNX DataType code → dtype name and element size; strings, complex and bfloat16 are not run */
const DTYPES: ReadonlyMap<number, { dtype: DType, size: number }> = new Map<number, { dtype: DType, size: number }>([
  [1, { dtype: 'float32', size: 4 }],
  [11, { dtype: 'float64', size: 8 }],
  [10, { dtype: 'float16', size: 2 }],
  [3, { dtype: 'int8', size: 1 }],
  [2, { dtype: 'uint8', size: 1 }],
  [5, { dtype: 'int16', size: 2 }],
  [4, { dtype: 'uint16', size: 2 }],
  [6, { dtype: 'int32', size: 4 }],
  [12, { dtype: 'uint32', size: 4 }],
  [7, { dtype: 'int64', size: 8 }],
  [13, { dtype: 'uint64', size: 8 }],
  [9, { dtype: 'bool', size: 1 }]
])
const STRING_TYPE = 8

const CODES = new Map<DType, number>([...DTYPES].map(([code, { dtype }]) => [dtype, code]))

export const DTYPE_NAMES: readonly DType[] = [...CODES.keys()]

export function dtypeCode (dtype: DType): number {
  const code = CODES.get(dtype)
  if (code == null) throw new InferenceError('bad-tensor', `dtype "${String(dtype)}" is not one of ${DTYPE_NAMES.join(', ')}`)
  return code
}

export function dtypeOf (code: number): DType | undefined {
  return DTYPES.get(code)?.dtype
}

export function elementSize (dtype: DType): number {
  return DTYPES.get(dtypeCode(dtype))!.size
}

/** a checked tensor: `data` holds exactly elementCount(dims) × elementSize(dtype) bytes */
export interface Tensor {
  name: string
  dtype: DType
  dims: number[]
  data: Uint8Array
}

export interface TensorLimits {
  /** bytes of one tensor's data */
  maxTensorBytes: number
  /** tensors in one list */
  maxTensors: number
}

export const DEFAULT_TENSOR_LIMITS: TensorLimits = { maxTensorBytes: MAX_TENSOR_BYTES, maxTensors: MAX_TENSORS }

/**
 * The element count of dims, refused when a dim is not a whole number in
 * [0, 2^53) or the product passes `maxElements` (checked at every step, so
 * it never overflows).
 */
export function elementCount (dims: ReadonlyArray<number | bigint>, maxElements: number, what = 'tensor'): number {
  if (dims.length > MAX_RANK) throw new InferenceError('bad-tensor', `${what}: rank ${dims.length} is above ${MAX_RANK}`)
  let n = 1
  for (const d of dims) {
    const v = typeof d === 'bigint' ? (d >= 0n && d <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(d) : -1) : d
    if (!Number.isSafeInteger(v) || v < 0) throw new InferenceError('bad-tensor', `${what}: dim ${String(d)} is not a whole number ≥ 0`)
    if (v === 0) return 0
    if (n > maxElements / v) throw new InferenceError('too-large', `${what}: dims [${dims.join(', ')}] hold more than ${maxElements} elements`)
    n *= v
  }
  return n
}

/** Checks a decoded TensorProto and returns it as raw little-endian bytes. */
export function fromProto (pb: TensorProto, limits: TensorLimits = DEFAULT_TENSOR_LIMITS): Tensor {
  const name = pb.name
  const what = `tensor "${name.slice(0, 64)}"`
  if (name.length > MAX_NAME_LENGTH) throw new InferenceError('bad-tensor', `tensor name longer than ${MAX_NAME_LENGTH} characters`)
  if (pb.dataLocation !== 0 || pb.externalData.length > 0) throw new InferenceError('external-data', `${what}: external data is refused, the data must travel in the tensor`)
  const type = DTYPES.get(pb.dataType)
  if (type == null) {
    throw new InferenceError('bad-tensor', `${what}: data_type ${pb.dataType}${pb.dataType === STRING_TYPE ? ' (string)' : ''} is not supported; use one of ${DTYPE_NAMES.join(', ')}`)
  }
  const count = elementCount(pb.dims, Math.floor(limits.maxTensorBytes / type.size), what)
  const data = tensorData(pb, type.dtype, count, what)
  return { name, dtype: type.dtype, dims: pb.dims.map(Number), data }
}

function tensorData (pb: TensorProto, dtype: DType, count: number, what: string): Uint8Array {
  const size = elementSize(dtype)
  const sources = [pb.rawData, pb.floatData, pb.int32Data, pb.int64Data, pb.doubleData, pb.uint64Data].filter(b => b.byteLength > 0)
  if (pb.stringData.length > 0) throw new InferenceError('bad-tensor', `${what}: string_data is not supported`)
  if (sources.length > 1) throw new InferenceError('bad-tensor', `${what}: data in more than one field`)
  const expected = count * size
  if (pb.rawData.byteLength > 0 || sources.length === 0) {
    if (pb.rawData.byteLength !== expected) throw new InferenceError('bad-tensor', `${what}: ${pb.rawData.byteLength} bytes of data, dims × ${dtype} need ${expected}`)
    return pb.rawData
  }
  // the typed fields, as onnx.proto assigns them to dtypes
  const out = new Uint8Array(expected)
  const view = new DataView(out.buffer)
  const mismatch = (field: string, n: number): InferenceError => new InferenceError('bad-tensor', `${what}: ${field} holds ${n} values, dims need ${count}`)
  if (pb.floatData.byteLength > 0) {
    if (dtype !== 'float32') throw new InferenceError('bad-tensor', `${what}: float_data is for float32 tensors`)
    if (pb.floatData.byteLength !== expected) throw mismatch('float_data', pb.floatData.byteLength / 4)
    out.set(pb.floatData)
  } else if (pb.doubleData.byteLength > 0) {
    if (dtype !== 'float64') throw new InferenceError('bad-tensor', `${what}: double_data is for float64 tensors`)
    if (pb.doubleData.byteLength !== expected) throw mismatch('double_data', pb.doubleData.byteLength / 8)
    out.set(pb.doubleData)
  } else if (pb.int32Data.byteLength > 0) {
    // int32_data carries int32, int16, int8, uint16, uint8, bool and float16 (as its bits)
    if (!['int32', 'int16', 'int8', 'uint16', 'uint8', 'bool', 'float16'].includes(dtype)) throw new InferenceError('bad-tensor', `${what}: int32_data is not for ${dtype} tensors`)
    const values = unpackVarints(pb.int32Data, count, what)
    if (values.length !== count) throw mismatch('int32_data', values.length)
    values.forEach((v, i) => { writeInt(view, dtype, i, v) })
  } else if (pb.int64Data.byteLength > 0) {
    if (dtype !== 'int64') throw new InferenceError('bad-tensor', `${what}: int64_data is for int64 tensors`)
    const values = unpackVarints(pb.int64Data, count, what)
    if (values.length !== count) throw mismatch('int64_data', values.length)
    values.forEach((v, i) => { view.setBigInt64(i * 8, BigInt.asIntN(64, v), true) })
  } else {
    if (dtype !== 'uint64' && dtype !== 'uint32') throw new InferenceError('bad-tensor', `${what}: uint64_data is for uint64 and uint32 tensors`)
    const values = unpackVarints(pb.uint64Data, count, what)
    if (values.length !== count) throw mismatch('uint64_data', values.length)
    values.forEach((v, i) => { if (dtype === 'uint64') view.setBigUint64(i * 8, v, true); else view.setUint32(i * 4, Number(BigInt.asUintN(32, v)), true) })
  }
  return out
}

function writeInt (view: DataView, dtype: DType, i: number, v: bigint): void {
  const n = Number(BigInt.asIntN(32, v))
  switch (dtype) {
    case 'int32': view.setInt32(i * 4, n, true); break
    case 'int16': view.setInt16(i * 2, n, true); break
    case 'uint16': case 'float16': view.setUint16(i * 2, n, true); break
    case 'int8': view.setInt8(i, n); break
    default: view.setUint8(i, dtype === 'bool' ? (n !== 0 ? 1 : 0) : n)
  }
}

/**
 * A packed run of varints (how onnx.proto's `[packed = true]` int fields
 * travel). Hand-written: protons reads repeated scalars one tag at a time,
 * not packed, so the field is declared as bytes and unpacked here. Stops
 * past `max` values so a hostile run cannot allocate more than dims allow.
 */
export function unpackVarints (bytes: Uint8Array, max: number, what: string): bigint[] {
  const out: bigint[] = []
  let i = 0
  while (i < bytes.length) {
    if (out.length >= max) return [...out, 0n]
    let v = 0n
    let shift = 0n
    for (;;) {
      if (i >= bytes.length || shift > 63n) throw new InferenceError('bad-tensor', `${what}: a packed varint is cut short or too long`)
      const b = bytes[i++]
      v |= BigInt(b & 0x7f) << shift
      shift += 7n
      if ((b & 0x80) === 0) break
    }
    out.push(BigInt.asUintN(64, v))
  }
  return out
}

export function toProto (t: Tensor): TensorProto {
  return {
    name: t.name, dims: t.dims.map(BigInt), dataType: dtypeCode(t.dtype), rawData: t.data as Uint8Array<ArrayBuffer>,
    floatData: new Uint8Array(), int32Data: new Uint8Array(), int64Data: new Uint8Array(), doubleData: new Uint8Array(), uint64Data: new Uint8Array(),
    stringData: [], externalData: [], dataLocation: 0
  }
}

/** a named list: names must be unique and non-empty */
function checkList (tensors: TensorProto[], limits: TensorLimits, what: string): Tensor[] {
  if (tensors.length > limits.maxTensors) throw new InferenceError('bad-tensor', `${what}: more than ${limits.maxTensors} tensors`)
  const seen = new Set<string>()
  return tensors.map(pb => {
    const t = fromProto(pb, limits)
    if (t.name === '') throw new InferenceError('bad-tensor', `${what}: every tensor needs a name`)
    if (seen.has(t.name)) throw new InferenceError('bad-tensor', `${what}: tensor "${t.name}" appears twice`)
    seen.add(t.name)
    return t
  })
}

export type CheckKind = 'exact' | 'allclose' | 'argmax' | 'topk'

/** how the requester compares one output across backends (see compare.ts) */
export interface Check {
  /** the output; undefined: every output without its own check */
  name?: string
  comparison: CheckKind
  rtol?: number
  atol?: number
  k?: number
}

export interface InferenceJob {
  inputs: Tensor[]
  checks: Check[]
  /** outputs wanted; empty: all */
  outputs: string[]
}

const COMPARISONS: CheckKind[] = ['exact', 'allclose', 'argmax', 'topk']
const PB_COMPARISONS: Comparison[] = [Comparison.EXACT, Comparison.ALLCLOSE, Comparison.ARGMAX, Comparison.TOPK]

export function encodeRequest (job: { inputs: Tensor[], checks?: Check[], outputs?: string[] }): Uint8Array {
  return InferenceRequest.encode({
    inputs: job.inputs.map(toProto),
    checks: (job.checks ?? []).map((c): OutputCheck => ({ name: c.name ?? '', comparison: PB_COMPARISONS[COMPARISONS.indexOf(c.comparison)], rtol: c.rtol ?? 0, atol: c.atol ?? 0, k: c.k ?? 0 })),
    outputs: job.outputs ?? []
  })
}

/** Decodes and checks an onnx job's input bytes; throws InferenceError with the reason. */
export function decodeRequest (bytes: Uint8Array, limits: TensorLimits = DEFAULT_TENSOR_LIMITS): InferenceJob {
  let pb: InferenceRequest
  try {
    pb = InferenceRequest.decode(bytes, { limits: { inputs: limits.maxTensors + 1, checks: limits.maxTensors + 1, outputs: limits.maxTensors + 1 } })
  } catch (err: any) {
    throw new InferenceError('bad-tensor', `the job's input is not an InferenceRequest (${err.message})`)
  }
  const inputs = checkList(pb.inputs, limits, 'inputs')
  if (pb.outputs.length > limits.maxTensors) throw new InferenceError('bad-tensor', `more than ${limits.maxTensors} outputs asked`)
  const checks = pb.checks.map(c => {
    const comparison = COMPARISONS[PB_COMPARISONS.indexOf(c.comparison)]
    if (comparison == null) throw new InferenceError('bad-tensor', `unknown comparison ${String(c.comparison)}`)
    if (![c.rtol, c.atol].every(x => Number.isFinite(x) && x >= 0) || c.k > 1_000_000) throw new InferenceError('bad-tensor', 'rtol and atol must be finite and ≥ 0, k at most 10^6')
    const check: Check = { comparison }
    if (c.name !== '') check.name = c.name
    if (c.rtol !== 0) check.rtol = c.rtol
    if (c.atol !== 0) check.atol = c.atol
    if (c.k !== 0) check.k = c.k
    return check
  })
  return { inputs, checks, outputs: pb.outputs }
}

export interface BackendInfo {
  runtime: string
  version: string
  provider: string
  intraOpThreads: number
  optimization: string
}

export interface InferenceOutput {
  outputs: Tensor[]
  backend: BackendInfo
}

export function encodeResult (result: InferenceOutput): Uint8Array {
  const b = result.backend
  const backend: Backend = { runtime: b.runtime, version: b.version, provider: b.provider, intraOpThreads: b.intraOpThreads, optimization: b.optimization }
  return InferenceResult.encode({ outputs: result.outputs.map(toProto), backend })
}

/** Decodes and checks an onnx job's output bytes (what a worker sent). */
export function decodeResult (bytes: Uint8Array, limits: TensorLimits = DEFAULT_TENSOR_LIMITS): InferenceOutput {
  let pb: InferenceResult
  try {
    pb = InferenceResult.decode(bytes, { limits: { outputs: limits.maxTensors + 1 } })
  } catch (err: any) {
    throw new InferenceError('bad-tensor', `the output is not an InferenceResult (${err.message})`)
  }
  const b = pb.backend
  return {
    outputs: checkList(pb.outputs, limits, 'outputs'),
    backend: { runtime: b?.runtime ?? '', version: b?.version ?? '', provider: b?.provider ?? '', intraOpThreads: b?.intraOpThreads ?? 0, optimization: b?.optimization ?? '' }
  }
}

/** a backend as one string: replicas with the same key must agree byte for byte */
export function backendKey (b: BackendInfo): string {
  return `${b.runtime}@${b.version}/${b.provider}/t${b.intraOpThreads}/${b.optimization}`
}

// ------------------------------------------------------------ typed arrays

export type TypedArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array

const CTORS = {
  float32: Float32Array, float64: Float64Array, float16: Uint16Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array,
  uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array, bool: Uint8Array
} as const

/** the data as a typed array (a copy, so it is aligned); float16 as its raw uint16 bits (little-endian hosts) */
export function typedArray (t: Tensor): TypedArray {
  const copy = new Uint8Array(t.data)
  return new CTORS[t.dtype](copy.buffer, 0, copy.byteLength / elementSize(t.dtype))
}

/** a tensor from a typed array (its bytes, copied) */
export function fromTyped (name: string, dtype: DType, dims: number[], values: ArrayBufferView): Tensor {
  const data = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice()
  const count = elementCount(dims, Number.MAX_SAFE_INTEGER, `tensor "${name}"`)
  if (count * elementSize(dtype) !== data.byteLength) throw new InferenceError('bad-tensor', `tensor "${name}": ${data.byteLength} bytes of data, dims × ${dtype} need ${count * elementSize(dtype)}`)
  return { name, dtype, dims: [...dims], data }
}

/** float values of a numeric tensor (float16 decoded), for comparisons */
export function asNumbers (t: Tensor): Float64Array {
  const a = typedArray(t)
  if (t.dtype === 'float16') return Float64Array.from(a as Uint16Array, halfToFloat)
  if (a instanceof BigInt64Array || a instanceof BigUint64Array) return Float64Array.from(a, Number)
  return Float64Array.from(a as ArrayLike<number>)
}

function halfToFloat (h: number): number {
  const s = (h & 0x8000) !== 0 ? -1 : 1
  const e = (h >> 10) & 0x1f
  const f = h & 0x3ff
  if (e === 0) return s * 2 ** -14 * (f / 1024)
  if (e === 31) return f === 0 ? s * Infinity : NaN
  return s * 2 ** (e - 15) * (1 + f / 1024)
}
