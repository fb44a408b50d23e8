/**
 * Running one WASI command module to its end in the current thread: cap its
 * memory, check its imports, instantiate it against Shoal's WASI layer, call
 * _start, and say how it ended. Time is not capped here: the host (a worker
 * thread, later a Web Worker) is terminated from outside for that.
 *
 * Pure: no Node modules.
 */
import { WASM_PAGE_BYTES } from './constants.js'
import { ExecutorError } from './errors.js'
import { capPagesFor, prepareModule } from './wasm-limits.js'
import type { FailureReason } from './errors.js'
import type { CheckedJob } from './validate.js'
import type { PreparedModule } from './wasm-limits.js'
import { ProcExit, WASI_MODULE, WASI_PREVIEW1_FUNCTIONS, Wasi } from './wasi.js'
import type { HostServices } from './wasi.js'

/** the one non-WASI import Shoal provides: `(import "shoal" "progress" (func (param f64)))`, a fraction in [0, 1] */
export const SHOAL_MODULE = 'shoal'
export const SHOAL_PROGRESS = 'progress'

export type SandboxOutcome =
  | { kind: 'exit', code: number, memoryBytes?: number, atMemoryCap: boolean }
  | { kind: 'failed', reason: FailureReason, message: string, memoryBytes?: number }

export interface SandboxHooks {
  onOutput: (fd: 1 | 2, bytes: Uint8Array) => void
  /** the output cap was hit: the host should end the job now, in case the module swallows the error */
  onOutputExceeded?: (limit: number) => void
  onProgress?: (fraction: number) => void
  host?: Partial<HostServices>
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

export async function runModule (job: CheckedJob, hooks: SandboxHooks): Promise<SandboxOutcome> {
  const capPages = capPagesFor(job.limits.memoryMb)
  let prepared: PreparedModule
  let module: WebAssembly.Module
  try {
    prepared = prepareModule(job.module, capPages)
    checkImports(prepared)
    module = await WebAssembly.compile(prepared.bytes as Uint8Array<ArrayBuffer>)
    if (!WebAssembly.Module.exports(module).some(e => e.name === '_start' && e.kind === 'function')) {
      throw new ExecutorError('invalid-module', 'module exports no _start function (it is not a WASI command)')
    }
  } catch (err) {
    return failure(err, 'invalid-module')
  }

  const wasi = new Wasi({
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
  const plan = prepared.memory
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
    if (memory !== undefined) wasi.bind(memory)
    ;(instance.exports._start as () => void)()
  } catch (err) {
    if (wasi.outputExceeded) return { kind: 'failed', reason: 'output-too-large', message: `output exceeds ${job.limits.maxOutputBytes} bytes`, memoryBytes: size() }
    if (wasi.exitCode !== undefined) return exit(wasi.exitCode)
    if (err instanceof WebAssembly.LinkError) return failure(new ExecutorError('missing-import', err.message), 'missing-import')
    const message = trapMessage(err)
    const bytes = size()
    // a grow that fails returns -1; a module that then traps was stopped by the cap
    if (capBinding && bytes !== undefined && bytes >= capBytes - Math.min(1024 * 1024, capBytes / 16)) {
      return { kind: 'failed', reason: 'memory', message: `module ran into the memory limit of ${job.limits.memoryMb} MiB and then trapped: ${message}`, memoryBytes: bytes }
    }
    return { kind: 'failed', reason: 'trap', message, memoryBytes: bytes }
  }
  if (wasi.outputExceeded) return { kind: 'failed', reason: 'output-too-large', message: `output exceeds ${job.limits.maxOutputBytes} bytes`, memoryBytes: size() }
  return exit(wasi.exitCode ?? 0)

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

function failure (err: unknown, fallback: FailureReason): SandboxOutcome {
  if (err instanceof ExecutorError) return { kind: 'failed', reason: err.reason, message: err.message }
  return { kind: 'failed', reason: fallback, message: err instanceof Error ? err.message : String(err) }
}

function trapMessage (err: unknown): string {
  if (err instanceof WebAssembly.RuntimeError) return err.message
  if (err instanceof RangeError && /call stack/i.test(err.message)) return 'stack overflow'
  if (typeof WebAssembly.Exception === 'function' && err instanceof WebAssembly.Exception) return 'uncaught WebAssembly exception'
  if (err instanceof Error) return `${err.name}: ${err.message}`
  return String(err)
}
