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

  it('slanderers on two threads: their false reports spread, yet honest requesters ban no honest worker', async () => {
    const s = await loadScenario('slander', 'inprocess', { nodes: 10, durationMs: 12_000 })
    const report = await runInProcess({ ...s, peers: { slanderers: { count: 2 } }, workload: { ...s.workload, jobsPerMinute: 90, requesters: 2 } }, {}, { threads: 2 })
    const r = report.summary
    expect(r.jobs.lost).to.equal(0)
    expect(r.jobs.completed).to.be.greaterThan(0)
    // reports (true and false ones) reached the other peers
    expect(r.reports.deliveryRatio).to.be.at.least(0.8)
    expect(r.reports.disseminationMs.p50).to.be.greaterThan(0)
    expect(r.honestBannedShare).to.equal(0)
    expect(report.notes.join(' ')).to.match(/over 2 threads/)
  })

  it('liars claim 8x their slots: their jobs wait, and still every job completes or moves; none lost', async () => {
    const s = await loadScenario('liars', 'inprocess', { nodes: 8, durationMs: 12_000 })
    const report = await runInProcess({ ...s, peers: { liars: { count: 2, advertisedSlots: 16 } }, workload: { ...s.workload, jobsPerMinute: 120, requesters: 2, jobMs: 100 } }, {}, { threads: 1, plaintext: true })
    const r = report.summary
    expect(r.jobs.submitted).to.be.greaterThan(5)
    expect(r.jobs.lost).to.equal(0)
    expect(r.jobs.completed + r.jobs.failed).to.equal(r.jobs.submitted)
    expect(report.notes.join(' ')).to.match(/plaintext/)
  })
})
