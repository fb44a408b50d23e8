import { createHash } from 'node:crypto'
import { expect } from 'chai'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import { nodeExecutor } from '../../src/node/executor.js'
import type { JobExecutor, ShoalNode } from '../../src/index.js'

const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
const wasmWorkers = (n: ShoalNode): number => n.libp2p.services.capacity.list().filter(e => e.advert.runtimes.includes('wasm') && e.source !== 'self').length

async function mesh (count: number, extra: (i: number) => Parameters<typeof memoryPeer>[0] = () => ({})): Promise<ShoalNode[]> {
  const first = await memoryPeer({ capacity: { intervalMs: 5_000 }, ...extra(0) })
  const nodes = [first]
  for (let i = 1; i < count; i++) nodes.push(await memoryPeer({ bootstrap: first.libp2p.getMultiaddrs().map(String), capacity: { intervalMs: 5_000 }, ...extra(i) }))
  await until(`every peer to see ${count - 1} wasm workers`, () => nodes.every(n => wasmWorkers(n) === count - 1),
    nodes.map(n => ({ target: n.libp2p.services.capacity, events: ['capacity:update'] })), 60_000)
  return nodes
}

describe('jobs across a mesh', function () {
  this.timeout(300_000)
  const sha256 = exampleJob('sha256')

  describe('five peers', () => {
    let nodes: ShoalNode[] = []
    before(async () => { nodes = await mesh(5) })
    after(async () => { await stopAll(nodes) })

    it('200 sha-256 jobs from one requester: every output right, spread over ≥ 3 workers', async () => {
      const requester = nodes[0]
      const inputs = Array.from({ length: 200 }, (_, i) => crypto.getRandomValues(new Uint8Array(1 + (i * 997) % 32_768)))
      const results = await Promise.all(inputs.map(async input => requester.submit({ module: sha256, input }).result))
      const workers = new Map<string, number>()
      results.forEach((r, i) => {
        expect(r.status, `job ${i}: ${r.reason} ${r.message}`).to.equal('succeeded')
        expect(new TextDecoder().decode(r.output)).to.equal(sha256Hex(inputs[i]))
        workers.set(r.worker!, (workers.get(r.worker!) ?? 0) + 1)
      })
      expect(workers.size, JSON.stringify([...workers])).to.be.at.least(3)
      expect(workers.has(requester.peerId.toString())).to.equal(false)
    })

    it('sends a module to the same worker once', async () => {
      const worker = nodes[1]
      const before = worker.libp2p.services.jobs.workerCounters().moduleTransfers
      const primes = exampleJob('primes')
      for (let i = 0; i < 2; i++) {
        const r = await nodes[2].submit({ module: primes, args: ['1000'], workers: [worker.peerId.toString()] }).result
        expect(r.status).to.equal('succeeded')
        expect(new TextDecoder().decode(r.output)).to.equal('168')
      }
      expect(worker.libp2p.services.jobs.workerCounters().moduleTransfers - before).to.equal(1)
    })

    it('records jobs on both sides, with attempts', async () => {
      const handle = nodes[3].submit({ module: sha256, input: new TextEncoder().encode('abc') })
      const accepted = new Promise(resolve => { handle.addEventListener('accepted', resolve, { once: true }) })
      const result = await handle.result
      await accepted
      const [mine] = await nodes[3].job(result.id)
      expect(mine.role).to.equal('requester')
      expect(mine.status).to.equal('succeeded')
      expect(mine.attempts.length).to.be.at.least(1)
      const worker = nodes.find(n => n.peerId.toString() === result.worker)!
      const [theirs] = await worker.job(result.id)
      expect(theirs.role).to.equal('worker')
      expect(theirs.outputHash).to.equal(mine.outputHash)
    })
  })

  describe('replicas', () => {
    let nodes: ShoalNode[] = []
    after(async () => { await stopAll(nodes) })

    it('three replicas with one lying worker: the majority output is accepted', async () => {
      // peer 1 runs jobs for real but flips a byte of every output
      const liar = (): JobExecutor => {
        const real = nodeExecutor({ slots: 2 })
        return { ...real, run: async (req, opts) => {
          const out = await real.run(req, opts)
          const output = new Uint8Array(out.output)
          if (output.length > 0) output[0] ^= 1
          return { ...out, output }
        } }
      }
      nodes = await mesh(5, i => i === 1 ? { executor: liar() } : {})
      const liarId = nodes[1].peerId.toString()
      const input = new TextEncoder().encode('replicate me')
      // pin the liar among the three so the test cannot pass by luck
      const honest = nodes.slice(2, 4).map(n => n.peerId.toString())
      const r = await nodes[0].submit({ module: sha256, input, replicas: 3, workers: [liarId, ...honest] }).result
      expect(r.status).to.equal('succeeded')
      expect(new TextDecoder().decode(r.output)).to.equal(sha256Hex(input))
      expect(r.worker).to.not.equal(liarId)
      expect(r.results).to.have.length(3)
      const byWorker = new Map(r.results.map(x => [x.worker, x.outputHash]))
      expect(byWorker.get(liarId)).to.not.equal(r.outputHash)
    })
  })
})
