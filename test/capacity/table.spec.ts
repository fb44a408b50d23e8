import { expect } from 'chai'
import fc from 'fast-check'
import { buildAdvert, capabilityKeys, changedMaterially, leavingAdvert, nextSeq } from '../../src/capacity/offer.js'
import { CapacityTable, matchesFilters } from '../../src/capacity/table.js'
import { checkAdvert } from '../../src/capacity/validate.js'
import { makeAdvert } from '../fixtures/adverts.js'
import type { Advert, SignedAdvert } from '../../src/capacity/advert.js'
import type { Measurement, OfferConfig } from '../../src/capacity/offer.js'
import type { TableEntry } from '../../src/capacity/table.js'

const NOW = 1_750_000_000_000
const signed = (advert: Advert): SignedAdvert => ({ advert, bytes: new TextEncoder().encode(`${advert.peerId}#${advert.seq}`) })

/** records the table's events in order */
function recorder (table: CapacityTable): { updates: TableEntry[], removes: Array<{ peerId: string, reason: string }> } {
  const seen = { updates: [] as TableEntry[], removes: [] as Array<{ peerId: string, reason: string }> }
  table.addEventListener('update', (evt) => { seen.updates.push(evt.detail) })
  table.addEventListener('remove', (evt) => { seen.removes.push(evt.detail) })
  return seen
}

describe('capacity table', () => {
  it('tables a first advert and emits update', () => {
    const table = new CapacityTable()
    const seen = recorder(table)
    const a = makeAdvert('peer-a', { seq: 10 }, NOW)
    expect(table.apply(signed(a), 'gossip', NOW)).to.equal(true)
    expect(table.get('peer-a')).to.deep.include({ advert: a, source: 'gossip', receivedAt: NOW })
    expect(table.lastSeq('peer-a')).to.equal(10)
    expect(table.size).to.equal(1)
    expect(seen.updates.map(e => e.advert)).to.deep.equal([a])
  })

  it('replaces an advert with a newer sequence, ignores an older or equal one', () => {
    const table = new CapacityTable()
    const seen = recorder(table)
    table.apply(signed(makeAdvert('peer-a', { seq: 10, slotsFree: 8 }, NOW)), 'gossip', NOW)
    const newer = makeAdvert('peer-a', { seq: 11, slotsFree: 3 }, NOW)
    expect(table.apply(signed(newer), 'sync', NOW + 1)).to.equal(true)
    expect(table.get('peer-a')?.advert).to.deep.equal(newer)
    expect(table.get('peer-a')?.source).to.equal('sync')

    expect(table.apply(signed(makeAdvert('peer-a', { seq: 11, slotsFree: 0 }, NOW)), 'gossip', NOW + 2)).to.equal(false)
    expect(table.apply(signed(makeAdvert('peer-a', { seq: 5, slotsFree: 0 }, NOW)), 'gossip', NOW + 2)).to.equal(false)
    expect(table.get('peer-a')?.advert).to.deep.equal(newer)
    expect(table.get('peer-a')?.receivedAt).to.equal(NOW + 1)
    expect(table.lastSeq('peer-a')).to.equal(11)
    expect(seen.updates).to.have.length(2)
  })

  it('keeps peers apart and lists them sorted by peer id', () => {
    const table = new CapacityTable()
    table.apply(signed(makeAdvert('peer-c', { seq: 1 }, NOW)), 'gossip', NOW)
    table.apply(signed(makeAdvert('peer-a', { seq: 100 }, NOW)), 'gossip', NOW)
    // a high sequence from one peer does not shadow another's low one
    expect(table.apply(signed(makeAdvert('peer-b', { seq: 2 }, NOW)), 'gossip', NOW)).to.equal(true)
    expect(table.list().map(e => e.advert.peerId)).to.deep.equal(['peer-a', 'peer-b', 'peer-c'])
  })

  it('removes a leaving peer, emits remove with reason leaving, and keeps its replays out', () => {
    const table = new CapacityTable()
    const seen = recorder(table)
    const live = makeAdvert('peer-a', { seq: 10 }, NOW)
    table.apply(signed(live), 'gossip', NOW)
    const goodbye = leavingAdvert(live, { seq: 11, now: NOW + 1, ttlMs: 25_000, version: '0.1.0' })
    expect(goodbye.leaving).to.equal(true)
    expect(table.apply(signed(goodbye), 'gossip', NOW + 1)).to.equal(true)
    expect(table.get('peer-a')).to.equal(undefined)
    expect(table.size).to.equal(0)
    expect(seen.removes).to.deep.equal([{ peerId: 'peer-a', reason: 'leaving' }])

    // the advert it sent before leaving, replayed by anyone, stays out
    expect(table.apply(signed(live), 'sync', NOW + 2)).to.equal(false)
    expect(table.get('peer-a')).to.equal(undefined)
    expect(seen.updates).to.have.length(1)
    // and a fresh advert after a restart (higher sequence) is welcome again
    expect(table.apply(signed(makeAdvert('peer-a', { seq: 12 }, NOW)), 'gossip', NOW + 3)).to.equal(true)
    expect(table.get('peer-a')?.advert.seq).to.equal(12)
  })

  it('a goodbye from an unknown peer emits nothing but still guards against replays', () => {
    const table = new CapacityTable()
    const seen = recorder(table)
    const goodbye = makeAdvert('peer-x', { seq: 20, leaving: true }, NOW)
    expect(table.apply(signed(goodbye), 'gossip', NOW)).to.equal(true)
    expect(seen.removes).to.deep.equal([])
    expect(table.apply(signed(makeAdvert('peer-x', { seq: 19 }, NOW)), 'gossip', NOW)).to.equal(false)
    expect(table.size).to.equal(0)
  })

  it('clear() forgets entries but keeps the replay guard', () => {
    const table = new CapacityTable()
    const a = makeAdvert('peer-a', { seq: 10 }, NOW)
    table.apply(signed(a), 'gossip', NOW)
    table.clear()
    expect(table.size).to.equal(0)
    expect(table.apply(signed(a), 'gossip', NOW)).to.equal(false)
  })

  it('expire() drops adverts at or past expiry, emits reason expired, returns the next expiry', () => {
    const table = new CapacityTable()
    const seen = recorder(table)
    table.apply(signed(makeAdvert('peer-a', { seq: 1, expiresAt: NOW + 1_000 }, NOW)), 'gossip', NOW)
    table.apply(signed(makeAdvert('peer-b', { seq: 1, expiresAt: NOW + 5_000 }, NOW)), 'gossip', NOW)
    table.apply(signed(makeAdvert('peer-c', { seq: 1, expiresAt: NOW + 3_000 }, NOW)), 'gossip', NOW)

    expect(table.expire(NOW)).to.equal(NOW + 1_000)
    expect(table.size).to.equal(3)
    expect(seen.removes).to.deep.equal([])

    // an advert expiring exactly now is gone
    expect(table.expire(NOW + 1_000)).to.equal(NOW + 3_000)
    expect(table.list().map(e => e.advert.peerId)).to.deep.equal(['peer-b', 'peer-c'])
    expect(seen.removes).to.deep.equal([{ peerId: 'peer-a', reason: 'expired' }])

    expect(table.expire(NOW + 10_000)).to.equal(undefined)
    expect(table.size).to.equal(0)
    expect(seen.removes.map(r => r.reason)).to.deep.equal(['expired', 'expired', 'expired'])
    expect(seen.removes.map(r => r.peerId).sort()).to.deep.equal(['peer-a', 'peer-b', 'peer-c'])
    // an expired peer's replay stays out too
    expect(table.apply(signed(makeAdvert('peer-a', { seq: 1 }, NOW)), 'gossip', NOW)).to.equal(false)
  })

  it('expire() on an empty table returns undefined', () => {
    expect(new CapacityTable().expire(NOW)).to.equal(undefined)
  })

  it('holds exactly the newest advert per peer, whatever the order of arrival (property)', () => {
    const arrival = fc.array(fc.record({ peer: fc.constantFrom('p1', 'p2', 'p3'), seq: fc.integer({ min: 1, max: 50 }) }), { maxLength: 40 })
    fc.assert(fc.property(arrival, (arrivals) => {
      const table = new CapacityTable()
      const highest = new Map<string, number>()
      for (const { peer, seq } of arrivals) {
        const accepted = table.apply(signed(makeAdvert(peer, { seq }, NOW)), 'gossip', NOW)
        expect(accepted).to.equal(seq > (highest.get(peer) ?? 0))
        highest.set(peer, Math.max(seq, highest.get(peer) ?? 0))
      }
      expect(Object.fromEntries(table.list().map(e => [e.advert.peerId, e.advert.seq]))).to.deep.equal(Object.fromEntries(highest))
    }), { numRuns: 200 })
  })
})

describe('capacity filters: matchesFilters', () => {
  const gpuPeer = makeAdvert('peer-g', { gpus: [{ name: 'A100', memoryMb: 40_960, utilisation: 0 }], runtimes: ['wasm', 'wasi'], kinds: ['render', 'ml'], labels: { region: 'eu', tier: 'gold' } }, NOW)
  const plainPeer = makeAdvert('peer-p', { labels: { region: 'us' } }, NOW)

  it('matches everything with no filters', () => {
    expect(matchesFilters(plainPeer, {})).to.equal(true)
  })

  it('matches labels by exact value, every filter at once', () => {
    expect(matchesFilters(gpuPeer, { region: 'eu' })).to.equal(true)
    expect(matchesFilters(gpuPeer, { region: 'eu', tier: 'gold' })).to.equal(true)
    expect(matchesFilters(gpuPeer, { region: 'eu', tier: 'silver' })).to.equal(false)
    expect(matchesFilters(plainPeer, { region: 'eu' })).to.equal(false)
    expect(matchesFilters(plainPeer, { tier: 'gold' })).to.equal(false)
  })

  it('derives gpu from the GPU list, unless a label says otherwise', () => {
    expect(matchesFilters(gpuPeer, { gpu: 'true' })).to.equal(true)
    expect(matchesFilters(gpuPeer, { gpu: 'false' })).to.equal(false)
    expect(matchesFilters(plainPeer, { gpu: 'false' })).to.equal(true)
    expect(matchesFilters(plainPeer, { gpu: 'true' })).to.equal(false)
    // an operator's gpu label wins over the (empty) probe result
    const labelled = makeAdvert('peer-l', { labels: { gpu: 'true' } }, NOW)
    expect(matchesFilters(labelled, { gpu: 'true' })).to.equal(true)
  })

  it('matches runtime and kind against the advertised lists', () => {
    expect(matchesFilters(gpuPeer, { runtime: 'wasi' })).to.equal(true)
    expect(matchesFilters(plainPeer, { runtime: 'wasi' })).to.equal(false)
    expect(matchesFilters(plainPeer, { runtime: 'wasm' })).to.equal(true)
    expect(matchesFilters(gpuPeer, { kind: 'ml' })).to.equal(true)
    expect(matchesFilters(gpuPeer, { kind: 'native' })).to.equal(false)
    expect(matchesFilters(gpuPeer, { kind: 'render', gpu: 'true', region: 'eu' })).to.equal(true)
  })

  it('does not match an unknown key', () => {
    expect(matchesFilters(gpuPeer, { colour: 'blue' })).to.equal(false)
  })
})

describe('capacity offer', () => {
  const machine: Measurement = { cores: 16, memoryTotalMb: 32_768, memoryFreeMb: 20_000, load: 1.23456, gpus: [] }
  const terms: OfferConfig = { cpuShare: 1, price: 0.5, labels: { region: 'eu' }, runtimes: ['wasm'], kinds: [] }
  const timing = { seq: 42, now: NOW, ttlMs: 25_000, version: '9.9.9' }

  describe('buildAdvert', () => {
    it('offers the whole machine by default', () => {
      const a = buildAdvert('peer-a', machine, terms, 0, timing)
      expect(a).to.deep.equal({
        peerId: 'peer-a',
        seq: 42,
        issuedAt: NOW,
        expiresAt: NOW + 25_000,
        leaving: false,
        version: '9.9.9',
        cores: 16,
        memoryTotalMb: 32_768,
        memoryFreeMb: 20_000,
        load: 1.235,
        gpus: [],
        runtimes: ['wasm'],
        kinds: [],
        slotsTotal: 16,
        slotsFree: 16,
        price: 0.5,
        labels: { region: 'eu' },
        reachability: 'unknown',
        addrs: [],
        datasets: []
      })
    })

    it('carries the reachability it is given, and a change of it is material', () => {
      const a = buildAdvert('peer-a', machine, terms, 0, { ...timing, reachability: 'private' })
      expect(a.reachability).to.equal('private')
      expect(changedMaterially(a, { ...a, reachability: 'public' })).to.equal(true)
    })

    it('applies the cpu share, rounding down, never below one core', () => {
      expect(buildAdvert('p', machine, { ...terms, cpuShare: 0.5 }, 0, timing).cores).to.equal(8)
      expect(buildAdvert('p', machine, { ...terms, cpuShare: 0.3 }, 0, timing).cores).to.equal(4) // 4.8
      expect(buildAdvert('p', { ...machine, cores: 3 }, { ...terms, cpuShare: 0.9 }, 0, timing).cores).to.equal(2) // 2.7
      expect(buildAdvert('p', { ...machine, cores: 2 }, { ...terms, cpuShare: 0.1 }, 0, timing).cores).to.equal(1) // 0.2
      // the default job slots follow the cores offered, not the machine's
      expect(buildAdvert('p', machine, { ...terms, cpuShare: 0.25 }, 0, timing).slotsTotal).to.equal(4)
    })

    it('caps memory at maxMemoryMb, free memory included', () => {
      const a = buildAdvert('p', machine, { ...terms, maxMemoryMb: 8_192 }, 0, timing)
      expect(a.memoryTotalMb).to.equal(8_192)
      expect(a.memoryFreeMb).to.equal(8_192)
      const roomy = buildAdvert('p', machine, { ...terms, maxMemoryMb: 65_536 }, 0, timing)
      expect(roomy.memoryTotalMb).to.equal(32_768)
      expect(roomy.memoryFreeMb).to.equal(20_000)
    })

    it('takes maxJobs over the cores for job slots', () => {
      expect(buildAdvert('p', machine, { ...terms, maxJobs: 3 }, 0, timing).slotsTotal).to.equal(3)
      expect(buildAdvert('p', machine, { ...terms, maxJobs: 64 }, 0, timing).slotsTotal).to.equal(64)
    })

    it('free slots are total minus in use, never negative', () => {
      expect(buildAdvert('p', machine, { ...terms, maxJobs: 4 }, 1, timing).slotsFree).to.equal(3)
      expect(buildAdvert('p', machine, { ...terms, maxJobs: 4 }, 4, timing).slotsFree).to.equal(0)
      expect(buildAdvert('p', machine, { ...terms, maxJobs: 4 }, 9, timing).slotsFree).to.equal(0)
    })

    it('always builds an advert the validator accepts (property)', () => {
      const measurement = fc.record({
        cores: fc.integer({ min: 1, max: 256 }),
        memoryTotalMb: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        memoryFreeMb: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        load: fc.double({ min: 0, max: 512, noNaN: true }),
        gpus: fc.constant<Measurement['gpus']>([])
      }).map(m => ({ ...m, memoryFreeMb: Math.min(m.memoryFreeMb, m.memoryTotalMb) }))
      const offer = fc.record({
        cpuShare: fc.double({ min: 0.001, max: 1, noNaN: true }),
        maxJobs: fc.option(fc.integer({ min: 1, max: 1024 }), { nil: undefined }),
        maxMemoryMb: fc.option(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { nil: undefined })
      })
      fc.assert(fc.property(measurement, offer, fc.integer({ min: 0, max: 2048 }), (m, o, inUse) => {
        const a = buildAdvert('p', m, { ...terms, ...o }, inUse, timing)
        expect(a.cores).to.be.within(1, m.cores)
        expect(a.slotsFree).to.be.within(0, a.slotsTotal)
        expect(a.memoryFreeMb).to.be.at.most(a.memoryTotalMb)
        checkAdvert(a, { now: NOW })
      }), { numRuns: 300 })
    })
  })

  describe('changedMaterially', () => {
    const base = buildAdvert('p', { ...machine, cores: 4, load: 0.5 }, terms, 0, timing)

    it('is true for a first advert, false for the same figures', () => {
      expect(changedMaterially(undefined, base)).to.equal(true)
      expect(changedMaterially(base, { ...base, seq: base.seq + 1, issuedAt: NOW + 1_000, expiresAt: NOW + 26_000 })).to.equal(false)
    })

    it('is true when free or total slots change', () => {
      expect(changedMaterially(base, { ...base, slotsFree: base.slotsFree - 1 })).to.equal(true)
      expect(changedMaterially(base, { ...base, slotsTotal: base.slotsTotal + 1 })).to.equal(true)
    })

    it('ignores a small drift of free memory, not one above a tenth of the memory offered', () => {
      const tenth = base.memoryTotalMb / 10
      expect(changedMaterially(base, { ...base, memoryFreeMb: base.memoryFreeMb - 10 })).to.equal(false)
      expect(changedMaterially(base, { ...base, memoryFreeMb: base.memoryFreeMb - Math.floor(tenth) })).to.equal(false)
      expect(changedMaterially(base, { ...base, memoryFreeMb: base.memoryFreeMb - Math.ceil(tenth + 1) })).to.equal(true)
      expect(changedMaterially(base, { ...base, memoryFreeMb: base.memoryFreeMb + Math.ceil(tenth + 1) })).to.equal(true)
    })

    it('is true when the load per core crosses a quarter step, not within one', () => {
      // 4 cores: steps at load 1, 2, 3 ...
      expect(changedMaterially(base, { ...base, load: 0.99 })).to.equal(false)
      expect(changedMaterially(base, { ...base, load: 1.0 })).to.equal(true)
      expect(changedMaterially({ ...base, load: 1.1 }, { ...base, load: 1.9 })).to.equal(false)
      expect(changedMaterially({ ...base, load: 1.9 }, { ...base, load: 2.1 })).to.equal(true)
      expect(changedMaterially({ ...base, load: 2.1 }, { ...base, load: 0.2 })).to.equal(true)
    })

    it('is true when the terms change: price, labels, kinds, GPUs', () => {
      expect(changedMaterially(base, { ...base, price: base.price + 0.001 })).to.equal(true)
      expect(changedMaterially(base, { ...base, labels: { region: 'us' } })).to.equal(true)
      expect(changedMaterially(base, { ...base, kinds: ['render'] })).to.equal(true)
      expect(changedMaterially(base, { ...base, gpus: [{ name: 'g', memoryMb: 1, utilisation: 0 }] })).to.equal(true)
    })
  })

  describe('nextSeq', () => {
    it('follows the clock when it moves forward', () => {
      expect(nextSeq(0, NOW)).to.equal(NOW)
      expect(nextSeq(NOW, NOW + 500)).to.equal(NOW + 500)
    })

    it('still rises when the clock stands still or goes back', () => {
      expect(nextSeq(NOW, NOW)).to.equal(NOW + 1)
      expect(nextSeq(NOW, NOW - 60_000)).to.equal(NOW + 1)
    })

    it('is strictly increasing over any sequence of clock readings (property)', () => {
      fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 2 * NOW }), { minLength: 1, maxLength: 50 }), (clock) => {
        let last = 0
        for (const now of clock) {
          const seq = nextSeq(last, now)
          expect(seq).to.be.greaterThan(last)
          expect(seq).to.be.at.least(now)
          last = seq
        }
      }), { numRuns: 300 })
    })
  })

  describe('capabilityKeys', () => {
    it('lists runtimes, kinds and labels, sorted', () => {
      const a = makeAdvert('p', { runtimes: ['wasm'], kinds: ['render', 'ml'], labels: { region: 'eu', tier: 'gold' } }, NOW)
      expect(capabilityKeys(a)).to.deep.equal(['kind:ml', 'kind:render', 'label:region=eu', 'label:tier=gold', 'wasm'])
    })

    it('adds gpu for a machine with GPUs', () => {
      const a = makeAdvert('p', { gpus: [{ name: 'A100', memoryMb: 40_960, utilisation: 5 }] }, NOW)
      expect(capabilityKeys(a)).to.deep.equal(['gpu', 'wasm'])
    })

    it('adds gpu for a gpu=true label, not for gpu=false', () => {
      expect(capabilityKeys(makeAdvert('p', { labels: { gpu: 'true' } }, NOW))).to.deep.equal(['gpu', 'label:gpu=true', 'wasm'])
      expect(capabilityKeys(makeAdvert('p', { labels: { gpu: 'false' } }, NOW))).to.deep.equal(['label:gpu=false', 'wasm'])
    })

    it('has no gpu key and no duplicates for a plain machine', () => {
      expect(capabilityKeys(makeAdvert('p', { runtimes: ['wasm', 'wasm'] }, NOW))).to.deep.equal(['wasm'])
    })
  })
})
