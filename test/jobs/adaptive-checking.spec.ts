import { expect } from 'chai'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import { nodeExecutor } from '../../src/node/executor.js'
import type { JobExecutor, ShoalNode } from '../../src/index.js'

/**
 * runs jobs for real; once `turned()` it corrupts every output its own way
 * (not colluding: matching wrong outputs would be proven collusion, banned
 * at the first catch, before a spike could build)
 */
function turncoat (tag: number, turned: () => boolean): JobExecutor {
  const real = nodeExecutor({ slots: 2 })
  return { ...real, run: async (req, opts) => {
    const out = await real.run(req, opts)
    return turned() ? { ...out, output: new TextEncoder().encode(`wrong ${tag}`) } : out
  } }
}

/**
 * The live requester checks as hard as the simulations do: calm at the base
 * spot-check rate; after workers with a good record start returning wrong
 * results, an error spike raises the spot-check rate and adds workers.
 */
describe('jobs: adaptive checking in the live requester', function () {
  this.timeout(180_000)
  const nodes: ShoalNode[] = []
  after(async () => { await stopAll(nodes) })

  it('calm at the base rate; workers with a record that turn bad raise the spike and the spot-check rate', async () => {
    let turned = false
    const requester = await memoryPeer({ capacity: { intervalMs: 5_000, maxJobs: 2 } })
    nodes.push(requester)
    const entry = requester.libp2p.getMultiaddrs().map(String)
    for (let i = 0; i < 5; i++) {
      nodes.push(await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 5_000, maxJobs: 2 }, ...(i < 3 ? { executor: turncoat(i, () => turned) } : {}) }))
    }
    await until('the requester sees 5 workers', () => requester.libp2p.services.capacity.list().filter(e => e.source !== 'self').length === 5,
      [{ target: requester.libp2p.services.capacity, events: ['capacity:update'] }], 60_000)
    const jobs = requester.libp2p.services.jobs
    const calm = jobs.checking()
    expect(calm.spike).to.equal(0)
    expect(calm.extraReplicas).to.equal(0)
    expect(calm.spotCheckRate.veteran).to.equal(0.05)

    const sha256 = exampleJob('sha256')
    const run = async (n: number, tag: string): Promise<Array<{ status: string, reason?: string }>> => {
      const all = []
      for (let k = 0; k < n; k += 4) {
        all.push(...await Promise.all(Array.from({ length: 4 }, async (_, i) => requester.submit({ module: sha256, input: new TextEncoder().encode(`${tag} ${k + i}`), replicas: 'auto' }).result)))
      }
      return all
    }
    // a record first: every worker does good work
    for (const r of await run(24, 'good')) expect(r.status, `${r.reason}`).to.equal('succeeded')
    expect(jobs.checking().spike).to.equal(0)
    // then three of them, with good records, return wrong outputs
    turned = true
    // (a batch of two liars that disagree with each other and with the requester's own run fails no-majority)
    for (const r of await run(32, 'bad')) expect(r.status === 'succeeded' || r.reason === 'no-majority', `${r.reason}`).to.equal(true)
    const alarmed = jobs.checking()
    expect(alarmed.spike, JSON.stringify(alarmed)).to.be.greaterThan(0)
    expect(alarmed.spotCheckRate.veteran).to.be.greaterThan(calm.spotCheckRate.veteran)
  })
})
