/**
 * onnx jobs in a browser page: the model and input are checked here (the
 * same pure checks as a daemon's, src/inference), then run in a Web Worker
 * with onnxruntime-web (onnx-worker.ts), one job per worker at a time, under
 * the job's time cap (the worker is terminated) and output cap. A page has no
 * address-space cap to set: a wasm allocation beyond the browser's limit
 * fails inside ORT (`memory`), and a crash of the worker fails the job only.
 */
import { checkInputs, decodeRequest, inspectModel, InferenceError, moduleModelSource } from '../inference/index.js'
import type { ModelInfo, ModelSource } from '../inference/index.js'
import { sha256, toHex } from '../utils/hash.js'
import type { SlotPool } from '../executors/slots.js'
import type { ExecOutcome, ExecRequest } from '../jobs/types.js'
import { OcrError } from '../inference/ocr/errors.js'
import { BlobError, unpackBlob } from '../inference/ocr/models.js'
import { checkPngHeader } from '../inference/ocr/png.js'
import type { ModelName } from '../inference/ocr/types.js'
import type { OcrJobMessage, OnnxJobMessage, OnnxWorkerMessage } from './messages.js'

interface WarmOnnxWorker { worker: Worker, models: Set<string> }

const MODEL_INFOS = 16

export class BrowserOnnx {
  private readonly idle: WarmOnnxWorker[] = []
  private readonly infos = new Map<string, ModelInfo>()
  private readonly hashes = new WeakMap<Uint8Array, string>()

  constructor (private readonly workerUrl: string | URL, private readonly pool: SlotPool, private readonly maxIdle: () => number, private readonly source: ModelSource = moduleModelSource) {}

  /** hex sha-256 of the models checked here lately */
  models (): string[] {
    return [...new Set([...this.infos.keys()].map(k => k.split('/')[0]).filter(k => !k.startsWith('ocr:')))]
  }

  close (): void {
    for (const w of this.idle.splice(0)) w.worker.terminate()
  }

  async run (request: ExecRequest, signal: AbortSignal, onProgress?: (fraction: number) => void): Promise<ExecOutcome> {
    const started = performance.now()
    const failed = (reason: string, message: string): ExecOutcome => ({ status: 'failed', reason, message, output: new Uint8Array(), stderr: new Uint8Array(), cpuMs: 0, wallMs: performance.now() - started })
    let model: Uint8Array
    let message: OnnxJobMessage
    try {
      model = await this.source.resolve({ module: request.module, args: request.args }, signal)
      let key = this.hashes.get(model)
      if (key == null) { key = toHex(await sha256(model)); this.hashes.set(model, key) }
      const info = this.check(key, model, request.limits.memoryMb * 2 ** 20)
      const job = decodeRequest(request.input)
      checkInputs(info, job.inputs)
      message = { modelKey: key, inputs: job.inputs, outputs: job.outputs, maxOutputBytes: request.limits.maxOutputBytes }
    } catch (err) {
      if (err instanceof InferenceError) return failed(err.reason, err.message)
      return failed('invalid-model', err instanceof Error ? err.message : String(err))
    }
    return this.inWorker(message, (m) => { m.model = model }, request, signal, started, onProgress)
  }

  /**
   * Reads one page (the `ocr` kind) in the same kind of worker: the blob's
   * three models pass the model checker here first, as an onnx model does.
   */
  async runOcr (request: ExecRequest, signal: AbortSignal, onProgress?: (fraction: number) => void): Promise<ExecOutcome> {
    const started = performance.now()
    const failed = (reason: string, message: string): ExecOutcome => ({ status: 'failed', reason, message, output: new Uint8Array(), stderr: new Uint8Array(), cpuMs: 0, wallMs: performance.now() - started })
    const blob = request.module
    if (blob == null || blob.byteLength === 0) return failed('invalid-job', 'an ocr job carries the model blob as its module (det + cls + rec + keys; see packModels)')
    if (request.args.length > 0) return failed('invalid-job', `an ocr job takes no args, got ${request.args.length}`)
    let message: OcrJobMessage
    try {
      let hash = this.hashes.get(blob)
      if (hash == null) { hash = toHex(await sha256(blob)); this.hashes.set(blob, hash) }
      const key = `ocr:${hash}`
      const parts = unpackBlob(blob)
      for (const name of ['det', 'cls', 'rec'] as ModelName[]) {
        try {
          this.check(`${key}/${name}`, parts[name], request.limits.memoryMb * 2 ** 20)
        } catch (err) {
          if (err instanceof InferenceError) throw new InferenceError(err.reason, `the blob's ${name} model: ${err.message}`)
          throw err
        }
      }
      checkPngHeader(request.input)
      message = { type: 'ocr', modelKey: key, png: request.input, maxOutputBytes: request.limits.maxOutputBytes }
    } catch (err) {
      if (err instanceof InferenceError) return failed(err.reason, err.message)
      // the blob's own errors are the model's; the page's (not a PNG, too large) the job's
      if (err instanceof OcrError) return failed(err instanceof BlobError ? 'invalid-model' : 'invalid-job', err.message)
      return failed('invalid-model', err instanceof Error ? err.message : String(err))
    }
    return this.inWorker(message, (m) => { m.blob = blob }, request, signal, started, onProgress)
  }

  private async inWorker<M extends OnnxJobMessage | OcrJobMessage> (message: M, attach: (m: M) => void, request: ExecRequest, signal: AbortSignal, started: number, onProgress?: (fraction: number) => void): Promise<ExecOutcome> {
    const failed = (reason: string, message: string): ExecOutcome => ({ status: 'failed', reason, message, output: new Uint8Array(), stderr: new Uint8Array(), cpuMs: 0, wallMs: performance.now() - started })
    let release: () => void
    try {
      release = await this.pool.acquire(signal)
    } catch (err) {
      return failed('cancelled', err instanceof Error ? err.message : String(err))
    }
    try {
      onProgress?.(0)
      const warm = this.idle.pop() ?? { worker: new Worker(this.workerUrl, { type: 'module', name: 'shoal-onnx' }), models: new Set<string>() }
      if (!warm.models.has(message.modelKey)) {
        attach(message)
        // a worker keeps one blob's ocr sessions: the one it held goes
        if (message.modelKey.startsWith('ocr:')) for (const k of warm.models) if (k.startsWith('ocr:')) warm.models.delete(k)
      }
      const { promise, resolve } = Promise.withResolvers<ExecOutcome>()
      let settled = false
      const finish = (o: ExecOutcome, reusable: boolean): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        signal.removeEventListener('abort', onAbort)
        warm.worker.onmessage = null
        warm.worker.onerror = null
        if (reusable && this.idle.length < this.maxIdle()) { warm.models.add(message.modelKey); this.idle.push(warm) } else warm.worker.terminate()
        resolve(o)
      }
      const timer = setTimeout(() => { finish(failed('timeout', `ran longer than ${request.limits.timeoutMs} ms`), false) }, request.limits.timeoutMs)
      const onAbort = (): void => { finish(failed('cancelled', 'cancelled by the requester'), false) }
      if (signal.aborted) onAbort()
      signal.addEventListener('abort', onAbort, { once: true })
      warm.worker.onmessage = (e: MessageEvent<OnnxWorkerMessage>) => {
        const m = e.data
        if (m.type === 'result') {
          if (!(m.output instanceof Uint8Array) || m.output.byteLength > request.limits.maxOutputBytes) { finish(failed('output-too-large', `output exceeds ${request.limits.maxOutputBytes} bytes`), false); return }
          finish({ status: 'ok', exitCode: 0, output: m.output, stderr: new Uint8Array(), cpuMs: m.cpuMs, wallMs: performance.now() - started }, true)
        } else {
          finish(failed(m.reason, m.message), m.reason !== 'memory' && m.reason !== 'output-too-large')
        }
      }
      warm.worker.onerror = (e) => { e.preventDefault(); finish(failed('crashed', `the ONNX worker failed: ${e.message}`), false) }
      warm.worker.postMessage(message)
      return await promise
    } finally {
      release()
    }
  }

  private check (key: string, model: Uint8Array, memoryBytes: number): ModelInfo {
    const cacheKey = `${key}/${memoryBytes}`
    let info = this.infos.get(cacheKey)
    if (info == null) {
      info = inspectModel(model, { maxTensorBytes: memoryBytes })
      this.infos.set(cacheKey, info)
      while (this.infos.size > MODEL_INFOS) this.infos.delete(this.infos.keys().next().value!)
    }
    return info
  }
}
