/**
 * Custom job kinds: an app registers a kind and a handler. The registry
 * enforces the limits: input size before the job starts, time by aborting the
 * handler's signal and racing it, output size on what comes back.
 *
 * A JS handler runs in this process (or page) and is trusted app code: after
 * a timeout the job's result is 'timeout' at once, but a handler that ignores
 * its signal keeps running until it returns on its own.
 *
 * No Node-only modules: the browser peer uses it too. The daemon's
 * ExecutorRegistry (registry.ts) adds operator-approved native commands.
 */
import {
  DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TIMEOUT_MS, KIND_PATTERN, WASM_KIND
} from './constants.js'
import { ExecutorError } from './errors.js'
import { linkSignals } from './signals.js'
import type { FailureReason } from './errors.js'
import type { SlotPool } from './slots.js'
import type { ExecutionResult, RunOptions } from './types.js'
import { InFlight } from './in-flight.js'

export interface HandlerLimits {
  timeoutMs: number
  /** stdout + stderr together */
  maxOutputBytes: number
  maxInputBytes: number
}

export const DEFAULT_HANDLER_LIMITS: HandlerLimits = {
  timeoutMs: DEFAULT_TIMEOUT_MS,
  maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
  maxInputBytes: DEFAULT_MAX_INPUT_BYTES
}

export interface HandlerContext {
  input: Uint8Array
  args: string[]
  /** the job's module when it carries one (e.g. an OCR job's model blob), checked against its hash */
  module?: Uint8Array
  /** aborts on timeout, cancel or close; its reason is an ExecutorError */
  signal: AbortSignal
  /** a fraction in [0, 1] (clamped), and an optional note */
  progress: (fraction: number, message?: string) => void
  /** the limits in force for this job, so a handler can stop early */
  limits: HandlerLimits
}

/** what a handler may return besides plain output bytes */
export interface HandlerOutput {
  stdout: Uint8Array
  stderr?: Uint8Array
  /** default 0 */
  exitCode?: number
}

/**
 * Returns the job's output. Throwing an ExecutorError fails the job with its
 * reason; any other error fails it as 'handler-error'.
 */
export type Handler = (ctx: HandlerContext) => Uint8Array | HandlerOutput | Promise<Uint8Array | HandlerOutput>

export interface HandlerJob extends RunOptions {
  input?: Uint8Array
  module?: Uint8Array
  args?: string[]
  /** may tighten the registered limits, never loosen them */
  limits?: Partial<HandlerLimits>
}

export interface HandlerRegistryInit {
  /** share the peer's slots with the WebAssembly executor; without it, jobs are not queued */
  slots?: SlotPool
}

export interface HandleOptions {
  /**
   * The handler settles promptly once its signal aborts, after cleaning up
   * (a native command: once its process group is dead). The registry then
   * waits for it instead of racing it, so a result means the work has stopped.
   */
  settlesOnAbort?: boolean
}

interface Entry {
  handler: Handler
  limits: HandlerLimits
  settlesOnAbort: boolean
}

type Outcome = Omit<ExecutionResult, 'wallMs'>

export class HandlerRegistry {
  private readonly entries = new Map<string, Entry>()
  private readonly closing = new AbortController()
  private readonly inFlight = new InFlight<ExecutionResult>()

  constructor (private readonly init: HandlerRegistryInit = {}) {}

  /** Registers a handler for a job kind. A kind is registered once; remove() it first to replace it. */
  handle (kind: string, handler: Handler, limits: Partial<HandlerLimits> = {}, options: HandleOptions = {}): this {
    if (typeof kind !== 'string' || !KIND_PATTERN.test(kind)) throw new TypeError(`job kind "${kind}" must match ${KIND_PATTERN}`)
    if (kind === WASM_KIND) throw new TypeError(`job kind "${WASM_KIND}" belongs to the WebAssembly executor`)
    if (this.entries.has(kind)) throw new TypeError(`job kind "${kind}" is already registered`)
    this.entries.set(kind, { handler, limits: resolveLimits(DEFAULT_HANDLER_LIMITS, limits), settlesOnAbort: options.settlesOnAbort === true })
    return this
  }

  remove (kind: string): boolean {
    return this.entries.delete(kind)
  }

  has (kind: string): boolean {
    return this.entries.has(kind)
  }

  /** the registered kinds, sorted: what a capacity advert lists */
  kinds (): string[] {
    return [...this.entries.keys()].sort()
  }

  /** Runs a job of a registered kind. Never rejects: every way a job can end is a result. */
  async run (kind: string, job: HandlerJob = {}): Promise<ExecutionResult> {
    return this.inFlight.track(this.runJob(kind, job))
  }

  /** Cancels running and queued jobs of this registry and waits for them. */
  async close (): Promise<void> {
    this.closing.abort(new ExecutorError('cancelled', 'registry closed'))
    await this.inFlight.settled()
  }

  private async runJob (kind: string, job: HandlerJob): Promise<ExecutionResult> {
    const entry = this.entries.get(kind)
    if (entry === undefined) return failed('unknown-kind', `no executor for job kind "${kind}"`)
    let limits: HandlerLimits
    try {
      limits = resolveLimits(entry.limits, job.limits ?? {}, true)
    } catch (err) {
      return failed('invalid-job', (err as Error).message)
    }
    const input = job.input ?? new Uint8Array(0)
    if (input.length > limits.maxInputBytes) return failed('input-too-large', `input of ${input.length} bytes exceeds the limit of ${limits.maxInputBytes} bytes`)
    const { signal: outer, dispose } = linkSignals(job.signal, this.closing.signal)
    try {
      let release = (): void => {}
      if (this.init.slots !== undefined) {
        try {
          release = await this.init.slots.acquire(outer)
        } catch (err) {
          return failed('cancelled', (err as Error).message)
        }
      }
      const start = performance.now()
      try {
        job.onProgress?.(0, 'running')
        const outcome = await this.execute(entry, input, job, limits, outer)
        return { ...outcome, wallMs: performance.now() - start }
      } finally {
        release()
      }
    } finally {
      dispose()
    }
  }

  private async execute (entry: Entry, input: Uint8Array, job: HandlerJob, limits: HandlerLimits, outer: AbortSignal): Promise<Outcome> {
    const ac = new AbortController()
    const onOuter = (): void => {
      const r: unknown = outer.reason
      ac.abort(r instanceof ExecutorError ? r : new ExecutorError('cancelled', 'cancelled by the requester'))
    }
    if (outer.aborted) onOuter()
    else outer.addEventListener('abort', onOuter, { once: true })
    const timer = setTimeout(() => { ac.abort(new ExecutorError('timeout', `ran longer than ${limits.timeoutMs} ms`)) }, limits.timeoutMs)
    let done = false
    const ctx: HandlerContext = {
      input,
      args: [...(job.args ?? [])],
      module: job.module,
      signal: ac.signal,
      limits,
      progress: (fraction, message) => {
        if (done || !Number.isFinite(fraction)) return
        job.onProgress?.(Math.min(1, Math.max(0, fraction)), message)
      }
    }
    const work = (async () => entry.handler(ctx))()
      .then(value => ac.signal.aborted ? fromAbort(ac.signal) : fromValue(value, limits.maxOutputBytes), err => ac.signal.aborted ? fromAbort(ac.signal) : fromError(err))
    const aborted = new Promise<Outcome>(resolve => {
      if (ac.signal.aborted) resolve(fromAbort(ac.signal))
      else ac.signal.addEventListener('abort', () => { resolve(fromAbort(ac.signal)) }, { once: true })
    })
    try {
      return await (entry.settlesOnAbort ? work : Promise.race([work, aborted]))
    } finally {
      done = true
      clearTimeout(timer)
      outer.removeEventListener('abort', onOuter)
    }
  }
}

function resolveLimits (base: HandlerLimits, asked: Partial<HandlerLimits>, tightenOnly = false): HandlerLimits {
  const out = { ...base }
  for (const key of Object.keys(DEFAULT_HANDLER_LIMITS) as Array<keyof HandlerLimits>) {
    const v = asked[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new TypeError(`limits.${key} must be a positive number`)
    if (tightenOnly && v > base[key]) throw new TypeError(`limits.${key} ${v} is above the kind's limit of ${base[key]}`)
    out[key] = v
  }
  return out
}

function fromValue (value: unknown, cap: number): Outcome {
  const out = value instanceof Uint8Array ? { stdout: value } : value as HandlerOutput
  if (out === null || typeof out !== 'object' || !(out.stdout instanceof Uint8Array) ||
      (out.stderr !== undefined && !(out.stderr instanceof Uint8Array)) ||
      (out.exitCode !== undefined && !Number.isInteger(out.exitCode))) {
    return outcome('handler-error', 'handler returned something other than bytes')
  }
  const stderr = out.stderr ?? new Uint8Array(0)
  if (out.stdout.length + stderr.length > cap) return outcome('output-too-large', `output exceeds ${cap} bytes`)
  return { status: 'ok', exitCode: out.exitCode ?? 0, stdout: out.stdout, stderr }
}

function fromError (err: unknown): Outcome {
  if (err instanceof ExecutorError) return outcome(err.reason, err.message)
  return outcome('handler-error', err instanceof Error ? err.message : String(err))
}

function fromAbort (signal: AbortSignal): Outcome {
  return fromError(signal.reason)
}

function outcome (reason: FailureReason, message: string): Outcome {
  return { status: 'failed', reason, message, stdout: new Uint8Array(0), stderr: new Uint8Array(0) }
}

function failed (reason: FailureReason, message: string): ExecutionResult {
  return { ...outcome(reason, message), wallMs: 0 }
}
