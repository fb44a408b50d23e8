import { expect } from 'chai'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import { nodeExecutor } from '../../src/node/executor.js'
import type { JobExecutor, ShoalNode } from '../../src/index.js'

/** runs jobs for real; once `turned()` it corrupts every output the same way (colluding) */
function turncoat (turned: () => boolean): JobExecutor {
  const real = nodeExecutor({ slots: 2 })
  return { ...real, run: async (req, opts) => {
    const out = await real.run(req, opts)
    return turned() ? { ...out, output: new TextEncoder().encode('colluders') } : out
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

  it('calm at the base rate; workers with a record that turn bad raise the spike, the spot-check rate and the replicas', async () => {
    let turned = false
    const requester = await memoryPeer({ capacity: { intervalMs: 5_000, maxJobs: 2 } })
    nodes.push(requester)
    const entry = requester.libp2p.getMultiaddrs().map(String)
    for (let i = 0; i < 5; i++) {
      nodes.push(await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 5_000, maxJobs: 2 }, ...(i < 2 ? { executor: turncoat(() => turned) } : {}) }))
    }
    await until('the requester sees 5 workers', () => requester.libp2p.services.capacity.list().filter(e => e.source !== 'self').length === 5,
      [{ target: requester.libp2p.services.capacity, events: ['capacity:update'] }], 60_000)
    const jobs = requester.libp2p.services.jobs
    const calm = jobs.checking()
    expect(calm.spike).to.equal(0)
    expect(calm.extraReplicas).to.equal(0)
    expect(calm.spotCheckRate.veteran).to.equal(0.05)

    const sha256 = exampleJob('sha256')
    const run = async (n: number, tag: string): Promise<void> => {
      for (let k = 0; k < n; k += 4) {
        const results = await Promise.all(Array.from({ length: 4 }, async (_, i) => requester.submit({ module: sha256, input: new TextEncoder().encode(`${tag} ${k + i}`), replicas: 'auto' }).result))
        for (const r of results) expect(r.status, `${r.reason}: ${r.message}`).to.equal('succeeded')
      }
    }
    // a record first: every worker does good work
    await run(24, 'good')
    expect(jobs.checking().spike).to.equal(0)
    // then two of them, with good records, return the same wrong output
    turned = true
    await run(24, 'bad')
    const alarmed = jobs.checking()
    expect(alarmed.spike, JSON.stringify(alarmed)).to.be.greaterThan(0)
    expect(alarmed.spotCheckRate.veteran).to.be.greaterThan(calm.spotCheckRate.veteran)
  })
})
