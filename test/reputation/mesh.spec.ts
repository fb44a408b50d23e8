import { expect } from 'chai'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import { nodeExecutor } from '../../src/node/executor.js'
import type { JobExecutor, ShoalNode } from '../../src/index.js'

/** runs jobs for real, then corrupts the output in its own way */
function lyingExecutor (tag: number): JobExecutor {
  const real = nodeExecutor({ slots: 2 })
  return { ...real, run: async (req, opts) => {
    const out = await real.run(req, opts)
    const output = new Uint8Array([...out.output, tag])
    return { ...out, output }
  } }
}

describe('reputation across a mesh of real peers', function () {
  this.timeout(600_000)
  const nodes: ShoalNode[] = []
  after(async () => { await stopAll(nodes) })

  it('12 peers, 3 of them liars: after 300 jobs with adaptive replication every honest peer ranks every liar below every honest worker', async () => {
    const first = await memoryPeer({ capacity: { intervalMs: 5_000, maxJobs: 2 } })
    nodes.push(first)
    for (let i = 1; i < 12; i++) {
      nodes.push(await memoryPeer({ bootstrap: first.libp2p.getMultiaddrs().map(String), capacity: { intervalMs: 5_000, maxJobs: 2 }, ...(i >= 9 ? { executor: lyingExecutor(i) } : {}) }))
    }
    const honest = nodes.slice(0, 9)
    const liars = nodes.slice(9).map(n => n.peerId.toString())
    await until('every peer to see 11 workers', () => nodes.every(n => n.libp2p.services.capacity.list().filter(e => e.source !== 'self').length === 11),
      nodes.map(n => ({ target: n.libp2p.services.capacity, events: ['capacity:update'] })), 60_000)

    const sha256 = exampleJob('sha256')
    let wrongAccepted = 0
    let runs = 0
    let reruns = 0
    for (const h of honest) h.libp2p.services.jobs.addEventListener('job:rerun', () => { reruns++ })
    // 300 jobs with adaptive replication, requested by the honest peers in turn, in waves
    for (let wave = 0; wave < 10; wave++) {
      const results = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
        const requester = honest[(wave * 30 + i) % honest.length]
        const input = new TextEncoder().encode(`job ${wave}-${i}`)
        return requester.submit({ module: sha256, input, replicas: 'auto' }).result
      }))
      for (const r of results) {
        expect(r.status, `${r.reason}: ${r.message}`).to.equal('succeeded')
        if (liars.includes(r.worker!)) wrongAccepted++
        runs += r.results.length
      }
    }
    console.log(`      wrong outputs accepted: ${wrongAccepted} of 300; worker runs per job: ${(runs / 300).toFixed(2)}; requester re-runs: ${reruns}`)

    for (const peer of honest) {
      const rep = peer.libp2p.services.reputation
      const honestWorkers = honest.filter(h => h !== peer).map(h => h.peerId.toString())
      const worstHonest = Math.min(...honestWorkers.map(h => rep.trust(h)))
      const bestLiar = Math.max(...liars.map(l => rep.trust(l)))
      expect(bestLiar, `${peer.peerId}: best liar ${bestLiar} vs worst honest ${worstHonest}`).to.be.below(worstHonest)
    }
    expect(wrongAccepted).to.equal(0)
  })
})
