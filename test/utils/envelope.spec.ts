import { generateKeyPair } from '@libp2p/crypto/keys'
import { RecordEnvelope } from '@libp2p/peer-record'
import { expect } from 'chai'
import fc from 'fast-check'
import { useNodeEd25519 } from '../../src/node/ed25519.js'
import { open, seal } from '../../src/utils/envelope.js'

const TYPE = new TextEncoder().encode('/shoal/test/1')

class Raw {
  constructor (readonly domain: string, readonly codec: Uint8Array, private readonly payload: Uint8Array) {}
  marshal (): Uint8Array { return this.payload }
  equals (): boolean { return false }
}

async function refusal (p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err: any) {
    return err.message
  }
  throw new Error('opened what it should have refused')
}

for (const backend of ['WebCrypto', 'node:crypto'] as const) {
  describe(`signed envelopes with keys imported once (${backend})`, () => {
    // the Node backend, once installed, stays: WebCrypto's turn comes first
    before(() => { if (backend === 'node:crypto') useNodeEd25519() })
    it('seal and open agree with @libp2p/peer-record both ways, for any payload and domain', async () => {
      const key = await generateKeyPair('Ed25519')
      await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.string({ minLength: 1, maxLength: 200 }), async (payload, domain) => {
        const ours = await seal(domain, TYPE, payload, key)
        const theirs = (await RecordEnvelope.seal(new Raw(domain, TYPE, payload), key)).marshal()
        // Ed25519 is deterministic: the same bytes either way
        expect(ours).to.deep.equal(theirs.slice())
        expect((await RecordEnvelope.openAndCertify(ours, domain)).payload).to.deep.equal(payload)
        expect((await open(theirs, domain, TYPE)).payload).to.deep.equal(payload)
      }), { numRuns: 200 })
    })

    it('refuses a flipped bit, another domain and another signer', async () => {
      const key = await generateKeyPair('Ed25519')
      const other = await generateKeyPair('Ed25519')
      const sealed = await seal('d', TYPE, new Uint8Array([1, 2, 3]), key)
      expect(await refusal(open(sealed, 'e', TYPE))).to.match(/signature/)
      const flipped = sealed.slice()
      flipped[flipped.length - 1] ^= 1
      expect(await refusal(open(flipped, 'd', TYPE))).to.match(/signature/)
      // the key in the envelope swapped for another's: the signature no longer matches
      const swapped = new RecordEnvelope({ publicKey: other.publicKey, payloadType: TYPE, payload: new Uint8Array([1, 2, 3]), signature: RecordEnvelope.createFromProtobuf(sealed).signature }).marshal()
      expect(await refusal(open(swapped, 'd', TYPE))).to.match(/signature/)
    })
  })
}
