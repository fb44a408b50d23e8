/**
 * The WebAssembly executor: a queue in front of the peer's slots, and one
 * fresh worker thread per job (nothing of one job survives into the next).
 * Time is capped by terminating the worker, output by counting it, memory by
 * the module's memory maximum (see wasm-limits.ts) with V8 heap limits on the
 * worker as a second line of defence.
 */
import { Worker } from 'node:worker_threads'
import type { ResourceLimits } from 'node:worker_threads'
import { WORKER_RESOURCE_LIMITS } from './constants.js'
import { ExecutorError } from './errors.js'
import { linkSignals } from './signals.js'
import { SlotPool } from './slots.js'
import { DEFAULT_CEILINGS, checkJob } from './validate.js'
import type { FailureReason } from './errors.js'
import type { WorkerMessage } from './messages.js'
import type { SandboxOutcome } from './sandbox.js'
import type { ExecutionResult, RunOptions, SlotCounts, WasmJob } from './types.js'
import type { Ceilings, CheckedJob } from './validate.js'

const WORKER_URL = new URL('./wasm-worker.js', import.meta.url)
/** a CPU reading must not hold up a result */
const CPU_READ_TIMEOUT_MS = 1_000

export interface ExecutorInit {
  /** the advertised slots: a number, or a SlotPool shared with other executors */
  slots: number | SlotPool
  /** told each time the number of slots in use changes (only with a number of slots: a shared SlotPool has its own) */
  onSlotsChanged?: (inUse: number) => void
  /** the most a job may ask for; defaults: DEFAULT_CEILINGS */
  ceilings?: Partial<Ceilings>
  /** V8 heap limits of each worker; defaults: WORKER_RESOURCE_LIMITS */
  resourceLimits?: ResourceLimits
}

type Outcome = Omit<ExecutionResult, 'stdout' | 'stderr' | 'wallMs' | 'cpuMs'>

export class Executor {
  readonly ceilings: Ceilings
  private readonly pool: SlotPool
  private readonly resourceLimits: ResourceLimits
  /** aborted by close(): ends queued and running jobs */
  private readonly closing = new AbortController()
  private readonly inFlight = new Set<Promise<ExecutionResult>>()

  constructor (init: ExecutorInit) {
    if (init.slots instanceof SlotPool) {
      if (init.onSlotsChanged !== undefined) throw new TypeError('onSlotsChanged belongs to the shared SlotPool')
      this.pool = init.slots
    } else {
      this.pool = new SlotPool(init.slots, init.onSlotsChanged)
    }
    this.ceilings = { ...DEFAULT_CEILINGS, ...init.ceilings }
    this.resourceLimits = { ...WORKER_RESOURCE_LIMITS, ...init.resourceLimits }
  }

  slots (): SlotCounts {
    return this.pool.counts()
  }

  /** Runs a job once a slot is free. Never rejects: every way a job can end is a result. */
  async run (job: WasmJob, options: RunOptions = {}): Promise<ExecutionResult> {
    const p = this.runJob(job, options)
    this.inFlight.add(p)
    try {
      return await p
    } finally {
      this.inFlight.delete(p)
    }
  }

  /** Cancels queued and running jobs (they end 'cancelled') and waits for them. */
  async close (): Promise<void> {
    this.closing.abort(new ExecutorError('cancelled', 'executor closed'))
    await Promise.allSettled([...this.inFlight])
  }

  private async runJob (job: WasmJob, options: RunOptions): Promise<ExecutionResult> {
    let checked: CheckedJob
    try {
      checked = checkJob(job, this.ceilings)
    } catch (err) {
      return failed(err instanceof ExecutorError ? err : new ExecutorError('invalid-job', String(err)))
    }
    const { signal, dispose } = linkSignals(options.signal, this.closing.signal)
    try {
      let release: () => void
      try {
        release = await this.pool.acquire(signal)
      } catch (err) {
        return failed(err)
      }
      try {
        options.onProgress?.(0, 'running')
        return await this.inWorker(checked, signal, options.onProgress)
      } catch (err) {
        // only a worker that cannot be started gets here
        return failed(err)
      } finally {
        release()
      }
    } finally {
      dispose()
    }
  }

  private async inWorker (job: CheckedJob, signal: AbortSignal, onProgress?: RunOptions['onProgress']): Promise<ExecutionResult> {
    const start = performance.now()
    const out: Record<1 | 2, Uint8Array[]> = { 1: [], 2: [] }
    let outBytes = 0
    const cap = job.limits.maxOutputBytes
    const { promise, resolve } = Promise.withResolvers<ExecutionResult>()
    let settled = false

    const worker = new Worker(WORKER_URL, { workerData: job, resourceLimits: this.resourceLimits, env: {}, stdin: false })
    const finish = (outcome: Outcome, ownCpuMs?: number): void => {
      if (settled) return
      settled = true
      const wallMs = performance.now() - start
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      void (async () => {
        const cpuMs = ownCpuMs ?? await threadCpuMs(worker)
        await worker.terminate()
        resolve({ ...outcome, stdout: concat(out[1]), stderr: concat(out[2]), cpuMs, wallMs })
      })()
    }
    const fail = (reason: FailureReason, message: string): void => { finish({ status: 'failed', reason, message }) }

    worker.on('message', (msg: WorkerMessage) => {
      if (settled) return
      switch (msg.type) {
        case 'output':
          for (const { fd, bytes } of msg.chunks) {
            outBytes += bytes.length
            // the WASI layer already refuses writes past the cap: this is a second check
            if (outBytes > cap) { fail('output-too-large', `output exceeds ${cap} bytes`); return }
            out[fd].push(bytes)
          }
          break
        case 'output-exceeded': fail('output-too-large', `output exceeds ${msg.limit} bytes`); break
        case 'progress': onProgress?.(msg.fraction); break
        case 'done': finish(fromSandbox(msg.outcome, job), msg.cpuMs); break
      }
    })
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') fail('memory', `worker ran out of heap memory (${err.message})`)
      else fail('crashed', `worker failed: ${err.message}`)
    })
    worker.on('exit', (code) => { fail('crashed', `worker exited with code ${code} before the job ended`) })
    const timer = setTimeout(() => { fail('timeout', `ran longer than ${job.limits.timeoutMs} ms`) }, job.limits.timeoutMs)
    const onAbort = (): void => {
      const reason: unknown = signal.reason
      fail('cancelled', reason instanceof ExecutorError ? reason.message : 'cancelled by the requester')
    }
    if (signal.aborted) onAbort()
    else signal.addEventListener('abort', onAbort, { once: true })
    return promise
  }
}

function fromSandbox (o: SandboxOutcome, job: CheckedJob): Outcome {
  if (o.kind === 'failed') return { status: 'failed', reason: o.reason, message: o.message, memoryBytes: o.memoryBytes }
  const message = o.atMemoryCap && o.code !== 0 ? `exited with code ${o.code} with its memory at the limit of ${job.limits.memoryMb} MiB` : undefined
  return { status: 'ok', exitCode: o.code, memoryBytes: o.memoryBytes, ...(message !== undefined ? { message } : {}) }
}

function failed (err: unknown): ExecutionResult {
  const e = err instanceof ExecutorError ? err : new ExecutorError('crashed', err instanceof Error ? err.message : String(err))
  return { status: 'failed', reason: e.reason, message: e.message, stdout: new Uint8Array(0), stderr: new Uint8Array(0), wallMs: 0 }
}

/**
 * CPU time (user + system) of the worker thread itself. A job that ends on its
 * own reports it from inside (process.threadCpuUsage); one that is stopped
 * (timeout, cancel, output cap) is read from outside with worker.cpuUsage()
 * just before terminate. process.cpuUsage() would not do: inside a worker it
 * reports the whole process. Undefined on a Node without these calls.
 */
async function threadCpuMs (worker: Worker): Promise<number | undefined> {
  const read = (worker as Worker & { cpuUsage?: () => Promise<{ user: number, system: number }> }).cpuUsage
  if (typeof read !== 'function') return undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    const usage = await Promise.race([
      read.call(worker),
      new Promise<undefined>(resolve => { timer = setTimeout(() => { resolve(undefined) }, CPU_READ_TIMEOUT_MS) })
    ])
    return usage === undefined ? undefined : (usage.user + usage.system) / 1000
  } catch {
    return undefined
  } finally {
    clearTimeout(timer)
  }
}

export function concat (chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) { all.set(c, at); at += c.length }
  return all
}
