/**
 * The browser peer's job executor: each WebAssembly job in a Web Worker
 * (worker.ts), under the same rules as the daemon's worker threads:
 * the job is checked against the same ceilings (executors/validate.ts), its
 * memory capped through the module's memory maximum, its output capped, and
 * its time capped by terminating the worker. A worker whose job exited on its
 * own runs the next job (warm, as the daemon's threads); one stopped from
 * outside or that failed is terminated, never reused. Slots can change while it runs
 * (the page's slider) and it can be paused (no new jobs; running ones end).
 * Compiled modules are kept here, in the page, by module hash and memory cap
 * (bounded, least recently used out, like the daemon's threads' caches): a
 * worker gets the module compiled, and a worker that compiled one sends it
 * back; the cache outlives the workers this page terminates. Job kinds other
 * than wasm run with the app's handlers (executors/handlers.ts), in the page,
 * on the same slots.
 */
import { ExecutorError } from '../executors/errors.js'
import { checkJob } from '../executors/validate.js'
import { MAX_JOBS_PER_THREAD, MODULE_CACHE_BYTES, MODULE_CACHE_ENTRIES } from '../executors/constants.js'
import { HandlerRegistry } from '../executors/handlers.js'
import { ModuleCache } from '../executors/module-cache.js'
import { SlotPool } from '../executors/slots.js'
import { capPagesFor } from '../executors/wasm-limits.js'
import { sha256, toHex } from '../utils/hash.js'
import { ONNX_KIND } from '../inference/constants.js'
import { OCR_KIND } from '../inference/ocr/constants.js'
import { BrowserOnnx } from './onnx.js'
import { concat } from 'uint8arrays/concat'
import type { FailureReason } from '../executors/errors.js'
import type { Handler, HandlerLimits } from '../executors/handlers.js'
import type { ModuleCacheLimits } from '../executors/module-cache.js'
import type { CompiledModule } from '../executors/sandbox.js'
import type { ExecOutcome, ExecRequest, HeldDataset, JobExecutor } from '../jobs/types.js'
import type { BrowserJobMessage, BrowserWorkerMessage } from './messages.js'

export interface BrowserExecutorInit {
  /** jobs run at once */
  slots: number
  /** the URL of the bundled worker script (shoal-worker.js) */
  workerUrl: string | URL
  /** the URL of the bundled ONNX worker script (shoal-onnx-worker.js); without it the page runs no onnx jobs */
  onnxWorkerUrl?: string | URL
  /** told when a job ends, for the page's counters */
  onJobEnd?: (outcome: ExecOutcome) => void
  /** compiled modules kept; defaults MODULE_CACHE_ENTRIES, MODULE_CACHE_BYTES (entries 0: none) */
  moduleCache?: Partial<ModuleCacheLimits>
  /** data sets the page holds (datasets.ts): granted to wasm jobs that name them */
  datasets?: { list: () => HeldDataset[], files: (name: string) => Promise<Array<[string, Uint8Array]>> }
}

export interface ModuleCacheStats {
  /** compiled modules held, and their binaries' bytes */
  entries: number
  bytes: number
  /** jobs whose module was compiled, and jobs whose module came compiled from the cache */
  compiled: number
  cached: number
}

export interface BrowserExecutor extends JobExecutor {
  setSlots(n: number): void
  setPaused(paused: boolean): void
  readonly paused: boolean
  moduleCache(): ModuleCacheStats
  /** runs jobs of `kind` with the app's handler, in the page, on the same slots */
  handle(kind: string, handler: Handler, limits?: Partial<HandlerLimits>): void
}

export function browserExecutor (init: BrowserExecutorInit): BrowserExecutor {
  let total = Math.max(0, Math.floor(init.slots))
  let paused = false
  // while paused the pool has no slots: new jobs wait, running ones end
  const pool = new SlotPool(Math.max(1, total))
  pool.resize(total)
  // WebCrypto hashes asynchronously: the cache's key function reads the digest taken just before it is called
  let digest = ''
  const limits = { entries: MODULE_CACHE_ENTRIES, bytes: MODULE_CACHE_BYTES, ...init.moduleCache }
  const modules = new ModuleCache(limits, () => digest)
  const counts = { compiled: 0, cached: 0 }
  /** the module's cache key (hash and memory cap); undefined: not to be cached */
  const cacheKey = async (bytes: Uint8Array, memoryMb: number): Promise<string | undefined> => {
    if (limits.entries < 1 || bytes.length > limits.bytes) return undefined
    digest = toHex(await sha256(bytes))
    return modules.key(bytes, capPagesFor(memoryMb))
  }
  const handlers = new HandlerRegistry({ slots: pool })
  const onnx = init.onnxWorkerUrl != null ? new BrowserOnnx(init.onnxWorkerUrl, pool, () => total) : undefined
  /** warm workers, each with the number of jobs it ran */
  const idle: WarmWorker[] = []
  const takeWorker = (): WarmWorker => idle.pop() ?? { worker: new Worker(init.workerUrl, { type: 'module', name: 'shoal-job' }), jobs: 0 }
  const giveBack = (w: WarmWorker): void => {
    if (w.jobs < MAX_JOBS_PER_THREAD && idle.length < total) idle.push(w)
    else w.worker.terminate()
  }

  return {
    get paused () { return paused },
    setSlots: (n) => {
      total = Math.max(0, Math.floor(n))
      for (const w of idle.splice(total)) w.worker.terminate()
      if (!paused) pool.resize(total)
    },
    close: async () => {
      for (const w of idle.splice(0)) w.worker.terminate()
      onnx?.close()
      await handlers.close()
    },
    setPaused: (p) => { paused = p; pool.resize(paused ? 0 : total) },
    // a page that runs onnx reads ocr pages too, in the same workers
    kinds: () => onnx != null ? [...new Set([ONNX_KIND, OCR_KIND, ...handlers.kinds()])].sort() : handlers.kinds(),
    datasets: () => init.datasets?.list() ?? [],
    // WebGPU is not used yet: pages run ORT's WASM backend only
    inference: onnx != null ? () => ({ providers: ['wasm'], models: onnx.models() }) : undefined,
    handle: (kind, handler, limits) => {
      if (onnx != null && (kind === ONNX_KIND || kind === OCR_KIND)) throw new TypeError(`job kind "${kind}" belongs to the ONNX runtime`)
      handlers.handle(kind, handler, limits)
    },
    moduleCache: () => ({ entries: modules.size, bytes: modules.bytes, ...counts }),
    // paused: zero slots, so the jobs service declines new offers (PAUSED)
    slots: () => pool.counts(),
    run: async (request: ExecRequest, { signal, onProgress }): Promise<ExecOutcome> => {
      const started = performance.now()
      let outcome: ExecOutcome
      if (request.kind === ONNX_KIND && onnx != null) {
        outcome = await onnx.run(request, signal, (fraction) => { onProgress?.({ phase: 'running', fraction }) })
      } else if (request.kind === OCR_KIND && onnx != null) {
        outcome = await onnx.runOcr(request, signal, (fraction) => { onProgress?.({ phase: 'running', fraction }) })
      } else if (request.kind !== 'wasm') {
        // a handler keeps the limits it was registered with; the requester's timeout still bounds its wait
        const r = await handlers.run(request.kind, { input: request.input, args: request.args, signal, onProgress: (fraction, message) => { onProgress?.({ phase: 'running', fraction, message }) } })
        outcome = { status: r.status, exitCode: r.exitCode, output: r.stdout, stderr: r.stderr, reason: r.reason, message: r.message, cpuMs: r.cpuMs ?? r.wallMs, wallMs: r.wallMs }
      } else {
        let release: (() => void) | undefined
        try {
          // the files go to the worker with the job: it reads them in memory, read-only
          const datasets = await Promise.all((request.datasets ?? []).map(async name => {
            if (init.datasets == null) throw new ExecutorError('invalid-job', `data set "${name}" is not held here`)
            return { name, source: { kind: 'files' as const, files: await init.datasets.files(name) } }
          }))
          const job = checkJob({ module: request.module ?? new Uint8Array(), input: request.input, args: request.args, deterministic: request.deterministic, seed: request.seed, limits: request.limits, datasets })
          const key = await cacheKey(job.module, job.limits.memoryMb)
          release = await pool.acquire(signal)
          onProgress?.({ phase: 'running', fraction: 0 })
          const compiled = key === undefined ? undefined : modules.get(key)
          const message: BrowserJobMessage = { job, compiled, keep: key !== undefined && compiled === undefined }
          const cache = {
            keep: (fresh: CompiledModule) => { if (key !== undefined) modules.set(key, fresh) },
            count: (hit: boolean) => { counts[hit ? 'cached' : 'compiled']++ }
          }
          outcome = await inWorker(takeWorker(), giveBack, message, cache, signal, started, (fraction) => { onProgress?.({ phase: 'running', fraction }) })
        } catch (err) {
          const e = err instanceof ExecutorError ? err : new ExecutorError('crashed', err instanceof Error ? err.message : String(err))
          outcome = failedOutcome(e.reason, e.message, started)
        } finally {
          release?.()
        }
      }
      init.onJobEnd?.(outcome)
      return outcome
    }
  }
}

function failedOutcome (reason: FailureReason, message: string, started: number): ExecOutcome {
  return { status: 'failed', reason, message, output: new Uint8Array(0), stderr: new Uint8Array(0), cpuMs: 0, wallMs: performance.now() - started }
}

interface WarmWorker { worker: Worker, jobs: number }

interface CacheHooks { keep: (compiled: CompiledModule) => void, count: (cached: boolean) => void }

async function inWorker (warm: WarmWorker, giveBack: (w: WarmWorker) => void, message: BrowserJobMessage, cache: CacheHooks, signal: AbortSignal, started: number, onProgress: (f: number) => void): Promise<ExecOutcome> {
  const { job } = message
  const out: Record<1 | 2, Uint8Array[]> = { 1: [], 2: [] }
  let outBytes = 0
  const cap = job.limits.maxOutputBytes
  const { worker } = warm
  warm.jobs++
  const { promise, resolve } = Promise.withResolvers<ExecOutcome>()
  let settled = false
  /** reusable: the job exited on its own (not stopped from here, not failed): the worker is as it was */
  const finish = (o: Omit<ExecOutcome, 'output' | 'stderr' | 'wallMs' | 'cpuMs'> & { cpuMs?: number }, reusable = false): void => {
    if (settled) return
    settled = true
    clearTimeout(timer)
    signal.removeEventListener('abort', onAbort)
    worker.onmessage = null
    worker.onerror = null
    worker.onmessageerror = null
    if (reusable) giveBack(warm)
    else worker.terminate()
    const wallMs = performance.now() - started
    resolve({ ...o, cpuMs: o.cpuMs ?? wallMs, output: concat(out[1]), stderr: concat(out[2]), wallMs })
  }
  const fail = (reason: FailureReason, message: string): void => { finish({ status: 'failed', reason, message }) }
  const timer = setTimeout(() => { fail('timeout', `ran longer than ${job.limits.timeoutMs} ms`) }, job.limits.timeoutMs)
  const onAbort = (): void => { fail('cancelled', signal.reason instanceof Error ? signal.reason.message : 'cancelled by the requester') }
  if (signal.aborted) onAbort()
  signal.addEventListener('abort', onAbort, { once: true })
  worker.onmessage = (e: MessageEvent<BrowserWorkerMessage>) => {
    const msg = e.data
    switch (msg.type) {
      case 'output':
        outBytes += msg.bytes.length
        // the WASI layer already refuses writes past the cap: this is a second check
        if (outBytes > cap) { fail('output-too-large', `output exceeds ${cap} bytes`); return }
        out[msg.fd].push(msg.bytes)
        break
      case 'output-exceeded': fail('output-too-large', `output exceeds ${msg.limit} bytes`); break
      case 'progress': onProgress(msg.fraction); break
      case 'compiled': cache.keep(msg.compiled); break
      case 'done': {
        cache.count(msg.cached)
        const o = msg.outcome
        if (o.kind === 'failed') { finish({ status: 'failed', reason: o.reason, message: o.message, cpuMs: msg.cpuMs }); break }
        const message = o.atMemoryCap && o.code !== 0 ? `exited with code ${o.code} with its memory at the limit of ${job.limits.memoryMb} MiB` : undefined
        finish({ status: 'ok', exitCode: o.code, cpuMs: msg.cpuMs, ...(message !== undefined ? { message } : {}) }, true)
      }
    }
  }
  worker.onerror = (e) => { e.preventDefault(); fail('crashed', `worker failed: ${e.message}`) }
  worker.onmessageerror = () => { fail('crashed', 'worker sent a message that could not be read') }
  worker.postMessage(message)
  return promise
}
