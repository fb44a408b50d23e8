/**
 * The WebAssembly executor: a queue in front of the peer's slots, and a pool
 * of warm worker threads behind them. A thread whose job ended cleanly (ran
 * to its end, or was stopped by WebAssembly itself: a trap, a module refused)
 * runs the next job; a thread is terminated, never reused, after a timeout, a
 * cancel, the memory or output cap, a crash or any other doubt. Between jobs
 * a thread keeps only compiled modules: each job gets its own Instance,
 * Memory and WASI state (wasm-worker.ts). Time is capped by terminating the
 * thread, output by counting it, memory by the module's memory maximum (see
 * wasm-limits.ts) with V8 heap limits on the thread as a second line of
 * defence.
 */
import { Worker } from 'node:worker_threads'
import type { ResourceLimits } from 'node:worker_threads'
import {
  DIRTY_IDLE_MS, IDLE_THREAD_MS, IDLE_UNCOLLECTED_BYTES, MAX_JOBS_PER_THREAD, MODULE_CACHE_BYTES, MODULE_CACHE_ENTRIES,
  WORKER_RESOURCE_LIMITS
} from './constants.js'
import { ExecutorError } from './errors.js'
import { linkSignals } from './signals.js'
import { SlotPool } from './slots.js'
import { DEFAULT_CEILINGS, checkJob } from './validate.js'
import type { FailureReason } from './errors.js'
import type { ExecutorMessage, ThreadData, WorkerMessage } from './messages.js'
import type { ModuleCacheLimits } from './module-cache.js'
import type { SandboxOutcome } from './sandbox.js'
import type { ExecutionResult, RunOptions, SlotCounts, WasmJob } from './types.js'
import type { Ceilings, CheckedJob } from './validate.js'
import { InFlight } from './in-flight.js'

const WORKER_URL = new URL('./wasm-worker.js', import.meta.url)
/** a CPU reading must not hold up a result */
const CPU_READ_TIMEOUT_MS = 1_000
/** failures that happen inside WebAssembly (or before it runs) and leave the thread as it was, when the sandbox says so */
const REUSABLE_FAILURES: ReadonlySet<FailureReason> = new Set(['trap', 'invalid-module', 'missing-import'])

export interface ExecutorInit {
  /** the advertised slots: a number, or a SlotPool shared with other executors */
  slots: number | SlotPool
  /** told each time the number of slots in use changes (only with a number of slots: a shared SlotPool has its own) */
  onSlotsChanged?: (inUse: number) => void
  /** the most a job may ask for; defaults: DEFAULT_CEILINGS */
  ceilings?: Partial<Ceilings>
  /** V8 heap limits of each worker; defaults: WORKER_RESOURCE_LIMITS */
  resourceLimits?: ResourceLimits
  /** default true: a thread whose job ended cleanly runs the next one. false: a new thread for every job */
  reuseThreads?: boolean
  /**
   * when a thread is terminated after a job: 'eager' (the default) starts its
   * replacement at once, in the background, so the next job finds a thread
   * ready (measured: the next job 4–7 ms instead of 18–30 ms after a timeout);
   * 'lazy' starts a new one only when a job needs it. Either way no more
   * threads live than there are slots.
   */
  replaceThreads?: 'lazy' | 'eager'
  /** compiled modules each thread keeps; defaults MODULE_CACHE_ENTRIES, MODULE_CACHE_BYTES (entries 0: none) */
  moduleCache?: Partial<ModuleCacheLimits>
  /**
   * a thread idle this long is terminated (default IDLE_THREAD_MS): after a
   * burst, the threads the steady load does not need go (the most recently
   * used thread is taken first, so the others are the ones left idle). One
   * that holds more than IDLE_UNCOLLECTED_BYTES of finished jobs' memory goes
   * after dirtyIdleMs (default DIRTY_IDLE_MS).
   */
  idleThreadMs?: number
  dirtyIdleMs?: number
}

/** what the executor's threads have done, for tests and benchmarks */
export interface ThreadCounts {
  /** threads started since the executor was created */
  started: number
  /** threads alive now: running a job, idle, or being terminated */
  live: number
  /** idle threads waiting for a job */
  idle: number
  /** jobs that ran on a thread that had run a job before */
  reused: number
  /** jobs whose module was compiled, and jobs whose module came from the thread's cache */
  compiled: number
  cached: number
}

type Outcome = Omit<ExecutionResult, 'stdout' | 'stderr' | 'wallMs' | 'cpuMs'>

type JobMessage = Exclude<WorkerMessage, { type: 'ready' }>

/** what a thread's events go to while it runs a job */
interface JobListener {
  message: (msg: JobMessage) => void
  error: (err: Error & { code?: string }) => void
  exit: (code: number) => void
}

class JobThread {
  /** jobs given to this thread */
  jobs = 0
  /** the thread's own CPU time when it was ready or its last job ended: a stopped job's reading from outside starts there */
  cpuBaseMs = 0
  /** no more jobs: it exited, failed or is being terminated */
  dead = false
  exited = false
  job?: JobListener
  /** while idle: terminates it when it has been idle too long */
  idleTimer?: ReturnType<typeof setTimeout>

  constructor (readonly worker: Worker) {}
}

export class Executor {
  readonly ceilings: Ceilings
  private readonly pool: SlotPool
  private readonly resourceLimits: ResourceLimits
  private readonly reuse: boolean
  private readonly eager: boolean
  private readonly idleThreadMs: number
  private readonly dirtyIdleMs: number
  private readonly threadData: ThreadData
  /** aborted by close(): ends queued and running jobs */
  private readonly closing = new AbortController()
  private readonly inFlight = new InFlight<ExecutionResult>()
  /** idle threads, the most recently used last (taken first: its caches are the warmest) */
  private readonly idle: JobThread[] = []
  private readonly live = new Set<JobThread>()
  /** terminations under way, awaited by close() */
  private readonly exiting = new Set<Promise<void>>()
  private readonly counts: ThreadCounts = { started: 0, live: 0, idle: 0, reused: 0, compiled: 0, cached: 0 }
  private nextJobId = 1

  constructor (init: ExecutorInit) {
    if (init.slots instanceof SlotPool) {
      if (init.onSlotsChanged !== undefined) throw new TypeError('onSlotsChanged belongs to the shared SlotPool')
      this.pool = init.slots
    } else {
      this.pool = new SlotPool(init.slots, init.onSlotsChanged)
    }
    this.ceilings = { ...DEFAULT_CEILINGS, ...init.ceilings }
    this.resourceLimits = { ...WORKER_RESOURCE_LIMITS, ...init.resourceLimits }
    this.reuse = init.reuseThreads ?? true
    this.eager = this.reuse && (init.replaceThreads ?? 'eager') === 'eager'
    this.idleThreadMs = init.idleThreadMs ?? IDLE_THREAD_MS
    this.dirtyIdleMs = Math.min(this.idleThreadMs, init.dirtyIdleMs ?? DIRTY_IDLE_MS)
    this.threadData = {
      pooled: true,
      moduleCache: { entries: MODULE_CACHE_ENTRIES, bytes: MODULE_CACHE_BYTES, ...init.moduleCache }
    }
  }

  slots (): SlotCounts {
    return this.pool.counts()
  }

  /** threads started, alive and idle, and how often threads and compiled modules were reused */
  threads (): ThreadCounts {
    return { ...this.counts, live: this.live.size, idle: this.idle.length }
  }

  /** Runs a job once a slot is free. Never rejects: every way a job can end is a result. */
  async run (job: WasmJob, options: RunOptions = {}): Promise<ExecutionResult> {
    return this.inFlight.track(this.runJob(job, options))
  }

  /** Cancels queued and running jobs (they end 'cancelled'), waits for them, and terminates the idle threads. */
  async close (): Promise<void> {
    this.closing.abort(new ExecutorError('cancelled', 'executor closed'))
    await this.inFlight.settled()
    for (const t of [...this.idle]) void this.retire(t, false)
    await Promise.allSettled([...this.exiting])
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

  private startThread (): JobThread {
    // execArgv: none of this process's flags (--import hooks, --input-type…) reach a job's thread
    const worker = new Worker(WORKER_URL, { workerData: this.threadData, resourceLimits: this.resourceLimits, env: {}, stdin: false, execArgv: [] })
    const t = new JobThread(worker)
    this.counts.started++
    this.live.add(t)
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'ready') t.cpuBaseMs = Math.max(t.cpuBaseMs, msg.threadCpuMs ?? 0)
      else t.job?.message(msg)
    })
    // a message that cannot be read: the job's end might be in it
    worker.on('messageerror', (err: Error) => {
      t.dead = true
      this.unidle(t)
      t.job?.error(err)
    })
    worker.on('error', (err: Error & { code?: string }) => {
      t.dead = true
      this.unidle(t)
      t.job?.error(err)
    })
    worker.on('exit', (code) => {
      t.dead = true
      t.exited = true
      this.unidle(t)
      this.live.delete(t)
      t.job?.exit(code)
    })
    return t
  }

  /** an idle thread, or a new one */
  private takeThread (): JobThread {
    for (let t = this.idle.pop(); t !== undefined; t = this.idle.pop()) {
      clearTimeout(t.idleTimer)
      if (t.dead) continue
      t.worker.ref()
      if (t.jobs > 0) this.counts.reused++
      return t
    }
    return this.startThread()
  }

  /** a thread whose job ended cleanly: idle, unless there is no use for it; dirty: it holds much uncollected memory */
  private giveBack (t: JobThread, dirty: boolean): void {
    t.job = undefined
    if (t.dead || this.closing.signal.aborted || this.idle.length >= this.pool.total) {
      void this.retire(t, false)
      return
    }
    // a dirty thread goes to free its memory, and is replaced like one stopped after a job; a clean one is not needed
    this.park(t, dirty)
    this.idle.push(t)
  }

  /** an idle thread does not keep the process alive, and goes when it has been idle too long */
  private park (t: JobThread, dirty: boolean): void {
    t.worker.unref()
    t.idleTimer = setTimeout(() => { if (this.idle.includes(t)) void this.retire(t, dirty) }, dirty ? this.dirtyIdleMs : this.idleThreadMs)
    t.idleTimer.unref()
  }

  /**
   * terminates a thread (at once: the returned promise is for awaiting the
   * end); replace: it was stopped after a job, and 'eager' replaces it
   */
  private async retire (t: JobThread, replace: boolean): Promise<void> {
    t.dead = true
    t.job = undefined
    this.unidle(t)
    const p = t.worker.terminate().then(() => {}, () => {})
    this.exiting.add(p)
    void p.then(() => {
      this.exiting.delete(p)
      this.live.delete(t)
      if (replace && this.eager) this.replace()
    })
    await p
  }

  /** 'eager': a new idle thread in the background, while there is room for it */
  private replace (): void {
    if (this.closing.signal.aborted || this.live.size >= this.pool.total) return
    try {
      const t = this.startThread()
      this.park(t, false)
      this.idle.unshift(t)
    } catch {
      // the next job will try again, and fail with the reason
    }
  }

  private unidle (t: JobThread): void {
    clearTimeout(t.idleTimer)
    const i = this.idle.indexOf(t)
    if (i >= 0) this.idle.splice(i, 1)
  }

  /** whether a thread whose job sent 'done' may run another job */
  private reusable (t: JobThread, done: Extract<WorkerMessage, { type: 'done' }>): boolean {
    if (!this.reuse || t.dead || done.retire !== undefined || t.jobs >= MAX_JOBS_PER_THREAD) return false
    const o = done.outcome
    return o.kind === 'exit' || (o.contained && REUSABLE_FAILURES.has(o.reason))
  }

  private async inWorker (job: CheckedJob, signal: AbortSignal, onProgress?: RunOptions['onProgress']): Promise<ExecutionResult> {
    const start = performance.now()
    const out: Record<1 | 2, Uint8Array[]> = { 1: [], 2: [] }
    let outBytes = 0
    const cap = job.limits.maxOutputBytes
    const { promise, resolve } = Promise.withResolvers<ExecutionResult>()
    let settled = false
    const id = this.nextJobId++
    // cancelled between the slot and here (close() or the caller): no thread to spend on it
    if (signal.aborted) {
      const reason: unknown = signal.reason
      return { ...failed(reason instanceof ExecutorError ? reason : new ExecutorError('cancelled', 'cancelled by the requester')), wallMs: performance.now() - start }
    }

    const thread = this.takeThread()
    thread.jobs++
    const result = (outcome: Outcome, cpuMs: number | undefined, wallMs: number): ExecutionResult =>
      ({ ...outcome, stdout: concat(out[1]), stderr: concat(out[2]), cpuMs, wallMs })
    const settle = (): number => {
      settled = true
      clearTimeout(timer)
      signal.removeEventListener('abort', onAbort)
      thread.job = undefined
      return performance.now() - start
    }
    /** the job ended on its own, and said so */
    const done = (msg: Extract<WorkerMessage, { type: 'done' }>): void => {
      for (const { fd, bytes } of msg.chunks ?? []) if (!take(fd, bytes)) return
      if (msg.cached === true) this.counts.cached++
      else if (msg.cached === false) this.counts.compiled++
      const wallMs = settle()
      if (msg.threadCpuMs !== undefined) thread.cpuBaseMs = msg.threadCpuMs
      const res = result(fromSandbox(msg.outcome, job), msg.cpuMs, wallMs)
      if (this.reusable(thread, msg)) {
        this.giveBack(thread, (msg.uncollectedBytes ?? 0) > IDLE_UNCOLLECTED_BYTES)
        resolve(res)
      } else {
        void this.retire(thread, true).then(() => { resolve(res) })
      }
    }
    /** the job is stopped from here: the thread is terminated */
    const stop = (outcome: Outcome): void => {
      if (settled) return
      const wallMs = settle()
      thread.dead = true
      void (async () => {
        const total = thread.exited ? undefined : await threadCpuMs(thread.worker)
        await this.retire(thread, true)
        resolve(result(outcome, total === undefined ? undefined : Math.max(0, total - thread.cpuBaseMs), wallMs))
      })()
    }
    const fail = (reason: FailureReason, message: string): void => { stop({ status: 'failed', reason, message }) }
    /** false: the output cap is passed, and the job stopped */
    const take = (fd: 1 | 2, bytes: Uint8Array): boolean => {
      outBytes += bytes.length
      // the WASI layer already refuses writes past the cap: this is a second check
      if (outBytes > cap) { fail('output-too-large', `output exceeds ${cap} bytes`); return false }
      out[fd].push(bytes)
      return true
    }

    thread.job = {
      message: (msg) => {
        if (settled) return
        // a thread runs one job at a time: a message of another job is a thread not to trust
        if (msg.id !== id) { fail('crashed', `worker sent a message of job ${msg.id} during job ${id}`); return }
        switch (msg.type) {
          case 'output':
            for (const { fd, bytes } of msg.chunks) if (!take(fd, bytes)) return
            break
          case 'output-exceeded': fail('output-too-large', `output exceeds ${msg.limit} bytes`); break
          case 'progress': onProgress?.(msg.fraction); break
          case 'done': done(msg); break
        }
      },
      error: (err) => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') fail('memory', `worker ran out of heap memory (${err.message})`)
        else fail('crashed', `worker failed: ${err.message}`)
      },
      exit: (code) => { fail('crashed', `worker exited with code ${code} before the job ended`) }
    }
    const timer = setTimeout(() => { fail('timeout', `ran longer than ${job.limits.timeoutMs} ms`) }, job.limits.timeoutMs)
    const onAbort = (): void => {
      const reason: unknown = signal.reason
      fail('cancelled', reason instanceof ExecutorError ? reason.message : 'cancelled by the requester')
    }
    signal.addEventListener('abort', onAbort, { once: true })
    // copies the thread owns: a view's whole buffer would be cloned, and the caller's buffers must not be detached
    const module = own(job.module)
    const input = own(job.input)
    const msg: ExecutorMessage = { type: 'run', id, job: { ...job, module, input } }
    thread.worker.postMessage(msg, [module.buffer as ArrayBuffer, input.buffer as ArrayBuffer])
    return promise
  }
}

/** a copy with its own ArrayBuffer, to transfer */
function own (bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length)
  copy.set(bytes)
  return copy
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
 * CPU time (user + system) of a worker thread since it started. A job that
 * ends on its own reports its own share from inside (process.threadCpuUsage
 * before and after); one that is stopped (timeout, cancel, output cap) is
 * read from outside with worker.cpuUsage() just before terminate, less what
 * the thread had used when its previous job ended. process.cpuUsage() would
 * not do: inside a worker it reports the whole process. Undefined on a Node
 * without these calls.
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
