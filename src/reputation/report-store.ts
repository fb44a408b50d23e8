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
  }

  /** up to `limit` reports dated before `before`, newest first */
  async newest (limit: number, before: number): Promise<Uint8Array[]> {
    const frames: Uint8Array[] = []
    // keys sort by time: newest first is the reverse of the prefix order
    for await (const { key, value } of this.datastore.query({ prefix: REPORT_PREFIX, orders: [(a, b) => b.key.toString() < a.key.toString() ? -1 : b.key.toString() > a.key.toString() ? 1 : 0] })) {
      if (dateOf(key) >= before) continue
      frames.push(value)
      if (frames.length >= limit) break
    }
    return frames
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
