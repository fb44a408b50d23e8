/**
 * The jobs service: serves /shoal/job/1.0.0 as a worker, and submits jobs
 * as a requester: picks workers from the capacity table, fails over to the
 * next one when a worker declines, times out or dies, runs replicas on
 * distinct workers and accepts the majority output.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { TypedEventEmitter } from 'main-event'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { fromHexString, sha256, toHex } from '../utils/hash.js'
import { runAttempt } from './attempt.js'
import { BlobCache } from './blob-cache.js'
import { MAX_REPLICAS, BUSY_BACKOFF_MAX_MS, BUSY_BACKOFF_MIN_MS, DEFAULT_WORKER_MEMORY_MB, DEFAULT_WORKER_MAX_TIMEOUT_MS, DEFAULT_BLOB_CACHE_BYTES, DEFAULT_MAX_ATTEMPTS, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS, JOB_PROTOCOL, JOB_PROTOCOL_1_1, MAX_ARGS, MAX_ARG_LENGTH, MAX_ARGS_BYTES, MAX_INPUT_BYTES, MAX_MODULE_BYTES, MAX_OUTPUT_BYTES, MAX_JOB_STREAMS_PER_CONNECTION, BID_TIMEOUT_MS, JOB_STREAMS_PER_PEER, PENDING_TRANSFERS_PER_PEER, LARGE_TRANSFER_BYTES, MAX_JOB_DATASETS, MAX_CID_BYTES, CID_PROVIDE_WAIT_MS, DATA_HELD_MESSAGE } from './constants.js'
import { isDatasetName } from '../utils/dataset-name.js'
import { AttemptFailedError, JobSpecError } from './errors.js'
import type { AttemptFailure } from './errors.js'
import { majority, rankWorkers } from './scheduler.js'
import { DEFAULT_SELECTION, pickWorkers } from '../reputation/selection.js'
import { batchRiskClass, checkPressure, DEFAULT_REPLICATION, emptyLog, firstBatchSize, recordVerification, weightedQuorum } from '../reputation/replication.js'
import type { VerificationLog } from '../reputation/replication.js'
import type { EvidenceSource, JobEvidence, JobReceipt } from '../reputation/evidence.js'
import { DEFAULT_REPUTATION } from '../reputation/config.js'
import { JobStore } from './store.js'
import { DAY_MS, DEFAULT_LIMITS, DEFAULT_RETENTION, PRUNE_INTERVAL_MS } from '../limits.js'
import type { LimitsConfig, RetentionConfig } from '../limits.js'
import { ONNX_KIND } from '../inference/constants.js'
import { decodeRequest } from '../inference/tensor.js'
import type { Check } from '../inference/tensor.js'
import { ResultGrouper } from '../inference/compare.js'
import { OCR_KIND } from '../inference/ocr/constants.js'
import { PageGrouper } from '../inference/ocr/compare.js'
import { serveJob } from './worker.js'
import { toBase64 } from '../utils/base64.js'
import { siblingService } from '../utils/services.js'
import { guardedHandler, StreamCounter } from '../guard/index.js'
import type { GuardService } from '../guard/index.js'
import { MAX_PRICE } from '../capacity/constants.js'
import type { AttemptOutcome } from './attempt.js'
import type { DirectDial } from './direct.js'
import type { HeldDataset, JobHandler, HandlerLimits, JobExecutor, JobRecord, JobResult, JobSpec, ExecProgress, AttemptRecord } from './types.js'
import type { WorkerTerms } from './worker.js'
import type { CapacityService } from '../capacity/service.js'
import type { Offer } from '../pb/job.js'
import type { DataService } from '../data/index.js'
import type { JobData } from './worker.js'
import { CID } from 'multiformats/cid'
import type { ComponentLogger, Logger, PeerId, PeerStore, PrivateKey, Startable } from '@libp2p/interface'
import type { ConnectionManager, Registrar, TransportManager } from '@libp2p/interface-internal'
import type { Datastore } from 'interface-datastore'

export interface JobsServiceInit {
  /** runs jobs here; without one this peer only requests */
  executor?: JobExecutor
  terms?: Partial<WorkerTerms>
  blobCacheBytes?: number
  capacityService?: string
  reputationService?: string
  /** the standing a requester needs before this worker takes its jobs */
  requireStanding?: 'none' | 'not-refused' | 'earned'
  /** streams per connection, job sizes, the module cache (blobCacheBytes above wins if set) */
  limits?: Partial<LimitsConfig>
  /** how long job records stay */
  retention?: Partial<Pick<RetentionConfig, 'days' | 'jobRecords'>>
  /** the data service's name on the node (jobs that name their module or input by CID) */
  dataService?: string
}

export interface JobsServiceComponents {
  peerId: PeerId
  privateKey: PrivateKey
  registrar: Registrar
  connectionManager: ConnectionManager
  /** absent in tests that build the service by hand: direct dials then go through the dial queue */
  transportManager?: TransportManager
  peerStore?: PeerStore
  datastore: Datastore
  logger: ComponentLogger
}

export interface JobEvents {
  accepted: CustomEvent<{ worker: string, replica: number }>
  progress: CustomEvent<ExecProgress & { worker: string, replica: number }>
  'attempt-failed': CustomEvent<AttemptRecord>
  result: CustomEvent<JobResult>
}

/** a submitted job: its events, its result, and a way to cancel it */
export class JobHandle extends TypedEventEmitter<JobEvents> {
  readonly result: Promise<JobResult>
  private readonly controller = new AbortController()
  constructor (readonly id: string, run: (handle: JobHandle, signal: AbortSignal) => Promise<JobResult>) {
    super()
    this.result = run(this, this.controller.signal)
  }

  cancel (reason = 'cancelled by the requester'): void {
    this.controller.abort(new Error(reason))
  }
}

export interface JobsServiceEvents {
  /** a job record changed (started, attempt, finished), on either side */
  'job:update': CustomEvent<JobRecord>
  /** a job began here: submitted (requester) or taken on (worker); once per job and role */
  'job:started': CustomEvent<JobRecord>
  /** a job ended here, either role, whatever its outcome; once per job and role */
  'job:finished': CustomEvent<JobRecord>
  /** a requested job ended: who did right and who did wrong */
  'job:evidence': CustomEvent<JobEvidence>
  /** a job ended with a receipt both sides signed */
  'job:receipt': CustomEvent<JobReceipt>
  /** the requester ran a job itself to settle a disagreement or spot-check a quorum */
  'job:rerun': CustomEvent<{ id: string }>
}

type Lane = { worker: string, outcome: AttemptOutcome }

/**
 * Which results are the same answer. By default results agree when status,
 * exit code and output bytes all do. An onnx job's results are grouped by
 * the comparison its input declares (src/inference/compare.ts): replicas on
 * one backend must match byte for byte, replicas on different backends by
 * the declared comparison. The quorum, the majority, the spot-check and the
 * evidence all use these keys, so an honest result from other hardware is
 * never counted as a wrong one.
 */
interface Verdicts {
  lane: (l: Lane) => string
  key: (status: string, exitCode: number | undefined, output: Uint8Array, outputHash: string) => string
}

function verdicts (kind: string, input: Uint8Array, grouped = true): Verdicts {
  const exact = (status: string, exitCode: number | undefined, _output: Uint8Array, outputHash: string): string => `${status}/${exitCode ?? 0}/${outputHash}`
  let key = exact
  if (kind === ONNX_KIND) {
    let checks: Check[] = []
    try { checks = decodeRequest(input).checks } catch {}
    const grouper = new ResultGrouper(checks)
    key = (status, exitCode, output, outputHash) => grouper.key(status, exitCode, output, outputHash)
  } else if (kind === OCR_KIND) {
    // an ocr job's pages: the same rule, samePage across backends (src/inference/ocr/compare.ts)
    const grouper = new PageGrouper()
    key = (status, exitCode, output, outputHash) => grouper.key(status, exitCode, output, outputHash)
  }
  const keys = new WeakMap<Lane, string>()
  return {
    key,
    lane: (l) => {
      // a lone result needs no grouping (and a 1 MB output no decoding)
      if ((kind === ONNX_KIND || kind === OCR_KIND) && !grouped) return exact(l.outcome.result.status, l.outcome.result.exitCode, l.outcome.output, l.outcome.outputHash)
      let k = keys.get(l)
      if (k == null) {
        k = key(l.outcome.result.status, l.outcome.result.exitCode, l.outcome.output, l.outcome.outputHash)
        keys.set(l, k)
      }
      return k
    }
  }
}

export type { JobEvidence, JobReceipt }

export class JobsService extends TypedEventEmitter<JobsServiceEvents> implements Startable, EvidenceSource {
  readonly [Symbol.toStringTag] = '@shoal/jobs'
  private readonly log: Logger
  private readonly store: JobStore
  private readonly cache: BlobCache
  private readonly running = new Map<string, JobRecord>()
  private workerInFlight = 0
  /** offers bid on and still waiting for their module and input, per requester */
  private readonly awaitingInput = new StreamCounter()
  private readonly workerStats = { moduleTransfers: 0 }
  /** offers declined here, by reason (busy, no-dataset, dataset-refused, …) */
  private readonly declines: Record<string, number> = {}
  /** what this requester verified lately: drives how hard it checks (replication.ts, checkPressure) */
  private verification: VerificationLog = emptyLog(Date.now())
  private stopping = false
  private started = false
  private readonly limits: LimitsConfig
  private readonly receiptKeepers = new Set<(receipt: JobReceipt) => Promise<void>>()
  private pruneTimer?: ReturnType<typeof setInterval>

  constructor (private readonly components: JobsServiceComponents, private readonly init: JobsServiceInit = {}) {
    super()
    this.log = components.logger.forComponent('shoal:jobs')
    this.store = new JobStore(components.datastore)
    this.limits = { ...DEFAULT_LIMITS, ...init.limits }
    this.cache = new BlobCache(init.blobCacheBytes ?? init.limits?.blobCacheBytes ?? DEFAULT_BLOB_CACHE_BYTES)
  }

  /**
   * Registers who keeps receipts durably (the reputation service). Keepers
   * are awaited before this peer acks a result as a requester, and before it
   * closes the job stream as a worker: a receipt the other side holds is
   * never lost here. Returns a function that unregisters the keeper.
   */
  keepReceipts (keeper: (receipt: JobReceipt) => Promise<void>): () => void {
    this.receiptKeepers.add(keeper)
    return () => { this.receiptKeepers.delete(keeper) }
  }

  /** drops old job records by the retention policy; returns how many went */
  async prune (now = Date.now()): Promise<number> {
    const days = this.init.retention?.days ?? DEFAULT_RETENTION.days
    return this.store.prune({ olderThan: now - days * DAY_MS, keep: this.init.retention?.jobRecords ?? DEFAULT_RETENTION.jobRecords })
  }

  private async keepReceipt (receipt: JobReceipt): Promise<void> {
    await Promise.all([...this.receiptKeepers].map(async keep => keep(receipt)))
    this.safeDispatchEvent('job:receipt', { detail: receipt })
  }

  /** workers a direct (WebRTC) dial recently failed to reach: their jobs go over the relay without waiting again */
  private readonly directFailures = new Map<string, number>()
  private readonly directDials = new Map<string, DirectDial>()

  isStarted (): boolean { return this.started }

  async start (): Promise<void> {
    this.stopping = false
    // jobs the last run was doing when it died end here, as failed, before any new one starts
    for (const record of await this.store.closeInterrupted()) this.log('job %s (%s) was interrupted by a restart', record.id, record.role)
    await this.prune().catch(err => { this.log.error('could not prune job records - %e', err) })
    this.pruneTimer = setInterval(() => { this.prune().catch(err => { this.log.error('could not prune job records - %e', err) }) }, PRUNE_INTERVAL_MS)
    this.pruneTimer.unref?.()
    const executor = this.init.executor
    if (executor != null) {
      const guard = siblingService<GuardService>(this.components, 'guard')
      // both versions, one handler: the guard counts their streams together (under JOB_PROTOCOL)
      const serve = (protocol: string) => guardedHandler(guard, JOB_PROTOCOL, { open: Math.max(JOB_STREAMS_PER_PEER, 2 * this.limits.jobStreamsPerConnection) }, async (stream, connection) => {
        await serveJob(stream, connection, {
          peerId: this.components.peerId,
          privateKey: this.components.privateKey,
          executor,
          cache: this.cache,
          terms: () => this.terms(),
          log: this.log,
          inFlight: () => this.workerInFlight,
          shuttingDown: () => this.stopping,
          admits: (requester) => this.admits(requester),
          onStart: async (record) => { this.workerJobChanged(record, +1); await this.save(record) },
          onModuleReceived: () => { this.workerStats.moduleTransfers++ },
          onResult: async (record) => { await this.save(record) },
          onDecline: (reason) => { const key = String(reason).toLowerCase().replace(/_/g, '-'); this.declines[key] = (this.declines[key] ?? 0) + 1 },
          onFinish: async (record) => {
            this.workerJobChanged(record, -1)
            await this.save(record)
            this.safeDispatchEvent('job:finished', { detail: record })
          },
          onReceipt: async (receipt) => { await this.keepReceipt({ ...receipt, role: 'worker' }) },
          onOffence: (offence, message) => { guard?.offence(connection.remotePeer, offence, message) },
          idleTimeoutMs: () => guard?.idleTimeoutMs ?? BID_TIMEOUT_MS,
          holdTransfer: (requester) => this.awaitingInput.acquire(JOB_PROTOCOL, requester, PENDING_TRANSFERS_PER_PEER),
          data: this.jobData()
        }, protocol).catch(err => { this.log('job stream from %p ended badly - %e', connection.remotePeer, err) })
      })
      for (const protocol of [JOB_PROTOCOL_1_1, JOB_PROTOCOL]) {
        await this.components.registrar.handle(protocol, serve(protocol), { maxInboundStreams: this.limits.jobStreamsPerConnection, maxOutboundStreams: this.limits.jobStreamsPerConnection, runOnLimitedConnection: true })
      }
    }
    this.started = true
  }

  async beforeStop (): Promise<void> {
    // decline new offers while the last ones finish or are cut off
    this.stopping = true
  }

  async stop (): Promise<void> {
    clearInterval(this.pruneTimer)
    if (this.init.executor != null) {
      await this.components.registrar.unhandle(JOB_PROTOCOL_1_1)
      await this.components.registrar.unhandle(JOB_PROTOCOL)
    }
    await this.init.executor?.close?.()
    this.started = false
  }

  /**
   * Runs jobs of `kind` on this peer with an app's handler, and advertises
   * the kind. The handler gets the input, args, an abort signal and a
   * progress callback, and returns the output bytes.
   */
  handle (kind: string, handler: JobHandler, limits?: Partial<HandlerLimits>): void {
    const executor = this.init.executor
    if (executor?.handle == null) throw new JobSpecError('this peer runs no executor that takes handlers')
    executor.handle(kind, handler, limits)
    this.capacity()?.setKinds(executor.kinds())
  }

  /** offers declined here so far, by reason */
  declined (): Record<string, number> {
    return { ...this.declines }
  }

  /** the data sets this peer's executor grants to jobs that name them */
  datasets (): HeldDataset[] {
    return this.init.executor?.datasets?.() ?? []
  }

  /** sends a job into the mesh */
  submit (spec: JobSpec): JobHandle {
    const id = toHex(crypto.getRandomValues(new Uint8Array(16)))
    return new JobHandle(id, async (handle, signal) => this.execute(id, spec, handle, spec.signal != null ? AbortSignal.any([signal, spec.signal]) : signal))
  }

  async jobs (limit?: number): Promise<JobRecord[]> {
    return this.store.list(limit)
  }

  async job (id: string): Promise<JobRecord[]> {
    return this.store.get(id)
  }

  /** the worker's module cache, and how many modules it had to be sent */
  workerCounters (): ReturnType<BlobCache['stats']> & { moduleTransfers: number, inFlight: number, awaitingInput: number } {
    return { ...this.cache.stats(), ...this.workerStats, inFlight: this.workerInFlight, awaitingInput: this.awaitingInput.totals()[JOB_PROTOCOL] ?? 0 }
  }

  private async execute (id: string, spec: JobSpec, handle: JobHandle, signal: AbortSignal): Promise<JobResult> {
    const kind = spec.kind ?? 'wasm'
    // parts named by CID: read (if not given) and provided here, fetched by the workers from any holder
    const moduleByCid = spec.moduleCid != null ? await this.cidPart('module', spec.moduleCid, spec.module, signal) : undefined
    const inputByCid = spec.inputCid != null ? await this.cidPart('input', spec.inputCid, spec.input, signal) : undefined
    if (moduleByCid != null || inputByCid != null) spec = { ...spec, module: moduleByCid?.bytes ?? spec.module, input: inputByCid?.bytes ?? spec.input }
    const input = spec.input ?? new Uint8Array()
    if (kind === 'wasm' && spec.module == null) throw new JobSpecError('a wasm job needs a module')
    if (kind === 'onnx' && spec.module == null) throw new JobSpecError('an onnx job needs a model (the module bytes)')
    if (moduleByCid == null && (spec.module?.byteLength ?? 0) > this.limits.maxModuleBytes) throw new JobSpecError(`module over ${this.limits.maxModuleBytes} bytes (limits.maxModuleBytes); name it by CID (moduleCid) for larger ones`)
    if (inputByCid == null && input.byteLength > this.limits.maxInputBytes) throw new JobSpecError(`input over ${this.limits.maxInputBytes} bytes (limits.maxInputBytes); name it by CID (inputCid) for larger ones`)
    const args = spec.args ?? []
    if (args.length > MAX_ARGS || args.some(a => a.length > MAX_ARG_LENGTH) || args.reduce((n, a) => n + a.length, 0) > MAX_ARGS_BYTES) {
      throw new JobSpecError(`at most ${MAX_ARGS} args of ${MAX_ARG_LENGTH} characters, ${MAX_ARGS_BYTES} in all`)
    }
    if (spec.seed != null && (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed >= 2 ** 31)) throw new JobSpecError('seed must be a whole number from 0 to 2^31 - 1')
    if (spec.maxPrice != null && !(spec.maxPrice >= 0 && spec.maxPrice <= MAX_PRICE)) throw new JobSpecError(`maxPrice must be from 0 to ${MAX_PRICE}`)
    if (spec.datasets != null) {
      if (kind !== 'wasm' && spec.datasets.length > 0) throw new JobSpecError('data sets are granted to wasm jobs only')
      if (spec.datasets.length > MAX_JOB_DATASETS || spec.datasets.some(n => !isDatasetName(n)) || new Set(spec.datasets).size !== spec.datasets.length) {
        throw new JobSpecError(`datasets: at most ${MAX_JOB_DATASETS} distinct names of 1 to 64 letters, digits, ".", "_" or "-"`)
      }
    }
    for (const [name, value, max] of [['replicas', spec.replicas === 'auto' ? undefined : spec.replicas, MAX_REPLICAS], ['timeoutMs', spec.timeoutMs, 24 * 3600_000], ['memoryMb', spec.memoryMb, 65_536], ['maxAttempts', spec.maxAttempts, 100]] as const) {
      if (value != null && !(Number.isInteger(value) && value >= 1 && value <= max)) throw new JobSpecError(`${name} must be a whole number from 1 to ${max}`)
    }
    const replicas = spec.replicas === 'auto' ? 1 : spec.replicas ?? 1
    const timeoutMs = spec.timeoutMs ?? DEFAULT_TIMEOUT_MS
    const maxAttempts = spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS
    const deadline = spec.deadline ?? Date.now() + (timeoutMs + 30_000) * 2
    const moduleHash = spec.module != null ? await moduleHashOf(spec.module) : new Uint8Array()
    const inputHash = await sha256(input)
    const offer: Offer = {
      jobId: fromHexString(id), kind, moduleHash, moduleSize: BigInt(spec.module?.byteLength ?? 0), inputHash, inputSize: BigInt(input.byteLength),
      args: spec.args ?? [],
      limits: { memoryMb: spec.memoryMb ?? DEFAULT_MEMORY_MB, timeoutMs, maxOutputBytes: BigInt(spec.maxOutputBytes ?? this.limits.maxOutputBytes) },
      deadline: BigInt(deadline), priceMilli: BigInt(Math.round((spec.maxPrice ?? MAX_PRICE) * 1000)),
      deterministic: spec.deterministic ?? true, seed: BigInt(spec.seed ?? 0),
      datasets: spec.datasets ?? [],
      ...(moduleByCid != null ? { moduleCid: moduleByCid.cid } : {}),
      ...(inputByCid != null ? { inputCid: inputByCid.cid } : {})
    }
    const record: JobRecord = {
      id, role: 'requester', kind, status: 'pending', createdAt: Date.now(), requester: this.components.peerId.toString(),
      moduleHash: spec.module != null ? toHex(moduleHash) : undefined, inputHash: toHex(inputHash), inputSize: input.byteLength,
      args: offer.args, replicas, attempts: [], results: []
    }
    await this.save(record)
    this.safeDispatchEvent('job:started', { detail: record })

    const tried = new Set<string>()
    const failures: JobEvidence['failures'] = []
    const job = { offer, module: spec.module, input }
    const verdict = verdicts(kind, input, spec.replicas === 'auto' || replicas > 1)
    const verdictKey = verdict.lane
    const runLane = async (replica: number, laneSpec: JobSpec): Promise<Lane | undefined> =>
      this.lane(replica, job, laneSpec, record, tried, handle, signal, maxAttempts, deadline, failures)
    let done: Lane[]
    let winner: string | undefined
    if (spec.replicas === 'auto') {
      ({ done, winner } = await this.runQuorum(spec, job, runLane, tried, signal, verdict))
      record.replicas = done.length
    } else {
      done = (await this.runLanes(replicas, moduleByCid != null || inputByCid != null, handle, async (replica) => runLane(replica, spec))).filter((l): l is Lane => l != null)
      winner = majority(done.map(verdictKey), replicas)
    }
    const accepted = done.find(l => verdictKey(l) === winner)
    record.finishedAt = Date.now()
    if (signal.aborted) {
      record.status = 'cancelled'
      record.reason = 'cancelled'
      record.message = String(signal.reason?.message ?? signal.reason)
    } else if (accepted != null) {
      const r = accepted.outcome.result
      record.status = r.status === 'OK' ? 'succeeded' : 'failed'
      record.worker = accepted.worker
      record.outputHash = accepted.outcome.outputHash
      record.outputSize = accepted.outcome.output.byteLength
      record.exitCode = r.exitCode
      record.cpuMs = Number(r.cpuMs)
      record.wallMs = Number(r.wallMs)
      if (r.status !== 'OK') { record.reason = r.reason; record.message = r.message }
    } else {
      record.status = 'failed'
      record.reason = done.length === 0 ? 'no-worker-succeeded' : 'no-majority'
      record.message = done.length === 0
        ? `every attempt failed: ${record.attempts.map(a => `${a.worker.slice(-6)}: ${a.reason}`).join('; ') || 'no worker fits the job'}`
        : `${done.length} replicas answered, none with a majority of ${replicas}`
    }
    await this.save(record)
    this.safeDispatchEvent('job:finished', { detail: record })
    this.safeDispatchEvent('job:evidence', {
      detail: {
        id,
        acceptedOutputHash: accepted?.outcome.outputHash,
        replicas: done.map(l => ({ worker: l.worker, bidEnvelope: l.outcome.bidEnvelope, resultEnvelope: l.outcome.resultEnvelope, outputKey: verdictKey(l), agreed: winner == null ? undefined : verdictKey(l) === winner })),
        failures
      }
    })
    const result: JobResult = {
      id, status: record.status, worker: record.worker, output: accepted?.outcome.output, outputHash: record.outputHash,
      exitCode: record.exitCode, stderr: accepted?.outcome.result.stderrTail, cpuMs: record.cpuMs, wallMs: record.wallMs,
      reason: record.reason, message: record.message, attempts: record.attempts, results: record.results
    }
    handle.safeDispatchEvent('result', { detail: result })
    return result
  }

  /**
   * Reputation-weighted verification (VERIFICATION.md's rules): workers are
   * drawn by trust (with a share for newcomers, unpredictably), the first
   * batch is as small as their trust allows but never one, more are added
   * until the trust behind one result reaches the quorum, any disagreement
   * is settled by running the job here, and a share of unanimous results is
   * re-run here too (a spot-check no worker can see coming).
   */
  private async runQuorum (spec: JobSpec, job: Parameters<typeof runAttempt>[1], runLane: (replica: number, spec: JobSpec) => Promise<Lane | undefined>, tried: Set<string>, signal: AbortSignal, verdicts: Verdicts): Promise<{ done: Lane[], winner?: string }> {
    const verdictKey = verdicts.lane
    const reputation = this.reputation()
    const trust = (peer: string): number => reputation?.trust(peer) ?? DEFAULT_REPUTATION.newcomerTrust
    const config = DEFAULT_REPLICATION
    const connections = this.components.connectionManager.getConnections()
    const fitting = rankWorkers(this.capacity()?.list().map(e => e.advert) ?? [], {
      kind: job.offer.kind, memoryMb: job.offer.limits!.memoryMb, labels: spec.labels ?? {}, maxPrice: spec.maxPrice, datasets: job.offer.datasets, module: job.offer.moduleHash.byteLength > 0 ? toHex(job.offer.moduleHash) : undefined
    }, { self: this.components.peerId.toString(), exclude: tried, latency: (peer) => connections.find(c => c.remotePeer.toString() === peer)?.rtt, random: secureRandom, largeTransfer: job.input.byteLength + (job.module?.byteLength ?? 0) > LARGE_TRANSFER_BYTES })
    const picks = pickWorkers(fitting.map((peerId, i) => ({ peerId, trust: trust(peerId), banned: reputation?.isBanned(peerId), score: 1 / (1 + i) })),
      config.maxReplicas, { ...DEFAULT_SELECTION, refuseThreshold: reputation?.refuseThreshold ?? DEFAULT_SELECTION.refuseThreshold }, secureRandom).map(c => c.peerId)
    // lanes take the picks in order: a lane whose worker fails moves to the next pick
    const pinned: JobSpec = { ...spec, workers: picks }
    // how hard to check (VERIFICATION rule 3, as the simulations run it): the base
    // spot-check rate while calm; more, and more workers, after a burst of proven
    // errors or when spot-checks keep finding unanimous quorums wrong in this risk class
    const now = Date.now()
    const spike = checkPressure(this.verification, now, config)
    const first = firstBatchSize(picks.map(trust), config, spike.extraReplicas)
    const record = (peer: string): number => reputation?.firstHandGood?.(peer) ?? 0
    const riskClass = batchRiskClass(picks.slice(0, first).map(record), config)
    const veterans = new Set(picks.filter(p => record(p) >= 1))
    const spotCheck = secureRandom() < checkPressure(this.verification, now, config, riskClass).spotCheckRate
    const learn = (done: Lane[], winner: string | undefined, checked: boolean, unanimous?: string): { done: Lane[], winner?: string } => {
      this.verification = recordVerification(this.verification, {
        runs: done.length,
        wrongs: winner == null ? 0 : done.filter(l => verdictKey(l) !== winner && veterans.has(l.worker)).length,
        riskClass,
        checked,
        caught: checked && winner != null && winner !== unanimous
      }, Date.now(), config)
      return { done, winner }
    }
    const done = (await Promise.all(Array.from({ length: first }, async (_, r) => runLane(r, pinned)))).filter((l): l is Lane => l != null)
    let next = first
    while (!signal.aborted) {
      const verdict = weightedQuorum(done.map(l => ({ worker: l.worker, outputHash: verdictKey(l), trust: trust(l.worker) })), config)
      if (verdict.verdict === 'accept') {
        if (!spotCheck) return learn(done, verdict.outputHash, false)
        return learn(done, (await this.rerunHere(job, signal, verdicts)) ?? verdict.outputHash, true, verdict.outputHash)
      }
      if (verdict.verdict === 'disagree-rerun') {
        return learn(done, (await this.rerunHere(job, signal, verdicts)) ?? majority(done.map(verdictKey), done.length), false)
      }
      if (picks.every(p => tried.has(p))) {
        // out of workers before their trust reached the quorum (a small or young mesh):
        // the requester's own run settles it, as at the replica cap (VERIFICATION rule 1)
        if (done.length === 0) break
        return learn(done, await this.rerunHere(job, signal, verdicts), false)
      }
      const more = await runLane(next++, pinned)
      if (more == null) {
        // no pick left that would take another lane (the rest went away, are refused or failed):
        // settle with what came back, as when the picks run out (a lane that finds nobody must
        // not be asked again at once: that loop never yields and starves the peer)
        if (done.length === 0) break
        return learn(done, await this.rerunHere(job, signal, verdicts), false)
      }
      done.push(more)
    }
    return { done }
  }

  /**
   * How hard this requester checks now, for a first batch of veterans and of
   * young workers: the spot-check rate and the workers added after a burst
   * of proven errors (replication.ts, checkPressure).
   */
  checking (): { spike: number, extraReplicas: number, spotCheckRate: { veteran: number, young: number } } {
    const now = Date.now()
    const veteran = checkPressure(this.verification, now, DEFAULT_REPLICATION, 'veteran')
    const young = checkPressure(this.verification, now, DEFAULT_REPLICATION, 'young')
    return { spike: veteran.spike, extraReplicas: veteran.extraReplicas, spotCheckRate: { veteran: veteran.spotCheckRate, young: young.spotCheckRate } }
  }

  /** the requester's own run: the one check no worker can influence; undefined when this peer cannot run it */
  private async rerunHere (job: Parameters<typeof runAttempt>[1], signal: AbortSignal, verdict: Verdicts): Promise<string | undefined> {
    const executor = this.init.executor
    if (executor == null || (job.offer.kind !== 'wasm' && !executor.kinds().includes(job.offer.kind))) return undefined
    // a job that reads a worker's data set cannot be re-run here: the data is the worker's
    if (job.offer.datasets.length > 0) return undefined
    const o = job.offer
    const outcome = await executor.run({
      kind: o.kind, module: job.module, input: job.input, args: o.args, deterministic: o.deterministic, seed: Number(o.seed),
      limits: { memoryMb: o.limits!.memoryMb, timeoutMs: o.limits!.timeoutMs, maxOutputBytes: Number(o.limits!.maxOutputBytes) }
    }, { signal })
    this.safeDispatchEvent('job:rerun', { detail: { id: toHex(o.jobId) } })
    return verdict.key(outcome.status === 'ok' ? 'OK' : 'FAILED', outcome.exitCode ?? 0, outcome.output, toHex(await sha256(outcome.output)))
  }

  /** one replica: tries workers in turn until one returns a signed result */
  private async lane (replica: number, job: Parameters<typeof runAttempt>[1], spec: JobSpec, record: JobRecord, tried: Set<string>, handle: JobHandle, signal: AbortSignal, maxAttempts: number, deadline: number, failures: JobEvidence['failures']): Promise<{ worker: string, outcome: AttemptOutcome } | undefined> {
    const busy = new Set<string>()
    const redialled = new Set<string>()
    let backoffMs = BUSY_BACKOFF_MIN_MS
    for (let n = 0; n < maxAttempts && !signal.aborted && Date.now() < deadline;) {
      const worker = this.pickWorker(spec, job.offer, new Set([...tried, ...busy]), job.input.byteLength + (job.module?.byteLength ?? 0))
      if (worker == null) {
        if (busy.size === 0) break
        // every fitting worker is busy: back-pressure, so wait and ask them again
        await abortableDelay(backoffMs, signal)
        backoffMs = Math.min(backoffMs * 2, BUSY_BACKOFF_MAX_MS)
        busy.clear()
        continue
      }
      tried.add(worker.toString())
      const attempt: AttemptRecord = { worker: worker.toString(), replica, startedAt: Date.now() }
      record.attempts.push(attempt)
      record.status = 'running'
      void this.save(record)
      try {
        const outcome = await runAttempt(worker, job, {
          connectionManager: this.components.connectionManager,
          transportManager: this.components.transportManager,
          peerStore: this.components.peerStore,
          directFailures: this.directFailures,
          directDials: this.directDials,
          privateKey: this.components.privateKey,
          self: this.components.peerId,
          signal: AbortSignal.any([signal, AbortSignal.timeout(Math.max(1, deadline - Date.now()))]),
          onAccepted: () => { handle.safeDispatchEvent('accepted', { detail: { worker: worker.toString(), replica } }) },
          onProgress: (p) => { handle.safeDispatchEvent('progress', { detail: { ...p, worker: worker.toString(), replica } }) },
          maxStreams: this.limits.jobStreamsPerConnection,
          // the record and the receipt are kept before our signed ack leaves
          beforeAck: async (outcome) => {
            Object.assign(attempt, { endedAt: Date.now(), outcome: 'succeeded', outputHash: outcome.outputHash, reason: outcome.result.reason || undefined, link: outcome.link })
            record.results.push({
              worker: worker.toString(), outputHash: outcome.outputHash, exitCode: outcome.result.exitCode, status: outcome.result.status === 'OK' ? 'ok' : 'failed',
              reason: outcome.result.reason || undefined, resultEnvelope: toBase64(outcome.resultEnvelope), bidEnvelope: toBase64(outcome.bidEnvelope)
            })
            await this.store.put(record)
            await this.keepReceipt({ jobId: record.id, role: 'requester', worker: worker.toString(), requester: record.requester, bidEnvelope: outcome.bidEnvelope, resultEnvelope: outcome.resultEnvelope, ackEnvelope: outcome.ackEnvelope })
          }
        })
        const kept = record.results.findLast(r => r.worker === worker.toString())
        // the worker's Kept comes after the job is done here: recorded when it does
        if (kept != null) {
          kept.workerKept = outcome.workerKept
          void outcome.kept.then(async (said) => {
            kept.workerKept = said
            if (said) await this.save(record)
          })
        }
        return { worker: worker.toString(), outcome }
      } catch (err: any) {
        if (err instanceof AttemptFailedError && err.reason === 'busy') {
          // not a failure of the worker: it said so before taking anything
          record.attempts.splice(record.attempts.indexOf(attempt), 1)
          tried.delete(worker.toString())
          busy.add(worker.toString())
          continue
        }
        n++
        // a worker that breaks the protocol (garbage frames, records that do not verify) is the guard's business too
        if (err instanceof AttemptFailedError && err.offence != null && !signal.aborted) siblingService<GuardService>(this.components, 'guard')?.offence(worker, err.offence, err.message)
        if (err instanceof AttemptFailedError && err.bidEnvelope != null && !signal.aborted) {
          failures.push({ worker: worker.toString(), bidEnvelope: err.bidEnvelope, reason: err.reason })
        }
        Object.assign(attempt, { endedAt: Date.now(), outcome: 'failed', reason: err instanceof AttemptFailedError ? err.reason : (signal.aborted ? 'cancelled' : 'error'), message: err.message })
        this.log('attempt on %p failed: %s', worker, err.message)
        if (!signal.aborted) handle.safeDispatchEvent('attempt-failed', { detail: attempt })
        if (err instanceof AttemptFailedError && err.reason === 'dial-failed' && !redialled.has(worker.toString())) {
          // first contact through NAT can lose a dial race (both sides dialling, a relay
          // or WebRTC connection that never carries a stream): one more try, after the others
          redialled.add(worker.toString())
          tried.delete(worker.toString())
          busy.add(worker.toString())
        }
      }
    }
    return undefined
  }

  private pickWorker (spec: JobSpec, offer: Offer, tried: Set<string>, transferBytes = 0): PeerId | undefined {
    if (spec.workers != null) {
      const pinned = spec.workers.find(w => !tried.has(w))
      return pinned == null ? undefined : peerIdFromString(pinned)
    }
    const connections = this.components.connectionManager.getConnections()
    const ranked = rankWorkers(this.capacity()?.list().map(e => e.advert) ?? [], {
      kind: offer.kind, memoryMb: offer.limits!.memoryMb, labels: spec.labels ?? {}, maxPrice: spec.maxPrice, datasets: offer.datasets, module: offer.moduleHash.byteLength > 0 ? toHex(offer.moduleHash) : undefined
    }, {
      self: this.components.peerId.toString(),
      exclude: tried,
      latency: (peer) => connections.find(c => c.remotePeer.toString() === peer)?.rtt,
      random: Math.random,
      largeTransfer: transferBytes > LARGE_TRANSFER_BYTES
    })
    if (ranked.length === 0) return undefined
    const reputation = this.reputation()
    if (reputation == null) return peerIdFromString(ranked[0])
    // trusted peers get most work, newcomers a share so they can earn standing,
    // the refused none; the draw is random so nobody can predict a quorum
    const [pick] = pickWorkers(ranked.map((peerId, i) => ({ peerId, trust: reputation.trust(peerId), banned: reputation.isBanned(peerId), score: 1 / (1 + i) })),
      1, { ...DEFAULT_SELECTION, refuseThreshold: reputation.refuseThreshold }, secureRandom)
    return pick == null ? undefined : peerIdFromString(pick.peerId)
  }

  private reputation (): { trust: (peer: string) => number, isBanned: (peer: string) => boolean, refuseThreshold: number, firstHandGood?: (peer: string) => number } | undefined {
    return siblingService(this.components, this.init.reputationService ?? 'reputation')
  }

  /**
   * Off by default. 'not-refused': no jobs from requesters this peer would
   * refuse as workers (banned or below the refusal threshold). 'earned': only
   * from requesters that earned standing above a newcomer's, by doing good
   * work for the mesh: job spam and freeloading then cost something.
   */
  private admits (requester: string): boolean {
    const rule = this.init.requireStanding ?? 'none'
    const reputation = this.reputation()
    if (rule === 'none' || reputation == null) return true
    if (reputation.isBanned(requester) || reputation.trust(requester) < reputation.refuseThreshold) return false
    return rule === 'not-refused' || reputation.trust(requester) > DEFAULT_REPUTATION.newcomerTrust
  }

  /** what this worker accepts: the operator's terms over the defaults */
  private terms (): WorkerTerms {
    const t = this.init.terms ?? {}
    return {
      maxMemoryMb: t.maxMemoryMb ?? DEFAULT_WORKER_MEMORY_MB,
      maxTimeoutMs: t.maxTimeoutMs ?? DEFAULT_WORKER_MAX_TIMEOUT_MS,
      price: t.price ?? 0,
      maxModuleBytes: this.limits.maxModuleBytes,
      maxInputBytes: this.limits.maxInputBytes,
      maxOutputBytes: this.limits.maxOutputBytes
    }
  }

  private workerJobChanged (record: JobRecord, delta: number): void {
    this.workerInFlight += delta
    if (delta > 0) this.running.set(record.id, record)
    else this.running.delete(record.id)
    const slots = this.init.executor?.slots().total ?? 0
    this.capacity()?.setSlotsInUse(Math.min(slots, this.workerInFlight))
    this.safeDispatchEvent('job:update', { detail: record })
    if (delta > 0) this.safeDispatchEvent('job:started', { detail: record })
  }

  private async save (record: JobRecord): Promise<void> {
    await this.store.put(record).catch(err => { this.log.error('could not save job %s - %e', record.id, err) })
    this.safeDispatchEvent('job:update', { detail: record })
  }

  /**
   * Runs the replicas' lanes. A job naming its data by CID starts one lane
   * first and the rest once its worker says it holds the data (or the lane
   * ends): they then fetch from that worker, not all from this peer.
   */
  private async runLanes<T> (replicas: number, byCid: boolean, handle: JobHandle, run: (replica: number) => Promise<T>): Promise<T[]> {
    if (!byCid || replicas === 1) return Promise.all(Array.from({ length: replicas }, async (_, replica) => run(replica)))
    const held = Promise.withResolvers<void>()
    const onProgress = (e: Event): void => {
      const detail = (e as CustomEvent<{ message?: string, replica: number }>).detail
      if (detail.replica === 0 && detail.message === DATA_HELD_MESSAGE) held.resolve()
    }
    handle.addEventListener('progress', onProgress)
    const first = run(0).finally(() => { held.resolve() })
    await held.promise
    handle.removeEventListener('progress', onProgress)
    const rest = Array.from({ length: replicas - 1 }, async (_, i) => run(i + 1))
    return Promise.all([first, ...rest])
  }

  private dataService (): DataService | undefined {
    return siblingService<DataService>(this.components, this.init.dataService ?? 'data')
  }

  /** the data service as serveJob sees it: fetch (pin, provide), read, the store's quota */
  private jobData (): JobData | undefined {
    const data = this.dataService()
    if (data == null) return undefined
    return {
      fetch: async (cid, options) => {
        // other holders first (the job's other replicas, seeders): the requester serves a DAG once, not once per
        // worker; when no one else holds it, the requester is asked after all
        const onProgress = (p: { fetchedBytes: number }): void => { options.onProgress?.(p) }
        const got = await data.get(cid, { signal: options.signal, exclude: [options.requester], onProgress })
          .catch(async err => {
            if (options.signal.aborted) throw err
            return data.get(cid, { signal: options.signal, onProgress })
          })
        return { size: got.size, fetchedBytes: got.fetchedBytes, heldBlocks: got.heldBlocks, sources: got.sources.map(s => ({ peer: s.peer, bytes: s.bytes })) }
      },
      read: async (cid, options) => concatAll(data.cat(cid, { signal: options.signal })),
      maxBytes: () => data.getStats().storeMaxBytes
    }
  }

  /**
   * A module or input named by CID: its bytes (given, or read from this
   * peer's store, fetched first if another peer holds them), the CID's
   * bytes for the offer, and the root provided so workers find a holder.
   */
  private async cidPart (part: 'module' | 'input', cidText: string, given: Uint8Array | undefined, signal: AbortSignal): Promise<{ bytes: Uint8Array, cid: Uint8Array<ArrayBuffer> }> {
    let cid: CID
    try { cid = CID.parse(cidText) } catch (err: any) { throw new JobSpecError(`${part}Cid: "${cidText}" is not a CID (${err.message})`) }
    const data = this.dataService()
    if (data == null) throw new JobSpecError(`${part}Cid needs a data service on this peer; send the ${part} bytes instead`)
    let bytes = given
    if (bytes == null) {
      await data.get(cid, { signal, provide: false })
      bytes = await concatAll(data.cat(cid, { signal }))
    }
    if (bytes.byteLength > MAX_CID_BYTES) throw new JobSpecError(`${part} over ${MAX_CID_BYTES} bytes (the cap for data named by CID)`)
    // workers ask connected peers first, then the DHT's providers: a provide that is slow must not hold the job
    await data.provide(cid, { signal: AbortSignal.any([signal, AbortSignal.timeout(CID_PROVIDE_WAIT_MS)]) }).catch(err => { this.log('could not provide %s before offering - %e', cidText, err) })
    return { bytes, cid: cid.bytes as Uint8Array<ArrayBuffer> }
  }

  private capacity (): CapacityService | undefined {
    return siblingService<CapacityService>(this.components, this.init.capacityService ?? 'capacity')
  }
}

async function abortableDelay (ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>(resolve => {
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done (): void { clearTimeout(timer); signal.removeEventListener('abort', done); resolve() }
  })
}


/** uniform in [0, 1) from the CSPRNG: quorum picks must not be predictable */
async function concatAll (chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  let size = 0
  for await (const c of chunks) { parts.push(c); size += c.byteLength }
  const out = new Uint8Array(size)
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.byteLength }
  return out
}

function secureRandom (): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32
}

/**
 * The same module submitted again (a batch, a loop) is hashed once: the hash
 * is kept per Uint8Array object with a copy of the bytes it was taken of, and
 * a byte comparison (far cheaper than sha-256) shows the module unchanged.
 */
const moduleHashes = new WeakMap<Uint8Array, { bytes: Uint8Array, hash: Promise<Uint8Array<ArrayBuffer>> }>()
async function moduleHashOf (module: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const known = moduleHashes.get(module)
  if (known != null && uint8ArrayEquals(known.bytes, module)) return known.hash
  const hash = sha256(module)
  moduleHashes.set(module, { bytes: module.slice(), hash })
  return hash
}
