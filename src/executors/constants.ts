/** Defaults and hard ceilings of the executors. Jobs may ask for less, never for more. */

/** wall-clock time a job may run, from its hand-over to a worker thread to its result */
export const DEFAULT_TIMEOUT_MS = 60_000
/** a module's linear memory is capped at this (its memory maximum is set to it) */
export const DEFAULT_MEMORY_MB = 256
/** stdout + stderr together */
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024
/** stdin */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024
/** the module binary itself */
export const DEFAULT_MAX_MODULE_BYTES = 64 * 1024 * 1024
/** args and env strings together (they are copied into the module's memory) */
export const MAX_ARGS_ENV_BYTES = 1024 * 1024

/** 32-bit WebAssembly memory can never exceed 4 GiB (65536 pages) */
export const MAX_MEMORY_MB = 4096
export const WASM_PAGE_BYTES = 65_536

/** argv[0] of every WebAssembly job: the job's own args follow it */
export const JOB_ARGV0 = 'job'

/** deterministic mode: the seed of random_get when the job names none */
export const DEFAULT_SEED = 0
/**
 * deterministic mode: CLOCK_REALTIME starts here (2020-01-01T00:00:00Z, in ns),
 * the other clocks at 0; every clock_time_get advances the virtual time by
 * DETERMINISTIC_CLOCK_STEP_NS, so loops that wait for time to pass still end
 */
export const DETERMINISTIC_EPOCH_NS = 1_577_836_800_000_000_000n
export const DETERMINISTIC_CLOCK_STEP_NS = 1_000n

/**
 * V8 heap limits of a job's worker thread: a second line of defence, since
 * wasm linear memory lives outside the V8 heap and is capped by the module's
 * memory maximum instead. The heap holds only Shoal's own glue, tables and
 * output bookkeeping.
 */
export const WORKER_RESOURCE_LIMITS = {
  maxOldGenerationSizeMb: 128,
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: 4
}

/**
 * Table entries a module may define, all tables together (each table's
 * maximum is rewritten like the memory's). Tables live on the worker's V8
 * heap, and one allocation too big for the heap limit aborts the whole
 * process instead of only the worker (measured: 10M funcref entries do it at
 * a 128 MiB heap; 1M take about 12 MiB).
 */
export const MAX_TABLE_ENTRIES = 1_000_000

/** the worker sends output to the executor in batches of about this size */
export const OUTPUT_FLUSH_BYTES = 64 * 1024
/** progress reported by a module reaches the caller at most this often */
export const PROGRESS_INTERVAL_MS = 100

/** job kind names: what custom and native executors may be registered under */
export const KIND_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/
/** the built-in WebAssembly executor's kind, which a handler cannot take */
export const WASM_KIND = 'wasm'

/**
 * Warm threads (pool.ts). A thread whose job ended cleanly runs the next job;
 * it keeps only compiled modules, at most this many and this many bytes of
 * binaries (the key is the module's sha-256 and the memory cap, since the cap
 * is written into the binary).
 */
export const MODULE_CACHE_ENTRIES = 16
export const MODULE_CACHE_BYTES = 32 * 1024 * 1024
/** a thread idle this long is terminated (about 8 MiB of memory each) */
export const IDLE_THREAD_MS = 60_000
/** a thread is terminated after this many jobs, whatever they did: whatever builds up in it has a bound */
export const MAX_JOBS_PER_THREAD = 1_000
/**
 * Dead linear memory. V8 collects the memory of finished jobs as a thread
 * keeps running jobs (measured: ~90 MiB held at most over 500 jobs of 4 MiB),
 * but an idle thread allocates nothing, so nothing makes V8 collect, and the
 * pages the jobs touched stay resident (measured: 15 MiB per thread, for as
 * long as it idled). A thread left idle holding more than
 * IDLE_UNCOLLECTED_BYTES of memory that V8 has not collected yet is
 * terminated after DIRTY_IDLE_MS instead of IDLE_THREAD_MS; one holding more
 * than RETIRE_UNCOLLECTED_BYTES is not reused at all.
 */
export const IDLE_UNCOLLECTED_BYTES = 16 * 1024 * 1024
export const DIRTY_IDLE_MS = 1_000
export const RETIRE_UNCOLLECTED_BYTES = 256 * 1024 * 1024
/** a thread whose V8 heap is used above this fraction of its limit after a job is retired */
export const RETIRE_HEAP_FRACTION = 0.5
