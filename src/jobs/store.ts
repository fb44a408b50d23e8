/**
 * Job records in the datastore, for `shoal jobs` and for the evidence the
 * reputation layer builds on. Written when a job starts and when it ends.
 */
import { Key } from 'interface-datastore'
import { JOB_RECORD_PREFIX } from './constants.js'
import type { JobRecord } from './types.js'
import type { Datastore } from 'interface-datastore'

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
    const records: JobRecord[] = []
    for await (const { value } of this.datastore.query({ prefix: JOB_RECORD_PREFIX })) {
      records.push(JSON.parse(new TextDecoder().decode(value)))
    }
    return records.sort((a, b) => b.createdAt - a.createdAt).slice(0, limit)
  }
}
