import { expect } from 'chai'
import { rankWorkers } from '../../src/jobs/scheduler.js'
import { makeAdvert } from '../fixtures/adverts.js'

describe('scheduler: reachability', () => {
  const req = { kind: 'wasm', memoryMb: 64, labels: {} }
  const opts = { self: 'me', exclude: new Set<string>(), latency: () => 10, random: () => 0 }
  // the private worker is the better one on every other count
  const adverts = [
    makeAdvert('behind-nat', { reachability: 'private', load: 0 }),
    makeAdvert('public', { reachability: 'public', load: 6 }),
    makeAdvert('older-peer', { reachability: 'unknown', load: 7 })
  ]

  it('ranks a private worker by its score alone for small transfers', () => {
    expect(rankWorkers(adverts, req, opts)[0]).to.equal('behind-nat')
  })

  it('prefers directly reachable workers for large transfers', () => {
    expect(rankWorkers(adverts, req, { ...opts, largeTransfer: true })).to.deep.equal(['public', 'older-peer'])
  })

  it('still uses a private worker for a large transfer when it is the only one that fits', () => {
    expect(rankWorkers([adverts[0]], req, { ...opts, largeTransfer: true })).to.deep.equal(['behind-nat'])
  })
})
