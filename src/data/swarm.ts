/**
 * The requester's side of /shoal/blocks/1.0.0: one swarm per fetch (a Helia
 * session). It asks every holder at once over one stream each, keeps up to
 * WANTS_PER_HOLDER wants in flight per holder and hands the next want to
 * whichever holder frees a slot first (so faster holders get more), drops a
 * holder that stalls, lies or floods and re-asks its wants elsewhere, and
 * verifies every block before it is handed to Helia (which stores it).
 */
import { logger } from '@libp2p/logger'
import { lpStream } from '@libp2p/utils'
import { sha256 } from 'multiformats/hashes/sha2'
import { equals } from 'uint8arrays/equals'
import { HOLDER_STALL_MS, MAX_RESPONSE_BYTES, WANTS_PER_HOLDER } from './constants.js'
import { NotFoundError } from './errors.js'
import { decodeResponse, encodeRequest, WireError } from './wire.js'
import type { RefusalReason } from './errors.js'
import type { Offence } from '../guard/index.js'
import type { AbortOptions, PeerId, Stream } from '@libp2p/interface'
import type { LengthPrefixedStream } from '@libp2p/utils'
import type { CID } from 'multiformats/cid'

export interface SwarmDeps {
  /** a stream to `peer` over a direct (unlimited) connection; throws when there is none */
  openStream: (peer: PeerId, options: AbortOptions) => Promise<Stream>
  /** peers that may hold `cid`: connected ones first, then the DHT's providers */
  discover: (cid: CID, options: AbortOptions) => AsyncIterable<PeerId>
  fetched: (peer: string, bytes: number) => void
  refused: (reason: RefusalReason, peer?: string) => void
  offence: (peer: string, offence: Offence, message: string) => void
  windowPerHolder?: number
  stallMs?: number
}

interface Want {
  cid: CID
  resolve: (block: Uint8Array) => void
  reject: (err: Error) => void
  validate: (block: Uint8Array) => Promise<void>
  /** holders that said they do not have it, or failed while it was in flight */
  tried: Set<string>
  settled: boolean
}

const log = logger('shoal:data:swarm')

/** consecutive `missing` answers after which a peer is no holder of this DAG */
const MAX_MISSES_IN_A_ROW = 16
/** stalls after which a holder leaves the fetch (before that it rests, and is asked again) */
const MAX_STALLS = 3

class Holder {
  readonly key: string
  readonly inFlight: Want[] = []
  lp?: LengthPrefixedStream<Stream>
  stream?: Stream
  opening?: Promise<void>
  writes: Promise<void> = Promise.resolve()
  dead = false
  delivered = 0
  bytes = 0
  missesInARow = 0
  lastProgress = Date.now()
  /** stalls so far; at MAX_STALLS the holder leaves the fetch */
  stalls = 0
  /** a stalled holder rests until then; its wants went elsewhere */
  benchedUntil = 0

  constructor (readonly peer: PeerId) {
    this.key = peer.toString()
  }
}

export class Swarm {
  readonly name = 'shoal-blocks'
  private readonly holders = new Map<string, Holder>()
  /** peers dropped from this swarm (not holders, stalled, lying) */
  private readonly dropped = new Set<string>()
  /** what each holder delivered, kept after it leaves */
  private readonly delivered = new Map<string, { blocks: number, bytes: number }>()
  private pending: Want[] = []
  private discovery?: Promise<void>
  private discovered = false
  private closed = false
  private readonly controller = new AbortController()
  private readonly timer: ReturnType<typeof setInterval>
  private readonly window: number
  private readonly stallMs: number

  constructor (private readonly deps: SwarmDeps, private readonly self?: PeerId) {
    this.window = deps.windowPerHolder ?? WANTS_PER_HOLDER
    this.stallMs = deps.stallMs ?? HOLDER_STALL_MS
    this.timer = setInterval(() => { this.checkStalls() }, Math.max(250, Math.floor(this.stallMs / 4)))
    this.timer.unref?.()
  }

  /** Helia's BlockBroker/SessionBlockBroker entry point: one block, verified */
  async retrieve (cid: CID, options: AbortOptions & { validateFn?: (block: Uint8Array) => Promise<void> } = {}): Promise<Uint8Array> {
    if (this.closed) throw new NotFoundError('the fetch was closed')
    options.signal?.throwIfAborted()
    const validate = options.validateFn ?? (async (block: Uint8Array) => { await verifySha256(cid, block) })
    return new Promise<Uint8Array>((resolve, reject) => {
      const want: Want = { cid, resolve, reject, validate, tried: new Set(), settled: false }
      const onAbort = (): void => { this.settle(want, new Error('aborted')) }
      options.signal?.addEventListener('abort', onAbort, { once: true })
      want.resolve = (b) => { options.signal?.removeEventListener('abort', onAbort); resolve(b) }
      want.reject = (e) => { options.signal?.removeEventListener('abort', onAbort); reject(e) }
      this.pending.push(want)
      this.discovery ??= this.discover(cid)
      this.dispatch()
    })
  }

  async addPeer (peer: PeerId | unknown): Promise<void> {
    if (typeof (peer as PeerId)?.toMultihash === 'function') this.addHolder(peer as PeerId)
  }

  /** peers that delivered blocks, with what they delivered */
  sources (): Array<{ peer: string, blocks: number, bytes: number }> {
    return [...this.delivered].map(([peer, c]) => ({ peer, ...c }))
  }

  close (): void {
    if (this.closed) return
    this.closed = true
    clearInterval(this.timer)
    this.controller.abort()
    for (const h of this.holders.values()) this.dropHolder(h)
    for (const w of this.pending) this.settle(w, new NotFoundError('the fetch was closed'))
    this.pending = []
  }

  addHolder (peer: PeerId): void {
    const key = peer.toString()
    if (this.closed || this.holders.has(key) || this.dropped.has(key) || (this.self != null && peer.equals(this.self))) return
    this.holders.set(key, new Holder(peer))
    this.dispatch()
  }

  private async discover (cid: CID): Promise<void> {
    try {
      for await (const peer of this.deps.discover(cid, { signal: this.controller.signal })) this.addHolder(peer)
    } catch {
      // a failed search leaves the holders found so far
    } finally {
      this.discovered = true
      this.dispatch()
    }
  }

  private settle (want: Want, result: Uint8Array | Error): void {
    if (want.settled) return
    want.settled = true
    if (result instanceof Uint8Array) want.resolve(result)
    else want.reject(result)
  }

  /** hands pending wants to holders with free slots; gives up on wants no holder can serve */
  private dispatch (): void {
    if (this.closed) return
    this.pending = this.pending.filter(w => !w.settled)
    const live = [...this.holders.values()].filter(h => !h.dead)
    const now = Date.now()
    for (const holder of live) {
      if (holder.benchedUntil > now) continue
      holder.benchedUntil = 0
      let free = this.window - holder.inFlight.length
      if (free <= 0) continue
      const batch: Want[] = []
      this.pending = this.pending.filter(w => {
        if (free > 0 && !w.tried.has(holder.key)) {
          batch.push(w)
          free--
          return false
        }
        return true
      })
      if (batch.length > 0) this.send(holder, batch)
    }
    if (!this.discovered) return
    const inFlight = new Set(live.flatMap(h => h.inFlight))
    this.pending = this.pending.filter(w => {
      if (inFlight.has(w) || live.some(h => !w.tried.has(h.key))) return true // includes resting holders
      log('giving up on %s: tried by %s; holders %s', w.cid, [...w.tried].join(','), live.map(h => h.key).join(','))
      this.settle(w, new NotFoundError(`no holder has ${w.cid.toString()} (asked ${w.tried.size})`))
      return false
    })
  }

  private send (holder: Holder, batch: Want[]): void {
    if (holder.inFlight.length === 0) holder.lastProgress = Date.now()
    holder.inFlight.push(...batch)
    holder.writes = holder.writes.then(async () => {
      if (holder.dead || !batch.some(w => holder.inFlight.includes(w))) return // given back after a stall
      if (holder.lp == null) {
        holder.opening ??= this.open(holder)
        await holder.opening
      }
      const lp = holder.lp
      try {
        await lp?.write(encodeRequest(batch.map(w => w.cid)), { signal: this.controller.signal })
        // the silence that counts as a stall starts once the holder has the wants (opening the stream may be slow)
        if (holder.inFlight.length <= batch.length) holder.lastProgress = Date.now()
      } catch (err) {
        if (holder.lp !== lp) return // the stream was replaced after a stall: the wants went back already
        throw err
      }
    }).catch(err => {
      log('sending to %s failed - %s', holder.key, err?.message ?? err?.type ?? err)
      if (err instanceof LimitedError) this.deps.refused('limited', holder.key)
      this.fail(holder)
    })
  }

  private async open (holder: Holder): Promise<void> {
    // the deadline is for opening only: a signal given to newStream stays with the stream
    const opening = new AbortController()
    const timer = setTimeout(() => { opening.abort(new Error('opening the stream took too long')) }, this.stallMs * 2)
    const onClose = (): void => { opening.abort(new Error('the fetch was closed')) }
    this.controller.signal.addEventListener('abort', onClose, { once: true })
    let stream: Stream
    try {
      stream = await this.deps.openStream(holder.peer, { signal: opening.signal })
    } finally {
      clearTimeout(timer)
      this.controller.signal.removeEventListener('abort', onClose)
    }
    holder.stream = stream
    // every block asked for may arrive before it is read (libp2p's default buffer is 4 MiB)
    holder.lp = lpStream(stream, { maxDataLength: MAX_RESPONSE_BYTES, maxBufferSize: (this.window + 1) * MAX_RESPONSE_BYTES })
    void this.readLoop(holder)
  }

  private async readLoop (holder: Holder): Promise<void> {
    const lp = holder.lp as LengthPrefixedStream<Stream>
    try {
      while (!holder.dead && holder.lp === lp) {
        let bytes: Uint8Array
        try {
          bytes = (await lp.read({ signal: this.controller.signal })).subarray()
        } catch (err: any) {
          if (err.name === 'InvalidDataLengthError' || err.name === 'InvalidDataLengthLengthError') {
            throw new WireError('oversized', `a frame over ${MAX_RESPONSE_BYTES} bytes`)
          }
          throw err
        }
        holder.lastProgress = Date.now()
        const { cid, data } = decodeResponse(bytes)
        const want = holder.inFlight[0]
        if (want == null || !want.cid.equals(cid)) {
          this.punish(holder, 'unexpected', 'unexpected', `a block not asked for next (${cid.toString()})`)
          return
        }
        holder.inFlight.shift()
        if (data == null) {
          holder.missesInARow++
          want.tried.add(holder.key)
          if (!want.settled) this.pending.unshift(want)
          if (holder.delivered === 0 || holder.missesInARow >= MAX_MISSES_IN_A_ROW) {
            // not a holder of this DAG: stop asking it
            this.drop(holder)
            return
          }
          this.dispatch()
          continue
        }
        holder.missesInARow = 0
        if (want.settled) { this.dispatch(); continue } // served by another holder meanwhile
        try {
          await want.validate(data)
        } catch (err: any) {
          want.tried.add(holder.key)
          this.pending.unshift(want)
          this.punish(holder, 'bad-hash', 'bad-record', `a block that does not hash to ${cid.toString()}`)
          return
        }
        holder.delivered++
        holder.bytes += data.byteLength
        const counted = this.delivered.get(holder.key) ?? { blocks: 0, bytes: 0 }
        counted.blocks++
        counted.bytes += data.byteLength
        this.delivered.set(holder.key, counted)
        this.deps.fetched(holder.key, data.byteLength)
        this.settle(want, data)
        this.dispatch()
      }
    } catch (err: any) {
      if (holder.lp !== lp) return // the stream was replaced after a stall
      log('reading from %s failed - %e', holder.key, err)
      if (err instanceof WireError) {
        this.punish(holder, err.reason === 'flood' ? 'malformed' : err.reason, err.reason === 'flood' ? 'malformed' : err.reason, err.message)
        return
      }
      this.fail(holder)
    }
  }

  private punish (holder: Holder, reason: RefusalReason, offence: Offence, message: string): void {
    this.deps.refused(reason, holder.key)
    this.deps.offence(holder.key, offence, message)
    this.drop(holder)
  }

  /**
   * The holder's stream broke (reset, closed, timed out): its wants go to
   * the others at once and it is asked again on a fresh stream, up to
   * MAX_STALLS times in all; a holder that never delivered leaves at once
   */
  private fail (holder: Holder): void {
    if (this.closed || holder.dead) return
    if (holder.delivered === 0 || ++holder.stalls >= MAX_STALLS) {
      this.drop(holder)
      return
    }
    this.restart(holder, Date.now())
    this.dispatch()
  }

  /** gives back what the holder owes and forgets its stream; it rests until `until` */
  private restart (holder: Holder, until: number): void {
    const owed = holder.inFlight.splice(0)
    for (const w of owed) if (!w.settled) this.pending.unshift(w)
    holder.stream?.abort(new Error('restarting the stream'))
    holder.stream = undefined
    holder.lp = undefined
    holder.opening = undefined
    holder.benchedUntil = until
  }

  private drop (holder: Holder): void {
    log('dropping %s (delivered %d, in flight %d)', holder.key, holder.delivered, holder.inFlight.length)
    this.dropped.add(holder.key)
    this.dropHolder(holder)
    this.holders.delete(holder.key)
    this.dispatch()
  }

  private dropHolder (holder: Holder): void {
    if (holder.dead) return
    holder.dead = true
    for (const w of holder.inFlight) {
      w.tried.add(holder.key)
      if (!w.settled) this.pending.unshift(w)
    }
    holder.inFlight.length = 0
    holder.stream?.abort(new Error('dropped from the fetch'))
  }

  /**
   * A holder that owes blocks and has sent nothing for stallMs: its wants go
   * to the others at once, it rests for stallMs on a fresh stream, and after
   * MAX_STALLS it leaves the fetch. The only holder is waited for, not lost.
   */
  private checkStalls (): void {
    const now = Date.now()
    let woke = false
    for (const holder of [...this.holders.values()]) {
      if (holder.dead) continue
      if (holder.benchedUntil !== 0 && holder.benchedUntil <= now) {
        holder.benchedUntil = 0
        woke = true
      }
      if (holder.inFlight.length === 0 || now - holder.lastProgress <= this.stallMs) continue
      this.deps.refused('stalled', holder.key)
      log('%s stalled (%d wants owed, %d ms silent)', holder.key, holder.inFlight.length, now - holder.lastProgress)
      if (++holder.stalls >= MAX_STALLS) {
        this.drop(holder)
        continue
      }
      // a fresh stream when it is asked again: late answers on the old one are not waited for
      this.restart(holder, now + this.stallMs)
      woke = true
    }
    if (woke) this.dispatch()
  }
}

/** a holder reachable only through a limited (relayed) connection */
export class LimitedError extends Error {
  override name = 'LimitedError'
}

/** the check used when Helia passes no validateFn: sha2-256 CIDs only */
async function verifySha256 (cid: CID, block: Uint8Array): Promise<void> {
  if (cid.multihash.code !== sha256.code) throw new Error(`cannot verify a ${cid.multihash.code} hash`)
  const digest = await sha256.digest(block)
  if (!equals(digest.digest, cid.multihash.digest)) throw new Error('block does not hash to its CID')
}
