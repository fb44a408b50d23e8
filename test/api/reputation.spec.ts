import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { startApiServer } from '../../src/api/server.js'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { once, until } from '../fixtures/wait.js'
import type { CreditsJson, ReceiptJson, ReputationRowJson } from '../../src/api/reputation.js'
import type { ApiServer } from '../../src/api/server.js'
import type { ShoalNode, StoredReceipt } from '../../src/index.js'

describe('control API: reputation, credits, receipts', function () {
  this.timeout(120_000)
  const token = 'reputation-token'
  let requester: ShoalNode
  let worker: ShoalNode
  let api: ApiServer
  let jobId: string
  let receipt: StoredReceipt

  const call = async (path: string): Promise<{ status: number, body: any }> => {
    const res = await fetch(`http://${api.address}/v1${path}`, { headers: { authorization: `Bearer ${token}` } })
    return { status: res.status, body: await res.json() }
  }

  before(async () => {
    requester = await memoryPeer()
    // the worker asks 2 credits per job-second, so the ledger has something to count
    worker = await memoryPeer({ bootstrap: requester.libp2p.getMultiaddrs().map(String), capacity: { price: 2 } })
    await until('the peers to connect', () => requester.libp2p.getConnections(worker.peerId).length > 0, [{ target: requester.libp2p, events: ['connection:open'] }])
    api = await startApiServer({ node: requester, listen: { host: '127.0.0.1', port: 0 }, token })

    const w = worker.peerId.toString()
    // listen first: the receipt is kept right after the job ends
    const kept = once<StoredReceipt>(requester.libp2p.services.reputation, 'reputation:receipt', 60_000)
    const input = new TextEncoder().encode('reputation through the API')
    const result = await requester.submit({ module: exampleJob('sha256'), input, workers: [w] }).result
    expect(result.status, result.message).to.equal('succeeded')
    expect(result.worker).to.equal(w)
    jobId = result.id
    receipt = await kept
  })

  after(async () => {
    await api?.close()
    await stopAll([requester, worker])
  })

  it('GET /v1/reputation lists the worker with first-hand good evidence and trust above a stranger\'s', async () => {
    const r = await call('/reputation')
    expect(r.status).to.equal(200)
    const rows: ReputationRowJson[] = r.body
    const row = rows.find(x => x.peerId === worker.peerId.toString())
    expect(row, JSON.stringify(rows)).to.not.equal(undefined)
    expect(Object.keys(row!)).to.have.members(['peerId', 'trust', 'good', 'bad', 'banned', 'lastSeen'])
    expect(row!.good).to.equal(1)
    expect(row!.bad).to.equal(0)
    expect(row!.banned).to.equal(false)
    // one success: above the 0.3 a stranger gets, below 1
    expect(row!.trust).to.be.above(0.3).and.below(1)
    expect(row!.lastSeen).to.equal(receipt.at)
    expect(rows.some(x => x.peerId === requester.peerId.toString()), 'a peer does not rate itself').to.equal(false)
  })

  it('GET /v1/reputation/stats counts the report this peer published', async () => {
    // the report is signed and published just after the job ends: no event marks it, so poll
    for (let i = 0; i < 40 && requester.libp2p.services.reputation.getStats().published === 0; i++) await sleep(250)
    const r = await call('/reputation/stats')
    expect(r.status).to.equal(200)
    // its own report is kept, not validated: accepted counts others' reports; nothing to sync from a fresh worker
    expect(r.body).to.deep.equal({ published: 1, accepted: 0, rejected: {}, synced: 0 })
  })

  it('GET /v1/credits is the ledger: spent = the receipt\'s credits = bid price × wall seconds', async () => {
    const r = await call('/credits')
    expect(r.status).to.equal(200)
    const c: CreditsJson = r.body
    expect(Object.keys(c)).to.have.members(['earned', 'spent', 'balance', 'receipts'])
    expect(c.receipts).to.equal(1)
    expect(c.earned).to.equal(0)
    expect(c.spent).to.be.closeTo(2 * receipt.wallMs / 1000, 1e-9)
    expect(c.balance).to.equal(-c.spent)
  })

  it('GET /v1/receipts answers the requester\'s receipt with the three signed envelopes', async () => {
    const r = await call('/receipts')
    expect(r.status).to.equal(200)
    const receipts: ReceiptJson[] = r.body
    expect(receipts).to.have.length(1)
    const [got] = receipts
    expect(got).to.deep.equal(receipt)
    expect(got.jobId).to.equal(jobId)
    expect(got.role).to.equal('requester')
    expect(got.worker).to.equal(worker.peerId.toString())
    expect(got.requester).to.equal(requester.peerId.toString())
    for (const e of [got.bidEnvelope, got.resultEnvelope, got.ackEnvelope]) expect(e).to.match(/^[A-Za-z0-9+/]+={0,2}$/)
    expect((await call('/receipts?limit=1')).body).to.deep.equal(receipts)
    expect((await call('/receipts?limit=1000')).body).to.deep.equal(receipts)
  })

  it('GET /v1/receipts?limit= outside 1–1000 (or not a whole number) is 400', async () => {
    for (const bad of ['0', '1001', '-1', '2.5', 'ten', '', '%20']) {
      const r = await call(`/receipts?limit=${bad}`)
      expect(r.status, `limit=${bad}`).to.equal(400)
      expect(r.body.error).to.match(/limit must be a whole number from 1 to 1000/)
    }
  })
})
