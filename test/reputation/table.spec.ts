import { expect } from 'chai'
import { ReputationTable } from '../../src/reputation/table.js'
import { DAY, HOUR, observeMany, reportMany, table, trustMap } from './helpers.js'

describe('reputation table', () => {
  const at = 1_000_000

  describe('first-hand evidence', () => {
    it('gives a stranger exactly newcomerTrust, itself 1, and stays within [0, 1]', () => {
      const t = table({ newcomerTrust: 0.25 })
      expect(t.trust('stranger', at)).to.equal(0.25)
      expect(t.trust('me', at)).to.equal(1)
      observeMany(t, 'good', 'success', 1000, at)
      expect(t.trust('good', at)).to.be.above(0.99).and.at.most(1)
    })

    it('decays evidence by its half-life', () => {
      const h = DAY
      const t = table({ halfLifeMs: h })
      t.observe('w', 'success', at)
      expect(t.firstHand('w', at + h).good).to.be.closeTo(0.5, 1e-12)
      expect(t.firstHand('w', at + 2 * h).good).to.be.closeTo(0.25, 1e-12)
      expect(t.firstHand('w', at + h / 2).good).to.be.closeTo(Math.SQRT1_2, 1e-12)
      // two successes one half-life ago weigh what one success now weighs
      const old = table({ halfLifeMs: h })
      observeMany(old, 'w', 'success', 2, at)
      const fresh = table({ halfLifeMs: h })
      fresh.observe('w', 'success', at + h)
      expect(old.trust('w', at + h)).to.be.closeTo(fresh.trust('w', at + h), 1e-12)
      // and forgotten evidence drifts back to a stranger's standing
      expect(old.trust('w', at + 60 * h)).to.be.closeTo(old.config.newcomerTrust, 1e-6)
    })

    it('takes late evidence at its own time, without moving the clock back', () => {
      const t = table({ halfLifeMs: DAY })
      t.observe('w', 'success', at + DAY)
      t.observe('w', 'success', at)
      expect(t.firstHand('w', at + DAY).good).to.be.closeTo(1.5, 1e-12)
    })

    it('is asymmetric: one proven wrong result cancels wrongWeight successes', () => {
      const w = 10
      const t = table({ wrongWeight: w })
      const newcomer = t.config.newcomerTrust
      observeMany(t, 'even', 'success', w, at)
      t.observe('even', 'wrong', at)
      expect(t.trust('even', at)).to.be.closeTo(newcomer, 1e-12)
      observeMany(t, 'short', 'success', w - 1, at)
      t.observe('short', 'wrong', at)
      expect(t.trust('short', at)).to.be.below(newcomer)
      // whereas one success barely moves a peer with a wrong result
      observeMany(t, 'after', 'success', 1, at)
      expect(t.trust('after', at)).to.be.above(newcomer)
      expect(t.firstHand('even', at)).to.deep.equal({ good: w, bad: w })
    })

    it('charges lesser failures less than a wrong result', () => {
      const t = table()
      t.observe('a', 'timeout', at)
      t.observe('b', 'dropped', at)
      t.observe('c', 'declined-after-bid', at)
      t.observe('d', 'wrong', at)
      expect([t.firstHand('a', at).bad, t.firstHand('b', at).bad, t.firstHand('c', at).bad, t.firstHand('d', at).bad])
        .to.deep.equal([1, 1, 0.5, 10])
      expect(t.trust('c', at)).to.be.above(t.trust('a', at))
      expect(t.trust('a', at)).to.be.above(t.trust('d', at))
    })
  })

  describe('bans', () => {
    it('does not ban for a lone proven error, even a newcomer\'s', () => {
      const t = table()
      t.observe('unlucky', 'wrong', at)
      expect(t.isBanned('unlucky', at)).to.equal(false)
      expect(t.trust('unlucky', at)).to.be.above(0).and.below(t.config.refuseThreshold)
    })

    it('bans for several proven errors in a short window, not for the same spread out', () => {
      const t = table({ recentWrongHalfLifeMs: HOUR })
      observeMany(t, 'veteran', 'success', 1000, at - DAY)
      observeMany(t, 'spread', 'success', 1000, at - DAY)
      for (let i = 0; i < 4; i++) t.observe('veteran', 'wrong', at + i * 5 * 60_000)
      for (let i = 0; i < 4; i++) t.observe('spread', 'wrong', at + i * DAY)
      expect(t.banReason('veteran', at + 4 * DAY)).to.equal('repeated-wrong')
      expect(t.trust('veteran', at + 4 * DAY)).to.equal(0)
      expect(t.isBanned('spread', at + 4 * DAY)).to.equal(false)
      expect(t.trust('spread', at + 4 * DAY)).to.be.above(0.9)
    })

    it('does not ban a busy honest worker for its share of accidents', () => {
      const t = table({ recentWrongHalfLifeMs: HOUR })
      // 600 jobs an hour for us, even 4% wrong by accident, in bursts of four in a row
      for (let i = 0; i < 6000; i++) t.observe('busy', i % 100 >= 96 ? 'wrong' : 'success', at + i * 6000)
      expect(t.isBanned('busy', at + 6000 * 6000)).to.equal(false)
      // the same four errors in a row from a worker that does little for us do ban
      const u = table({ recentWrongHalfLifeMs: HOUR })
      observeMany(u, 'idle', 'success', 30, at - DAY)
      for (let i = 0; i < 4; i++) u.observe('idle', 'wrong', at + i * 6000)
      expect(u.isBanned('idle', at + DAY)).to.equal(true)
    })

    it('bans every worker of a matching wrong result proven by a re-run (collusion)', () => {
      const t = table()
      observeMany(t, 'c1', 'success', 500, at)
      observeMany(t, 'c2', 'success', 500, at)
      expect(t.provenWrong(['c1', 'c2', 'c2'], at)).to.deep.equal(['c1', 'c2'])
      expect(t.banReason('c1', at)).to.equal('collusion')
      expect(t.isBanned('c2', at)).to.equal(true)
      // one worker alone is an error, not collusion
      expect(t.provenWrong(['solo'], at)).to.deep.equal([])
      expect(t.isBanned('solo', at)).to.equal(false)
    })

    it('lifts a ban after banDurationMs when it is finite', () => {
      const t = table({ banDurationMs: DAY })
      t.ban('x', at, 'manual')
      expect(t.isBanned('x', at + DAY - 1)).to.equal(true)
      expect(t.isBanned('x', at + DAY)).to.equal(false)
      expect(t.isBanned('x', at - 1)).to.equal(false)
    })

    it('bans by low trust: persistent failures, without any proof of cheating', () => {
      const t = table()
      observeMany(t, 'flaky', 'timeout', 20, at)
      expect(t.banReason('flaky', at)).to.equal('low-trust')
    })

    it('never bans itself', () => {
      const t = table()
      t.ban('me', at, 'manual')
      expect(t.provenWrong(['me', 'other'], at)).to.deep.equal([])
      expect(t.isBanned('me', at)).to.equal(false)
    })
  })

  describe('second-hand reports', () => {
    it('tells a peer how others report it (its own trust is 1 by definition): reporters at their word, capped, banned ones left out', () => {
      const t = table()
      expect(t.reported('me', at)).to.deep.equal({ reporters: 0, good: 0, bad: 0, trust: t.config.newcomerTrust })
      reportMany(t, 'a', 'me', 'success', 5, at)
      reportMany(t, 'b', 'me', 'success', 100, at)
      const seen = t.reported('me', at)
      expect(t.trust('me', at)).to.equal(1)
      expect(seen.reporters).to.equal(2)
      // b's 100 count as reportCap
      expect(seen.good).to.be.closeTo(5 + t.config.reportCap, 1e-9)
      expect(seen.trust).to.be.above(t.config.newcomerTrust).and.below(1)
      reportMany(t, 'c', 'me', 'timeout', 3, at)
      expect(t.reported('me', at).bad).to.be.above(0)
      expect(t.reported('me', at).trust).to.be.below(seen.trust)
      t.ban('c', at, 'manual')
      expect(t.reported('me', at)).to.deep.equal(seen)
      // its own first-hand evidence about others stays out of what others say of them
      t.observe('w', 'success', at)
      expect(t.reported('w', at).reporters).to.equal(0)
    })

    it('weighs a report by its reporter\'s trust', () => {
      const t = table()
      observeMany(t, 'trusted', 'success', 50, at)
      observeMany(t, 'slight', 'success', 2, at)
      observeMany(t, 'other', 'success', 50, at)
      reportMany(t, 'trusted', 'subject1', 'success', 10, at)
      reportMany(t, 'slight', 'subject2', 'success', 10, at)
      const newcomer = t.config.newcomerTrust
      expect(t.reporterWeight('trusted', at)).to.be.above(t.reporterWeight('slight', at))
      expect(t.trust('subject1', at)).to.be.above(t.trust('subject2', at))
      expect(t.trust('subject2', at)).to.be.at.least(newcomer)
      expect(t.trust('subject1', at) - newcomer).to.be.above(10 * (t.trust('subject2', at) - newcomer))
      // the same holds for bad news
      reportMany(t, 'trusted', 'subject3', 'wrong', 2, at)
      reportMany(t, 'slight', 'subject4', 'wrong', 2, at)
      expect(t.trust('subject3', at)).to.be.below(t.trust('subject4', at))
    })

    it('lets trust flow along a chain of endorsements, weakening at each step', () => {
      const t = table()
      observeMany(t, 'a', 'success', 40, at)
      reportMany(t, 'a', 'b', 'success', 40, at)
      reportMany(t, 'b', 'c', 'success', 40, at)
      expect(t.reporterWeight('a', at)).to.be.above(0)
      expect(t.reporterWeight('b', at)).to.be.above(0).and.at.most(t.reporterWeight('a', at))
      expect(t.trust('c', at)).to.be.above(t.config.newcomerTrust)
      expect(t.trust('c', at)).to.be.below(t.trust('b', at))
    })

    it('ignores reports from itself and about the reporter itself', () => {
      const t = table()
      expect(t.report('me', 'w', 'success', at)).to.equal(false)
      expect(t.report('w', 'w', 'success', at)).to.equal(false)
      expect(t.peers()).to.deep.equal([])
    })

    it('gives a clique of fresh identities vouching for each other nothing', () => {
      const t = table()
      for (let i = 0; i < 20; i++) observeMany(t, `honest${i}`, 'success', 30, at)
      const sybils = Array.from({ length: 10 }, (_, i) => `sybil${i}`)
      for (const a of sybils) for (const b of sybils) if (a !== b) reportMany(t, a, b, 'success', 20, at)
      for (const s of sybils) {
        expect(t.trust(s, at)).to.equal(t.config.newcomerTrust)
        expect(t.reporterWeight(s, at)).to.equal(0)
      }
      // one of them does a little real work for us: the rest gain almost nothing
      observeMany(t, 'sybil0', 'success', 2, at)
      for (const s of sybils.slice(1)) expect(t.trust(s, at) - t.config.newcomerTrust).to.be.within(0, 0.05)
      expect(t.trust('honest0', at)).to.be.above(0.9)
    })

    it('keeps one credible reporter from vouching many fresh identities into standing (report budget)', () => {
      const t = table()
      observeMany(t, 'patron', 'success', 200, at)
      for (let i = 0; i < 1000; i++) reportMany(t, 'patron', `fresh${i}`, 'success', 20, at)
      expect(t.reporterWeight('patron', at)).to.equal(1)
      expect(t.trust('fresh7', at) - t.config.newcomerTrust).to.be.within(0, 0.03)
      // while a reporter that says little is heard in full
      const u = table()
      observeMany(u, 'patron', 'success', 200, at)
      reportMany(u, 'patron', 'fresh', 'success', 20, at)
      expect(u.trust('fresh', at)).to.be.above(0.8)
    })

    it('leaves an honest worker with a good first-hand record above refuseThreshold when 3 low-trust peers slander it', () => {
      const t = table()
      for (let i = 0; i < 20; i++) observeMany(t, `honest${i}`, 'success', 30, at)
      const slanderers = ['liar1', 'liar2', 'liar3']
      for (const s of slanderers) observeMany(t, s, 'success', 3, at)
      const before = t.trust('honest0', at)
      for (const s of slanderers) reportMany(t, s, 'honest0', 'wrong', 50, at)
      const after = t.trust('honest0', at)
      expect(after).to.be.above(t.config.refuseThreshold)
      expect(after).to.be.above(0.9)
      expect(before - after).to.be.below(0.05)
      expect(t.isBanned('honest0', at)).to.equal(false)
    })

    it('limits even fully trusted slanderers: a good record stays at or above newcomerTrust', () => {
      const t = table({ pretrusted: ['l1', 'l2', 'l3'] })
      observeMany(t, 'honest', 'success', 30, at)
      for (const s of ['l1', 'l2', 'l3']) reportMany(t, s, 'honest', 'wrong', 50, at)
      for (const s of ['l1', 'l2', 'l3']) expect(t.reporterWeight(s, at)).to.equal(1)
      expect(t.trust('honest', at)).to.be.at.least(t.config.newcomerTrust)
    })

    it('stops counting the reports of banned peers', () => {
      const t = table()
      observeMany(t, 'r', 'success', 50, at)
      reportMany(t, 'r', 'friend', 'success', 20, at)
      const vouched = t.trust('friend', at)
      expect(vouched).to.be.above(t.config.newcomerTrust)
      t.ban('r', at, 'collusion')
      expect(t.reporterWeight('r', at)).to.equal(0)
      expect(t.trust('friend', at)).to.equal(t.config.newcomerTrust)
    })

    it('hears configured pre-trusted peers in full from the start', () => {
      const t = table({ pretrusted: ['op'] })
      reportMany(t, 'op', 'w', 'success', 20, at)
      expect(t.reporterWeight('op', at)).to.equal(1)
      expect(t.trust('w', at)).to.be.above(0.8)
      const plain = table()
      reportMany(plain, 'op', 'w', 'success', 20, at)
      expect(plain.trust('w', at)).to.equal(plain.config.newcomerTrust)
    })
  })

  describe('ranking and persistence', () => {
    it('ranks by trust, ties by peer id', () => {
      const t = table()
      observeMany(t, 'b', 'success', 5, at)
      observeMany(t, 'c', 'success', 5, at)
      observeMany(t, 'a', 'success', 9, at)
      t.observe('z', 'wrong', at)
      expect(t.ranking(at).map(r => r.peerId)).to.deep.equal(['a', 'b', 'c', 'z'])
    })

    it('restarts with pre-trusted peers and every value intact (snapshot → JSON → restore)', () => {
      const config = { self: 'me', pretrusted: ['op1', 'op2'], banDurationMs: 30 * DAY }
      const t = new ReputationTable(config)
      observeMany(t, 'w1', 'success', 30, at)
      observeMany(t, 'w2', 'success', 5, at + HOUR)
      t.observe('w2', 'timeout', at + 2 * HOUR)
      reportMany(t, 'op1', 'w3', 'success', 12, at)
      reportMany(t, 'op2', 'w3', 'dropped', 2, at)
      reportMany(t, 'w1', 'w4', 'success', 8, at)
      reportMany(t, 'op2', 'w4', 'success', 3, at - HOUR)
      reportMany(t, 'nobody', 'w1', 'wrong', 5, at)
      t.provenWrong(['c1', 'c2'], at)
      t.observe('w5', 'wrong', at)
      const later = at + 3 * DAY
      const saved = JSON.parse(JSON.stringify(t.snapshot()))
      const back = ReputationTable.fromSnapshot(config, saved)
      expect(trustMap(back, later)).to.deep.equal(trustMap(t, later))
      expect(back.ranking(later)).to.deep.equal(t.ranking(later))
      expect(back.snapshot()).to.deep.equal(t.snapshot())
      for (const p of t.peers()) expect(back.reporterWeight(p, later)).to.equal(t.reporterWeight(p, later))
      expect(back.isBanned('c1', later)).to.equal(true)
      expect(trustMap(back, later).w3).to.be.above(0.5)
    })

    it('refuses a snapshot that is not one', () => {
      const t = table()
      expect(() => t.restore({ v: 2 } as any)).to.throw(TypeError)
      expect(() => t.restore({ v: 1, evidence: [['a', 'b', -1, 0, 0]], recent: [], bans: [] } as any)).to.throw(TypeError)
      expect(() => t.restore({ v: 1, evidence: [], recent: [], bans: [['a', 0, 'whim']] } as any)).to.throw(TypeError)
    })

    it('prunes evidence decayed to nothing', () => {
      const t = table({ halfLifeMs: HOUR })
      t.observe('old', 'success', at)
      t.observe('new', 'success', at + 20 * HOUR)
      expect(t.prune(at + 20 * HOUR)).to.equal(1)
      expect(t.peers()).to.deep.equal(['new'])
    })

    it('checks its config', () => {
      expect(() => table({ newcomerTrust: 0 })).to.throw(RangeError)
      expect(() => table({ refuseThreshold: 0.5, newcomerTrust: 0.3 })).to.throw(RangeError)
      expect(() => table({ wrongWeight: 0.5 })).to.throw(RangeError)
      expect(() => new ReputationTable({ self: '' })).to.throw(RangeError)
    })
  })
})
