import { join } from 'node:path'
import { expect } from 'chai'
import { LevelDatastore } from 'datastore-level'
import { memoryPeer } from '../fixtures/peers.js'
import { tempDir } from '../fixtures/daemon.js'
import { JobStore } from '../../src/jobs/store.js'
import { ReportStore } from '../../src/reputation/report-store.js'
import { DAY_MS } from '../../src/limits.js'
import type { JobRecord } from '../../src/index.js'
import type { VerifiedReport } from '../../src/reputation/reports.js'

const record = (id: string, createdAt: number, status: JobRecord['status'] = 'succeeded', role: JobRecord['role'] = 'requester'): JobRecord => ({
  id, role, kind: 'wasm', status, createdAt, requester: 'r', inputHash: '00', inputSize: 0, args: [], replicas: 1,
  attempts: status === 'running' ? [{ worker: 'w', replica: 0, startedAt: createdAt }] : [], results: []
})

const report = (n: number, at: number): VerifiedReport => ({
  reporter: 'rep', worker: 'wrk', jobId: `job${n}`, outcome: 'success', at, key: `rep/job${n}/wrk`, bytes: new TextEncoder().encode(`report ${n}`)
})

describe('datastore growth: old job records and reports are pruned by policy', function () {
  this.timeout(60_000)
  let dir: Awaited<ReturnType<typeof tempDir>>
  beforeEach(async () => { dir = await tempDir() })
  afterEach(async () => { await dir.remove() })

  it('job records: older than the policy go, the newest N stay, running jobs are never pruned', async () => {
    const datastore = new LevelDatastore(join(dir.path, 'ds'))
    await datastore.open()
    try {
      const store = new JobStore(datastore)
      const now = Date.now()
      for (let i = 0; i < 5; i++) await store.put(record(`old${i}`, now - 40 * DAY_MS + i))
      await store.put(record('old-running', now - 40 * DAY_MS, 'running', 'worker'))
      for (let i = 0; i < 5; i++) await store.put(record(`new${i}`, now - DAY_MS + i))
      expect(await store.prune({ olderThan: now - 30 * DAY_MS, keep: 100 })).to.equal(5)
      expect((await store.list(100)).map(r => r.id).sort()).to.deep.equal(['new0', 'new1', 'new2', 'new3', 'new4', 'old-running'])
      // a count: the newest finished ones stay (and the running one, always)
      expect(await store.prune({ olderThan: 0, keep: 3 })).to.equal(2)
      expect((await store.list(100)).map(r => r.id).sort()).to.deep.equal(['new2', 'new3', 'new4', 'old-running'])
    } finally {
      await datastore.close()
    }
  })

  it('reports: older than the policy go, then the oldest beyond the count; seen markers go only once reports are stale', async () => {
    const datastore = new LevelDatastore(join(dir.path, 'ds'))
    await datastore.open()
    try {
      const store = new ReportStore(datastore)
      const now = Date.now()
      const old = Array.from({ length: 4 }, (_, i) => report(i, now - 40 * DAY_MS + i))
      const recent = Array.from({ length: 6 }, (_, i) => report(10 + i, now - DAY_MS + i))
      for (const r of [...old, ...recent]) await store.put(r)
      expect(await store.count()).to.equal(10)
      expect(await store.prune({ olderThan: now - 30 * DAY_MS, keep: 1000, now })).to.equal(4)
      expect(await store.count()).to.equal(6)
      // the old ones may come back: they are stale everywhere, so their markers went with them
      for (const r of old) expect(await store.seen(r)).to.equal(false)
      expect(await store.prune({ olderThan: 0, keep: 2, now })).to.equal(4)
      const left = (await store.newest(100, Infinity)).map(b => new TextDecoder().decode(b))
      expect(left).to.deep.equal(['report 15', 'report 14'])
      // pruned by count but still fresh: a replay of them must still be refused
      for (const r of recent) expect(await store.seen(r)).to.equal(true)
    } finally {
      await datastore.close()
    }
  })

  it('a peer prunes at start by its configured policy, and closes jobs a crash left running', async () => {
    const first = await memoryPeer({ dataDir: dir.path })
    await first.stop()
    const datastore = new LevelDatastore(join(dir.path, 'datastore'))
    await datastore.open()
    const now = Date.now()
    const store = new JobStore(datastore)
    await store.put(record('ancient', now - 10 * DAY_MS))
    await store.put(record('recent', now - 60_000))
    await store.put(record('cut-short', now - 30_000, 'running'))
    await datastore.close()

    const second = await memoryPeer({ dataDir: dir.path, retention: { days: 7 } })
    try {
      const jobs = await second.jobs()
      expect(jobs.map(j => j.id).sort()).to.deep.equal(['cut-short', 'recent'])
      const cut = jobs.find(j => j.id === 'cut-short')!
      expect(cut).to.include({ status: 'failed', reason: 'interrupted', message: 'interrupted by restart' })
      expect(cut.attempts[0]).to.include({ outcome: 'failed', reason: 'interrupted' })
    } finally {
      await second.stop()
    }
  })
})
