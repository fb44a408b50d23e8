/**
 * The capacity table as plain JSON rows, for the library surface, the
 * control API and the CLI. Pure: the caller says what time it is.
 */
import type { Advert } from './advert.js'
import type { AdvertSource, TableEntry } from './table.js'

/** one peer's advert as the API and `shoal capacity --json` show it */
export interface CapacityRow {
  peerId: string
  /** logical cores offered (after the operator's cpu share) */
  cores: number
  /** memory offered, MiB, and how much of it is free now */
  memoryTotalMb: number
  memoryFreeMb: number
  /** one-minute load average */
  load: number
  gpus: Array<{ name: string, memoryMb: number, utilisation: number }>
  runtimes: string[]
  kinds: string[]
  slotsTotal: number
  slotsFree: number
  /** credits per job-second */
  price: number
  labels: Record<string, string>
  /** data sets held there that jobs may name */
  datasets: Array<{ name: string, size: number, public: boolean, cid?: string }>
  seq: number
  /** ms since the epoch, by the advertising peer's clock */
  issuedAt: number
  expiresAt: number
  /** the advertising peer's Shoal version */
  version: string
  /** how the advert reached this peer: gossip, sync, lookup, or self (our own) */
  source: AdvertSource
  /** ms since the advert was issued (0 if its clock runs ahead of ours) */
  ageMs: number
}

/** a table entry (or our own advert) as a row */
export function toCapacityRow (entry: Pick<TableEntry, 'advert' | 'source'>, now: number): CapacityRow {
  const a: Advert = entry.advert
  return {
    peerId: a.peerId,
    cores: a.cores,
    memoryTotalMb: a.memoryTotalMb,
    memoryFreeMb: a.memoryFreeMb,
    load: a.load,
    gpus: a.gpus.map(g => ({ name: g.name, memoryMb: g.memoryMb, utilisation: g.utilisation })),
    runtimes: [...a.runtimes],
    kinds: [...a.kinds],
    slotsTotal: a.slotsTotal,
    slotsFree: a.slotsFree,
    price: a.price,
    labels: { ...a.labels },
    datasets: (a.datasets ?? []).map(d => ({ ...d })),
    seq: a.seq,
    issuedAt: a.issuedAt,
    expiresAt: a.expiresAt,
    version: a.version,
    source: entry.source,
    ageMs: Math.max(0, now - a.issuedAt)
  }
}

/** the form a `where` filter takes, for error messages */
export const WHERE_FORM = '<key>=<value>, a label or gpu, runtime, kind or dataset (e.g. region=eu, gpu=true, runtime=wasm, dataset=shard)'

/**
 * Parses `key=value` filters (`--where`, `?where=`): the key is everything
 * before the first `=` and must not be empty. Returns the bad one, if any.
 */
export function parseWhere (items: string[]): { filters: Record<string, string> } | { bad: string } {
  const filters: Record<string, string> = {}
  for (const item of items) {
    const eq = item.indexOf('=')
    if (eq <= 0) return { bad: item }
    filters[item.slice(0, eq)] = item.slice(eq + 1)
  }
  return { filters }
}
