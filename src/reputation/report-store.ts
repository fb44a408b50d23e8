/**
 * Signed reports in the datastore: kept by date so the newest are served
 * first, with a "seen" marker per reporter, job and worker so a report
 * cannot come back under another date, and pruned by age and count.
 */
import { Key } from 'interface-datastore'
import { MAX_REPORT_AGE_MS, REPORT_PREFIX, REPORT_SEEN_PREFIX } from './constants.js'
import type { VerifiedReport } from './reports.js'
import type { Datastore } from 'interface-datastore'

export interface ReportPrunePolicy {
  /** reports dated before this go */
  olderThan: number
  /** at most this many reports stay, the newest */
  keep: number
  now: number
}

export class ReportStore {
  /**
   * the report keys, in order (they sort by date): a sync answer is a page
   * of them, found by binary search, not a sort of every report. Read from
   * the datastore once, on the first answer
   */
  private index?: string[]
  private indexing?: Promise<string[]>
  private addedWhileIndexing?: string[]

  constructor (private readonly datastore: Datastore) {}

  async seen (report: VerifiedReport): Promise<boolean> {
    return this.datastore.has(seenKey(report.key))
  }

  /** the report and its marker, in one batch: both or neither survive a crash */
  async put (report: VerifiedReport): Promise<void> {
    const batch = this.datastore.batch()
    batch.put(reportKey(report), report.bytes)
    // the marker holds the report's date, so it can go once the report is too old to be taken anyway
    batch.put(seenKey(report.key), new TextEncoder().encode(String(report.at)))
    await batch.commit()
    if (this.index != null) insertSorted(this.index, reportKey(report).toString())
    else this.addedWhileIndexing?.push(reportKey(report).toString())
  }

  /** up to `limit` reports dated before `before`, newest first */
  async newest (limit: number, before: number): Promise<Uint8Array[]> {
    const index = await this.keys()
    // keys sort by date: the page ends just below the first key dated `before` or later
    let end = Number.isFinite(before) ? lowerBound(index, `${REPORT_PREFIX}${String(Math.max(0, Math.floor(before))).padStart(15, '0')}`) : index.length
    const frames: Uint8Array[] = []
    while (end > 0 && frames.length < limit) {
      const key = index[--end]
      // pruned meanwhile: skip it
      const value = await Promise.resolve(new Key(key)).then(async k => this.datastore.get(k)).catch(() => undefined)
      if (value != null) frames.push(value)
    }
    return frames
  }

  private async keys (): Promise<string[]> {
    if (this.index != null) return this.index
    this.indexing ??= (async () => {
      this.addedWhileIndexing = []
      const keys: string[] = []
      for await (const key of this.datastore.queryKeys({ prefix: REPORT_PREFIX })) keys.push(key.toString())
      keys.sort()
      // reports stored while the keys were read are in both: keep one of each
      const merged = [...new Set([...keys, ...this.addedWhileIndexing!])].sort()
      this.addedWhileIndexing = undefined
      this.index = merged
      return merged
    })()
    return this.indexing
  }

  async count (): Promise<number> {
    let n = 0
    for await (const _ of this.datastore.queryKeys({ prefix: REPORT_PREFIX })) n++
    return n
  }

  /**
   * Drops reports older than the policy allows, then the oldest beyond its
   * count. A report's "seen" marker goes only once the report is past
   * MAX_REPORT_AGE_MS (every peer refuses it as stale then), so a pruned
   * report cannot be replayed and counted twice. Returns how many reports went.
   */
  async prune (policy: ReportPrunePolicy): Promise<number> {
    const keys: Key[] = []
    for await (const key of this.datastore.queryKeys({ prefix: REPORT_PREFIX })) keys.push(key)
    keys.sort((a, b) => a.toString() < b.toString() ? -1 : 1)
    const excess = Math.max(0, keys.length - policy.keep)
    const doomed = keys.filter((key, i) => i < excess || dateOf(key) < policy.olderThan)
    const staleBefore = policy.now - MAX_REPORT_AGE_MS
    const batch = this.datastore.batch()
    for (const key of doomed) batch.delete(key)
    for await (const { key, value } of this.datastore.query({ prefix: REPORT_SEEN_PREFIX })) {
      const at = Number(new TextDecoder().decode(value))
      // markers written before they held a date have none: keep them
      if (value.byteLength > 0 && Number.isFinite(at) && at < staleBefore) batch.delete(key)
    }
    await batch.commit()
    if (this.index != null) {
      const gone = new Set(doomed.map(k => k.toString()))
      this.index = this.index.filter(k => !gone.has(k))
    }
    return doomed.length
  }
}

function dateOf (key: Key): number {
  return Number(key.toString().slice(REPORT_PREFIX.length).split('-')[0])
}

function seenKey (reportId: string): Key {
  return new Key(`${REPORT_SEEN_PREFIX}${reportId.replaceAll('/', '_')}`)
}

/** reports are keyed by time first, so the newest come first in reverse key order */
function reportKey (r: VerifiedReport): Key {
  return new Key(`${REPORT_PREFIX}${String(r.at).padStart(15, '0')}-${r.key.replaceAll('/', '_')}`)
}

/** the first position whose key is not below `key` */
function lowerBound (sorted: string[], key: string): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

function insertSorted (sorted: string[], key: string): void {
  const at = lowerBound(sorted, key)
  if (sorted[at] !== key) sorted.splice(at, 0, key)
}
