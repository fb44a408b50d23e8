/** What a job's worker thread tells the executor, in order. The job itself travels as workerData (a CheckedJob). */
import type { SandboxOutcome } from './sandbox.js'

export type WorkerMessage =
  /** output in batches, stdout and stderr interleaved as written */
  | { type: 'output', chunks: Array<{ fd: 1 | 2, bytes: Uint8Array }> }
  /** sent at once when the cap is hit, so the executor can terminate even a module that swallows the error */
  | { type: 'output-exceeded', limit: number }
  | { type: 'progress', fraction: number }
  /** cpuMs: the thread's own CPU time at the end (process.threadCpuUsage), when this Node has it */
  | { type: 'done', outcome: SandboxOutcome, cpuMs?: number }
