import { expect } from 'chai'
import fc from 'fast-check'
import { MISBEHAVIOUR_BAN_MS, MISBEHAVIOUR_BAN_THRESHOLD, MISBEHAVIOUR_HALF_LIFE_MS, OFFENCE_POINTS } from '../../src/guard/constants.js'
import { MisbehaviourTracker } from '../../src/guard/misbehaviour.js'
import type { Offence } from '../../src/guard/errors.js'

const MIN = 60_000

describe('misbehaviour points', () => {
  it('four protocol violations in a row ban a peer, for the ban duration', () => {
    const t = new MisbehaviourTracker()
    const now = 1_000_000
    for (let i = 0; i < 3; i++) expect(t.record('p', 'malformed', now + i).banned).to.equal(false)
    const fourth = t.record('p', 'malformed', now + 3)
    expect(fourth).to.include({ banned: true, newlyBanned: true })
    expect(t.isBanned('p', now + MISBEHAVIOUR_BAN_MS)).to.equal(true)
    expect(t.isBanned('p', now + 3 + MISBEHAVIOUR_BAN_MS)).to.equal(false)
    // a further offence while banned does not ban it anew
    expect(t.record('p', 'malformed', now + 10).newlyBanned).to.equal(false)
  })

  it('points halve every half-life', () => {
    const t = new MisbehaviourTracker()
    t.record('p', 'malformed', 0)
    expect(t.points('p', MISBEHAVIOUR_HALF_LIFE_MS)).to.be.closeTo(OFFENCE_POINTS.malformed / 2, 1e-9)
  })

  it('an honest peer with an occasional timeout or bad gossip relay never gets near the threshold', () => {
    // one offence of any kind at most every 5 minutes, for a day
    fc.assert(fc.property(fc.array(fc.constantFrom<Offence>('idle', 'abandoned', 'invalid-gossip', 'truncated'), { minLength: 288, maxLength: 288 }), offences => {
      const t = new MisbehaviourTracker()
      offences.forEach((o, i) => { t.record('honest', o, i * 5 * MIN) })
      expect(t.isBanned('honest', offences.length * 5 * MIN)).to.equal(false)
      // the steady state of 12 points every 5 min with a 10 min half-life stays near 41
      expect(t.points('honest', offences.length * 5 * MIN)).to.be.below(MISBEHAVIOUR_BAN_THRESHOLD / 2)
    }), { numRuns: 50 })
  })

  it('keeps memory bounded: faded peers and then the least recent offenders are forgotten', () => {
    const t = new MisbehaviourTracker({ maxPeers: 100 })
    for (let i = 0; i < 1_000; i++) t.record(`peer-${i}`, 'invalid-gossip', i)
    expect(t.size).to.be.at.most(100)
    expect(t.points('peer-999', 1_000)).to.be.greaterThan(0)
  })
})
