import { expect } from 'chai'
import fc from 'fast-check'
import { SYNC_HASH_BYTES, useNodeSha256 } from '../../src/node/hash.js'
import { sha256, webCryptoSha256 } from '../../src/utils/hash.js'

describe('sha-256 backends', () => {
  it('the Node backend (small bodies on the loop, large ones through WebCrypto) agrees with WebCrypto on either side of the threshold', async () => {
    useNodeSha256()
    const sizes = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: SYNC_HASH_BYTES - 2, max: SYNC_HASH_BYTES + 2 }), fc.integer({ min: 0, max: 3 * SYNC_HASH_BYTES }))
    await fc.assert(fc.asyncProperty(sizes, fc.integer(), async (size, seed) => {
      const bytes = new Uint8Array(size).map((_, i) => (i * 31 + seed) & 0xff)
      // a view into a larger buffer hashes only its own bytes
      const view = new Uint8Array(size + 8).fill(9).subarray(4, 4 + size)
      view.set(bytes)
      expect(await sha256(view)).to.deep.equal(await webCryptoSha256(bytes))
    }), { numRuns: 300 })
  })
})
