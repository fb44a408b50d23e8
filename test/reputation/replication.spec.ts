import { expect } from 'chai'
import fc from 'fast-check'
import {
  batchRiskClass, checkPressure, emptyLog, firstBatchSize, recordVerification, replicasFor, replicationConfig, weightedQuorum,
  type JobVerification, type VerificationLog
} from '../../src/reputation/replication.js'
import { mulberry32 } from '../../src/reputation/rng.js'
import { HOUR } from './helpers.js'

const config = replicationConfig()
const never = (): number => 0.999999
const result = (worker: string, outputHash: string, trust: number): { worker: string, outputHash: string, trust: number } => ({ worker, outputHash, trust })

describe('replication policy', () => {
  describe('replicasFor', () => {
    it('sends a job to two workers with long clean records, never to one', () => {
      expect(replicasFor([0.95, 0.95, 0.95], config, never).replicas).to.equal(2)
      expect(replicasFor([1, 1, 1], config, never).replicas).to.equal(2)
    })

    it('sends it to more workers when they are strangers', () => {
      expect(replicasFor([0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3], config, never).replicas).to.equal(5)
      expect(replicasFor([0.9, 0.3, 0.5, 0.9], config, never).replicas).to.equal(3)
    })

    it('adds the burst\'s extra workers, within maxReplicas and the workers picked', () => {
      expect(replicasFor([0.95, 0.95, 0.95], config, never, { spotCheckRate: 0, extraReplicas: 1 }).replicas).to.equal(3)
      expect(replicasFor([0.95, 0.95], config, never, { spotCheckRate: 0, extraReplicas: 1 }).replicas).to.equal(2)
      expect(firstBatchSize(Array(20).fill(0.1), config)).to.equal(config.maxReplicas)
      expect(firstBatchSize([], config)).to.equal(0)
    })

    it('spot-checks at the rate asked, with the randomness given', () => {
      const rng = mulberry32(7)
      let checks = 0
      for (let i = 0; i < 20_000; i++) if (replicasFor([0.9, 0.9], config, rng, { spotCheckRate: 0.05, extraReplicas: 0 }).spotCheck) checks++
      expect(checks / 20_000).to.be.closeTo(0.05, 0.006)
      expect(replicasFor([0.9, 0.9], config, () => 0, { spotCheckRate: 0, extraReplicas: 0 }).spotCheck).to.equal(false)
      expect(replicasFor([0.9, 0.9], config, never, { spotCheckRate: 1, extraReplicas: 0 }).spotCheck).to.equal(true)
    })

    it('never plans fewer than minReplicas or more than it may (property)', () => {
      fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 15 }), fc.nat({ max: 3 }), (trusts, extra) => {
        const n = firstBatchSize(trusts, config, extra)
        expect(n).to.be.at.most(Math.min(config.maxReplicas, trusts.length))
        expect(n).to.be.at.least(Math.min(config.minReplicas, trusts.length))
      }))
    })
  })

  describe('weightedQuorum', () => {
    it('accepts two established workers that agree', () => {
      expect(weightedQuorum([result('a', 'h', 0.9), result('b', 'h', 0.9)], config))
        .to.deep.include({ verdict: 'accept', outputHash: 'h' })
    })

    it('asks for more while the support is short, and for a lone result always', () => {
      expect(weightedQuorum([], config).verdict).to.equal('need-more')
      expect(weightedQuorum([result('a', 'h', 1)], config).verdict).to.equal('need-more')
      const strangers = ['a', 'b', 'c', 'd'].map(w => result(w, 'h', 0.3))
      expect(weightedQuorum(strangers, config).verdict).to.equal('need-more')
      expect(weightedQuorum([...strangers, result('e', 'h', 0.3)], config).verdict).to.equal('accept')
    })

    it('counts a worker once, whatever it sends', () => {
      expect(weightedQuorum([result('a', 'h', 0.9), result('a', 'h', 0.9)], config).verdict).to.equal('need-more')
      expect(weightedQuorum([result('a', 'h', 0.9), result('a', 'x', 0.9), result('b', 'h', 0.9)], config).verdict).to.equal('accept')
    })

    it('sends any disagreement to a re-run (VERIFICATION rule 1), leading hash first', () => {
      expect(weightedQuorum([result('a', 'h', 0.9), result('b', 'h', 0.9), result('c', 'x', 0.3)], config))
        .to.deep.equal({ verdict: 'disagree-rerun', hashes: ['h', 'x'] })
    })

    it('without rerunOnDisagreement, needs the support and the margin', () => {
      const lax = replicationConfig({ rerunOnDisagreement: false })
      const three = [result('a', 'h', 0.9), result('b', 'h', 0.9), result('c', 'x', 0.3)]
      expect(weightedQuorum(three, lax)).to.deep.include({ verdict: 'accept', outputHash: 'h' })
      const close = [result('a', 'h', 0.9), result('b', 'h', 0.9), result('c', 'x', 0.9)]
      expect(weightedQuorum(close, lax).verdict).to.equal('need-more')
    })

    it('sends the job to a re-run when maxReplicas results reach no quorum', () => {
      const small = replicationConfig({ maxReplicas: 3 })
      expect(weightedQuorum(['a', 'b', 'c'].map(w => result(w, 'h', 0.3)), small).verdict).to.equal('disagree-rerun')
    })
  })

  describe('check pressure', () => {
    const job = (o: Partial<JobVerification>): JobVerification => ({ runs: 2, wrongs: 0, riskClass: 'veteran', checked: false, caught: false, ...o })
    const feed = (log: VerificationLog, n: number, at0: number, step: number, f: (i: number) => Partial<JobVerification>): VerificationLog => {
      for (let i = 0; i < n; i++) log = recordVerification(log, job(f(i)), at0 + i * step, config)
      return log
    }

    it('is the base rate when nothing is amiss', () => {
      expect(checkPressure(undefined, 0, config).spotCheckRate).to.equal(config.spotCheckRate)
      // honest errors at the expected 1% raise nothing
      const log = feed(emptyLog(0), 5000, 0, 10_000, i => ({ wrongs: i % 50 === 0 ? 1 : 0, checked: i % 20 === 0 }))
      const p = checkPressure(log, 5000 * 10_000, config)
      expect(p.spike).to.equal(0)
      expect(p.spotCheckRate).to.equal(config.spotCheckRate)
      expect(p.extraReplicas).to.equal(0)
    })

    it('reacts to a burst of proven errors, then calms down (VERIFICATION rule 3)', () => {
      let log = feed(emptyLog(0), 2000, 0, 10_000, () => ({}))
      log = feed(log, 100, 2000 * 10_000, 10_000, () => ({ wrongs: 1 }))
      const now = 2100 * 10_000
      const p = checkPressure(log, now, config)
      expect(p.spike).to.equal(1)
      expect(p.spotCheckRate).to.equal(config.burstSpotCheckRate)
      expect(p.extraReplicas).to.equal(config.burstExtraReplicas)
      const later = checkPressure(log, now + 12 * HOUR, config)
      expect(later.spike).to.equal(0)
      expect(later.spotCheckRate).to.be.below(p.spotCheckRate)
    })

    it('checks hard where spot-checks catch colluding quorums, and only there', () => {
      // 1 young quorum in 10 caught wrong; veteran quorums clean
      const log = feed(emptyLog(0), 4000, 0, 10_000, i => i % 2 === 0
        ? { riskClass: 'young', checked: true, caught: i % 20 === 0 }
        : { riskClass: 'veteran', checked: true })
      const at = 4000 * 10_000
      const young = checkPressure(log, at, config, 'young')
      const veteran = checkPressure(log, at, config, 'veteran')
      expect(young.caughtRate).to.be.closeTo(0.1, 0.02)
      // the rate that leaves at most τ accepted wrong: q·(1 − s) ≤ τ
      expect(young.caughtRate * (1 - young.spotCheckRate)).to.be.at.most(config.targetUncheckedWrong + 1e-12)
      expect(veteran.spotCheckRate).to.equal(config.spotCheckRate)
    })

    it('classes a batch as veteran when one worker has a long first-hand record', () => {
      expect(batchRiskClass([3, config.veteranRecord], config)).to.equal('veteran')
      expect(batchRiskClass([3, config.veteranRecord - 1], config)).to.equal('young')
      expect(batchRiskClass([], config)).to.equal('young')
    })

    it('checks its config', () => {
      expect(() => replicationConfig({ minReplicas: 0 })).to.throw(RangeError)
      expect(() => replicationConfig({ minReplicas: 3, maxReplicas: 2 })).to.throw(RangeError)
      expect(() => replicationConfig({ spotCheckRate: 2 })).to.throw(RangeError)
    })
  })
})
