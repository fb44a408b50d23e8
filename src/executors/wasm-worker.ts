/**
 * The worker_threads entry that runs one WebAssembly job: the job arrives as
 * workerData, output and progress go back as messages, and the thread is
 * terminated by the executor afterwards (or earlier, on a limit or a cancel).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { OUTPUT_FLUSH_BYTES, PROGRESS_INTERVAL_MS } from './constants.js'
import { runModule } from './sandbox.js'
import type { WorkerMessage } from './messages.js'
import type { CheckedJob } from './validate.js'

const port = parentPort
if (port === null) throw new Error('wasm-worker.js runs only as a worker thread')
const post = (msg: WorkerMessage, transfer: ArrayBuffer[] = []): void => { port.postMessage(msg, transfer) }

let pending: Array<{ fd: 1 | 2, bytes: Uint8Array }> = []
let pendingBytes = 0
function flush (): void {
  if (pending.length === 0) return
  // consecutive writes to the same stream travel as one buffer
  const chunks: Array<{ fd: 1 | 2, bytes: Uint8Array }> = []
  let run: Array<Uint8Array> = []
  let fd = pending[0].fd
  const close = (): void => {
    const bytes = new Uint8Array(run.reduce((n, b) => n + b.length, 0))
    let at = 0
    for (const b of run) { bytes.set(b, at); at += b.length }
    chunks.push({ fd, bytes })
  }
  for (const c of pending) {
    if (c.fd !== fd) { close(); run = []; fd = c.fd }
    run.push(c.bytes)
  }
  close()
  pending = []
  pendingBytes = 0
  post({ type: 'output', chunks }, chunks.map(c => c.bytes.buffer as ArrayBuffer))
}

let lastProgress = -Infinity
const outcome = await runModule(workerData as CheckedJob, {
  onOutput: (fd, bytes) => {
    pending.push({ fd, bytes })
    pendingBytes += bytes.length
    if (pendingBytes >= OUTPUT_FLUSH_BYTES) flush()
  },
  onOutputExceeded: (limit) => { flush(); post({ type: 'output-exceeded', limit }) },
  onProgress: (fraction) => {
    // a module calling progress in a hot loop must not flood the executor
    const now = performance.now()
    if (now - lastProgress < PROGRESS_INTERVAL_MS && fraction < 1) return
    lastProgress = now
    post({ type: 'progress', fraction })
  }
})
flush()
// read here: the thread may be gone by the time the executor could ask from outside
const usage = (process as { threadCpuUsage?: () => { user: number, system: number } }).threadCpuUsage?.()
post({ type: 'done', outcome, cpuMs: usage === undefined ? undefined : (usage.user + usage.system) / 1000 })
