/**
 * The guard: counts what remote peers do wrong on Shoal's protocols and
 * topics (misbehaviour points, decaying), bans a peer past the threshold for
 * a while (the connection gater asks `isBanned`) and hangs up on it, and
 * caps how many streams of each protocol one peer may hold open at once.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { TypedEventEmitter } from 'main-event'
import { STREAM_IDLE_TIMEOUT_MS, STREAM_RATE_WINDOW_MS } from './constants.js'
import { ProtocolViolationError } from './errors.js'
import { MisbehaviourTracker } from './misbehaviour.js'
import { StreamCounter, StreamRate } from './streams.js'
import type { Offence } from './errors.js'
import type { MisbehaviourConfig, MisbehaviourRow } from './misbehaviour.js'
import type { ComponentLogger, Connection, Logger, PeerId, Startable, Stream, StreamHandler } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'

export interface GuardInit extends Partial<MisbehaviourConfig> {
  /** how long an inbound stream may stay silent before its first message */
  idleTimeoutMs?: number
}

export interface GuardComponents {
  connectionManager: ConnectionManager
  logger: ComponentLogger
}

export interface GuardEvents {
  'guard:offence': CustomEvent<{ peer: string, offence: Offence, points: number, message: string }>
  'guard:ban': CustomEvent<{ peer: string, until: number }>
}

/** how many streams of one protocol a peer may have open at once, and open per minute */
export interface StreamLimits {
  open: number
  perMinute?: number
}

export interface GuardStats {
  /** inbound Shoal streams being served now, per protocol */
  openStreams: Record<string, number>
  offences: Partial<Record<Offence, number>>
  bans: number
  peers: MisbehaviourRow[]
}

export class GuardService extends TypedEventEmitter<GuardEvents> implements Startable {
  readonly [Symbol.toStringTag] = '@shoal/guard'
  private readonly log: Logger
  private readonly tracker: MisbehaviourTracker
  private readonly streams = new StreamCounter()
  private readonly rate = new StreamRate(STREAM_RATE_WINDOW_MS)
  private readonly counts: Partial<Record<Offence, number>> = {}
  private bans = 0
  private started = false
  idleTimeoutMs: number

  constructor (private readonly components: GuardComponents, init: GuardInit = {}) {
    super()
    this.log = components.logger.forComponent('shoal:guard')
    const { idleTimeoutMs, ...config } = init
    this.tracker = new MisbehaviourTracker(config)
    this.idleTimeoutMs = idleTimeoutMs ?? STREAM_IDLE_TIMEOUT_MS
  }

  isStarted (): boolean { return this.started }
  async start (): Promise<void> { this.started = true }
  async stop (): Promise<void> { this.started = false }

  /** counts an offence against `peer`; past the threshold, bans it and hangs up */
  offence (peer: PeerId | string, offence: Offence, message: string): void {
    const id = peer.toString()
    const now = Date.now()
    this.counts[offence] = (this.counts[offence] ?? 0) + 1
    if (this.tracker.config.points[offence] === 0) return
    const { points, newlyBanned } = this.tracker.record(id, offence, now)
    this.log('%s by %s (%d points): %s', offence, id, Math.round(points), message)
    this.safeDispatchEvent('guard:offence', { detail: { peer: id, offence, points, message } })
    if (!newlyBanned) return
    this.bans++
    const until = now + this.tracker.config.banMs
    this.log('banned %s until %s', id, new Date(until).toISOString())
    this.safeDispatchEvent('guard:ban', { detail: { peer: id, until } })
    this.components.connectionManager.closeConnections(typeof peer === 'string' ? peerIdFromString(peer) : peer)
      .catch(err => { this.log('could not hang up on %s - %e', id, err) })
  }

  isBanned (peer: string): boolean {
    return this.tracker.isBanned(peer, Date.now())
  }

  points (peer: string): number {
    return this.tracker.points(peer, Date.now())
  }

  stats (): GuardStats {
    return { openStreams: this.streams.totals(), offences: { ...this.counts }, bans: this.bans, peers: this.tracker.rows(Date.now()) }
  }

  /**
   * Wraps a protocol handler: refuses banned peers, peers over `limits.open`
   * open streams of this protocol, and peers over `limits.perMinute` new
   * streams a minute (both a flood), and turns a ProtocolViolationError
   * thrown by the handler into an offence and a reset.
   */
  handler (protocol: string, limits: StreamLimits, serve: (stream: Stream, connection: Connection) => Promise<void>): StreamHandler {
    const { open: perPeer, perMinute } = limits
    return async (stream, connection) => {
      const peer = connection.remotePeer.toString()
      if (this.isBanned(peer)) {
        stream.abort(new Error('banned for misbehaviour'))
        return
      }
      if (perMinute != null && !this.rate.allow(protocol, peer, perMinute, Date.now())) {
        stream.abort(new ProtocolViolationError('flood', `over ${perMinute} ${protocol} streams a minute`))
        this.offence(connection.remotePeer, 'flood', `over ${perMinute} ${protocol} streams a minute`)
        return
      }
      const release = this.streams.acquire(protocol, peer, perPeer)
      if (release == null) {
        stream.abort(new ProtocolViolationError('flood', `over ${perPeer} open ${protocol} streams`))
        this.offence(connection.remotePeer, 'flood', `over ${perPeer} open ${protocol} streams`)
        return
      }
      try {
        await serve(stream, connection)
      } catch (err: any) {
        if (err instanceof ProtocolViolationError) this.offence(connection.remotePeer, err.offence, err.message)
        else this.log('%s stream from %s failed - %e', protocol, peer, err)
        if (stream.status === 'open') stream.abort(err)
      } finally {
        release()
      }
    }
  }
}

/**
 * The guarded handler when the node has a guard, else a plain one that
 * resets the stream on any error (an app embedding Shoal without the guard).
 */
export function guardedHandler (guard: GuardService | undefined, protocol: string, limits: StreamLimits, serve: (stream: Stream, connection: Connection) => Promise<void>): StreamHandler {
  if (guard != null) return guard.handler(protocol, limits, serve)
  return async (stream, connection) => {
    await serve(stream, connection).catch(err => { if (stream.status === 'open') stream.abort(err) })
  }
}
