/**
 * Running one WASI command module to its end in the current thread: cap its
 * memory, check its imports, instantiate it against Shoal's WASI layer, call
 * _start, and say how it ended. Time is not capped here: the host (a worker
 * thread, later a Web Worker) is terminated from outside for that.
 *
 * A host that runs many jobs may keep compiled modules (hooks.modules): only
 * the compiled code is reused, every run gets a new Instance, Memory, tables,
 * globals and WASI state.
 *
 * Pure: no Node modules.
 */
import { WASM_PAGE_BYTES } from './constants.js'
import { ExecutorError } from './errors.js'
import { capPagesFor, prepareModule } from './wasm-limits.js'
import type { FailureReason } from './errors.js'
import type { CheckedJob } from './validate.js'
import type { MemoryPlan, PreparedModule } from './wasm-limits.js'
import { ProcExit, WASI_MODULE, WASI_PREVIEW1_FUNCTIONS, Wasi } from './wasi.js'
import type { HostServices } from './wasi.js'
import { guestPath, openMemorySource } from './dataset-tree.js'
import type { DatasetSource, ReadOnlyTree } from './dataset-tree.js'

/** the one non-WASI import Shoal provides: `(import "shoal" "progress" (func (param f64)))`, a fraction in [0, 1] */
export const SHOAL_MODULE = 'shoal'
export const SHOAL_PROGRESS = 'progress'

export type SandboxOutcome =
  | { kind: 'exit', code: number, memoryBytes?: number, atMemoryCap: boolean }
  /**
   * contained: the failure stayed inside WebAssembly or Shoal's own checks (a
   * trap, a stack overflow, an uncaught wasm exception, a module refused
   * before or at instantiation), so the thread is as it was before the job.
   * false: a host error, a limit, or anything else: the thread is not reused.
   */
  | { kind: 'failed', reason: FailureReason, message: string, memoryBytes?: number, contained: boolean }

/** a module capped, checked and compiled: what a host may keep between jobs */
export interface CompiledModule {
  module: WebAssembly.Module
  memory: MemoryPlan
  capPages: number
  /** bytes of the binary that was compiled */
  size: number
}

/** compiled modules kept between jobs (module-cache.ts) */
export interface CompiledModules {
  /** the cache key of a module under a memory cap; undefined: do not cache it */
  key: (bytes: Uint8Array, capPages: number) => string | undefined
  get: (key: string) => CompiledModule | undefined
  set: (key: string, compiled: CompiledModule) => void
}

export interface SandboxHooks {
  onOutput: (fd: 1 | 2, bytes: Uint8Array) => void
  /** the output cap was hit: the host should end the job now, in case the module swallows the error */
  onOutputExceeded?: (limit: number) => void
  onProgress?: (fraction: number) => void
  host?: Partial<HostServices>
  /** compiled modules to take from and add to; without it every run compiles */
  modules?: CompiledModules
  /** told whether the module came from hooks.modules (true) or was compiled (false) */
  onCompiled?: (cached: boolean) => void
  /** told the job's memory once it exists (a host may watch when it is collected) */
  onMemory?: (memory: WebAssembly.Memory) => void
  /**
   * opens a granted data set's source as a tree (Node hosts read directories
   * on disk, src/executors/directory-tree.ts); default: sources given as files only
   */
  openDataset?: (source: DatasetSource) => ReadOnlyTree
}

/** refuses imports Shoal does not provide, naming them */
export function checkImports (prepared: PreparedModule): void {
  const wasi = new Set(WASI_PREVIEW1_FUNCTIONS)
  const missing = prepared.imports.filter(i => {
    if (i.kind === 'memory') return false
    if (i.kind !== 'function') return true
    if (i.module === WASI_MODULE) return !wasi.has(i.name)
    return !(i.module === SHOAL_MODULE && i.name === SHOAL_PROGRESS)
  })
  if (missing.length === 0) return
  const names = missing.slice(0, 5).map(i => `${i.module}.${i.name}${i.kind === 'function' ? '' : ` (${i.kind})`}`)
  const more = missing.length > 5 ? ` and ${missing.length - 5} more` : ''
  throw new ExecutorError('missing-import',
    `module imports ${names.join(', ')}${more}, which Shoal does not provide (only WASI preview 1 functions and shoal.progress)`)
}

/** caps, checks and compiles a module; throws ExecutorError or a WebAssembly.CompileError */
export async function compileModule (bytes: Uint8Array, capPages: number): Promise<CompiledModule> {
  const prepared = prepareModule(bytes, capPages)
  checkImports(prepared)
  const module = await WebAssembly.compile(prepared.bytes as Uint8Array<ArrayBuffer>)
  if (!WebAssembly.Module.exports(module).some(e => e.name === '_start' && e.kind === 'function')) {
    throw new ExecutorError('invalid-module', 'module exports no _start function (it is not a WASI command)')
  }
  return { module, memory: prepared.memory, capPages, size: prepared.bytes.length }
}

export async function runModule (job: CheckedJob, hooks: SandboxHooks): Promise<SandboxOutcome> {
  const capPages = capPagesFor(job.limits.memoryMb)
  let compiled: CompiledModule
  try {
    const key = hooks.modules?.key(job.module, capPages)
    const cached = key === undefined ? undefined : hooks.modules?.get(key)
    hooks.onCompiled?.(cached !== undefined)
    compiled = cached ?? await compileModule(job.module, capPages)
    if (key !== undefined && cached === undefined) hooks.modules?.set(key, compiled)
  } catch (err) {
    return failure(err, 'invalid-module')
  }
  const module = compiled.module

  let preopens: Array<{ path: string, tree: ReadOnlyTree }>
  try {
    preopens = job.datasets.map(d => ({ path: guestPath(d.name), tree: (hooks.openDataset ?? openMemorySource)(d.source) }))
  } catch (err) {
    // the data set went away or cannot be read here: not the module's doing, and nothing of it ran
    return { kind: 'failed', reason: 'invalid-job', message: `a data set cannot be opened: ${err instanceof Error ? err.message : String(err)}`, contained: true }
  }
  const wasi = new Wasi({
    preopens,
    argv: job.argv,
    env: job.env,
    stdin: job.input,
    deterministic: job.deterministic,
    seed: job.seed,
    maxOutputBytes: job.limits.maxOutputBytes,
    onOutput: hooks.onOutput,
    onOutputExceeded: hooks.onOutputExceeded,
    host: hooks.host
  })
  const imports: WebAssembly.Imports = {
    [WASI_MODULE]: wasi.imports,
    [SHOAL_MODULE]: { [SHOAL_PROGRESS]: (f: number) => { if (Number.isFinite(f)) hooks.onProgress?.(Math.min(1, Math.max(0, f))) } }
  }
  let memory: WebAssembly.Memory | undefined
  const plan = compiled.memory
  if (plan.kind === 'imported') {
    memory = new WebAssembly.Memory({ initial: plan.min, maximum: plan.max })
    imports[plan.module] = { ...imports[plan.module], [plan.name]: memory }
  }
  const capBytes = capPages * WASM_PAGE_BYTES
  const capBinding = plan.kind !== 'none' && plan.capBinding
  const size = (): number | undefined => memory?.buffer.byteLength

  let instance: WebAssembly.Instance
  try {
    // a start section runs inside instantiate, so traps and exits are possible here too
    instance = await WebAssembly.instantiate(module, imports)
    memory ??= exportedMemory(instance)
    if (memory !== undefined) {
      wasi.bind(memory)
      hooks.onMemory?.(memory)
    }
    ;(instance.exports._start as () => void)()
  } catch (err) {
    if (wasi.outputExceeded) return tooMuchOutput()
    if (wasi.exitCode !== undefined) return exit(wasi.exitCode)
    if (err instanceof WebAssembly.LinkError) return { kind: 'failed', reason: 'missing-import', message: err.message, contained: true }
    const message = trapMessage(err)
    const bytes = size()
    // a grow that fails returns -1; a module that then traps was stopped by the cap
    if (capBinding && bytes !== undefined && bytes >= capBytes - Math.min(1024 * 1024, capBytes / 16)) {
      return { kind: 'failed', reason: 'memory', message: `module ran into the memory limit of ${job.limits.memoryMb} MiB and then trapped: ${message}`, memoryBytes: bytes, contained: false }
    }
    return { kind: 'failed', reason: 'trap', message, memoryBytes: bytes, contained: isWasmTrap(err) }
  } finally {
    // the module has ended, however: close the data set files it left open
    wasi.closeFiles()
  }
  if (wasi.outputExceeded) return tooMuchOutput()
  return exit(wasi.exitCode ?? 0)

  function tooMuchOutput (): SandboxOutcome {
    return { kind: 'failed', reason: 'output-too-large', message: `output exceeds ${job.limits.maxOutputBytes} bytes`, memoryBytes: size(), contained: false }
  }

  function exit (code: number): SandboxOutcome {
    const bytes = size()
    return { kind: 'exit', code, memoryBytes: bytes, atMemoryCap: capBinding && bytes !== undefined && bytes >= capBytes }
  }
}

function exportedMemory (instance: WebAssembly.Instance): WebAssembly.Memory | undefined {
  const named = instance.exports.memory
  if (named instanceof WebAssembly.Memory) return named
  return Object.values(instance.exports).find((e): e is WebAssembly.Memory => e instanceof WebAssembly.Memory)
}

/** a module refused before it ran: by Shoal's checks (ExecutorError) or by WebAssembly itself (CompileError) */
function failure (err: unknown, fallback: FailureReason): SandboxOutcome {
  if (err instanceof ExecutorError) return { kind: 'failed', reason: err.reason, message: err.message, contained: true }
  return { kind: 'failed', reason: fallback, message: err instanceof Error ? err.message : String(err), contained: err instanceof WebAssembly.CompileError }
}

/** a failure WebAssembly itself raised and the engine recovers from: nothing of the host is left half-done */
function isWasmTrap (err: unknown): boolean {
  if (err instanceof WebAssembly.RuntimeError) return true
  if (err instanceof RangeError && /call stack/i.test(err.message)) return true
  return typeof WebAssembly.Exception === 'function' && err instanceof WebAssembly.Exception
}

function trapMessage (err: unknown): string {
  if (err instanceof WebAssembly.RuntimeError) return err.message
  if (err instanceof RangeError && /call stack/i.test(err.message)) return 'stack overflow'
  if (typeof WebAssembly.Exception === 'function' && err instanceof WebAssembly.Exception) return 'uncaught WebAssembly exception'
  if (err instanceof Error) return `${err.name}: ${err.message}`
  return String(err)
}
