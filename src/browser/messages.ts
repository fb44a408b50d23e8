/** what a job's Web Worker says to the page (worker.ts → browser-executor.ts) */
import type { SandboxOutcome } from '../executors/sandbox.js'

export type BrowserWorkerMessage =
  | { type: 'output', fd: 1 | 2, bytes: Uint8Array }
  | { type: 'output-exceeded', limit: number }
  | { type: 'progress', fraction: number }
  /** cpuMs: the worker's wall time running the job (browsers expose no per-thread CPU time) */
  | { type: 'done', outcome: SandboxOutcome, cpuMs: number }
