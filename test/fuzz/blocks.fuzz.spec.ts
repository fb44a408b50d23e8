/**
 * Fuzzing the block protocol's decoders (/shoal/blocks/1.0.0): random bytes
 * and valid frames damaged either decode to CIDs within the limits or fail
 * with a WireError and its reason; valid frames round-trip.
 */
import { expect } from 'chai'
import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, MAX_BLOCK_BYTES, WireError } from '../../src/data/index.js'
import { hostile, RUNS, settlesCleanly } from './arbitraries.js'

const REASONS = ['malformed', 'oversized', 'flood'] as const

describe('fuzz: /shoal/blocks/1.0.0 frames', function () {
  this.timeout(120_000)
  let cids: CID[]
  before(async () => {
    cids = await Promise.all(Array.from({ length: 8 }, async (_, i) => CID.createV1(i % 2 === 0 ? 0x55 : 0x70, await sha256.digest(new Uint8Array([i])))))
  })

  it('requests: valid ones round-trip, hostile ones decode within limits or fail with a reason', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 8 }), async (n) => {
      const decoded = decodeRequest(encodeRequest(cids.slice(0, n)))
      expect(decoded.map(c => c.toString())).to.deep.equal(cids.slice(0, n).map(c => c.toString()))
    }), { numRuns: 100 })
    const valid = [encodeRequest(cids), encodeRequest(cids.slice(0, 1))]
    await fc.assert(fc.asyncProperty(hostile(valid), async (bytes) => {
      await settlesCleanly(() => {
        const out = decodeRequest(bytes)
        expect(out.length).to.be.within(1, 256)
        for (const c of out) expect(c).to.be.instanceOf(CID)
      }, WireError, e => e.reason, REASONS)
    }), { numRuns: RUNS * 3 })
  })

  it('responses: valid ones round-trip, hostile ones decode within limits or fail with a reason', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), async (data, missing) => {
      const out = decodeResponse(encodeResponse(cids[0], missing ? undefined : data))
      expect(out.cid.equals(cids[0])).to.equal(true)
      if (missing) expect(out.data).to.equal(undefined)
      else expect(Array.from(out.data ?? [])).to.deep.equal(Array.from(data))
    }), { numRuns: 200 })
    const valid = [encodeResponse(cids[1], new Uint8Array(64).fill(9)), encodeResponse(cids[2], undefined)]
    await fc.assert(fc.asyncProperty(hostile(valid), async (bytes) => {
      await settlesCleanly(() => {
        const out = decodeResponse(bytes)
        expect(out.cid).to.be.instanceOf(CID)
        expect(out.data?.byteLength ?? 0).to.be.at.most(MAX_BLOCK_BYTES)
      }, WireError, e => e.reason, REASONS)
    }), { numRuns: RUNS * 3 })
  })

  it('a block over the limit is refused as oversized', () => {
    expect(() => decodeResponse(encodeResponse(cids[0], new Uint8Array(MAX_BLOCK_BYTES + 1)))).to.throw(WireError).with.property('reason', 'oversized')
  })
})
