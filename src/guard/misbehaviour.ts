/**
 * Per-peer misbehaviour points: each offence adds its points, points decay
 * exponentially, and a peer whose points reach the threshold is banned for
 * a while. Pure: the caller passes the time.
 */
import { MAX_TRACKED_PEERS, MISBEHAVIOUR_BAN_MS, MISBEHAVIOUR_BAN_THRESHOLD, MISBEHAVIOUR_HALF_LIFE_MS, OFFENCE_POINTS } from './constants.js'
import type { Offence } from './errors.js'

export interface MisbehaviourConfig {
  threshold: number
  halfLifeMs: number
  banMs: number
  points: Record<Offence, number>
  maxPeers: number
}

export const DEFAULT_MISBEHAVIOUR: MisbehaviourConfig = {
  threshold: MISBEHAVIOUR_BAN_THRESHOLD,
  halfLifeMs: MISBEHAVIOUR_HALF_LIFE_MS,
  banMs: MISBEHAVIOUR_BAN_MS,
  points: OFFENCE_POINTS,
  maxPeers: MAX_TRACKED_PEERS
}

interface Entry {
  /** points as of `at` */
  points: number
  at: number
  bannedUntil?: number
  offences: Partial<Record<Offence, number>>
}

export interface Recorded {
  /** the peer's points now, this offence included */
  points: number
  banned: boolean
  /** this offence crossed the threshold */
  newlyBanned: boolean
}

export interface MisbehaviourRow {
  peer: string
  points: number
  bannedUntil?: number
  offences: Partial<Record<Offence, number>>
}

export class MisbehaviourTracker {
  readonly config: MisbehaviourConfig
  private readonly peers = new Map<string, Entry>()

  constructor (config: Partial<MisbehaviourConfig> = {}) {
    this.config = { ...DEFAULT_MISBEHAVIOUR, ...config }
  }

  record (peer: string, offence: Offence, now: number): Recorded {
    const entry = this.peers.get(peer) ?? { points: 0, at: now, offences: {} }
    entry.points = this.decayed(entry, now) + this.config.points[offence]
    entry.at = now
    entry.offences[offence] = (entry.offences[offence] ?? 0) + 1
    const wasBanned = this.bannedAt(entry, now)
    if (!wasBanned && entry.points >= this.config.threshold) {
      entry.bannedUntil = now + this.config.banMs
      // a ban wipes the slate: after it, the peer starts again from nothing
      entry.points = 0
    }
    this.peers.delete(peer) // re-insert: the map's order is least recently offending first
    this.peers.set(peer, entry)
    this.evict(now)
    const banned = this.bannedAt(entry, now)
    return { points: entry.points, banned, newlyBanned: banned && !wasBanned }
  }

  points (peer: string, now: number): number {
    const entry = this.peers.get(peer)
    return entry == null ? 0 : this.decayed(entry, now)
  }

  isBanned (peer: string, now: number): boolean {
    const entry = this.peers.get(peer)
    return entry != null && this.bannedAt(entry, now)
  }

  /** peers with points or a ban, worst first */
  rows (now: number): MisbehaviourRow[] {
    return [...this.peers].map(([peer, e]) => ({
      peer, points: this.decayed(e, now), bannedUntil: this.bannedAt(e, now) ? e.bannedUntil : undefined, offences: { ...e.offences }
    })).sort((a, b) => Number(b.bannedUntil != null) - Number(a.bannedUntil != null) || b.points - a.points)
  }

  get size (): number {
    return this.peers.size
  }

  private decayed (e: Entry, now: number): number {
    return e.points * 2 ** (-Math.max(0, now - e.at) / this.config.halfLifeMs)
  }

  private bannedAt (e: Entry, now: number): boolean {
    return e.bannedUntil != null && e.bannedUntil > now
  }

  /** bounded memory: forget peers whose points have faded, then the least recent offenders */
  private evict (now: number): void {
    if (this.peers.size <= this.config.maxPeers) return
    for (const [peer, e] of this.peers) {
      if (!this.bannedAt(e, now) && this.decayed(e, now) < 1) this.peers.delete(peer)
    }
    for (const peer of this.peers.keys()) {
      if (this.peers.size <= this.config.maxPeers) break
      this.peers.delete(peer)
    }
  }
}
