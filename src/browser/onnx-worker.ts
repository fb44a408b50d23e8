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
import type { OnnxJobMessage, OnnxWorkerMessage } from './messages.js'

const scope = globalThis as unknown as { postMessage: (msg: OnnxWorkerMessage, transfer?: Transferable[]) => void, onmessage: ((e: MessageEvent<OnnxJobMessage>) => void) | null, location: { href: string } }

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

scope.onmessage = (e) => { void run(e.data) }

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
