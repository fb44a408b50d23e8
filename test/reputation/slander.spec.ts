import { expect } from 'chai'
import { exampleJob } from '../fixtures/jobs.js'
import { tempDir } from '../fixtures/daemon.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import { REPUTATION_TOPIC } from '../../src/reputation/constants.js'
import { sealReport } from '../../src/reputation/reports.js'
import { fromBase64 } from '../../src/utils/base64.js'
import { fromHexString } from '../../src/utils/hash.js'
import type { ShoalNode } from '../../src/index.js'

const sha256 = exampleJob('sha256')

describe('reputation: slander and restarts', function () {
  this.timeout(180_000)
  const nodes: ShoalNode[] = []
  after(async () => { await stopAll(nodes) })

  it('three colluding requesters slandering an honest worker leave it above the refusal threshold on honest peers', async () => {
    const worker = await memoryPeer({ capacity: { maxJobs: 4 } })
    const entry = worker.libp2p.getMultiaddrs().map(String)
    const honest = [await memoryPeer({ bootstrap: entry, executor: false }), await memoryPeer({ bootstrap: entry, executor: false })]
    const slanderers = [await memoryPeer({ bootstrap: entry, executor: false }), await memoryPeer({ bootstrap: entry, executor: false }), await memoryPeer({ bootstrap: entry, executor: false })]
    nodes.push(worker, ...honest, ...slanderers)
    const w = worker.peerId.toString()
    const run = async (n: ShoalNode, i: number) => n.submit({ module: sha256, input: new TextEncoder().encode(`${n.peerId}-${i}`), workers: [w] }).result

    for (const h of honest) for (let i = 0; i < 10; i++) expect((await run(h, i)).status).to.equal('succeeded')
    // the slanderers deal with the worker for real (they need its signed bids), then lie about it;
    // a slanderer's client does not publish the honest report a Shoal peer would (one report per job)
    for (const s of slanderers) s.libp2p.services.jobs.removeEventListener('job:evidence', (s.libp2p.services.reputation as any).onEvidence)
    const lies: Uint8Array[] = []
    for (const s of slanderers) {
      for (let i = 0; i < 5; i++) {
        const r = await run(s, i)
        const bid = fromBase64(r.results[0].bidEnvelope)
        lies.push(await sealReport({ worker: worker.peerId.toMultihash().bytes, jobId: fromHexString(r.id), outcome: 'timeout', at: Date.now(), bid }, (s.libp2p as any).components.privateKey, s.peerId.toMultihash().bytes))
      }
    }
    const received = new Map(honest.map(h => [h, 0]))
    for (const h of honest) {
      h.libp2p.services.reputation.addEventListener('reputation:report', (evt) => {
        if (evt.detail.outcome === 'timeout') received.set(h, received.get(h)! + 1)
      })
    }
    await until('the honest peers to be meshed on the reputation topic', () => honest.every(h => h.libp2p.services.pubsub.getSubscribers(REPUTATION_TOPIC).length >= 3),
      honest.map(h => ({ target: h.libp2p.services.pubsub, events: ['subscription-change', 'gossipsub:graft'] })))
    for (const [i, lie] of lies.entries()) await slanderers[Math.floor(i / 5)].libp2p.services.pubsub.publish(REPUTATION_TOPIC, lie)
    await until('both honest peers to hear all 15 lies', () => honest.every(h => received.get(h) === 15),
      honest.map(h => ({ target: h.libp2p.services.reputation, events: ['reputation:report'] })))

    for (const h of honest) {
      const rep = h.libp2p.services.reputation
      expect(rep.trust(w), `${h.peerId} sees the worker at ${rep.trust(w)}`).to.be.at.least(rep.refuseThreshold)
      expect(rep.refuses(w)).to.equal(false)
    }
  })

  it('a restarted peer keeps its receipts, reports and table', async () => {
    const dir = await tempDir()
    try {
      const worker = await memoryPeer({})
      nodes.push(worker)
      let requester = await memoryPeer({ dataDir: dir.path, bootstrap: worker.libp2p.getMultiaddrs().map(String), executor: false })
      for (let i = 0; i < 3; i++) expect((await requester.submit({ module: sha256, input: new Uint8Array([i]), workers: [worker.peerId.toString()] }).result).status).to.equal('succeeded')
      await until('three receipts', async () => (await requester.receipts()).length === 3, [{ target: requester.libp2p.services.reputation, events: ['reputation:receipt'] }])
      const before = { receipts: await requester.receipts(), trust: requester.libp2p.services.reputation.trust(worker.peerId.toString()), credits: await requester.credits() }
      expect(before.trust).to.be.above(0.3) // three clean jobs lift a newcomer
      await requester.stop()

      requester = await memoryPeer({ dataDir: dir.path, executor: false })
      nodes.push(requester)
      expect((await requester.receipts()).map(r => r.jobId).sort()).to.deep.equal(before.receipts.map(r => r.jobId).sort())
      expect(requester.libp2p.services.reputation.trust(worker.peerId.toString())).to.be.closeTo(before.trust, 1e-3)
      expect(await requester.credits()).to.deep.equal(before.credits)
    } finally {
      await dir.remove()
    }
  })
})
