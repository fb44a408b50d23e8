/**
 * From what this machine has to what it offers: the operator's caps applied
 * to a measurement, and when a new measurement is worth publishing at once.
 * Pure; the measuring itself is behind the Probe interface (src/node/probe.ts).
 */
import type { Advert, DatasetInfo } from './advert.js'
import { MAX_MODELS, MAX_ONNX_PROVIDERS } from './constants.js'

/** what a probe reads off the machine */
export interface Measurement {
  cores: number
  memoryTotalMb: number
  memoryFreeMb: number
  /** one-minute load average (0 where the platform has none) */
  load: number
  gpus: Array<{ name: string, memoryMb: number, utilisation: number }>
}

/** reads the machine; must not throw for missing hardware (no GPU is an empty list) */
export type Probe = () => Promise<Measurement>

/** the operator's terms */
export interface OfferConfig {
  /** most jobs at once; default: the cores offered */
  maxJobs?: number
  /** most memory offered, MiB; default: all of it */
  maxMemoryMb?: number
  /** share of the cores offered, 0 < share ≤ 1 */
  cpuShare: number
  /** credits per job-second */
  price: number
  labels: Record<string, string>
  runtimes: string[]
  kinds: string[]
  /** data sets the operator mounted (names, sizes, visibility) */
  datasets?: DatasetInfo[]
  /** read at each advert: the onnx kind's execution providers and the models held (hex sha-256) */
  inference?: () => { providers: string[], models: string[] }
}

export interface AdvertTiming { seq: number, now: number, ttlMs: number, version: string, reachability?: 'public' | 'private' | 'unknown', addrs?: string[] }

export function buildAdvert (peerId: string, m: Measurement, offer: OfferConfig, slotsInUse: number, t: AdvertTiming): Advert {
  const cores = Math.max(1, Math.floor(m.cores * offer.cpuShare))
  const memoryTotalMb = Math.min(m.memoryTotalMb, offer.maxMemoryMb ?? Infinity)
  const slotsTotal = offer.maxJobs ?? cores
  return {
    peerId,
    seq: t.seq,
    issuedAt: t.now,
    expiresAt: t.now + t.ttlMs,
    leaving: false,
    version: t.version,
    cores,
    memoryTotalMb,
    memoryFreeMb: Math.min(m.memoryFreeMb, memoryTotalMb),
    load: Math.round(m.load * 1000) / 1000,
    gpus: m.gpus,
    runtimes: offer.runtimes,
    kinds: offer.kinds,
    slotsTotal,
    slotsFree: Math.max(0, slotsTotal - slotsInUse),
    price: offer.price,
    labels: offer.labels,
    reachability: t.reachability ?? 'unknown',
    addrs: t.addrs ?? [],
    datasets: offer.datasets ?? [],
    ...inferenceFields(offer)
  }
}

/** a goodbye: the table drops the peer at once instead of waiting for expiry */
export function leavingAdvert (last: Advert, t: AdvertTiming): Advert {
  return { ...last, seq: t.seq, issuedAt: t.now, expiresAt: t.now + t.ttlMs, leaving: true, slotsFree: 0 }
}

/**
 * Worth publishing now rather than at the next period: free slots changed,
 * free memory moved by more than a tenth of what is offered, the load per
 * core crossed a quarter step, or the terms changed.
 */
export function changedMaterially (prev: Advert | undefined, next: Advert): boolean {
  if (prev == null) return true
  if (prev.slotsFree !== next.slotsFree || prev.slotsTotal !== next.slotsTotal) return true
  if (Math.abs(prev.memoryFreeMb - next.memoryFreeMb) > next.memoryTotalMb / 10) return true
  const step = (a: Advert): number => Math.floor((a.load / a.cores) * 4)
  if (step(prev) !== step(next)) return true
  if ((prev.reachability ?? 'unknown') !== (next.reachability ?? 'unknown')) return true
  if (prev.price !== next.price || JSON.stringify(prev.labels) !== JSON.stringify(next.labels)) return true
  if (JSON.stringify(prev.datasets ?? []) !== JSON.stringify(next.datasets ?? [])) return true
  return JSON.stringify(prev.kinds) !== JSON.stringify(next.kinds) || prev.gpus.length !== next.gpus.length
}

/** sequence numbers: ms-based so they keep rising across restarts without being stored */
export function nextSeq (last: number, now: number): number {
  return Math.max(last + 1, now)
}

/**
 * The keys under which a peer provides itself in the DHT: `wasm` (and every
 * runtime), `gpu` when it has one, `kind:<k>` per job kind, `dataset:<name>`
 * per data set, and
 * `label:<key>=<value>` per label.
 */
export function capabilityKeys (a: Advert): string[] {
  const keys = new Set<string>(a.runtimes)
  if (a.gpus.length > 0 || a.labels.gpu === 'true') keys.add('gpu')
  for (const k of a.kinds) keys.add(`kind:${k}`)
  for (const d of a.datasets ?? []) keys.add(`dataset:${d.name}`)
  for (const [k, v] of Object.entries(a.labels)) keys.add(`label:${k}=${v}`)
  return [...keys].sort()
}

function inferenceFields (offer: OfferConfig): Pick<Advert, 'onnxProviders' | 'models'> {
  const inf = offer.inference?.()
  if (inf == null || inf.providers.length === 0) return {}
  return { onnxProviders: inf.providers.slice(0, MAX_ONNX_PROVIDERS), models: inf.models.slice(-MAX_MODELS) }
}
