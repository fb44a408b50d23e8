/**
 * Choosing workers from the capacity table. Pure: the caller passes the
 * table, measured latencies and a random source.
 *
 * A worker fits when it runs the job's kind, offers the memory asked,
 * carries the labels asked, holds the data sets the job names and is within
 * price. Fitting workers are ranked
 * by a score (lower is better):
 *
 *   load per core + busy share + latency / 100 ms + price / (1 + price) + jitter
 *
 * where busy share = 1 − free slots / slots and jitter is uniform in
 * [0, 0.5), so equal workers share the load. Workers with no free slot go
 * last rather than nowhere: their queue may still take the job.
 *
 * An onnx job's model (by hash) counts for locality: a worker whose advert
 * lists it as held scores 1 lower (it skips the transfer and may have the
 * session warm), as much as a whole difference in busy share.
 *
 * A job with a large transfer (module + input above the relay-friendly size)
 * goes to workers others can dial directly whenever any fits: a private
 * worker is reached through a relay, whose limits suit control messages.
 */
import type { Advert } from '../capacity/advert.js'

export interface Requirements {
  kind: string
  memoryMb: number
  labels: Record<string, string>
  maxPrice?: number
  /** data sets the worker must hold */
  datasets?: string[]
  /** hex sha-256 of the job's module (onnx: the model), for locality */
  module?: string
}

export function fits (a: Advert, req: Requirements): boolean {
  if (a.leaving) return false
  const runs = req.kind === 'wasm' ? a.runtimes.includes('wasm') : a.kinds.includes(req.kind)
  // an onnx worker says which providers it runs; an advert without any (an older peer) runs none
  if (req.kind === 'onnx' && a.kinds.includes('onnx') && (a.onnxProviders ?? []).length === 0) return false
  if (!runs || a.memoryTotalMb < req.memoryMb) return false
  if (req.maxPrice != null && a.price > req.maxPrice) return false
  if (req.datasets != null && !req.datasets.every(name => a.datasets?.some(d => d.name === name) === true)) return false
  return Object.entries(req.labels).every(([k, v]) => a.labels[k] === v)
}

export function score (a: Advert, latencyMs: number | undefined, random: number): number {
  const busy = a.slotsTotal === 0 ? 1 : 1 - a.slotsFree / a.slotsTotal
  return a.load / Math.max(1, a.cores) + busy + (latencyMs ?? 50) / 100 + a.price / (1 + a.price) + random * 0.5
}

/** peer ids of fitting workers, best first; `exclude` are already tried or running a replica */
export function rankWorkers (adverts: Advert[], req: Requirements, opts: { self: string, exclude: Set<string>, latency: (peer: string) => number | undefined, random: () => number, largeTransfer?: boolean }): string[] {
  const holds = (a: Advert): boolean => req.module != null && (a.models ?? []).includes(req.module)
  const fitting = adverts.filter(a => a.peerId !== opts.self && !opts.exclude.has(a.peerId) && fits(a, req))
  const direct = fitting.filter(a => a.reachability !== 'private')
  return (opts.largeTransfer === true && direct.length > 0 ? direct : fitting)
    .map(a => ({ id: a.peerId, free: a.slotsFree > 0, s: score(a, opts.latency(a.peerId), opts.random()) - (holds(a) ? 1 : 0) }))
    .sort((x, y) => Number(y.free) - Number(x.free) || x.s - y.s)
    .map(x => x.id)
}

/**
 * The replicas' verdict: the output hash returned by more than half of the
 * replicas asked for, if any.
 */
export function majority (hashes: string[], replicas: number): string | undefined {
  const counts = new Map<string, number>()
  for (const h of hashes) counts.set(h, (counts.get(h) ?? 0) + 1)
  for (const [hash, n] of counts) if (n > replicas / 2) return hash
  return undefined
}
