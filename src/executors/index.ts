/**
 * Executors: where a Shoal worker runs jobs.
 *
 * - `Executor` runs WebAssembly (WASI preview 1) jobs in warm worker threads,
 *   one job at a time per thread, each job in a fresh instance and memory,
 *   behind the peer's slots, under memory, time, input and output caps,
 *   deterministic by default.
 * - `HandlerRegistry` runs custom job kinds with app handlers, under time,
 *   input and output caps (no Node modules: pages use it too);
 *   `ExecutorRegistry` adds operator-approved native commands.
 * - `SlotPool` is the peer's advertised slots; pass one to both to share them.
 *
 * Neither rejects for a job's sake: every job ends in an ExecutionResult,
 * 'ok' with an exit code (non-zero included) when it ran to its end, 'failed'
 * with a FailureReason when a limit, the sandbox or a cancel ended it.
 */
export { Executor } from './pool.js'
export type { ExecutorInit, ThreadCounts } from './pool.js'
export { ExecutorRegistry } from './registry.js'
export type { RegistryInit } from './registry.js'
export { HandlerRegistry, DEFAULT_HANDLER_LIMITS } from './handlers.js'
export type { Handler, HandleOptions, HandlerContext, HandlerJob, HandlerLimits, HandlerOutput, HandlerRegistryInit } from './handlers.js'
export { registerNative, runNative } from './native.js'
export type { NativeCommand } from './native.js'
export { SlotPool } from './slots.js'
export type { Release } from './slots.js'
export { SeededBytes } from './prng.js'
export { ExecutorError } from './errors.js'
export type { FailureReason } from './errors.js'
export type { ExecutionResult, JobLimits, RunOptions, SlotCounts, WasmJob } from './types.js'
export { DEFAULT_CEILINGS, checkJob } from './validate.js'
export type { Ceilings } from './validate.js'
export { inspectModule, prepareModule, capPagesFor } from './wasm-limits.js'
export type { MemoryPlan, ModuleImport, ModuleInfo } from './wasm-limits.js'
export { runModule, compileModule, SHOAL_MODULE, SHOAL_PROGRESS } from './sandbox.js'
export type { CompiledModule, CompiledModules, SandboxOutcome } from './sandbox.js'
export { ModuleCache } from './module-cache.js'
export type { ModuleCacheLimits } from './module-cache.js'
export { Wasi, WASI_MODULE, WASI_PREVIEW1_FUNCTIONS } from './wasi.js'
export * from './constants.js'
