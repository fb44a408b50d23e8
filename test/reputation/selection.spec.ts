import { expect } from 'chai'
import { DEFAULT_SELECTION, pickWorkers, type Candidate } from '../../src/reputation/selection.js'
import { mulberry32 } from '../../src/reputation/rng.js'

const c = (peerId: string, trust: number, more: Partial<Candidate> = {}): Candidate => ({ peerId, trust, ...more })

describe('worker selection', () => {
  it('refuses banned peers and peers under refuseThreshold, and picks each peer once', () => {
    const rng = mulberry32(1)
    for (let i = 0; i < 200; i++) {
      const picks = pickWorkers([c('a', 0.9), c('b', 0.9, { banned: true }), c('c', 0.05), c('d', 0.5), c('a', 0.9), c('e', 0.9, { score: 0 })], 5, DEFAULT_SELECTION, rng)
      expect(picks.map(p => p.peerId).sort()).to.deep.equal(['a', 'd'])
    }
    expect(pickWorkers([], 3, DEFAULT_SELECTION, rng)).to.deep.equal([])
  })

  it('prefers trusted peers by trust²', () => {
    const rng = mulberry32(2)
    const exploitOnly = { ...DEFAULT_SELECTION, exploreShare: 0 }
    const counts = { hi: 0, lo: 0 }
    for (let i = 0; i < 30_000; i++) {
      const [p] = pickWorkers([c('hi', 0.9), c('lo', 0.3)], 1, exploitOnly, rng)
      counts[p.peerId as 'hi' | 'lo']++
    }
    expect(counts.hi / counts.lo).to.be.closeTo(9, 0.6)
  })

  it('keeps a share of work for newcomers', () => {
    const rng = mulberry32(3)
    const pool = [...Array.from({ length: 99 }, (_, i) => c(`vet${i}`, 0.95)), c('new', 0.3)]
    let first = 0
    const n = 20_000
    for (let i = 0; i < n; i++) if (pickWorkers(pool, 1, DEFAULT_SELECTION, rng)[0].peerId === 'new') first++
    // 20% of picks go to newcomers (one here), plus its small trust²-weighted share
    const weighted = 0.09 / (99 * 0.95 ** 2 + 0.09)
    expect(first / n).to.be.closeTo(DEFAULT_SELECTION.exploreShare + (1 - DEFAULT_SELECTION.exploreShare) * weighted, 0.01)
  })

  it('makes at most maxExplorePicks exploration picks a job, so strangers do not fill quorums by exploration', () => {
    const rng = mulberry32(4)
    const pool = [...Array.from({ length: 100 }, (_, i) => c(`vet${i}`, 0.95)), ...Array.from({ length: 300 }, (_, i) => c(`new${i}`, 0.2))]
    const strangers = (max: number): number => {
      let n = 0
      for (let i = 0; i < 500; i++) n += pickWorkers(pool, 4, { ...DEFAULT_SELECTION, exploreShare: 1, maxExplorePicks: max }, rng).filter(p => p.trust < 0.5).length
      return n / 500
    }
    expect(strangers(Infinity)).to.equal(4)
    // one exploration pick, then three by trust² (strangers hold 12 of the 102.25 weight)
    expect(strangers(1)).to.be.closeTo(1 + 3 * 12 / 102.25, 0.15)
  })

  it('is deterministic for a seed and unpredictable across seeds', () => {
    const pool = Array.from({ length: 50 }, (_, i) => c(`w${i}`, 0.5 + (i % 5) / 10))
    const run = (seed: number): string[] => pickWorkers(pool, 5, DEFAULT_SELECTION, mulberry32(seed)).map(p => p.peerId)
    expect(run(9)).to.deep.equal(run(9))
    const distinct = new Set(Array.from({ length: 50 }, (_, s) => run(s).join(',')))
    expect(distinct.size).to.be.above(45)
  })
})
