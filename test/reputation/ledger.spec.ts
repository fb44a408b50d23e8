/**
 * The credits ledger (running totals kept beside the receipts) and the
 * report index behind sync answers, on a real on-disk datastore.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import fc from 'fast-check'
import { LevelDatastore } from 'datastore-level'
import { Key } from 'interface-datastore'
import { ReceiptLedger } from '../../src/reputation/ledger.js'
import { LEDGER_KEY, RECEIPT_PREFIX } from '../../src/reputation/constants.js'
import { ReportStore } from '../../src/reputation/report-store.js'
import type { LedgerReceipt } from '../../src/reputation/ledger.js'
import type { VerifiedReport } from '../../src/reputation/reports.js'

const receipt = fc.record({
  jobId: fc.constantFrom('a1', 'b2', 'c3', 'd4', 'e5', 'f6', 'a7', 'b8'),
  role: fc.constantFrom('requester' as const, 'worker' as const),
  worker: fc.constantFrom('w1', 'w2'),
  credits: fc.double({ min: 0, max: 1000, noNaN: true }),
  at: fc.integer({ min: 1, max: 2 ** 40 })
})

describe('the credits ledger', function () {
  this.timeout(60_000)
  let dir: string
  let store: LevelDatastore
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoal-ledger-'))
    store = new LevelDatastore(join(dir, 'datastore'))
    await store.open()
  })
  afterEach(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('matches a full recount, also after a restart, whatever receipts come (the same one twice counts once)', async () => {
    let run = 0
    await fc.assert(fc.asyncProperty(fc.array(receipt, { maxLength: 30 }), async (receipts) => {
      // a fresh datastore area per run: clear what the last run kept
      for await (const key of store.queryKeys({ prefix: '/shoal' })) await store.delete(key)
      run++
      const ledger = new ReceiptLedger(store)
      await ledger.load()
      // concurrently, as the jobs service keeps them
      await Promise.all(receipts.map(async r => ledger.keep(r)))
      const recount = await ReceiptLedger.recount(store)
      const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(a))
      const t = ledger.totals()
      expect(t.receipts).to.equal(recount.receipts)
      expect(close(t.earned, recount.earned) && close(t.spent, recount.spent), `${JSON.stringify(t)} vs ${JSON.stringify(recount)}`).to.equal(true)
      // a restart: the totals come from one key, and still match
      const again = new ReceiptLedger(store)
      await again.load()
      expect(again.totals()).to.deep.equal(t)
    }), { numRuns: 60 })
    expect(run).to.equal(60)
  })

  it('a datastore from before the ledger is counted once at start, and the count kept', async () => {
    const old: LedgerReceipt[] = [
      { jobId: 'x', role: 'worker', worker: 'w', credits: 2.5, at: 1 },
      { jobId: 'y', role: 'requester', worker: 'v', credits: 1, at: 2 }
    ]
    for (const r of old) await store.put(new Key(`${RECEIPT_PREFIX}${r.role}/${r.jobId}/${r.worker}`), new TextEncoder().encode(JSON.stringify(r)))
    const ledger = new ReceiptLedger(store)
    await ledger.load()
    expect(ledger.totals()).to.deep.equal({ earned: 2.5, spent: 1, balance: 1.5, receipts: 2 })
    expect(await store.has(new Key(LEDGER_KEY))).to.equal(true)
    // newest first, from memory after the first scan
    await ledger.keep({ jobId: 'z', role: 'worker', worker: 'w', credits: 1, at: 3 })
    expect((await ledger.recent(10)).map(r => r.jobId)).to.deep.equal(['z', 'y', 'x'])
  })
})

describe('the report index behind sync answers', function () {
  this.timeout(60_000)
  let dir: string
  let store: LevelDatastore
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoal-reports-'))
    store = new LevelDatastore(join(dir, 'datastore'))
    await store.open()
  })
  after(async () => {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  const report = (at: number, n: number): VerifiedReport => ({ reporter: 'r', worker: `w${n}`, jobId: `j${n}`, outcome: 'success', at, key: `r/j${n}/w${n}`, bytes: new TextEncoder().encode(`${at}:${n}`) })

  it('pages newest first, before a date, the same as a sort of everything would', async () => {
    const reports = new ReportStore(store)
    const dates = Array.from({ length: 300 }, (_, i) => 1_700_000_000_000 + ((i * 7919) % 1000) * 1000)
    // some stored before the index is first read, some after
    for (let i = 0; i < 150; i++) await reports.put(report(dates[i], i))
    expect(await reports.newest(5, Infinity)).to.have.length(5)
    for (let i = 150; i < 300; i++) await reports.put(report(dates[i], i))
    const all = dates.map((at, n) => ({ at, text: `${at}:${n}`, key: `${String(at).padStart(15, '0')}-r_j${n}_w${n}` })).sort((a, b) => a.key < b.key ? 1 : -1)
    for (const before of [Infinity, dates[10], dates[200], 1_700_000_000_000, 1_800_000_000_000]) {
      for (const limit of [1, 17, 400]) {
        const expected = all.filter(r => r.at < before).slice(0, limit).map(r => r.text)
        const got = (await reports.newest(limit, before)).map(b => new TextDecoder().decode(b))
        expect(got, `limit ${limit} before ${before}`).to.deep.equal(expected)
      }
    }
    // pruned reports leave the index too
    const gone = await reports.prune({ olderThan: 0, keep: 100, now: 1_700_000_000_000 })
    expect(gone).to.equal(200)
    expect(await reports.newest(400, Infinity)).to.have.length(100)
  })
})
