/**
 * The control API's jobs: submit, follow (server-sent events), look up,
 * list, cancel. Jobs submitted through the API run in the daemon; their live
 * handles are held here (at most MAX_HELD_JOBS, a finished one for
 * HELD_JOB_TTL_MS) so that clients can follow them, fetch their output and
 * cancel them. Everything else comes from the job records the node keeps.
 */
import { isDatasetName } from '../utils/dataset-name.js'
import { MAX_JOB_DATASETS } from '../jobs/constants.js'
import { HttpError } from './errors.js'
import { API_MODULE_CACHE_BYTES, CANCEL_WAIT_MS, DEFAULT_JOBS_LIMIT, HELD_JOB_TTL_MS, MAX_HELD_JOBS, MAX_JOBS_LIMIT, MAX_PINNED_WORKERS, MAX_REPLICAS } from './constants.js'
import { DEFAULT_WORKER_MAX_TIMEOUT_MS, MAX_ARGS, MAX_ARG_LENGTH, MAX_INPUT_BYTES, MAX_MODULE_BYTES } from '../jobs/constants.js'
import { JobSpecError } from '../jobs/errors.js'
import type { EventRunner } from './replies.js'
import { BlobCache } from '../jobs/blob-cache.js'
import { sha256, toHex } from '../utils/hash.js'
import type { ShoalNode } from '../create.js'
import type { JobEvents, JobHandle, JobsServiceEvents } from '../jobs/service.js'
import type { AttemptRecord, JobRecord, JobResult, JobSpec, JobStatus } from '../jobs/types.js'

/** what POST /v1/jobs takes */
export const JOB_BODY_KEYS = ['module', 'moduleHash', 'input', 'args', 'kind', 'replicas', 'timeoutMs', 'memoryMb', 'labels', 'workers', 'datasets', 'moduleCid', 'inputCid', 'wait'] as const

/** a finished job as the API shows it: bytes in base64 */
export interface JobResultJson {
  id: string
  status: JobStatus
  worker?: string
  outputHash?: string
  outputSize?: number
  /** base64; left out where a result carries no output (or the answer is only a summary) */
  output?: string
  /** the tail of the job's stderr, base64 */
  stderr?: string
  exitCode?: number
  cpuMs?: number
  wallMs?: number
  reason?: string
  message?: string
  attempts: AttemptRecord[]
  results: JobResult['results']
}

/** GET /v1/jobs/:id */
export interface JobDetailJson {
  id: string
  /** the requester's and/or the worker's record, as this peer keeps them */
  records: JobRecord[]
  /** base64, while the daemon still holds the finished job's handle */
  output?: string
  stderr?: string
}

/** one server-sent event */
export interface JobEventItem { event: 'accepted' | 'progress' | 'attempt-failed' | 'result', data: unknown }

interface Held {
  handle: JobHandle
  /** the events so far, for clients that follow late; progress events in a row of one phase collapse into the latest */
  log: JobEventItem[]
  listeners: Set<(item: JobEventItem) => void>
  result?: JobResult
  done: Promise<JobResult>
  timer?: ReturnType<typeof setTimeout>
}

const TERMINAL: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'cancelled'])
const recordKey = (r: JobRecord): string => `${r.role}/${r.id}`

export class JobTracker {
  private readonly held = new Map<string, Held>()
  /** who wants every held job's events as they happen (the live feed) */
  private readonly watchers = new Set<(jobId: string, item: JobEventItem) => void>()
  /**
   * records of jobs in progress here, either role: the service saves a
   * record when a job starts and ends and updates it in place between, so
   * this is the live view of what the datastore shows as pending (or, on a
   * worker, not at all yet)
   */
  private readonly live = new Map<string, JobRecord>()
  private readonly onUpdate = (evt: JobsServiceEvents['job:update']): void => {
    const record = evt.detail
    if (TERMINAL.has(record.status)) this.live.delete(recordKey(record))
    else this.live.set(recordKey(record), record)
  }

  /**
   * modules posted lately, by sha-256: a client sending many jobs with one
   * large module (an OCR model blob) posts it once, then names it by "moduleHash"
   */
  private readonly modules = new BlobCache(API_MODULE_CACHE_BYTES)

  constructor (private readonly node: ShoalNode) {
    node.libp2p.services.jobs.addEventListener('job:update', this.onUpdate)
  }

  /** calls `listener` with each event of every job submitted through this API; returns the way to stop */
  watch (listener: (jobId: string, item: JobEventItem) => void): () => void {
    this.watchers.add(listener)
    return () => { this.watchers.delete(listener) }
  }

  /** stops tracking; jobs in flight keep running in the node */
  close (): void {
    this.watchers.clear()
    this.node.libp2p.services.jobs.removeEventListener('job:update', this.onUpdate)
    for (const h of this.held.values()) clearTimeout(h.timer)
    this.held.clear()
    this.live.clear()
  }

  /** POST /v1/jobs: starts the job; with `wait`, resolves with its result */
  async submit (body: unknown): Promise<{ jobId: string } | JobResultJson> {
    const { wait, spec, moduleHash } = parseJobBody(body)
    if (spec.module != null) {
      this.modules.put(toHex(await sha256(spec.module)), spec.module)
    } else if (moduleHash != null) {
      spec.module = this.modules.get(moduleHash)
      if (spec.module == null) throw new HttpError(404, `module ${moduleHash} is not held by this daemon (it keeps modules posted lately): send it once as "module" (base64), then name it by "moduleHash"`)
    }
    if ((spec.kind ?? 'wasm') === 'wasm' && spec.module == null && spec.moduleCid == null) throw bad('a wasm job needs "module": the WebAssembly module in base64, or "moduleHash" of one posted lately (or name another "kind")')
    this.makeRoom()
    const handle = this.node.submit(spec)
    const held = this.hold(handle)
    if (!wait) return { jobId: handle.id }
    return resultJson(await held.done, true)
  }

  /** GET /v1/jobs/:id/events */
  async follow (id: string): Promise<EventRunner> {
    const held = this.held.get(id)
    if (held != null) {
      return async (send, signal) => {
        for (const item of held.log) send(item.event, item.data)
        if (held.result != null) return
        await new Promise<void>(resolve => {
          const listener = (item: JobEventItem): void => {
            send(item.event, item.data)
            if (item.event === 'result') done()
          }
          const done = (): void => {
            held.listeners.delete(listener)
            signal.removeEventListener('abort', done)
            resolve()
          }
          held.listeners.add(listener)
          signal.addEventListener('abort', done, { once: true })
          if (signal.aborted) done()
        })
      }
    }
    // not submitted through this API (or dropped since): a finished job's result from its record
    const records = await this.records(id)
    const finished = records.find(r => r.role === 'requester' && TERMINAL.has(r.status)) ?? records.find(r => TERMINAL.has(r.status))
    if (finished != null) return async (send) => { send('result', resultFromRecord(finished)) }
    throw new HttpError(409, `job ${id} is in progress here but was not submitted through this daemon's API (or the daemon restarted since), so it has no events to follow; poll GET /v1/jobs/${id} instead`)
  }

  /** GET /v1/jobs/:id */
  async get (id: string): Promise<JobDetailJson> {
    const records = await this.records(id)
    const result = this.held.get(id)?.result
    const detail: JobDetailJson = { id, records }
    if (result?.output != null) detail.output = base64(result.output)
    if (result?.stderr != null && result.stderr.byteLength > 0) detail.stderr = base64(result.stderr)
    return detail
  }

  /** GET /v1/jobs?limit=N: newest first, in-progress ones as they are now */
  async list (query: URLSearchParams): Promise<JobRecord[]> {
    const limit = parseLimit(query.get('limit'))
    const stored = await this.node.jobs(limit)
    const seen = new Set(stored.map(recordKey))
    const extra = [...this.live.values()].filter(r => !seen.has(recordKey(r)))
    return [...stored.map(r => this.live.get(recordKey(r)) ?? r), ...extra]
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit)
  }

  /** DELETE /v1/jobs/:id: cancels a job submitted through this API, and waits (a while) for it to wind down */
  async cancel (id: string): Promise<{ jobId: string, status: JobStatus | 'cancelling' }> {
    const held = this.held.get(id)
    if (held == null) {
      const records = await this.records(id)
      const finished = records.find(r => TERMINAL.has(r.status))
      if (finished != null) throw new HttpError(409, `job ${id} already finished (${finished.status})`)
      if (records.some(r => r.role === 'worker')) throw new HttpError(409, `job ${id} runs here for another peer; only its requester can cancel it`)
      throw new HttpError(409, `job ${id} was not submitted through this daemon's API (or the daemon restarted since), so it cannot be cancelled here`)
    }
    if (held.result != null) throw new HttpError(409, `job ${id} already finished (${held.result.status})`)
    held.handle.cancel('cancelled through the control API')
    let timer: ReturnType<typeof setTimeout> | undefined
    const result = await Promise.race([held.done, new Promise<undefined>(resolve => { timer = setTimeout(() => { resolve(undefined) }, CANCEL_WAIT_MS) })])
    clearTimeout(timer)
    return { jobId: id, status: result?.status ?? 'cancelling' }
  }

  /** the job's records, in-progress ones as they are now; 404 when neither they nor a handle exist */
  private async records (id: string): Promise<JobRecord[]> {
    if (!/^[0-9a-f]{32}$/.test(id)) throw new HttpError(404, `no job ${id} here (a job id is 32 hex digits)`)
    const stored = await this.node.job(id)
    const seen = new Set(stored.map(recordKey))
    const records = [
      ...stored.map(r => this.live.get(recordKey(r)) ?? r),
      ...(['requester', 'worker'] as const).map(role => this.live.get(`${role}/${id}`)).filter((r): r is JobRecord => r != null && !seen.has(recordKey(r)))
    ]
    if (records.length === 0 && !this.held.has(id)) throw new HttpError(404, `no job ${id} here`)
    return records
  }

  private hold (handle: JobHandle): Held {
    const held: Held = {
      handle,
      log: [],
      listeners: new Set(),
      // a spec the service refuses rejects the promise and sends no result event: it is a failed job all the same
      done: handle.result.catch((err: any): JobResult => ({
        id: handle.id, status: 'failed', reason: err instanceof JobSpecError ? 'bad-spec' : 'error', message: String(err?.message ?? err), attempts: [], results: []
      }))
    }
    const emit = (item: JobEventItem): void => {
      const last = held.log[held.log.length - 1]
      if (item.event === 'progress' && last?.event === 'progress' && samePhase(item.data, last.data)) held.log[held.log.length - 1] = item
      else held.log.push(item)
      for (const listener of [...held.listeners]) listener(item)
      for (const watcher of [...this.watchers]) watcher(handle.id, item)
    }
    handle.addEventListener('accepted', (evt) => { emit({ event: 'accepted', data: evt.detail }) })
    handle.addEventListener('progress', (evt) => { emit({ event: 'progress', data: evt.detail }) })
    handle.addEventListener('attempt-failed', (evt) => { emit({ event: 'attempt-failed', data: evt.detail }) })
    void held.done.then(result => {
      held.result = result
      emit({ event: 'result', data: resultJson(result, true) })
      held.timer = setTimeout(() => { if (this.held.get(handle.id) === held) this.held.delete(handle.id) }, HELD_JOB_TTL_MS)
      held.timer.unref?.()
    })
    this.held.set(handle.id, held)
    return held
  }

  /** drops the oldest finished handle when the map is full; 503 when every held job is still running */
  private makeRoom (): void {
    if (this.held.size < MAX_HELD_JOBS) return
    for (const [id, h] of this.held) {
      if (h.result != null) {
        clearTimeout(h.timer)
        this.held.delete(id)
        return
      }
    }
    throw new HttpError(503, `this daemon already follows ${MAX_HELD_JOBS} unfinished jobs submitted through its API; wait for some to finish`)
  }
}

/** checks a POST /v1/jobs body; 400 naming the field otherwise */
/** a CID's text form: base32/base58 CIDv1 or a CIDv0 (the data service parses it for real) */
const CID_TEXT = /^[A-Za-z0-9]{20,128}$/

export function parseJobBody (body: unknown): { spec: JobSpec, wait: boolean, moduleHash?: string } {
  if (body === undefined) throw bad('POST /v1/jobs needs a JSON object body, e.g. {"module": "<base64 wasm>", "input": "<base64>"}')
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('the body must be a JSON object')
  const b = body as Record<string, unknown>
  const unknown = Object.keys(b).filter(k => !(JOB_BODY_KEYS as readonly string[]).includes(k))
  if (unknown.length > 0) throw bad(`unknown field "${unknown[0]}" (known fields: ${JOB_BODY_KEYS.join(', ')})`)

  const spec: JobSpec = {}
  if (b.kind !== undefined) {
    if (typeof b.kind !== 'string' || b.kind === '') throw bad('"kind" must be a non-empty string')
    spec.kind = b.kind
  }
  if (b.module !== undefined) spec.module = decodeField('module', b.module, MAX_MODULE_BYTES)
  let moduleHash: string | undefined
  if (b.moduleHash !== undefined) {
    if (b.module !== undefined) throw bad('send "module" or "moduleHash", not both')
    if (typeof b.moduleHash !== 'string' || !/^[0-9a-f]{64}$/.test(b.moduleHash)) throw bad('"moduleHash" must be the sha-256 of a module posted lately, 64 lowercase hex digits')
    moduleHash = b.moduleHash
  }
  if (b.input !== undefined) spec.input = decodeField('input', b.input, MAX_INPUT_BYTES)
  // by CID: held by (or fetched into) this daemon's store, fetched by the workers from any holder
  for (const key of ['moduleCid', 'inputCid'] as const) {
    if (b[key] === undefined) continue
    if (typeof b[key] !== 'string' || !CID_TEXT.test(b[key])) throw bad(`"${key}" must be a CID (e.g. from "shoal add"), not ${JSON.stringify(b[key]).slice(0, 80)}`)
    if (key === 'moduleCid' && (b.module !== undefined || moduleHash != null)) throw bad('send "module", "moduleHash" or "moduleCid", one of them')
    if (key === 'inputCid' && b.input !== undefined) throw bad('send "input" or "inputCid", not both')
    spec[key] = b[key]
  }
  if ((spec.kind ?? 'wasm') === 'wasm' && spec.module == null && moduleHash == null && spec.moduleCid == null) throw bad('a wasm job needs "module": the WebAssembly module in base64 (or name another "kind")')
  if (spec.kind === 'onnx' && spec.module == null && moduleHash == null && spec.moduleCid == null) throw bad('an onnx job needs "module": the ONNX model in base64, and "input": an InferenceRequest (protocols/tensor.proto) in base64')
  if (b.args !== undefined) {
    if (!Array.isArray(b.args) || b.args.some(a => typeof a !== 'string')) throw bad('"args" must be an array of strings')
    if (b.args.length > MAX_ARGS) throw bad(`"args" holds ${b.args.length} strings; at most ${MAX_ARGS}`)
    if (b.args.some((a: string) => a.length > MAX_ARG_LENGTH)) throw bad(`every arg must be at most ${MAX_ARG_LENGTH} characters`)
    spec.args = b.args
  }
  if (b.replicas !== undefined) spec.replicas = b.replicas === 'auto' ? 'auto' : wholeNumber('replicas', b.replicas, 1, MAX_REPLICAS)
  if (b.timeoutMs !== undefined) spec.timeoutMs = wholeNumber('timeoutMs', b.timeoutMs, 1, DEFAULT_WORKER_MAX_TIMEOUT_MS)
  if (b.memoryMb !== undefined) spec.memoryMb = wholeNumber('memoryMb', b.memoryMb, 1, 4096)
  if (b.labels !== undefined) {
    if (typeof b.labels !== 'object' || b.labels === null || Array.isArray(b.labels) || Object.values(b.labels).some(v => typeof v !== 'string')) {
      throw bad('"labels" must be an object of string values, e.g. {"region": "eu"}')
    }
    spec.labels = b.labels as Record<string, string>
  }
  if (b.datasets !== undefined) {
    if (!Array.isArray(b.datasets) || b.datasets.length > MAX_JOB_DATASETS || b.datasets.some(d => !isDatasetName(d)) || new Set(b.datasets).size !== b.datasets.length) {
      throw bad(`"datasets" must be at most ${MAX_JOB_DATASETS} distinct data set names (letters, digits, ".", "_", "-"), e.g. ["shard"]: the job runs only on workers that hold them`)
    }
    spec.datasets = b.datasets as string[]
  }
  if (b.workers !== undefined) {
    if (!Array.isArray(b.workers) || b.workers.length === 0 || b.workers.length > MAX_PINNED_WORKERS || b.workers.some(w => typeof w !== 'string' || !PEER_ID.test(w))) {
      throw bad(`"workers" must be 1-${MAX_PINNED_WORKERS} peer ids, e.g. ["12D3KooW…"]: the job runs on the first, and moves to the next if it fails there`)
    }
    spec.workers = b.workers as string[]
  }
  if (b.wait !== undefined && typeof b.wait !== 'boolean') throw bad('"wait" must be true or false')
  return { spec, wait: b.wait === true, moduleHash }
}

/** a peer id as printed (base58btc multihash, or a CID) */
const PEER_ID = /^[1-9A-HJ-NP-Za-km-z]{40,64}$|^b[a-z2-7]{50,70}$/

/** the `limit` query parameter */
function parseLimit (value: string | null): number {
  if (value == null) return DEFAULT_JOBS_LIMIT
  const n = Number(value)
  if (value.trim() === '' || !Number.isInteger(n) || n < 1 || n > MAX_JOBS_LIMIT) throw bad(`limit must be a whole number from 1 to ${MAX_JOBS_LIMIT}, got "${value}"`)
  return n
}

export function resultJson (r: JobResult, withOutput: boolean): JobResultJson {
  return {
    id: r.id,
    status: r.status,
    worker: r.worker,
    outputHash: r.outputHash,
    outputSize: r.output?.byteLength,
    output: withOutput && r.output != null ? base64(r.output) : undefined,
    stderr: r.stderr != null && r.stderr.byteLength > 0 ? base64(r.stderr) : undefined,
    exitCode: r.exitCode,
    cpuMs: r.cpuMs,
    wallMs: r.wallMs,
    reason: r.reason,
    message: r.message,
    attempts: r.attempts,
    results: r.results
  }
}

/** two progress events of one attempt in one phase: a late follower needs only the second */
function samePhase (a: unknown, b: unknown): boolean {
  const x = a as JobEvents['progress']['detail']
  const y = b as JobEvents['progress']['detail']
  return x.phase === y.phase && x.worker === y.worker && x.replica === y.replica
}

/** a finished job known only from its record: no output bytes */
function resultFromRecord (r: JobRecord): JobResultJson {
  return {
    id: r.id, status: r.status, worker: r.worker, outputHash: r.outputHash, outputSize: r.outputSize, exitCode: r.exitCode,
    cpuMs: r.cpuMs, wallMs: r.wallMs, reason: r.reason, message: r.message, attempts: r.attempts, results: r.results
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

function decodeField (name: string, value: unknown, max: number): Uint8Array {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) throw bad(`"${name}" must be a base64 string (standard alphabet, padded)`)
  const bytes = new Uint8Array(Buffer.from(value, 'base64'))
  if (bytes.byteLength > max) throw bad(`"${name}" is ${bytes.byteLength} bytes; at most ${max}`)
  return bytes
}

function wholeNumber (name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw bad(`"${name}" must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`)
  return value
}

function base64 (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

function bad (message: string): HttpError {
  return new HttpError(400, message)
}
