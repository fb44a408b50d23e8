import { expect } from 'chai'
import { ProtocolViolationError } from '../../src/guard/errors.js'
import { classifyReadError, StreamCounter } from '../../src/guard/streams.js'

describe('guard: stream caps and read failures', () => {
  it('caps the streams one peer holds per protocol, and gives places back once', () => {
    const c = new StreamCounter()
    const releases = [c.acquire('/p', 'a', 2), c.acquire('/p', 'a', 2)]
    expect(c.acquire('/p', 'a', 2)).to.equal(undefined)
    // other peers and other protocols have their own places
    expect(c.acquire('/p', 'b', 2)).to.be.a('function')
    expect(c.acquire('/q', 'a', 2)).to.be.a('function')
    releases[0]!()
    releases[0]!()
    expect(c.held('/p', 'a')).to.equal(1)
    expect(c.totals()).to.deep.equal({ '/p': 2, '/q': 1 })
    releases[1]!()
    expect(c.acquire('/p', 'a', 2)).to.be.a('function')
  })

  it('blames the remote for silence and oversized prefixes, notes a stream closed early, and blames nobody for a broken connection', () => {
    const live = new AbortController().signal
    const named = (name: string): Error => Object.assign(new Error(name), { name })
    expect((classifyReadError(named('x'), AbortSignal.abort(), 64) as ProtocolViolationError).offence).to.equal('idle')
    expect((classifyReadError(named('InvalidDataLengthError'), live, 64) as ProtocolViolationError).offence).to.equal('oversized')
    expect((classifyReadError(named('InvalidDataLengthLengthError'), live, 64) as ProtocolViolationError).offence).to.equal('oversized')
    expect((classifyReadError(named('UnexpectedEOFError'), live, 64) as ProtocolViolationError).offence).to.equal('ended')
    expect(classifyReadError(named('StreamResetError'), live, 64)).to.not.be.instanceOf(ProtocolViolationError)
  })
})
