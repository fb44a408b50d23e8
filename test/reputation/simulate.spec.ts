import { expect } from 'chai'
import { simulate } from '../../src/reputation/simulate.js'

/**
 * VERIFICATION.md's model at a fifth of its size, on Shoal's table, selection
 * and replication code. Deterministic (seeded), so the figures are fixed; the
 * bounds leave room above what seeds 1–5 measured (wrong-accepted %, mean
 * [max]): A 0 [0], B 0.056 [0.10], C 0.009 [0.017], D 0.050 [0.10]; runs per
 * job 2.2–2.7; honest banned 0 [0].
 */
describe('reputation simulation (200 workers, 20,000 jobs, 30% colluders, e = 1%)', function () {
  this.timeout(60_000)
  const small = { workers: 200, jobs: 20_000, warmupJobs: 2_000, cheatAfterJobs: 4_000, seed: 1 }
  const bounds = { A: 0.01, B: 0.2, C: 0.05, D: 0.2 } as const

  for (const adversary of ['A', 'B', 'C', 'D'] as const) {
    it(`adversary ${adversary}: wrong accepted ≤ ${bounds[adversary]}%, ≤ 3 runs per job, honest banned < 1%`, () => {
      const r = simulate({ ...small, adversary })
      expect(r.jobs).to.equal(18_000)
      expect(r.wrongAcceptedPct).to.be.at.most(bounds[adversary])
      expect(r.runsPerJob).to.be.at.most(3)
      expect(r.honestBannedPct).to.be.below(1)
    })
  }

  it('accepts no wrong result when nobody cheats: accidents never match', () => {
    const r = simulate({ ...small, adversary: 'none', jobs: 5_000, warmupJobs: 0 })
    expect(r.wrongAcceptedPct).to.equal(0)
    expect(r.honestBannedPct).to.equal(0)
  })

  it('is deterministic for a seed', () => {
    const tiny = { workers: 40, jobs: 2_000, warmupJobs: 200, cheatAfterJobs: 500, adversary: 'C' as const, windowJobs: 500 }
    expect(simulate({ ...tiny, seed: 5 })).to.deep.equal(simulate({ ...tiny, seed: 5 }))
    expect(simulate({ ...tiny, seed: 5 })).to.not.deep.equal(simulate({ ...tiny, seed: 6 }))
  })
})
