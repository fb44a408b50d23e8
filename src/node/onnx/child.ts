/**
 * The ONNX Runtime child process: the only place native inference code runs
 * on a daemon. Started by the pool (pool.ts) under an address-space cap,
 * with an empty environment and an empty working directory; it loads
 * onnxruntime-node, keeps a few sessions by model hash, and runs one job at
 * a time on request over IPC. Anything unexpected ends the process: the
 * parent fails the job and starts another.
 */
import { setPriority } from 'node:os'
import * as ort from 'onnxruntime-node'
import { encodeResult, elementSize } from '../../inference/tensor.js'
import type { BackendInfo, DType, Tensor } from '../../inference/tensor.js'
import { OcrError } from '../../inference/ocr/errors.js'
import { characterSet } from '../../inference/ocr/lines.js'
import { unpackModels } from '../../inference/ocr/models.js'
import { readPage } from '../../inference/ocr/pipeline.js'
import { encodePage } from '../../inference/ocr/result.js'
import type { ModelName, RunModel, Tensor as FloatTensor } from '../../inference/ocr/types.js'
import { CHILD_NICE, ORT_SESSION_OPTIONS, SESSIONS_PER_CHILD } from './constants.js'
import { decodePageImage } from './png.js'
import type { ChildMessage, OcrRunMessage, ParentMessage, RunMessage } from './messages.js'

// below the daemon's event loop: inference that hogs the cores must not starve
// libp2p (a ping unanswered for 5 s closes the connection, and the jobs on it).
// Set before ORT starts threads, which inherit it (Linux sets it per thread).
try { setPriority(CHILD_NICE) } catch {}

const backend: BackendInfo = {
  runtime: 'onnxruntime-node',
  version: ort.env.versions.node ?? ort.env.versions.common,
  provider: 'cpu',
  intraOpThreads: ORT_SESSION_OPTIONS.intraOpNumThreads,
  optimization: ORT_SESSION_OPTIONS.graphOptimizationLevel
}
ort.env.logLevel = 'error'

const sessions = new Map<string, ort.InferenceSession>()

const send = (m: ChildMessage): void => { process.send?.(m) }

const ORT_TYPES: Record<DType, ort.Tensor.Type> = {
  float32: 'float32', float64: 'float64', float16: 'float16', int8: 'int8', uint8: 'uint8', int16: 'int16', uint16: 'uint16',
  int32: 'int32', uint32: 'uint32', int64: 'int64', uint64: 'uint64', bool: 'bool'
}
const CTORS = {
  float32: Float32Array, float64: Float64Array, float16: Uint16Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array,
  uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array, bool: Uint8Array
} as const

function toOrt (t: Tensor): ort.Tensor {
  const copy = new Uint8Array(t.data)
  const data = new CTORS[t.dtype](copy.buffer, 0, copy.byteLength / elementSize(t.dtype))
  return new ort.Tensor(ORT_TYPES[t.dtype], data as any, t.dims)
}

function fromOrt (name: string, t: ort.Tensor): Tensor {
  const dtype = (Object.keys(ORT_TYPES) as DType[]).find(k => ORT_TYPES[k] === t.type)
  if (dtype == null) throw new Error(`output "${name}" has type ${t.type}, which Shoal does not carry`)
  const data = t.data as ArrayBufferView
  return { name, dtype, dims: [...t.dims], data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }
}

async function session (m: RunMessage): Promise<ort.InferenceSession> {
  const held = sessions.get(m.modelKey)
  if (held != null) {
    sessions.delete(m.modelKey)
    sessions.set(m.modelKey, held)
    return held
  }
  if (m.model == null) throw Object.assign(new Error('the model was not sent'), { reason: 'crashed' })
  const s = await ort.InferenceSession.create(m.model, { ...ORT_SESSION_OPTIONS })
  sessions.set(m.modelKey, s)
  while (sessions.size > SESSIONS_PER_CHILD) {
    const [oldest, old] = sessions.entries().next().value as [string, ort.InferenceSession]
    sessions.delete(oldest)
    await old.release()
  }
  return s
}

async function run (m: RunMessage): Promise<void> {
  const cpu = process.cpuUsage()
  let s: ort.InferenceSession
  try {
    s = await session(m)
  } catch (err: any) {
    send({ type: 'failed', id: m.id, ...classify(err, 'the model does not load'), retire: isMemory(err) })
    return
  }
  try {
    const feeds: Record<string, ort.Tensor> = {}
    for (const t of m.inputs) feeds[t.name] = toOrt(t)
    const wanted = m.outputs.length > 0 ? m.outputs : [...s.outputNames]
    const unknown = wanted.filter(n => !s.outputNames.includes(n))
    if (unknown.length > 0) {
      send({ type: 'failed', id: m.id, reason: 'wrong-input', message: `the model has no output "${unknown[0]}" (its outputs: ${s.outputNames.join(', ')})`, retire: false })
      return
    }
    const results = await s.run(feeds, wanted)
    const outputs = wanted.map(n => fromOrt(n, results[n]))
    const bytes = outputs.reduce((n, t) => n + t.data.byteLength, 0)
    if (bytes > m.maxOutputBytes) {
      send({ type: 'failed', id: m.id, reason: 'output-too-large', message: `outputs of ${bytes} bytes exceed the cap of ${m.maxOutputBytes} bytes`, retire: true })
      return
    }
    const output = encodeResult({ outputs, backend })
    if (output.byteLength > m.maxOutputBytes) {
      send({ type: 'failed', id: m.id, reason: 'output-too-large', message: `output of ${output.byteLength} bytes exceeds the cap of ${m.maxOutputBytes} bytes`, retire: true })
      return
    }
    for (const t of Object.values(results)) t.dispose?.()
    const used = process.cpuUsage(cpu)
    send({ type: 'result', id: m.id, output, cpuMs: (used.user + used.system) / 1000 })
  } catch (err: any) {
    send({ type: 'failed', id: m.id, ...classify(err, 'inference failed'), retire: isMemory(err) })
  }
}

function isMemory (err: any): boolean {
  return /alloc|out of memory|memory/i.test(String(err?.message ?? err))
}

function classify (err: any, what: string): { reason: string, message: string } {
  const message = String(err?.message ?? err).slice(0, 1000)
  if (isMemory(err)) return { reason: 'memory', message: `${what}: ONNX Runtime ran out of the memory cap (${message})` }
  return { reason: typeof err?.reason === 'string' ? err.reason : 'runtime-error', message: `${what}: ${message}` }
}

/** the ocr kind's model sets (det, cls, rec sessions and the character list), by blob hash; one at a time */
let ocrSet: { key: string, run: RunModel, chars: string[], release: () => Promise<void> } | undefined

async function ocrModels (m: OcrRunMessage): Promise<NonNullable<typeof ocrSet>> {
  if (ocrSet?.key === m.modelKey) return ocrSet
  if (m.blob == null) throw Object.assign(new Error('the model blob was not sent'), { reason: 'crashed' })
  await ocrSet?.release()
  ocrSet = undefined
  const parts = unpackModels(m.blob)
  const names: ModelName[] = ['det', 'cls', 'rec']
  const byName = new Map<ModelName, ort.InferenceSession>()
  try {
    for (const n of names) {
      try {
        byName.set(n, await ort.InferenceSession.create(parts[n], { ...ORT_SESSION_OPTIONS }))
      } catch (err: any) {
        throw Object.assign(new Error(`the ${n} model: ${String(err?.message ?? err)}`), { reason: err?.reason })
      }
    }
  } catch (err) {
    await Promise.all([...byName.values()].map(async s => s.release()))
    throw err
  }
  const run: RunModel = async (model, feeds) => {
    const s = byName.get(model)!
    const input: Record<string, ort.Tensor> = {}
    for (const [name, t] of Object.entries(feeds)) input[name] = new ort.Tensor('float32', t.data, t.dims)
    const out = await s.run(input)
    const result: Record<string, FloatTensor> = {}
    for (const [name, t] of Object.entries(out)) {
      if (!(t.data instanceof Float32Array)) throw new OcrError(`the ${model} model's output "${name}" is ${t.type}, not float32`)
      result[name] = { data: t.data, dims: [...t.dims] }
    }
    return result
  }
  ocrSet = { key: m.modelKey, run, chars: characterSet(parts.keys), release: async () => { await Promise.all([...byName.values()].map(async s => s.release())) } }
  return ocrSet
}

async function runOcr (m: OcrRunMessage): Promise<void> {
  const cpu = process.cpuUsage()
  let models: NonNullable<typeof ocrSet>
  try {
    models = await ocrModels(m)
  } catch (err: any) {
    // the parent must not count this blob as loaded here: the child goes, the next job starts fresh
    send({ type: 'failed', id: m.id, ...classify(err, 'the models do not load'), retire: true })
    return
  }
  try {
    const page = await readPage(decodePageImage(m.png), models.run, models.chars)
    const output = encodePage(page, backend)
    if (output.byteLength > m.maxOutputBytes) {
      send({ type: 'failed', id: m.id, reason: 'output-too-large', message: `output of ${output.byteLength} bytes exceeds the cap of ${m.maxOutputBytes} bytes`, retire: false })
      return
    }
    const used = process.cpuUsage(cpu)
    send({ type: 'result', id: m.id, output, cpuMs: (used.user + used.system) / 1000 })
  } catch (err: any) {
    if (err instanceof OcrError) { send({ type: 'failed', id: m.id, reason: 'invalid-job', message: err.message, retire: false }); return }
    send({ type: 'failed', id: m.id, ...classify(err, 'reading the page failed'), retire: isMemory(err) })
  }
}

// one job at a time: the parent never sends another before an answer
let busy = Promise.resolve()
process.on('message', (m: ParentMessage) => {
  if (m?.type === 'run') busy = busy.then(async () => { await run(m) })
  else if (m?.type === 'ocr') busy = busy.then(async () => { await runOcr(m) })
  else process.exit(2)
})
process.on('disconnect', () => { process.exit(0) })
send({ type: 'ready', backend })
