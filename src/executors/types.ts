import type { FailureReason } from './errors.js'
import type { DatasetMount } from './dataset-tree.js'

export interface JobLimits {
  /** cap on the module's linear memory, in MiB (64 KiB pages: memoryMb * 16 pages) */
  memoryMb: number
  /** wall-clock cap, from the job's hand-over to its thread (including compiling the module) to its result */
  timeoutMs: number
  /** cap on stdout + stderr bytes together */
  maxOutputBytes: number
}

export interface WasmJob {
  /** a WASI preview 1 command module (exports _start) */
  module: Uint8Array
  /** stdin; empty when absent */
  input?: Uint8Array
  /** argv after argv[0] (argv[0] is always JOB_ARGV0, "job") */
  args?: string[]
  /** environment; passed to the module sorted by name, so key order does not matter */
  env?: Record<string, string>
  /**
   * default true: a virtual clock and a seeded PRNG, so the same module, input,
   * args, env and seed give the same bytes on every peer. false: the host's
   * real clock and crypto randomness.
   */
  deterministic?: boolean
  /** seed of random_get in deterministic mode, an integer in [0, 2^32); default DEFAULT_SEED */
  seed?: number
  /** any limit left out takes the executor's ceiling */
  limits?: Partial<JobLimits>
  /** data sets granted to the job: each a read-only preopened directory at /data/<name>; nothing else of the host is visible */
  datasets?: DatasetMount[]
}

export interface ExecutionResult {
  /**
   * 'ok': the job ran to its end and exitCode says how it went (a non-zero
   * exit code is still a completed job). 'failed': the sandbox, a limit or
   * the caller ended it, and reason says why.
   */
  status: 'ok' | 'failed'
  exitCode?: number
  /** output so far on failure (at most the output cap; a killed worker's last unsent batch is lost) */
  stdout: Uint8Array
  stderr: Uint8Array
  reason?: FailureReason
  message?: string
  /**
   * CPU time (user + system) of the job's worker thread while it ran this
   * job: compiling (unless the thread had the module compiled already) and
   * running, read by the thread itself before and after; for a job stopped
   * from outside, the thread's time since its previous job ended. Starting a
   * thread is not charged to the job that happens to be its first. Undefined
   * where no per-job figure exists (custom handlers share the main thread;
   * native commands are not measured).
   */
  cpuMs?: number
  /** wall-clock time from the job's start (slot acquired) to its result; time spent queued is not included */
  wallMs: number
  /** WebAssembly: size of the module's linear memory when it ended, when known */
  memoryBytes?: number
}

export interface RunOptions {
  /** aborting ends the job as 'cancelled' (queued: dropped; running: its worker is terminated) */
  signal?: AbortSignal
  /**
   * progress: (0, 'running') when the job leaves the queue, then whatever the
   * job reports (a module through the `shoal.progress(f64)` import, a handler
   * through its progress callback), fractions clamped to [0, 1]
   */
  onProgress?: (fraction: number, message?: string) => void
}

export interface SlotCounts {
  total: number
  inUse: number
  queued: number
}
