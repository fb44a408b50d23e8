import { expect } from 'chai'
import fc from 'fast-check'
import { OUTCOMES } from '../../src/reputation/config.js'
import { ReputationTable } from '../../src/reputation/table.js'
import { DAY, trustMap } from './helpers.js'
import type { Outcome } from '../../src/reputation/config.js'

const config = { self: 'me', pretrusted: ['p1'], banDurationMs: 5 * DAY }
const base = 10 * DAY
const peer = fc.constantFrom('me', 'p1', 'a', 'b', 'c', 'd', 'e')
const outcome = fc.constantFrom<Outcome>(...OUTCOMES)
/** evidence times go mostly forward, sometimes back (late gossip) */
const when = fc.integer({ min: -DAY, max: 3 * DAY })

type Event =
  | { kind: 'observe', worker: string, outcome: Outcome, at: number }
  | { kind: 'report', reporter: string, worker: string, outcome: Outcome, at: number }
  | { kind: 'provenWrong', workers: string[], at: number }

const event: fc.Arbitrary<Event> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('observe' as const), worker: peer, outcome, at: when }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('report' as const), reporter: peer, worker: peer, outcome, at: when }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('provenWrong' as const), workers: fc.array(peer, { maxLength: 3 }), at: when }), weight: 1 }
)
const events = fc.array(fc.tuple(event, fc.nat({ max: 5 })), { maxLength: 60 })

function replay (evs: Array<[Event, number]>): ReputationTable {
  const t = new ReputationTable(config)
  let clock = base
  for (const [e, repeat] of evs) {
    clock += Math.max(0, e.at) / 10
    const at = clock + Math.min(0, e.at)
    for (let i = 0; i <= repeat; i++) {
      if (e.kind === 'observe') t.observe(e.worker, e.outcome, at)
      else if (e.kind === 'report') t.report(e.reporter, e.worker, e.outcome, at)
      else t.provenWrong(e.workers, at)
    }
  }
  return t
}

const queryTimes = [0, base, base + DAY, base + 30 * DAY]

describe('reputation table properties', () => {
  it('trust stays in [0, 1] for any evidence, at any time', () => {
    fc.assert(fc.property(events, evs => {
      const t = replay(evs)
      for (const at of queryTimes) {
        for (const p of [...t.peers(), 'me', 'stranger']) {
          const v = t.trust(p, at)
          expect(v).to.be.within(0, 1)
          expect(t.reporterWeight(p, at)).to.be.within(0, 1)
        }
      }
    }), { numRuns: 300 })
  })

  it('a report from a peer with no trust path changes no trust value', () => {
    fc.assert(fc.property(events, fc.constantFrom('a', 'b', 'c', 'p1', 'me', 'brand-new'), outcome, fc.nat({ max: 20 }),
      (evs, subject, o, times) => {
        const t = replay(evs)
        const at = base + 2 * DAY
        const before = trustMap(t, at)
        const weights = Object.fromEntries(t.peers().map(p => [p, t.reporterWeight(p, at)]))
        for (let i = 0; i <= times; i++) t.report('unknown-peer', subject, o, at)
        const after = trustMap(t, at)
        for (const [p, v] of Object.entries(before)) expect(after[p], p).to.equal(v)
        for (const [p, w] of Object.entries(weights)) expect(t.reporterWeight(p, at), p).to.equal(w)
        expect(t.reporterWeight('unknown-peer', at)).to.equal(0)
        if (subject === 'brand-new') expect(after['brand-new']).to.equal(t.config.newcomerTrust)
      }), { numRuns: 300 })
  })

  it('is deterministic: the same evidence gives the same table, and a restore gives it back', () => {
    fc.assert(fc.property(events, evs => {
      const one = replay(evs)
      const two = replay(evs)
      expect(two.snapshot()).to.deep.equal(one.snapshot())
      const back = ReputationTable.fromSnapshot(config, JSON.parse(JSON.stringify(one.snapshot())))
      for (const at of queryTimes) {
        const expected = trustMap(one, at)
        expect(trustMap(two, at)).to.deep.equal(expected)
        expect(trustMap(back, at)).to.deep.equal(expected)
        expect(back.ranking(at)).to.deep.equal(one.ranking(at))
      }
    }), { numRuns: 200 })
  })
})
