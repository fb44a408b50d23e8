/**
 * The worker's side of /shoal/job/1.0.0: answer an offer with a signed bid
 * or a reason to decline, receive the module (unless cached) and the input,
 * run the job, send the output and a signed result, wait for the ack.
 */
import { DeclineReason, Offer, Phase, Status } from '../pb/job.js'
import { toBase64 } from '../utils/base64.js'
import { sha256, toHex } from '../utils/hash.js'
import { BlobCache } from './blob-cache.js'
import { ACK_TIMEOUT_MS, BID_TIMEOUT_MS, JOB_PROTOCOL, JOB_PROTOCOL_1_1, BID_VALIDITY_MS, MAX_ARGS, MAX_ARG_LENGTH, MAX_ARGS_BYTES, MAX_INPUT_BYTES, MAX_MODULE_BYTES, MAX_OUTPUT_BYTES, PROGRESS_INTERVAL_MS, QUEUE_PER_SLOT, TRANSFER_BASE_TIMEOUT_MS, MAX_JOB_DATASETS, MODULE_KINDS, MAX_CID_BYTES, MAX_CID_LENGTH, DATA_HELD_MESSAGE, FETCH_PROGRESS_INTERVAL_MS } from './constants.js'
import { AttemptFailedError } from './errors.js'
import { ChunkKind, FrameStream, chunkFrames } from './frames.js'
import { openAck, sealBid, sealResult } from './records.js'
import type { Offence } from '../guard/errors.js'
import { isDatasetName } from '../utils/dataset-name.js'
import { CID } from 'multiformats/cid'
import type { ExecOutcome, ExecProgress, HeldDataset, JobExecutor, JobRecord } from './types.js'
import type { Connection, Logger, PeerId, PrivateKey, Stream } from '@libp2p/interface'

export interface WorkerTerms {
  /** most memory a job may ask for, MiB */
  maxMemoryMb: number
  maxTimeoutMs: number
  /** credits per job-second; offers below are declined */
  price: number
  /** largest module and input taken, bytes (default: the protocol's ceilings) */
  maxModuleBytes?: number
  maxInputBytes?: number
  /** most output a job may write here, bytes: a larger offer runs with this cap */
  maxOutputBytes?: number
}

export interface WorkerContext {
  peerId: PeerId
  privateKey: PrivateKey
  executor: JobExecutor
  cache: BlobCache
  terms: () => WorkerTerms
  log: Logger
  /** jobs accepted and not yet finished (queued or running) */
  inFlight: () => number
  shuttingDown: () => boolean
  /** whether this requester has the standing the operator asks for */
  admits: (requester: string) => boolean
  /** counts the job in flight at once; the promise resolves when its record is on disk */
  onStart: (record: JobRecord) => Promise<void>
  onModuleReceived: () => void
  onFinish: (record: JobRecord) => Promise<void>
  /** the job ran and its result is signed: keep the record (with the output hash) before the result goes out */
  onResult?: (record: JobRecord) => Promise<void>
  /** keeps the receipt durably: awaited before the worker closes its end, which the requester waits for */
  onReceipt: (receipt: { jobId: string, worker: string, requester: string, bidEnvelope: Uint8Array, resultEnvelope: Uint8Array, ackEnvelope: Uint8Array }) => Promise<void>
  /** the requester broke the protocol: the guard counts it */
  onOffence?: (offence: Offence, message: string) => void
  /** how long the first frame (the offer) may take */
  idleTimeoutMs?: () => number
  /** an offer was declined, for this reason (counted for metrics) */
  onDecline?: (reason: DeclineReason) => void
  /**
   * this peer's data service, for jobs that name their module or input by CID:
   * undefined declines them (NO_DATA_SERVICE)
   */
  data?: JobData
  /** takes a place among this requester's offers waiting for their input; undefined: it has too many */
  holdTransfer?: (requester: string) => (() => void) | undefined
}

/**
 * What serveJob needs of the data service (src/data implements it; the jobs
 * layer sees only this): fetch a DAG from any holder, keep it pinned and
 * provided, and read its bytes.
 */
export interface JobData {
  /** fetches what is not held, pins it, provides it; says where the block bytes came from */
  fetch: (cid: string, options: { signal: AbortSignal, requester: string, onProgress?: (p: { fetchedBytes: number }) => void }) => Promise<{ size: number, fetchedBytes: number, heldBlocks: number, sources: Array<{ peer: string, bytes: number }> }>
  /** the file's bytes, from the store */
  read: (cid: string, options: { signal: AbortSignal }) => Promise<Uint8Array>
  /** the most bytes one job may name by CID here (the store's quota) */
  maxBytes: () => number
}

/** the CID in an offer's module_cid / input_cid, or undefined when empty; throws on one that does not decode */
export function offerCid (bytes: Uint8Array): string | undefined {
  if (bytes.byteLength === 0) return undefined
  if (bytes.byteLength > MAX_CID_LENGTH) throw new Error('CID too long')
  return CID.decode(bytes).toString()
}

/** why an offer is declined; `violation`: no Shoal peer would send it (the guard counts it) */
type Decision = { reason: DeclineReason, message: string, violation?: boolean } | undefined

/** pure: whether to bid on an offer, and if not, why */
export function decide (offer: Offer, ctx: { terms: WorkerTerms, kinds: string[], slots: number, inFlight: number, shuttingDown: boolean, now: number, admitted?: boolean, datasets?: HeldDataset[], dataMaxBytes?: number }): Decision {
  const { terms } = ctx
  if (ctx.shuttingDown) return { reason: DeclineReason.SHUTTING_DOWN, message: 'this peer is shutting down' }
  if (offer.jobId.byteLength !== 16) return { reason: DeclineReason.BAD_OFFER, message: 'job id must be 16 bytes', violation: true }
  if (MODULE_KINDS.includes(offer.kind) ? offer.moduleHash.byteLength !== 32 : offer.moduleHash.byteLength !== 0 && offer.moduleHash.byteLength !== 32) return { reason: DeclineReason.BAD_OFFER, message: 'module hash must be a sha-256', violation: true }
  if (offer.inputHash.byteLength !== 32) return { reason: DeclineReason.BAD_OFFER, message: 'input hash must be a sha-256', violation: true }
  if (offer.limits == null || offer.limits.timeoutMs === 0 || offer.limits.memoryMb === 0) return { reason: DeclineReason.BAD_OFFER, message: 'limits missing', violation: true }
  if (offer.args.length > MAX_ARGS || offer.args.some(a => a.length > MAX_ARG_LENGTH) || offer.args.reduce((n, a) => n + a.length, 0) > MAX_ARGS_BYTES) return { reason: DeclineReason.TOO_BIG, message: `at most ${MAX_ARGS} args of ${MAX_ARG_LENGTH} characters` }
  if (offer.kind !== 'wasm' && !ctx.kinds.includes(offer.kind)) return { reason: DeclineReason.UNSUPPORTED, message: `job kind "${offer.kind}" is not run here` }
  const datasets = offer.datasets ?? []
  if (datasets.length > MAX_JOB_DATASETS || datasets.some(n => !isDatasetName(n)) || new Set(datasets).size !== datasets.length) {
    return { reason: DeclineReason.BAD_OFFER, message: `at most ${MAX_JOB_DATASETS} distinct data set names`, violation: true }
  }
  if (datasets.length > 0) {
    if (offer.kind !== 'wasm') return { reason: DeclineReason.UNSUPPORTED, message: 'data sets are granted to wasm jobs only' }
    const moduleHex = toHex(offer.moduleHash)
    for (const name of datasets) {
      const held = ctx.datasets?.find(d => d.name === name)
      if (held == null) return { reason: DeclineReason.NO_DATASET, message: `this peer does not hold data set "${name}"; pick a worker that advertises it` }
      if (held.modules != null && !held.modules.includes(moduleHex)) {
        return { reason: DeclineReason.DATASET_REFUSED, message: `this peer's operator lets only approved modules read data set "${name}", and module ${moduleHex.slice(0, 12)}… is not one` }
      }
    }
  }
  const moduleCid = offer.moduleCid ?? new Uint8Array()
  const inputCid = offer.inputCid ?? new Uint8Array()
  const byCid = moduleCid.byteLength > 0 || inputCid.byteLength > 0
  if (byCid) {
    try {
      offerCid(moduleCid)
      offerCid(inputCid)
    } catch (err: any) {
      return { reason: DeclineReason.BAD_OFFER, message: `module_cid / input_cid: ${err.message}`, violation: true }
    }
    if (moduleCid.byteLength > 0 && offer.moduleHash.byteLength !== 32) return { reason: DeclineReason.BAD_OFFER, message: 'a module named by CID needs its sha-256', violation: true }
    if (ctx.dataMaxBytes == null) return { reason: DeclineReason.NO_DATA_SERVICE, message: 'this peer has no data service: it cannot fetch a module or input by CID; send the bytes, or pick a worker with a store' }
  }
  const cidCap = Math.min(MAX_CID_BYTES, ctx.dataMaxBytes ?? MAX_CID_BYTES)
  const maxModule = moduleCid.byteLength > 0 ? cidCap : terms.maxModuleBytes ?? MAX_MODULE_BYTES
  const maxInput = inputCid.byteLength > 0 ? cidCap : terms.maxInputBytes ?? MAX_INPUT_BYTES
  if (offer.moduleSize > BigInt(maxModule)) return { reason: DeclineReason.TOO_BIG, message: `module over ${maxModule} bytes` }
  if (offer.inputSize > BigInt(maxInput)) return { reason: DeclineReason.TOO_BIG, message: `input over ${maxInput} bytes` }
  if (offer.limits.maxOutputBytes > BigInt(MAX_OUTPUT_BYTES)) return { reason: DeclineReason.TOO_BIG, message: `output limit over ${MAX_OUTPUT_BYTES} bytes` }
  if (offer.limits.memoryMb > terms.maxMemoryMb) return { reason: DeclineReason.TOO_BIG, message: `asks ${offer.limits.memoryMb} MiB, this peer offers ${terms.maxMemoryMb}` }
  if (offer.limits.timeoutMs > terms.maxTimeoutMs) return { reason: DeclineReason.TOO_BIG, message: `asks ${offer.limits.timeoutMs} ms, this peer allows ${terms.maxTimeoutMs}` }
  if (Number(offer.priceMilli) < Math.round(terms.price * 1000)) return { reason: DeclineReason.PRICE, message: `this peer asks ${terms.price} credits per job-second` }
  if (offer.deadline !== 0n && Number(offer.deadline) < ctx.now) return { reason: DeclineReason.BAD_OFFER, message: 'the deadline has passed' }
  if (ctx.admitted === false) return { reason: DeclineReason.LOW_REPUTATION, message: 'this peer takes jobs only from requesters with standing here (run jobs for the mesh to earn it)' }
  // no slots at all is not a full queue: waiting would not help, so the requester moves on at once
  if (ctx.slots === 0) return { reason: DeclineReason.PAUSED, message: 'this worker offers no job slots now (paused, or its slots set to 0); try another worker' }
  if (ctx.inFlight >= ctx.slots * (1 + QUEUE_PER_SLOT)) return { reason: DeclineReason.BUSY, message: `all ${ctx.slots} slots busy and the queue is full` }
  return undefined
}

export async function serveJob (stream: Stream, connection: Connection, ctx: WorkerContext, protocol: string = JOB_PROTOCOL): Promise<void> {
  const fs = new FrameStream(stream)
  const requester = connection.remotePeer
  const offend = (offence: Offence | undefined, message: string): void => { if (offence != null) ctx.onOffence?.(offence, message) }
  let offer: Offer | undefined
  try {
    offer = (await fs.expect('offer', AbortSignal.timeout(ctx.idleTimeoutMs?.() ?? BID_TIMEOUT_MS))).offer
  } catch (err: any) {
    // an offer that does not arrive whole, does not decode, or never comes: say so, then hang up
    ctx.log('no usable offer from %p - %e', requester, err)
    offend(err instanceof AttemptFailedError && err.reason === 'timeout' ? 'idle' : err.offence, err.message)
    await fs.write({ decline: { reason: DeclineReason.BAD_OFFER, message: err.message } }).catch(() => {})
    stream.abort(err)
    return
  }
  if (offer == null) return
  const terms = ctx.terms()
  const decision = decide(offer, {
    terms, kinds: ctx.executor.kinds(), slots: ctx.executor.slots().total, inFlight: ctx.inFlight(), shuttingDown: ctx.shuttingDown(), now: Date.now(),
    admitted: ctx.admits(requester.toString()), datasets: ctx.executor.datasets?.(), dataMaxBytes: ctx.data?.maxBytes()
  })
  // a requester may keep only so many offers waiting for their input: bids it never follows up hold slots
  const releaseTransfer = decision == null ? ctx.holdTransfer?.(requester.toString()) ?? (() => {}) : undefined
  const decline = decision ?? (releaseTransfer == null ? { reason: DeclineReason.BUSY, message: 'too many of your offers are waiting for their input here' } : undefined)
  if (decline != null) {
    if (decline.violation === true) offend('bad-offer', decline.message)
    ctx.onDecline?.(decline.reason)
    await fs.write({ decline: { reason: decline.reason, message: decline.message } }).catch(() => {})
    await stream.close().catch(() => { stream.abort(new Error('closing a declined job stream failed')) })
    return
  }

  const jobId = toHex(offer.jobId)
  const moduleKey = toHex(offer.moduleHash)
  // take the module now: the cache may evict it while we wait on the network; a
  // job of any kind may carry one (a wasm module, an onnx model, an OCR job's
  // models), kept by hash
  const carriesModule = MODULE_KINDS.includes(offer.kind) || offer.moduleHash.byteLength === 32
  const moduleCid = offerCid(offer.moduleCid ?? new Uint8Array())
  const inputCid = offerCid(offer.inputCid ?? new Uint8Array())
  let module: Uint8Array | undefined = carriesModule ? ctx.cache.get(moduleKey) : undefined
  // another job is receiving it already: wait for that one rather than ask for it again
  const arriving = carriesModule && module == null && moduleCid == null ? ctx.cache.incoming(moduleKey) : undefined
  // a module named by CID is fetched through the data service, never asked for on this stream
  const needModule = carriesModule && module == null && arriving == null && moduleCid == null
  const arrival = needModule ? Promise.withResolvers<Uint8Array>() : undefined
  if (arrival != null) {
    arrival.promise.catch(() => {})
    ctx.cache.expect(moduleKey, arrival.promise)
  }
  const eager = protocol === JOB_PROTOCOL_1_1 && offer.inputFollows === true
  const record: JobRecord = {
    id: jobId, role: 'worker', kind: offer.kind, status: 'running', createdAt: Date.now(), requester: requester.toString(), worker: ctx.peerId.toString(),
    moduleHash: moduleKey === '' ? undefined : moduleKey, inputHash: toHex(offer.inputHash), inputSize: Number(offer.inputSize), args: offer.args,
    replicas: 1, attempts: [], results: []
  }
  // counted in flight before the first await, so simultaneous offers cannot overrun the queue
  const recorded = ctx.onStart(record)
  const offerHash = await sha256(offerBytes(offer))
  let bidEnvelope: Uint8Array<ArrayBuffer>
  try {
    bidEnvelope = await sealBid({
      jobId: offer.jobId, worker: ctx.peerId.toMultihash().bytes.slice(), requester: requester.toMultihash().bytes.slice(),
      offerHash, priceMilli: BigInt(Math.round(terms.price * 1000)), expiresAt: BigInt(Date.now() + BID_VALIDITY_MS), needModule
    }, ctx.privateKey)
    // the record is on disk before our signed bid leaves: a restart then knows of the job
    await recorded
    await fs.write({ bid: { envelope: bidEnvelope } })
  } catch (err: any) {
    arrival?.reject(err)
    record.status = 'failed'
    record.reason = 'disconnected'
    record.message = err.message
    stream.abort(err)
    releaseTransfer?.()
    await ctx.onFinish(record)
    return
  }
  const execution = new AbortController()
  let closeAfterSaving = false
  let kept = false
  let tailError: unknown
  try {
    const transferSignal = AbortSignal.timeout(Math.ceil(TRANSFER_BASE_TIMEOUT_MS + Number(offer.moduleSize + offer.inputSize) / 1024))
    const fromStore = async (part: 'module' | 'input', cid: string, hash: string): Promise<Uint8Array> => {
      const data = ctx.data!
      // progress while fetching: the requester sees it move (and the stream is not idle for a long fetch)
      let lastReport = 0
      const onProgress = (p: { fetchedBytes: number }): void => {
        if (Date.now() - lastReport < FETCH_PROGRESS_INTERVAL_MS) return
        lastReport = Date.now()
        fs.write({ progress: { phase: Phase.QUEUED, fraction: -1, message: `fetching the ${part}: ${Math.round(p.fetchedBytes / 1048576)} MiB` } }).catch(() => {})
      }
      const fetched = await data.fetch(cid, { signal: transferSignal, requester: requester.toString(), onProgress }).catch((err: any) => {
        throw new AttemptFailedError('data-unavailable', `could not fetch the ${part} ${cid}: ${err.message}`)
      })
      const bytes = await data.read(cid, { signal: transferSignal })
      if (bytes.byteLength !== Number(part === 'module' ? offer.moduleSize : offer.inputSize) || toHex(await sha256(bytes)) !== hash) {
        throw new AttemptFailedError('hash-mismatch', `the ${part} ${cid} does not match the offer's size and sha-256`, 'bad-record')
      }
      ;(record.cidFetches ??= []).push({ part, cid, size: bytes.byteLength, fetchedBytes: fetched.fetchedBytes, heldBlocks: fetched.heldBlocks, sources: fetched.sources })
      // tells the requester this replica holds it: its other replicas may start and fetch from here
      await fs.write({ progress: { phase: Phase.QUEUED, fraction: -1, message: DATA_HELD_MESSAGE } })
      return bytes
    }
    if (moduleCid != null && module == null) {
      module = await fromStore('module', moduleCid, moduleKey)
      ctx.cache.put(moduleKey, module)
    }
    const receiveModule = async (): Promise<void> => {
      module = await fs.receiveChunks(ChunkKind.MODULE, Number(offer.moduleSize), transferSignal, ctx.idleTimeoutMs?.())
      if (toHex(await sha256(module)) !== moduleKey) throw new AttemptFailedError('hash-mismatch', 'the module does not match its hash', 'bad-record')
      ctx.cache.put(moduleKey, module)
      arrival?.resolve(module)
      ctx.onModuleReceived()
    }
    // 1.1.0 with input_follows: the input came right behind the offer, the module (if asked for) comes after it
    if (needModule && !eager) await receiveModule()
    const input = inputCid != null ? await fromStore('input', inputCid, record.inputHash) : await fs.receiveChunks(ChunkKind.INPUT, Number(offer.inputSize), transferSignal, ctx.idleTimeoutMs?.())
    if (needModule && eager) await receiveModule()
    if (arriving != null) {
      module = await Promise.race([arriving, new Promise<never>((_resolve, reject) => {
        transferSignal.addEventListener('abort', () => { reject(new AttemptFailedError('timeout', 'the module another job was receiving did not arrive in time')) }, { once: true })
      })]).catch((err: any) => {
        throw err instanceof AttemptFailedError ? err : new AttemptFailedError('disconnected', `the module another job was receiving did not arrive: ${err.message}`)
      })
    }
    releaseTransfer?.()
    if (toHex(await sha256(input)) !== record.inputHash) throw new AttemptFailedError('hash-mismatch', 'the input does not match its hash', 'bad-record')

    // from here on the only frames the requester may send are a cancel or, at the end, the ack
    const tail = fs.read(AbortSignal.timeout(2 ** 31 - 1))
    tail.catch((err: any) => {
      tailError = err
      offend(err.offence, err.message)
      execution.abort(new Error('the requester went away or cancelled'))
    })

    const slots = ctx.executor.slots()
    if (slots.inUse >= slots.total) await fs.write({ progress: { phase: Phase.QUEUED, fraction: -1, message: `${slots.queued} ahead` } })
    const progress = throttledProgress(fs)
    const outcome = await ctx.executor.run({
      kind: offer.kind, module, input, args: offer.args, deterministic: offer.deterministic, seed: Number(offer.seed), datasets: offer.datasets,
      limits: { memoryMb: offer.limits!.memoryMb, timeoutMs: offer.limits!.timeoutMs, maxOutputBytes: Math.min(Number(offer.limits!.maxOutputBytes), terms.maxOutputBytes ?? MAX_OUTPUT_BYTES) }
    }, {
      signal: execution.signal,
      onProgress: progress.report
    }).finally(progress.stop)
    if (execution.signal.aborted) {
      finish(record, outcome, 'cancelled')
      return
    }
    const outputHash = await sha256(outcome.output)
    const resultEnvelope = await sealResult({
      jobId: offer.jobId, worker: ctx.peerId.toMultihash().bytes.slice(), requester: requester.toMultihash().bytes.slice().slice(), offerHash,
      status: outcome.status === 'ok' ? Status.OK : Status.FAILED, exitCode: outcome.exitCode ?? 0, outputHash,
      outputSize: BigInt(outcome.output.byteLength), reason: outcome.reason ?? '', message: (outcome.message ?? '').slice(0, 1024),
      cpuMs: BigInt(Math.round(outcome.cpuMs)), wallMs: BigInt(Math.round(outcome.wallMs)), finishedAt: BigInt(Date.now()),
      stderrTail: outcome.stderr.subarray(Math.max(0, outcome.stderr.byteLength - 4096)) as Uint8Array<ArrayBuffer>
    }, ctx.privateKey)
    // the output and the signed result in one write (one packet for a small job); a requester
    // that stops reading must not hold the slot for ever
    record.outputHash = toHex(outputHash)
    record.results.push({ worker: ctx.peerId.toString(), outputHash: record.outputHash, exitCode: outcome.exitCode, status: outcome.status, reason: outcome.reason, resultEnvelope: toBase64(resultEnvelope), bidEnvelope: toBase64(bidEnvelope) })
    // the record names the output before the result leaves: the requester may call the job done
    // on the result, before our Kept (1.1.0)
    await ctx.onResult?.(record)
    await fs.writeMany([...chunkFrames(ChunkKind.OUTPUT, outcome.output), { result: { envelope: resultEnvelope } }], AbortSignal.timeout(Math.ceil(TRANSFER_BASE_TIMEOUT_MS + outcome.output.byteLength / 1024)))

    const ackFrame = await Promise.race([tail, timeout(ACK_TIMEOUT_MS)])
    if (ackFrame == null) throw new AttemptFailedError('timeout', 'no ack after the result', 'abandoned')
    if (ackFrame.ack == null) throw new AttemptFailedError('protocol', 'expected an ack after the result', 'unexpected')
    const { record: ack } = await openAck(ackFrame.ack.envelope).catch((err: Error) => { throw new AttemptFailedError('bad-signature', `ack: ${err.message}`, 'bad-record') })
    if (!requester.toMultihash().bytes.every((b, i) => ack.requester[i] === b) || toHex(ack.jobId) !== jobId) throw new AttemptFailedError('bad-signature', 'the ack is not the requester\'s for this job', 'bad-record')
    // the record says what happened: the sandbox's failure stays a failure even when acknowledged
    finish(record, outcome, ack.accepted && outcome.status === 'ok' ? 'succeeded' : 'failed', ack.accepted ? undefined : 'rejected-by-requester')
    if (ack.accepted) {
      kept = await ctx.onReceipt({ jobId, worker: ctx.peerId.toString(), requester: requester.toString(), bidEnvelope, resultEnvelope, ackEnvelope: ackFrame.ack.envelope })
        .then(() => true, err => { ctx.log.error('could not keep the receipt of job %s - %e', jobId, err); return false })
    }
    closeAfterSaving = true
  } catch (err: any) {
    arrival?.reject(err)
    ctx.log('job %s from %p failed - %e', jobId, requester, err)
    releaseTransfer?.()
    // a bid followed by silence holds a place in the queue for nothing
    if (err !== tailError) offend(err instanceof AttemptFailedError && err.reason === 'timeout' && err.offence == null ? 'abandoned' : err.offence, err.message)
    execution.abort(err)
    record.status = 'failed'
    record.reason = err instanceof AttemptFailedError ? err.reason : 'error'
    record.message = err.message
    record.finishedAt = Date.now()
    if (err instanceof AttemptFailedError && err.reason !== 'disconnected' && err.reason !== 'cancelled-by-worker') await fs.cancel(err.message)
    else stream.abort(err)
  } finally {
    await ctx.onFinish(record)
    // the receipt and the record are on disk: say so, then close
    if (kept) await fs.write({ kept: { jobId: offer.jobId } }).catch(() => {})
    if (closeAfterSaving) await stream.close().catch(() => {})
  }
}

function finish (record: JobRecord, outcome: ExecOutcome, status: JobRecord['status'], reason?: string): void {
  record.status = status
  record.finishedAt = Date.now()
  record.exitCode = outcome.exitCode
  record.outputSize = outcome.output.byteLength
  record.cpuMs = outcome.cpuMs
  record.wallMs = outcome.wallMs
  record.reason = reason ?? outcome.reason
  record.message = outcome.message
}

/** progress frames are advisory: at most one per PROGRESS_INTERVAL_MS, the latest one wins and the last is never dropped */
function throttledProgress (fs: FrameStream): { report: (p: ExecProgress) => void, stop: () => void } {
  let last = 0
  let pending: ExecProgress | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const send = (p: ExecProgress): void => {
    last = Date.now()
    fs.write({ progress: { phase: p.phase === 'queued' ? Phase.QUEUED : Phase.RUNNING, fraction: p.fraction ?? -1, message: p.message ?? '' } }).catch(() => {})
  }
  return {
    report: (p) => {
      if (Date.now() - last >= PROGRESS_INTERVAL_MS) { send(p); return }
      pending = p
      timer ??= setTimeout(() => {
        timer = undefined
        if (pending != null) send(pending)
        pending = undefined
      }, PROGRESS_INTERVAL_MS - (Date.now() - last))
    },
    // the last report goes out before the output, so the requester sees where the job ended
    stop: () => {
      clearTimeout(timer)
      if (pending != null) send(pending)
      pending = undefined
    }
  }
}

async function timeout (ms: number): Promise<undefined> {
  return new Promise(resolve => { setTimeout(() => { resolve(undefined) }, ms).unref?.() })
}

/** the bid commits to the offer: the hash of its canonical encoding */
export function offerBytes (offer: Offer): Uint8Array {
  return Offer.encode(offer)
}
