/**
 * Job records in the datastore, for `shoal jobs` and for the evidence the
 * reputation layer builds on. Written when a job starts, as it changes and
 * when it ends; pruned by age and count; records a restart cut short are
 * closed as failed, never left running.
 */
import { Key } from 'interface-datastore'
import { JOB_RECORD_PREFIX } from './constants.js'
import type { JobRecord } from './types.js'
import type { Datastore } from 'interface-datastore'

export interface PrunePolicy {
  /** records created before this time go (unless still running) */
  olderThan: number
  /** at most this many finished records stay, the newest (running ones are never pruned) */
  keep: number
}

/** what a restart does to a record left running: the job's fate is unknown, so it failed */
export const INTERRUPTED_REASON = 'interrupted'
export const INTERRUPTED_MESSAGE = 'interrupted by restart'

const isOpen = (r: JobRecord): boolean => r.status === 'running' || r.status === 'pending'

export class JobStore {
  constructor (private readonly datastore: Datastore) {}

  private key (role: JobRecord['role'], id: string): Key {
    return new Key(`${JOB_RECORD_PREFIX}${role}/${id}`)
  }

  async put (record: JobRecord): Promise<void> {
    await this.datastore.put(this.key(record.role, record.id), new TextEncoder().encode(JSON.stringify(record)))
  }

  async get (id: string): Promise<JobRecord[]> {
    const found: JobRecord[] = []
    for (const role of ['requester', 'worker'] as const) {
      const key = this.key(role, id)
      if (await this.datastore.has(key)) found.push(JSON.parse(new TextDecoder().decode(await this.datastore.get(key))))
    }
    return found
  }

  /** most recent first */
  async list (limit = 100): Promise<JobRecord[]> {
    return (await this.all()).sort((a, b) => b.createdAt - a.createdAt).slice(0, limit)
  }

  /**
   * At start, before any job runs: every record still open belonged to a
   * job the last run of this peer was doing when it died. Returns them, closed.
   */
  async closeInterrupted (now = Date.now()): Promise<JobRecord[]> {
    const closed: JobRecord[] = []
    for (const record of await this.all()) {
      if (!isOpen(record)) continue
      record.status = 'failed'
      record.reason = INTERRUPTED_REASON
      record.message = INTERRUPTED_MESSAGE
      record.finishedAt = now
      for (const a of record.attempts) {
        if (a.endedAt == null) Object.assign(a, { endedAt: now, outcome: 'failed', reason: INTERRUPTED_REASON, message: INTERRUPTED_MESSAGE })
      }
      await this.put(record)
      closed.push(record)
    }
    return closed
  }

  /** drops records older than the policy allows, then the oldest beyond its count; running jobs stay. Returns how many went. */
  async prune (policy: PrunePolicy): Promise<number> {
    const records = (await this.all()).sort((a, b) => b.createdAt - a.createdAt)
    const doomed: JobRecord[] = []
    let kept = 0
    for (const r of records) {
      if (isOpen(r)) continue
      if (r.createdAt < policy.olderThan || kept >= policy.keep) doomed.push(r)
      else kept++
    }
    if (doomed.length === 0) return 0
    const batch = this.datastore.batch()
    for (const r of doomed) batch.delete(this.key(r.role, r.id))
    await batch.commit()
    return doomed.length
  }

  private async all (): Promise<JobRecord[]> {
    const records: JobRecord[] = []
    for await (const { value } of this.datastore.query({ prefix: JOB_RECORD_PREFIX })) {
      records.push(JSON.parse(new TextDecoder().decode(value)))
    }
    return records
  }
}
