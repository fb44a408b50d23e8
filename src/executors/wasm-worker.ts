/**
 * The worker_threads entry that runs WebAssembly jobs, one at a time: a job
 * arrives as a `run` message, output and progress go back as messages, and
 * `done` ends it. The executor gives a thread whose job ended cleanly the next
 * job, and terminates it on a limit, a cancel or any doubt (pool.ts).
 *
 * Between jobs the thread keeps only compiled modules (module-cache.ts): each
 * job gets its own Instance, Memory and WASI state, its own output buffers
 * and progress throttle, and its own CPU time reading.
 *
 * Started with a CheckedJob as workerData instead, it runs that one job and
 * waits to be terminated (the thread-per-job protocol, for tools that time a
 * bare thread).
 */
import { createHash } from 'node:crypto'
import { getHeapStatistics } from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'
import { OUTPUT_FLUSH_BYTES, PROGRESS_INTERVAL_MS, RETIRE_HEAP_FRACTION, RETIRE_UNCOLLECTED_BYTES } from './constants.js'
import { ModuleCache } from './module-cache.js'
import { runModule } from './sandbox.js'
import { openDatasetSource } from './directory-tree.js'
import type { ExecutorMessage, OutputChunk, ThreadData, WorkerMessage } from './messages.js'
import type { CompiledModules, SandboxOutcome } from './sandbox.js'
import type { CheckedJob } from './validate.js'

const port = parentPort
if (port === null) throw new Error('wasm-worker.js runs only as a worker thread')
const post = (msg: WorkerMessage, transfer: ArrayBuffer[] = []): void => { port.postMessage(msg, transfer) }

const threadCpu = (process as { threadCpuUsage?: () => { user: number, system: number } }).threadCpuUsage?.bind(process)
/**
 * This thread's CPU time so far, in ms. Linux counts a thread's run time
 * (getrusage(RUSAGE_THREAD), which threadCpuUsage reads) only at scheduler
 * ticks and when the thread sleeps, so a job shorter than a tick would read
 * 0 and its time would land between jobs, charged to none. Asking for the
 * process's usage first brings the calling thread's count up to date (the
 * kernel does that for the caller when it sums the thread group), which makes
 * the reading exact. Costs about a microsecond.
 */
const cpuMsNow = (): number | undefined => {
  if (threadCpu === undefined) return undefined
  process.cpuUsage()
  const usage = threadCpu()
  return (usage.user + usage.system) / 1000
}

/**
 * Linear memory of finished jobs that V8 has not collected yet (counted by
 * size: the pages a job touched stay resident until then). The executor
 * terminates a thread that idles holding much of it sooner; above
 * RETIRE_UNCOLLECTED_BYTES the thread asks to be retired at once.
 */
let uncollectedBytes = 0
const collected = new FinalizationRegistry<{ bytes: number }>((cell) => { uncollectedBytes -= cell.bytes })

/** one job's output buffers and progress throttle */
class JobIo {
  private pending: OutputChunk[] = []
  private pendingBytes = 0
  private lastProgress = -Infinity

  constructor (private readonly id: number) {}

  output (fd: 1 | 2, bytes: Uint8Array): void {
    this.pending.push({ fd, bytes })
    this.pendingBytes += bytes.length
    if (this.pendingBytes >= OUTPUT_FLUSH_BYTES) this.flush()
  }

  progress (fraction: number): void {
    // a module calling progress in a hot loop must not flood the executor
    const now = performance.now()
    if (now - this.lastProgress < PROGRESS_INTERVAL_MS && fraction < 1) return
    this.lastProgress = now
    post({ type: 'progress', id: this.id, fraction })
  }

  flush (): void {
    const chunks = this.take()
    if (chunks.length > 0) post({ type: 'output', id: this.id, chunks }, chunks.map(c => c.bytes.buffer as ArrayBuffer))
  }

  /** the pending output, consecutive writes to the same stream joined into one buffer */
  take (): OutputChunk[] {
    if (this.pending.length === 0) return []
    const chunks: OutputChunk[] = []
    let run: Uint8Array[] = []
    let fd = this.pending[0].fd
    const close = (): void => {
      const bytes = new Uint8Array(run.reduce((n, b) => n + b.length, 0))
      let at = 0
      for (const b of run) { bytes.set(b, at); at += b.length }
      chunks.push({ fd, bytes })
    }
    for (const c of this.pending) {
      if (c.fd !== fd) { close(); run = []; fd = c.fd }
      run.push(c.bytes)
    }
    close()
    this.pending = []
    this.pendingBytes = 0
    return chunks
  }
}

async function runJob (id: number, job: CheckedJob, modules?: CompiledModules): Promise<void> {
  const before = cpuMsNow()
  const io = new JobIo(id)
  let cached: boolean | undefined
  let memory: WebAssembly.Memory | undefined
  let outcome: SandboxOutcome
  try {
    outcome = await runModule(job, {
      onOutput: (fd, bytes) => { io.output(fd, bytes) },
      onOutputExceeded: (limit) => { io.flush(); post({ type: 'output-exceeded', id, limit }) },
      onProgress: (fraction) => { io.progress(fraction) },
      modules,
      onCompiled: (hit) => { cached = hit },
      onMemory: (m) => { memory = m },
      openDataset: openDatasetSource
    })
  } catch (err) {
    // not the module's doing (the sandbox turns what a module does into an outcome): this thread is done
    outcome = { kind: 'failed', reason: 'crashed', message: `worker failed: ${err instanceof Error ? err.message : String(err)}`, contained: false }
  }
  if (memory !== undefined) {
    const cell = { bytes: memory.buffer.byteLength }
    collected.register(memory, cell)
    uncollectedBytes += cell.bytes
    memory = undefined
  }
  const chunks = io.take()
  // read here: the thread may be gone by the time the executor could ask from outside
  const after = cpuMsNow()
  const cpuMs = before === undefined || after === undefined ? undefined : after - before
  post({ type: 'done', id, outcome, chunks, cpuMs, threadCpuMs: after, cached, uncollectedBytes, retire: retireReason() }, chunks.map(c => c.bytes.buffer as ArrayBuffer))
}

/** a doubt about this thread that the job's outcome does not show */
function retireReason (): string | undefined {
  if (uncollectedBytes > RETIRE_UNCOLLECTED_BYTES) return `${Math.round(uncollectedBytes / 1024 / 1024)} MiB of finished jobs' memory not collected`
  const heap = getHeapStatistics()
  if (heap.used_heap_size > heap.heap_size_limit * RETIRE_HEAP_FRACTION) {
    return `V8 heap at ${Math.round(heap.used_heap_size / 1024 / 1024)} of ${Math.round(heap.heap_size_limit / 1024 / 1024)} MiB`
  }
  return undefined
}

const data = workerData as ThreadData | CheckedJob
if ('pooled' in data && data.pooled) {
  const cache = new ModuleCache(data.moduleCache, (bytes) => createHash('sha256').update(bytes).digest('hex'))
  let busy = false
  port.on('message', (msg: ExecutorMessage) => {
    if (msg.type !== 'run') return
    // the executor sends a job only to an idle thread: anything else is a bug, and ends the thread
    if (busy) throw new Error('a job arrived while another one runs')
    busy = true
    void runJob(msg.id, msg.job, cache).finally(() => { busy = false })
  })
  // a job that cannot be read would otherwise wait for its timeout: end the thread, the executor reports it
  port.on('messageerror', (err) => { throw err })
  post({ type: 'ready', threadCpuMs: cpuMsNow() })
} else {
  await runJob(0, data as CheckedJob)
}
