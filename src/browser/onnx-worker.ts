/**
 * The Web Worker that runs onnx jobs in a browser page: onnxruntime-web's
 * WASM backend, one intra-op thread, optimisation `all` (the daemon's
 * settings), sessions kept by model hash. ORT's .wasm comes from the daemon
 * that served the page (ort/ next to this script), never from a CDN. The
 * page checked the model and the input (src/inference) before sending them,
 * and terminates this worker at the time cap, on a cancel or on any doubt.
 */
import * as ort from 'onnxruntime-web/wasm'
import { encodeResult, elementSize } from '../inference/tensor.js'
import type { BackendInfo, DType, Tensor } from '../inference/tensor.js'
import { OcrError } from '../inference/ocr/errors.js'
import { fromRgba } from '../inference/ocr/image.js'
import { characterSet } from '../inference/ocr/lines.js'
import { unpackModels } from '../inference/ocr/models.js'
import { readPage } from '../inference/ocr/pipeline.js'
import { encodePage } from '../inference/ocr/result.js'
import type { RgbImage } from '../inference/ocr/image.js'
import type { ModelName, RunModel, Tensor as FloatTensor } from '../inference/ocr/types.js'
import type { OcrJobMessage, OnnxJobMessage, OnnxWorkerMessage } from './messages.js'

const scope = globalThis as unknown as { postMessage: (msg: OnnxWorkerMessage, transfer?: Transferable[]) => void, onmessage: ((e: MessageEvent<OnnxJobMessage | OcrJobMessage>) => void) | null, location: { href: string } }

ort.env.wasm.wasmPaths = { wasm: new URL('ort/ort-wasm-simd-threaded.wasm', scope.location.href).href }
ort.env.wasm.numThreads = 1
ort.env.wasm.proxy = false
ort.env.logLevel = 'error'

const backend: BackendInfo = { runtime: 'onnxruntime-web', version: ort.env.versions.web ?? ort.env.versions.common, provider: 'wasm', intraOpThreads: 1, optimization: 'all' }
const SESSIONS = 2
const sessions = new Map<string, ort.InferenceSession>()

const CTORS = {
  float32: Float32Array, float64: Float64Array, float16: Uint16Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array,
  uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array, bool: Uint8Array
} as const
const DTYPES = Object.keys(CTORS) as DType[]

async function session (m: OnnxJobMessage): Promise<ort.InferenceSession> {
  const held = sessions.get(m.modelKey)
  if (held != null) return held
  if (m.model == null) throw new Error('the model was not sent')
  const s = await ort.InferenceSession.create(m.model, { executionProviders: ['wasm'], intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' })
  sessions.set(m.modelKey, s)
  while (sessions.size > SESSIONS) {
    const [oldest, old] = sessions.entries().next().value as [string, ort.InferenceSession]
    sessions.delete(oldest)
    await old.release()
  }
  return s
}

scope.onmessage = (e) => {
  const m = e.data
  if ('type' in m && m.type === 'ocr') void runOcr(m)
  else void run(m as OnnxJobMessage)
}

const SESSION_OPTIONS = { executionProviders: ['wasm'], intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' } as const

/** the ocr kind's sessions (det, cls, rec) and character list, for one blob at a time */
let ocrSet: { key: string, run: RunModel, chars: string[], release: () => Promise<void> } | undefined

async function ocrModels (m: OcrJobMessage): Promise<NonNullable<typeof ocrSet>> {
  if (ocrSet?.key === m.modelKey) return ocrSet
  if (m.blob == null) throw new Error('the model blob was not sent')
  await ocrSet?.release()
  ocrSet = undefined
  const parts = unpackModels(m.blob)
  const byName = new Map<ModelName, ort.InferenceSession>()
  for (const n of ['det', 'cls', 'rec'] as ModelName[]) {
    try {
      byName.set(n, await ort.InferenceSession.create(parts[n], { ...SESSION_OPTIONS, executionProviders: [...SESSION_OPTIONS.executionProviders] }))
    } catch (err) {
      await Promise.all([...byName.values()].map(async s => s.release()))
      throw new Error(`the ${n} model: ${err instanceof Error ? err.message : String(err)}`)
    }
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

/**
 * The page's PNG to RGB with the browser's own decoder, as stored: no colour
 * management, no premultiplied alpha, so the pixels are the file's (what
 * pngjs gives a daemon) and both sides feed the models the same values.
 */
async function decodePng (png: Uint8Array): Promise<RgbImage> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(new Blob([png as BlobPart], { type: 'image/png' }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' })
  } catch (err) {
    throw new OcrError(`not a readable PNG: ${err instanceof Error ? err.message : String(err)}`)
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  if (ctx == null) throw new Error('no 2d context in this worker')
  ctx.drawImage(bitmap, 0, 0)
  bitmap.close()
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height)
  return fromRgba(new Uint8Array(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength), pixels.width, pixels.height)
}

async function runOcr (m: OcrJobMessage): Promise<void> {
  const started = performance.now()
  try {
    const models = await ocrModels(m)
    const page = await readPage(await decodePng(m.png), models.run, models.chars)
    const output = encodePage(page, backend)
    if (output.byteLength > m.maxOutputBytes) { scope.postMessage({ type: 'failed', reason: 'output-too-large', message: `output of ${output.byteLength} bytes exceeds the cap of ${m.maxOutputBytes} bytes` }); return }
    scope.postMessage({ type: 'result', output, cpuMs: performance.now() - started }, [output.buffer])
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const reason = err instanceof OcrError ? 'invalid-job' : /alloc|memory/i.test(message) ? 'memory' : 'runtime-error'
    scope.postMessage({ type: 'failed', reason, message: message.slice(0, 1000) })
  }
}

async function run (m: OnnxJobMessage): Promise<void> {
  const started = performance.now()
  try {
    const s = await session(m)
    const feeds: Record<string, ort.Tensor> = {}
    for (const t of m.inputs) {
      const copy = new Uint8Array(t.data)
      feeds[t.name] = new ort.Tensor(t.dtype, new CTORS[t.dtype](copy.buffer, 0, copy.byteLength / elementSize(t.dtype)) as any, t.dims)
    }
    const wanted = m.outputs.length > 0 ? m.outputs : [...s.outputNames]
    const missing = wanted.find(n => !s.outputNames.includes(n))
    if (missing != null) { scope.postMessage({ type: 'failed', reason: 'wrong-input', message: `the model has no output "${missing}"` }); return }
    const results = await s.run(feeds, wanted)
    const outputs: Tensor[] = wanted.map(name => {
      const t = results[name]
      const dtype = DTYPES.find(d => d === t.type)
      if (dtype == null) throw new Error(`output "${name}" has type ${t.type}, which Shoal does not carry`)
      const data = t.data as ArrayBufferView
      return { name, dtype, dims: [...t.dims], data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }
    })
    const output = encodeResult({ outputs, backend })
    if (output.byteLength > m.maxOutputBytes) { scope.postMessage({ type: 'failed', reason: 'output-too-large', message: `output of ${output.byteLength} bytes exceeds the cap of ${m.maxOutputBytes} bytes` }); return }
    const copy = output.slice()
    scope.postMessage({ type: 'result', output: copy, cpuMs: performance.now() - started }, [copy.buffer])
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    scope.postMessage({ type: 'failed', reason: /alloc|memory/i.test(message) ? 'memory' : 'runtime-error', message: message.slice(0, 1000) })
  }
}
