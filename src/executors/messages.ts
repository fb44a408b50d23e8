/**
 * What the executor and a job thread tell each other. A thread runs one job
 * at a time: the executor sends `run`, the thread answers with output and
 * progress messages and ends with `done`, all carrying the job's id; only
 * after `done` may the executor send the next `run` to the same thread.
 */
import type { SandboxOutcome } from './sandbox.js'
import type { CheckedJob } from './validate.js'
import type { ModuleCacheLimits } from './module-cache.js'

export type OutputChunk = { fd: 1 | 2, bytes: Uint8Array }

/** the executor to a thread */
export type ExecutorMessage =
  | { type: 'run', id: number, job: CheckedJob }

/** workerData of a pooled thread; a CheckedJob instead runs that one job and nothing else (the thread-per-job protocol) */
export interface ThreadData {
  pooled: true
  moduleCache: ModuleCacheLimits
}

/** a thread to the executor */
export type WorkerMessage =
  /** a pooled thread is up, before any job: its CPU time so far is start-up, charged to no job */
  | { type: 'ready', threadCpuMs?: number }
  /** output in batches, stdout and stderr interleaved as written */
  | { type: 'output', id: number, chunks: OutputChunk[] }
  /** sent at once when the cap is hit, so the executor can terminate even a module that swallows the error */
  | { type: 'output-exceeded', id: number, limit: number }
  | { type: 'progress', id: number, fraction: number }
  /**
   * the job's end. chunks: its last output (not sent before). cpuMs: the
   * thread's CPU time during this job (process.threadCpuUsage before and
   * after), threadCpuMs: the thread's CPU time since it started, both when
   * this Node has the call. cached: the compiled module came from the thread's
   * cache. uncollectedBytes: linear memory of finished jobs, this one
   * included, that V8 has not collected yet. retire: the thread asks not to
   * be given another job, and why.
   */
  | {
    type: 'done'
    id: number
    outcome: SandboxOutcome
    chunks?: OutputChunk[]
    cpuMs?: number
    threadCpuMs?: number
    cached?: boolean
    uncollectedBytes?: number
    retire?: string
  }
