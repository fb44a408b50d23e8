/**
 * Runs onnx jobs on a daemon: checks the model and the input in this
 * process (pure code, src/inference), then runs ONNX Runtime in a child
 * process (child.ts) under an address-space cap (RLIMIT_AS, set by
 * `ulimit -v` in /bin/sh before it execs Node), a time cap and an output
 * cap; a child that passes a cap, crashes or is cancelled is killed, the job
 * fails with the reason, and the daemon goes on. Children are kept warm (one
 * per slot at most, each with its sessions by model hash), so a model is
 * loaded once per child, not once per job.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkInputs, decodeRequest, inspectModel, InferenceError } from '../../inference/index.js'
import type { BackendInfo, ModelInfo } from '../../inference/index.js'
import type { SlotPool } from '../../executors/slots.js'
import type { ExecOutcome, ResourceLimits } from '../../jobs/types.js'
import { CHILD_BASE_ADDRESS_SPACE_MB, CHILD_START_TIMEOUT_MS, IDLE_CHILD_MS, MODEL_INFO_CACHE } from './constants.js'
import type { ChildMessage, ParentMessage, RunMessage } from './messages.js'
import { OcrError } from '../../inference/ocr/errors.js'
import { BlobError, unpackBlob } from '../../inference/ocr/models.js'
import { checkPngHeader } from '../../inference/ocr/png.js'
import type { ModelName } from '../../inference/ocr/types.js'

export interface OnnxRunnerInit {
  /** the peer's slots, shared with the other executors */
  slots: SlotPool
  /** the Node binary for children (default: this process's) */
  nodePath?: string
  /** address space a child gets besides the job's memory limit, MiB */
  baseAddressSpaceMb?: number
}

export interface OnnxJob {
  model: Uint8Array
  input: Uint8Array
  limits: ResourceLimits
}

/** an `ocr` job: a model blob (SHOALOCR: det + cls + rec + keys) and one page as PNG */
export interface OcrJob {
  blob: Uint8Array
  png: Uint8Array
  limits: ResourceLimits
}

export interface OnnxStats {
  childrenStarted: number
  childrenAlive: number
  childrenKilled: number
  modelsChecked: number
  refused: Record<string, number>
}

const CHILD_PATH = fileURLToPath(new URL('./child.js', import.meta.url))

class Child {
  readonly proc: ChildProcess
  readonly models = new Set<string>()
  readonly ready: Promise<BackendInfo>
  readonly exited: Promise<string>
  idleTimer?: ReturnType<typeof setTimeout>
  alive = true
  private stderr = ''
  private readonly dir: string

  constructor (readonly capMb: number, nodePath: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'shoal-onnx-'))
    // no shell input but our own numbers: the cap in KiB, then the command to exec
    this.proc = spawn('/bin/sh', ['-c', 'ulimit -v "$1" || exit 97; shift; exec "$@"', 'sh', String(capMb * 1024), nodePath, CHILD_PATH], {
      cwd: this.dir, env: {}, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced'
    })
    this.proc.stderr?.on('data', (chunk: Buffer) => { this.stderr = (this.stderr + chunk.toString()).slice(-2000) })
    this.exited = new Promise(resolve => {
      this.proc.on('exit', (code, signal) => {
        this.alive = false
        clearTimeout(this.idleTimer)
        rmSync(this.dir, { recursive: true, force: true })
        resolve(`the ONNX Runtime process ended (${signal ?? `exit code ${code}`})${this.stderr.trim() !== '' ? `: ${lastLines(this.stderr)}` : ''}`)
      })
      this.proc.on('error', (err) => { this.alive = false; resolve(`the ONNX Runtime process did not start: ${err.message}`) })
    })
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: ChildMessage): void => {
        if (m?.type === 'ready') { this.proc.off('message', onMessage); resolve(m.backend) }
      }
      this.proc.on('message', onMessage)
      void this.exited.then(reject)
    })
    this.ready.catch(() => {})
  }

  kill (): void {
    if (this.alive) this.proc.kill('SIGKILL')
  }
}

function lastLines (text: string): string {
  return text.trim().split('\n').slice(-3).join(' / ').slice(0, 500)
}

/** how a caller follows and stops one job */
export interface RunOptions { signal?: AbortSignal, onProgress?: (fraction: number, message?: string) => void }

export class OnnxRunner {
  private readonly idle: Child[] = []
  private readonly all = new Set<Child>()
  private readonly infos = new Map<string, ModelInfo>()
  private readonly hashes = new WeakMap<Uint8Array, string>()
  private readonly nodePath: string
  private readonly base: number
  private nextId = 1
  private closed = false
  private readonly counts: OnnxStats = { childrenStarted: 0, childrenAlive: 0, childrenKilled: 0, modelsChecked: 0, refused: {} }

  constructor (private readonly init: OnnxRunnerInit) {
    this.nodePath = init.nodePath ?? process.execPath
    this.base = init.baseAddressSpaceMb ?? CHILD_BASE_ADDRESS_SPACE_MB
  }

  /** Runs one job. Never rejects: every way it can end is an outcome. */
  async run (job: OnnxJob, options: RunOptions = {}): Promise<ExecOutcome> {
    return this.inSlot(options, async (failed) => {
      options.onProgress?.(0, 'running')
      const key = this.hashOf(job.model)
      const memoryBytes = job.limits.memoryMb * 2 ** 20
      let info: ModelInfo
      let inputs
      let outputs: string[]
      try {
        info = this.check(key, job.model, memoryBytes)
        const request = decodeRequest(job.input)
        checkInputs(info, request.inputs)
        inputs = request.inputs
        outputs = request.outputs
      } catch (err: any) {
        if (err instanceof InferenceError) return failed(err.reason, err.message)
        return failed('invalid-model', String(err?.message ?? err))
      }
      const outcome = await this.inChild(key, job.limits, (withModel) => {
        const message: RunMessage = { type: 'run', id: 0, modelKey: key, inputs, outputs, maxOutputBytes: job.limits.maxOutputBytes }
        if (withModel) message.model = job.model
        return message
      }, options.signal)
      if (outcome.status === 'failed') return failed(outcome.reason!, outcome.message!, outcome.cpuMs)
      return outcome
    })
  }

  /**
   * Reads one page (the `ocr` kind) in a child, under the same caps as an
   * onnx job: the blob's three models each pass the model checker here
   * first, so a blob from any requester is as safe to run as an onnx model.
   * Never rejects.
   */
  async runOcr (job: OcrJob, options: RunOptions = {}): Promise<ExecOutcome> {
    return this.inSlot(options, async (failed) => {
      options.onProgress?.(0, 'reading')
      const key = `ocr:${this.hashOf(job.blob)}`
      const memoryBytes = job.limits.memoryMb * 2 ** 20
      try {
        const parts = unpackBlob(job.blob)
        for (const name of ['det', 'cls', 'rec'] as ModelName[]) {
          try {
            this.check(`${key}/${name}`, parts[name], memoryBytes)
          } catch (err: any) {
            if (err instanceof InferenceError) throw new InferenceError(err.reason, `the blob's ${name} model: ${err.message}`)
            throw err
          }
        }
        checkPngHeader(job.png)
      } catch (err: any) {
        if (err instanceof InferenceError) return failed(err.reason, err.message)
        // the blob's own errors are the model's; the page's (not a PNG, too large) the job's
        if (err instanceof OcrError) return failed(err instanceof BlobError ? 'invalid-model' : 'invalid-job', err.message)
        return failed('invalid-model', String(err?.message ?? err))
      }
      const outcome = await this.inChild(key, job.limits, (withModel, child) => {
        const message: ParentMessage = { type: 'ocr', id: 0, modelKey: key, png: job.png, maxOutputBytes: job.limits.maxOutputBytes }
        if (withModel) {
          message.blob = job.blob
          // a child keeps one blob's sessions: the one it held goes
          for (const k of child.models) if (k.startsWith('ocr:')) child.models.delete(k)
        }
        return message
      }, options.signal)
      if (outcome.status === 'failed') return failed(outcome.reason!, outcome.message!, outcome.cpuMs)
      return outcome
    })
  }

  /**
   * One job in a slot: waits for the slot, runs `body`, and turns every
   * failure (the body's own, or the child's) into a counted outcome with its
   * wall time. Never rejects.
   */
  private async inSlot (options: RunOptions, body: (failed: (reason: string, message: string, cpuMs?: number) => ExecOutcome) => Promise<ExecOutcome>): Promise<ExecOutcome> {
    const start = performance.now()
    const failed = (reason: string, message: string, cpuMs = 0): ExecOutcome => {
      this.counts.refused[reason] = (this.counts.refused[reason] ?? 0) + 1
      return { status: 'failed', reason, message, output: new Uint8Array(), stderr: new Uint8Array(), cpuMs, wallMs: performance.now() - start }
    }
    if (this.closed) return failed('cancelled', 'the ONNX runner is closed')
    let release: () => void
    try {
      release = await this.init.slots.acquire(options.signal)
    } catch (err: any) {
      return failed('cancelled', err.message)
    }
    try {
      const outcome = await body(failed)
      // failures carry their own wall time (failed() took it)
      return outcome.status === 'failed' ? outcome : { ...outcome, wallMs: performance.now() - start }
    } finally {
      release()
    }
  }

  /** the model's sha-256; the worker's blob cache hands out the same bytes object each time, so it is hashed once */
  private hashOf (model: Uint8Array): string {
    let key = this.hashes.get(model)
    if (key == null) {
      key = createHash('sha256').update(model).digest('hex')
      this.hashes.set(model, key)
    }
    return key
  }

  /** hashes of the models checked and run here lately (what adverts list as held) */
  models (): string[] {
    return [...new Set([...this.infos.keys()].map(k => k.split('/')[0]).filter(k => !k.startsWith('ocr:')))]
  }

  /** execution providers this daemon runs: the CPU one (the npm package ships no GPU provider without its install script) */
  providers (): string[] {
    return ['cpu']
  }

  stats (): OnnxStats {
    return { ...this.counts, childrenAlive: [...this.all].filter(c => c.alive).length, refused: { ...this.counts.refused } }
  }

  async close (): Promise<void> {
    this.closed = true
    const children = [...this.all]
    for (const c of children) { c.proc.ref(); c.kill() }
    await Promise.all(children.map(async c => c.exited))
  }

  private check (key: string, model: Uint8Array, memoryBytes: number): ModelInfo {
    const cacheKey = `${key}/${memoryBytes}`
    const held = this.infos.get(cacheKey)
    if (held != null) {
      this.infos.delete(cacheKey)
      this.infos.set(cacheKey, held)
      return held
    }
    this.counts.modelsChecked++
    const info = inspectModel(model, { maxTensorBytes: memoryBytes })
    this.infos.set(cacheKey, info)
    while (this.infos.size > MODEL_INFO_CACHE) this.infos.delete(this.infos.keys().next().value!)
    return info
  }

  private take (capMb: number): Child {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const c = this.idle[i]
      if (c.alive && c.capMb === capMb) {
        this.idle.splice(i, 1)
        clearTimeout(c.idleTimer)
        return c
      }
    }
    const c = new Child(capMb, this.nodePath)
    this.counts.childrenStarted++
    this.all.add(c)
    void c.exited.then(() => { this.all.delete(c); const i = this.idle.indexOf(c); if (i >= 0) this.idle.splice(i, 1) })
    return c
  }

  private giveBack (c: Child): void {
    if (!c.alive || this.closed) return
    // at most one warm child per slot; the oldest idle one goes first
    this.idle.push(c)
    while (this.idle.length > Math.max(1, this.init.slots.total)) this.retire(this.idle.shift()!)
    c.idleTimer = setTimeout(() => { this.retire(c) }, IDLE_CHILD_MS)
    c.idleTimer.unref?.()
    c.proc.unref()
    ;(c.proc.channel as any)?.unref?.()
  }

  private retire (c: Child): void {
    const i = this.idle.indexOf(c)
    if (i >= 0) this.idle.splice(i, 1)
    if (c.alive) this.counts.childrenKilled++
    c.kill()
  }

  private async inChild (key: string, limits: ResourceLimits, message: (withModel: boolean, child: Child) => ParentMessage, signal?: AbortSignal): Promise<ExecOutcome> {
    const job = { limits }
    const started = performance.now()
    const capMb = this.base + job.limits.memoryMb
    const child = this.take(capMb)
    child.proc.ref()
    ;(child.proc.channel as any)?.ref?.()
    const id = this.nextId++
    const outcome = await new Promise<ExecOutcome>((resolve) => {
      let settled = false
      const finish = (o: Omit<ExecOutcome, 'wallMs' | 'stderr'>, kill: boolean): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        clearTimeout(startTimer)
        signal?.removeEventListener('abort', onAbort)
        child.proc.off('message', onMessage)
        if (kill) this.retire(child)
        resolve({ ...o, stderr: new Uint8Array(), wallMs: performance.now() - started })
      }
      const fail = (reason: string, message: string, kill: boolean): void => { finish({ status: 'failed', reason, message, output: new Uint8Array(), cpuMs: 0 }, kill) }
      const timer = setTimeout(() => { fail('timeout', `ran longer than ${job.limits.timeoutMs} ms`, true) }, job.limits.timeoutMs)
      const startTimer = setTimeout(() => { fail('crashed', `the ONNX Runtime process did not start within ${CHILD_START_TIMEOUT_MS} ms`, true) }, CHILD_START_TIMEOUT_MS)
      const onAbort = (): void => { fail('cancelled', 'cancelled by the requester', true) }
      if (signal?.aborted === true) { onAbort(); return }
      signal?.addEventListener('abort', onAbort, { once: true })
      const onMessage = (m: ChildMessage): void => {
        if (m == null || (m.type !== 'ready' && m.id !== id)) { fail('crashed', 'the ONNX Runtime process sent something unexpected', true); return }
        if (m.type === 'result') {
          if (!(m.output instanceof Uint8Array) || m.output.byteLength > job.limits.maxOutputBytes) { fail('output-too-large', `output exceeds ${job.limits.maxOutputBytes} bytes`, true); return }
          child.models.add(key)
          finish({ status: 'ok', exitCode: 0, output: m.output, cpuMs: Number(m.cpuMs) || 0 }, false)
        } else if (m.type === 'failed') {
          if (!m.retire) child.models.add(key)
          fail(m.reason, m.message, m.retire)
        }
      }
      child.proc.on('message', onMessage)
      void child.exited.then(why => {
        // out of address space while loading Node or ORT shows as a crash at start
        fail('crashed', why, false)
      })
      child.ready.then(() => {
        clearTimeout(startTimer)
        if (settled) return
        const m = { ...message(!child.models.has(key), child), id }
        child.proc.send(m, (err) => { if (err != null) fail('crashed', `could not reach the ONNX Runtime process: ${err.message}`, true) })
      }, () => {})
    })
    if (outcome.status === 'ok' || (outcome.reason !== 'timeout' && outcome.reason !== 'cancelled' && child.alive && !['memory', 'output-too-large', 'crashed'].includes(outcome.reason ?? ''))) this.giveBack(child)
    return outcome
  }
}

/** whether this machine could run the CUDA provider: an NVIDIA device and ORT's CUDA library (fetched only by its install script) */
export function cudaAvailable (ortBinDir: string): boolean {
  return existsSync('/dev/nvidia0') && existsSync(join(ortBinDir, 'libonnxruntime_providers_cuda.so'))
}
