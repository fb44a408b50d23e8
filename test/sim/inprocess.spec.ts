import { expect } from 'chai'
import { runInProcess } from '../../src/sim/inprocess/engine.js'
import { loadScenario } from '../../src/sim/load.js'

/**
 * Real Shoal peers in this process on the memory transport: a small
 * colluders run (10 peers, 3 of them returning the same wrong output) that
 * also checks what baseline asserts: every advert delivered, no job lost.
 */
describe('sim: in-process engine', function () {
  this.timeout(120_000)

  it('10 real peers, 3 colluders: adverts delivered, no job lost, no wrong result accepted', async () => {
    const s = await loadScenario('colluders', 'inprocess', { nodes: 10, durationMs: 12_000 })
    const report = await runInProcess({ ...s, warmupMs: 0, workload: { ...s.workload, jobsPerMinute: 90, requesters: 2 } })
    const r = report.summary
    expect(r.engine).to.equal('inprocess')
    expect(r.deliveryRatio).to.be.at.least(0.99)
    expect(r.disseminationMs.p50).to.be.greaterThan(0)
    expect(r.discoveryMs.p50).to.be.greaterThan(0)
    expect(r.jobs.submitted).to.be.greaterThan(5)
    expect(r.jobs.lost).to.equal(0)
    expect(r.jobs.completed).to.be.greaterThan(0)
    // three strangers' trust (0.3 each) never makes a quorum alone: any colluder meets an honest worker
    expect(r.wrongAcceptedShare).to.equal(0)
    expect(r.peakMemoryPerPeerMb).to.be.greaterThan(0)
    expect(report.series.memory.length).to.be.greaterThan(0)
  })
})
