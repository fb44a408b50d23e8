/**
 * The capacity table: the latest valid advert per peer. Pure bookkeeping;
 * the caller says what time it is and when to drop expired entries.
 */
import { TypedEventEmitter } from 'main-event'
import type { Advert, SignedAdvert } from './advert.js'

/** how an entry reached us: gossip, a sync answer, a DHT lookup, or our own */
export type AdvertSource = 'gossip' | 'sync' | 'lookup' | 'self'

export interface TableEntry {
  advert: Advert
  /** the signed envelope, served as is to peers that sync from us */
  bytes: Uint8Array
  source: AdvertSource
  receivedAt: number
}

export interface CapacityTableEvents {
  /** a peer's advert was added or replaced */
  update: CustomEvent<TableEntry>
  /** a peer left, or its advert expired */
  remove: CustomEvent<{ peerId: string, reason: 'leaving' | 'expired' }>
}

export class CapacityTable extends TypedEventEmitter<CapacityTableEvents> {
  private readonly entries = new Map<string, TableEntry>()
  /** highest sequence seen per peer, kept after removal so replays stay out */
  private readonly seqs = new Map<string, number>()

  lastSeq (peerId: string): number | undefined {
    return this.seqs.get(peerId)
  }

  /** applies an already validated advert; false if it is not newer than what we hold */
  apply ({ advert, bytes }: SignedAdvert, source: AdvertSource, now: number): boolean {
    const last = this.seqs.get(advert.peerId)
    if (last != null && advert.seq <= last) return false
    this.seqs.set(advert.peerId, advert.seq)
    if (advert.leaving) {
      if (this.entries.delete(advert.peerId)) this.safeDispatchEvent('remove', { detail: { peerId: advert.peerId, reason: 'leaving' } })
      return true
    }
    const entry = { advert, bytes, source, receivedAt: now }
    this.entries.set(advert.peerId, entry)
    this.safeDispatchEvent('update', { detail: entry })
    return true
  }

  /** drops adverts past their expiry; returns the time of the next expiry, if any */
  expire (now: number): number | undefined {
    let next: number | undefined
    for (const [peerId, { advert }] of this.entries) {
      if (advert.expiresAt <= now) {
        this.entries.delete(peerId)
        this.safeDispatchEvent('remove', { detail: { peerId, reason: 'expired' } })
      } else {
        next = Math.min(next ?? Infinity, advert.expiresAt)
      }
    }
    return next
  }

  get (peerId: string): TableEntry | undefined {
    return this.entries.get(peerId)
  }

  list (): TableEntry[] {
    return [...this.entries.values()].sort((a, b) => a.advert.peerId.localeCompare(b.advert.peerId))
  }

  get size (): number {
    return this.entries.size
  }

  /** forgets everything but the replay guard (bounded by the number of peers ever seen) */
  clear (): void {
    this.entries.clear()
  }
}

/** `--where gpu=true` filters: every key must match a label, or a derived field (gpu, runtime, kind) */
export function matchesFilters (advert: Advert, filters: Record<string, string>): boolean {
  return Object.entries(filters).every(([key, value]) => {
    if (advert.labels[key] != null) return advert.labels[key] === value
    if (key === 'gpu') return String(advert.gpus.length > 0) === value
    if (key === 'runtime') return advert.runtimes.includes(value)
    if (key === 'kind') return advert.kinds.includes(value)
    if (key === 'dataset') return advert.datasets?.some(d => d.name === value) === true
    return false
  })
}
