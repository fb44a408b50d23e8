/**
 * The Web Worker entry that runs WebAssembly jobs, one at a time: the same
 * sandbox (src/executors/sandbox.ts: memory cap through the module's memory
 * maximum, Shoal's WASI layer, output cap, deterministic clock and randomness)
 * as the daemon's worker threads, each job in a fresh instance and memory. The
 * page terminates the worker for the time cap, a cancel, the output cap or any
 * failure, and gives a worker whose job exited cleanly the next job
 * (executor.ts). Compiled modules are cached by the page, not here, so the
 * cache outlives the workers it terminates: a job arrives with its module
 * already compiled, or asks for the one compiled here.
 */
import { runModule } from '../executors/sandbox.js'
import type { BrowserJobMessage, BrowserWorkerMessage } from './messages.js'
import type { CompiledModules } from '../executors/sandbox.js'

const scope = globalThis as unknown as { postMessage: (msg: BrowserWorkerMessage, transfer?: Transferable[]) => void, onmessage: ((e: MessageEvent<BrowserJobMessage>) => void) | null }

let busy = false
scope.onmessage = (e) => {
  // the page sends a job only to an idle worker: anything else is a bug, and ends this worker's use
  if (busy) throw new Error('a job arrived while another one runs')
  busy = true
  void run(e.data).finally(() => { busy = false })
}

async function run ({ job, compiled, keep }: BrowserJobMessage): Promise<void> {
  const started = performance.now()
  let cached = false
  // a one-entry view of the page's cache: what the page sent, and where a fresh compile goes
  const modules: CompiledModules | undefined = compiled != null || keep
    ? { key: () => 'page', get: () => compiled, set: (_key, fresh) => { scope.postMessage({ type: 'compiled', compiled: fresh }) } }
    : undefined
  try {
    const outcome = await runModule(job, {
      modules,
      onCompiled: (hit) => { cached = hit },
      onOutput: (fd, bytes) => { const copy = bytes.slice(); scope.postMessage({ type: 'output', fd, bytes: copy }, [copy.buffer]) },
      onOutputExceeded: (limit) => { scope.postMessage({ type: 'output-exceeded', limit }) },
      onProgress: (fraction) => { scope.postMessage({ type: 'progress', fraction }) },
      host: typeof SharedArrayBuffer === 'undefined' ? { sleep: spinSleep } : undefined
    })
    scope.postMessage({ type: 'done', outcome, cpuMs: performance.now() - started, cached })
  } catch (err) {
    scope.postMessage({ type: 'done', outcome: { kind: 'failed', reason: 'crashed', message: `worker failed: ${err instanceof Error ? err.message : String(err)}`, contained: false }, cpuMs: performance.now() - started, cached })
  }
}

/**
 * Non-deterministic sleeps wait on a SharedArrayBuffer, which a page has only
 * when cross-origin isolated (the daemon's /contribute is; a page hosted
 * elsewhere may not be): there, spin. The worker is still terminated from
 * outside at the time cap.
 */
function spinSleep (ns: bigint): void {
  const until = performance.now() + Number(ns) / 1e6
  while (performance.now() < until) { /* spin */ }
}
