/**
 * The requester's side of one attempt on one worker: offer, bid or decline,
 * transfer, progress, output, signed result, ack.
 */
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { Status } from '../pb/job.js'
import { sha256, toHex } from '../utils/hash.js'
import { ACK_TIMEOUT_MS, BID_TIMEOUT_MS, EAGER_INPUT_BYTES, JOB_PROTOCOL_1_1, DIRECT_WAIT_MS, STREAM_OPEN_TIMEOUT_MS, JOB_PROTOCOL, MAX_JOB_STREAMS_PER_CONNECTION, RESULT_GRACE_MS, TRANSFER_BASE_TIMEOUT_MS } from './constants.js'
import { AttemptFailedError } from './errors.js'
import { ChunkKind, FrameStream, chunkFrames } from './frames.js'
import { openBid, openResult, sealAck } from './records.js'
import { offerBytes } from './worker.js'
import type { Offer, ResultRecord } from '../pb/job.js'
import type { ExecProgress } from './types.js'
import { jobConnection } from './direct.js'
import type { DirectDial } from './direct.js'
import type { Connection, PeerId, PeerStore, PrivateKey } from '@libp2p/interface'
import type { ConnectionManager, TransportManager } from '@libp2p/interface-internal'

export interface AttemptInput {
  offer: Offer
  module?: Uint8Array
  input: Uint8Array
}

export interface AttemptOutcome {
  result: ResultRecord
  output: Uint8Array
  outputHash: string
  bidEnvelope: Uint8Array
  resultEnvelope: Uint8Array
  /** our signed acknowledgement: with the bid and result, the job's receipt */
  ackEnvelope: Uint8Array
  /** the worker already held the module */
  moduleCached: boolean
  /** the worker said Kept after the ack: its receipt is on disk (known once `kept` settles) */
  workerKept: boolean
  /** settles when the worker says Kept (true) or closes, breaks or times out first (false); the attempt does not wait for it */
  kept: Promise<boolean>
  /** the protocol version the attempt spoke */
  protocol: string
  /** how the job's bytes went: over a direct connection (TCP, WebSockets, WebRTC) or through a relay */
  link: 'direct' | 'relayed'
}

export interface AttemptContext {
  connectionManager: ConnectionManager
  /** dials a relayed worker's /webrtc addresses (see direct.ts) */
  transportManager?: TransportManager
  privateKey: PrivateKey
  self: PeerId
  signal: AbortSignal
  onAccepted?: () => void
  onProgress?: (p: ExecProgress) => void
  /**
   * keeps the finished attempt durably (job record, receipt): awaited before
   * the ack goes out, so nothing the worker holds our signature for is lost
   */
  beforeAck?: (outcome: AttemptOutcome) => Promise<void>
  /** streams one connection may carry at once (the operator's limit) */
  maxStreams?: number
  /** peer store, to find a relayed worker's /webrtc addresses */
  peerStore?: PeerStore
  /** how long to wait for a direct connection to a relayed worker before using the relay */
  directWaitMs?: number
  /** workers a direct dial recently failed to reach */
  directFailures?: Map<string, number>
  /** direct dials under way */
  directDials?: Map<string, DirectDial>
}

/** stream errors that are the peer's (or our own limits') answer, not a broken connection */
const REFUSALS = new Set(['UnsupportedProtocolError', 'TooManyOutboundProtocolStreamsError'])

export async function runAttempt (worker: PeerId, job: AttemptInput, ctx: AttemptContext): Promise<AttemptOutcome> {
  let stream
  let protocol = JOB_PROTOCOL
  let link: 'direct' | 'relayed' | 'none' = 'none'
  try {
    const waitMs = ctx.directWaitMs ?? DIRECT_WAIT_MS
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(BID_TIMEOUT_MS + waitMs + 2 * STREAM_OPEN_TIMEOUT_MS)])
    // control messages may go through a relay; bulk data within its limits. A
    // connection that cannot open a stream (a WebRTC channel that never opened,
    // a relayed connection that lost a dial race) gives way to the next one, and
    // once to a fresh dial
    let lastError: unknown
    for (let round = 0; round < 2 && stream == null; round++) {
      const chosen = await jobConnection(worker, { connectionManager: ctx.connectionManager, transportManager: ctx.transportManager, peerStore: ctx.peerStore, waitMs, signal, failures: ctx.directFailures, dials: ctx.directDials })
      const candidates = [chosen.connection, ...ctx.connectionManager.getConnections(worker).filter(c => c !== chosen.connection && c.status === 'open')]
      for (const connection of candidates) {
        const stalled = AbortSignal.timeout(STREAM_OPEN_TIMEOUT_MS)
        try {
          protocol = await protocolFor(connection, worker, ctx.peerStore)
          const options = { signal: AbortSignal.any([signal, stalled]), maxOutboundStreams: ctx.maxStreams ?? MAX_JOB_STREAMS_PER_CONNECTION, runOnLimitedConnection: true }
          stream = await connection.newStream(protocol, options).catch(async (err: Error) => {
            // listed but refused (the worker downgraded?): the old exchange, and not 1.1.0 again on this connection
            if (protocol !== JOB_PROTOCOL_1_1 || err.name !== 'UnsupportedProtocolError') throw err
            speaks.set(connection, JOB_PROTOCOL)
            protocol = JOB_PROTOCOL
            return connection.newStream(JOB_PROTOCOL, options)
          })
          link = connection.limits != null ? 'relayed' : 'direct'
          break
        } catch (err) {
          lastError = err
          if (signal.aborted) throw err
          // a refusal (no such protocol, too many streams) is an answer: no other connection will do better
          if (REFUSALS.has((err as Error).name)) throw err
          // a connection that cannot even open a stream is no use to anyone
          if (stalled.aborted) connection.abort(new Error('could not open a job stream on this connection'))
        }
      }
    }
    if (stream == null) throw lastError
  } catch (err: any) {
    if (ctx.signal.aborted) throw err
    throw new AttemptFailedError('dial-failed', `could not open a job stream: ${err.message}`)
  }
  const fs = new FrameStream(stream)
  let bidEnvelope: Uint8Array | undefined
  const onAbort = (): void => { fs.cancel('cancelled by the requester').catch(() => {}) }
  ctx.signal.addEventListener('abort', onAbort, { once: true })
  // 1.1.0: a small input goes with the offer, in the same write; the bid then gates only the module
  // an input named by CID is not sent on the stream at all
  const inputByCid = (job.offer.inputCid?.byteLength ?? 0) > 0
  const eager = protocol === JOB_PROTOCOL_1_1 && job.input.byteLength <= EAGER_INPUT_BYTES && !inputByCid
  const offer = eager ? { ...job.offer, inputFollows: true } : job.offer
  // the hash the bid and result must name, worked out while the offer travels
  const offerHashing = sha256(offerBytes(offer))
  offerHashing.catch(() => {})
  try {
    if (eager) await fs.writeMany([{ offer }, ...chunkFrames(ChunkKind.INPUT, job.input)])
    else await fs.write({ offer })
    const answer = await fs.expect('bid', phase(ctx.signal, BID_TIMEOUT_MS), 'decline')
    if (answer.decline != null) {
      const reason = answer.decline.reason === 'BUSY' ? 'busy' : answer.decline.reason === 'PAUSED' ? 'paused' : 'declined'
      throw new AttemptFailedError(reason, `declined (${answer.decline.reason}): ${answer.decline.message}`)
    }
    const { record: bid } = await openBid(answer.bid!.envelope).catch((err: Error) => { throw new AttemptFailedError('bad-signature', `bid: ${err.message}`, 'bad-record') })
    const offerHash = await offerHashing
    if (!uint8ArrayEquals(bid.worker, worker.toMultihash().bytes) || !uint8ArrayEquals(bid.requester, ctx.self.toMultihash().bytes) ||
        !uint8ArrayEquals(bid.jobId, offer.jobId) || !uint8ArrayEquals(bid.offerHash, offerHash)) {
      throw new AttemptFailedError('protocol', 'the bid is not for this offer from this worker', 'bad-record')
    }
    if (bid.priceMilli > offer.priceMilli) throw new AttemptFailedError('protocol', 'the bid asks more than the offer pays')
    if (Number(bid.expiresAt) < Date.now()) throw new AttemptFailedError('protocol', 'the bid has expired')
    bidEnvelope = answer.bid!.envelope
    ctx.onAccepted?.()

    const transferSignal = phase(ctx.signal, TRANSFER_BASE_TIMEOUT_MS + (job.input.byteLength + (job.module?.byteLength ?? 0)) / 1024)
    if (bid.needModule) {
      if (job.module == null) throw new AttemptFailedError('protocol', 'the worker asked for a module this job does not have')
      // 1.1.0 eager: after the input already sent; 1.0.0: before it, in the same write
      if (eager) await fs.sendChunks(ChunkKind.MODULE, job.module, transferSignal)
      else await fs.writeMany([...chunkFrames(ChunkKind.MODULE, job.module), ...(inputByCid ? [] : chunkFrames(ChunkKind.INPUT, job.input))], transferSignal)
    } else if (!eager && !inputByCid) {
      await fs.sendChunks(ChunkKind.INPUT, job.input, transferSignal)
    }

    const resultSignal = phase(ctx.signal, offer.limits!.timeoutMs + RESULT_GRACE_MS + Number(offer.limits!.maxOutputBytes) / 1024)
    const maxOutput = Number(offer.limits!.maxOutputBytes)
    const chunks: Uint8Array[] = []
    let outputSize = 0
    while (true) {
      const frame = await fs.expect('result', resultSignal, 'progress', 'chunk')
      if (frame.progress != null) {
        ctx.onProgress?.({ phase: frame.progress.phase === 'QUEUED' ? 'queued' : 'running', fraction: frame.progress.fraction >= 0 ? frame.progress.fraction : undefined, message: frame.progress.message })
        continue
      }
      if (frame.chunk != null) {
        if (frame.chunk.kind !== ChunkKind.OUTPUT) throw new AttemptFailedError('protocol', 'expected output chunks', 'unexpected')
        outputSize += frame.chunk.data.byteLength
        if (outputSize > maxOutput) throw new AttemptFailedError('protocol', `output over the ${maxOutput} bytes allowed`, 'oversized')
        chunks.push(frame.chunk.data)
        continue
      }
      const resultEnvelope = frame.result!.envelope
      const output = concat(chunks, outputSize)
      // the signature check and the hash run side by side, off this thread (WebCrypto)
      const [{ record: result }, outputHash] = await Promise.all([
        openResult(resultEnvelope).catch((err: Error) => { throw new AttemptFailedError('bad-signature', `result: ${err.message}`, 'bad-record') }),
        sha256(output)
      ])
      // the result must be this worker's, for this very offer, and describe the bytes that came
      const matches = uint8ArrayEquals(result.outputHash, outputHash) && uint8ArrayEquals(result.jobId, offer.jobId) &&
        uint8ArrayEquals(result.offerHash, offerHash) && uint8ArrayEquals(result.worker, worker.toMultihash().bytes)
      const ack = await sealAck({
        jobId: offer.jobId, worker: result.worker, requester: ctx.self.toMultihash().bytes.slice(), outputHash, accepted: matches, ackedAt: BigInt(Date.now())
      }, ctx.privateKey)
      const outcome: AttemptOutcome = { result, output, outputHash: toHex(outputHash), bidEnvelope, resultEnvelope, ackEnvelope: ack, moduleCached: !bid.needModule, workerKept: false, kept: Promise.resolve(false), protocol, link: link === 'relayed' ? 'relayed' : 'direct' }
      if (!matches) {
        await fs.write({ ack: { envelope: ack } })
        await stream.close().catch(() => {})
        throw new AttemptFailedError('hash-mismatch', 'the output does not match the signed result')
      }
      await ctx.beforeAck?.(outcome)
      try {
        await fs.write({ ack: { envelope: ack } })
      } catch {
        // the output and the signed result are ours and kept: the job is done here, whether or not
        // the worker lives to read the ack (it then holds no receipt, and says no Kept)
        stream.abort(new Error('the worker went away before the ack'))
        return outcome
      }
      // the worker says Kept once its receipt is on disk. The job is done without waiting for it
      // (our receipt is on disk, the output verified): the caller learns of it through `kept`, and
      // a worker that never says it costs nobody a wait
      outcome.kept = (async () => {
        await stream.close().catch(() => {})
        outcome.workerKept = await fs.awaitKept(AbortSignal.timeout(ACK_TIMEOUT_MS))
        return outcome.workerKept
      })()
      return outcome
    }
  } catch (err: any) {
    stream.abort(err)
    if (ctx.signal.aborted && !(err instanceof AttemptFailedError)) throw err
    // anything else: the stream broke under us (the worker went away, or reset it)
    const failure = err instanceof AttemptFailedError
      ? err
      : link === 'relayed'
        ? new AttemptFailedError('relay-limit', `the relayed connection to this worker broke (relays limit the time and bytes of relayed connections; no direct connection came up): ${err.message}`)
        : new AttemptFailedError('disconnected', err.message)
    failure.bidEnvelope ??= bidEnvelope
    throw failure
  } finally {
    ctx.signal.removeEventListener('abort', onAbort)
  }
}

export const isOk = (result: ResultRecord): boolean => result.status === Status.OK

/** connections whose peer speaks 1.1.0 (learnt from identify, kept per connection) */
const speaks = new WeakMap<Connection, string>()

/** 1.1.0 to a worker that lists it (identify), else 1.0.0; only a yes is remembered, as identify may not have run yet */
async function protocolFor (connection: Connection, worker: PeerId, peerStore?: PeerStore): Promise<string> {
  const known = speaks.get(connection)
  if (known != null) return known
  const protocols = (await peerStore?.get(worker).catch(() => undefined))?.protocols ?? []
  if (!protocols.includes(JOB_PROTOCOL_1_1)) return JOB_PROTOCOL
  speaks.set(connection, JOB_PROTOCOL_1_1)
  return JOB_PROTOCOL_1_1
}

function phase (outer: AbortSignal, ms: number): AbortSignal {
  return AbortSignal.any([outer, AbortSignal.timeout(Math.ceil(ms))])
}

function concat (chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.byteLength
  }
  return out
}
