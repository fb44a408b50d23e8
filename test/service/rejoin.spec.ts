import { expect } from 'chai'
import { LostPeers } from '../../src/service/rejoin.js'

describe('lost peers: when to redial', () => {
  const policy = { firstRetryMs: 1_000, maxRetryMs: 4_000, forgetAfterMs: 10_000 }

  it('first after the first delay, then backing off to the cap; forgotten after a while or on reconnect', () => {
    const lost = new LostPeers(policy)
    lost.remember('p', 0)
    lost.remember('p', 500) // a second loss does not reset the clock
    expect(lost.due(999)).to.deep.equal([])
    expect(lost.due(1_000)).to.deep.equal(['p'])
    expect(lost.due(2_999)).to.deep.equal([])
    expect(lost.due(3_000)).to.deep.equal(['p']) // waited 2 s
    expect(lost.due(6_999)).to.deep.equal([])
    expect(lost.due(7_000)).to.deep.equal(['p']) // waited 4 s, the cap
    expect(lost.due(10_001)).to.deep.equal([]) // lost over 10 s ago: forgotten
    expect(lost.size).to.equal(0)

    lost.remember('q', 0)
    lost.forget('q')
    expect(lost.due(5_000)).to.deep.equal([])
  })
})
