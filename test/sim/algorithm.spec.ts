import { expect } from 'chai'
import { runAlgorithm } from '../../src/sim/algorithm/engine.js'
import { loadScenario } from '../../src/sim/load.js'
import type { Report } from '../../src/sim/metrics.js'
import type { Scenario } from '../../src/sim/scenario.js'

/**
 * Small versions of every scenario at the algorithm level (a few hundred
 * peers, tens of simulated minutes: seconds each), asserting the report's
 * invariants. The full-size figures are in docs/benchmarks.md and come from
 * `shoal sim <scenario> --json`.
 */
async function small (name: string, overrides: Partial<Scenario> = {}, nodes = 200, minutes = 30): Promise<Report> {
  const s = await loadScenario(name, 'algorithm', { nodes, durationMs: minutes * 60_000 })
  return runAlgorithm({ ...s, warmupMs: Math.min(s.warmupMs, s.durationMs / 3), ...overrides })
}

/** what may differ between two runs of one scenario and seed: measurements of this process */
function deterministic (r: Report): unknown {
  const { cpuMs, wallMs, peakMemoryPerPeerMb, ...summary } = r.summary
  return { summary, series: { ...r.series, memory: [] } }
}

describe('sim: algorithm-level engine', function () {
  this.timeout(60_000)

  it('same scenario, same seed: the same report; another seed: another', async () => {
    const s = await loadScenario('colluders', 'algorithm', { nodes: 100, durationMs: 5 * 60_000 })
    const a = runAlgorithm({ ...s, warmupMs: 0 }, { memory: () => 1, cpu: () => 0, wall: () => 0 })
    const b = runAlgorithm({ ...s, warmupMs: 0 }, { memory: () => 2, cpu: () => 5, wall: () => 9 })
    const c = runAlgorithm({ ...s, warmupMs: 0, seed: 2 })
    expect(a.summary.jobs.completed).to.be.greaterThan(1000)
    expect(deterministic(a)).to.deep.equal(deterministic(b))
    expect(deterministic(a)).to.not.deep.equal(deterministic(c))
  })

  it('baseline: every advert delivered, no job lost or failed, two workers per job', async () => {
    const r = (await small('baseline', {}, 200, 10)).summary
    expect(r.deliveryRatio).to.be.at.least(0.99)
    expect(r.jobs.lost).to.equal(0)
    expect(r.jobs.failed).to.equal(0)
    expect(r.jobs.completed).to.equal(r.jobs.submitted)
    expect(r.wrongAcceptedShare).to.equal(0)
    expect(r.replicasPerJob).to.be.within(2, 2.5)
    expect(r.disseminationMs.p50).to.be.greaterThan(0)
    expect(r.disseminationMs.p99).to.be.at.least(r.disseminationMs.p50)
    expect(r.jobLatencyMs.p99).to.be.at.least(r.jobLatencyMs.p50)
  })

  it('churn: peers come and go, no job is lost', async () => {
    const r = await small('churn', {}, 200, 20)
    expect(r.summary.jobs.lost).to.equal(0)
    expect(r.summary.jobs.completed).to.be.greaterThan(0.99 * r.summary.jobs.submitted)
    expect(r.summary.discoveryMs.p50).to.be.greaterThan(0)
    expect(r.summary.deliveryRatio).to.be.at.least(0.95)
  })

  it('colluders (30%, always): nothing wrong accepted after warm-up, ≤ 3 runs per job, no honest peer banned', async () => {
    const r = (await small('colluders', {}, 300)).summary
    expect(r.measuredJobs).to.be.greaterThan(1000)
    expect(r.wrongAcceptedShare).to.be.at.most(0.001)
    expect(r.runsPerJob).to.be.at.most(3)
    expect(r.honestBannedShare).to.be.below(0.01)
    expect(r.maliciousBannedShare).to.be.greaterThan(0)
  })

  it('build-then-cheat: the turn is caught', async () => {
    const peers = { 'build-then-cheat': { share: 0.2, cheatAfterMs: 15 * 60_000 } }
    const report = await small('build-then-cheat', { warmupMs: 0, peers }, 200, 40)
    const r = report.summary
    // they did turn (their trust fell), and after a burst of checks nothing more got through
    const before = report.series.trust.filter(t => t.t <= 15 * 60_000).at(-1)?.malicious ?? 0
    expect(report.series.trust.at(-1)?.malicious).to.be.below(before - 0.1)
    const late = report.series.wrong.filter(w => w.t > 25 * 60_000)
    expect(late.reduce((a, w) => a + w.share * w.jobs, 0) / late.reduce((a, w) => a + w.jobs, 0)).to.be.at.most(0.001)
    expect(r.wrongAcceptedShare).to.be.at.most(0.005)
    expect(r.runsPerJob).to.be.at.most(3.5)
    expect(r.honestBannedShare).to.be.below(0.01)
  })

  it('slander: false reports do not get honest workers banned', async () => {
    const r = (await small('slander', {}, 200, 20)).summary
    expect(r.honestBannedShare).to.be.below(0.01)
    expect(r.jobs.lost).to.equal(0)
  })

  it('sybil: vouching identities get no quorum through', async () => {
    const r = (await small('sybil', {}, 200, 30)).summary
    expect(r.wrongAcceptedShare).to.be.at.most(0.002)
    expect(r.honestBannedShare).to.be.below(0.01)
  })

  it('liars: jobs that land on a liar beyond its real slots time out and move on; none lost', async () => {
    const r = await small('liars', {}, 200, 10)
    expect(r.summary.jobs.lost).to.equal(0)
    expect(r.summary.jobs.failed).to.be.at.most(0.01 * r.summary.jobs.submitted)
    expect(r.summary.honestBannedShare).to.equal(0)
  })

  it('benign-errors (1%): under 1% of honest peers banned', async () => {
    const r = (await small('benign-errors', {}, 200)).summary
    expect(r.honestBannedShare).to.be.below(0.01)
    expect(r.runsPerJob).to.be.at.most(3)
  })
})
