import { generateKeyPair, publicKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { RecordEnvelope } from '@libp2p/peer-record'
import { expect } from 'chai'
import fc from 'fast-check'
import { encodeAdvert, openAdvert, sealAdvert } from '../../src/capacity/advert.js'
import { DATASET_NAME_MAX, isDatasetName } from '../../src/utils/dataset-name.js'
import { CID } from 'multiformats/cid'

const CID_BYTES = CID.parse('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku').bytes
import { ADVERT_DOMAIN, ADVERT_PAYLOAD_TYPE, MAX_ADVERT_BYTES, MAX_DATASETS, MAX_ADVERT_TTL_MS, MAX_CLOCK_SKEW_MS, MAX_LABEL_KEY_LENGTH, MAX_LABEL_VALUE_LENGTH, MAX_LABELS } from '../../src/capacity/constants.js'
import { AdvertRejectedError } from '../../src/capacity/errors.js'
import { checkAdvert } from '../../src/capacity/validate.js'
import { CapacityAdvert } from '../../src/pb/capacity.js'
import { advertArb, expectRejected, expectRejectedSync, makeAdvert } from '../fixtures/adverts.js'
import type { Advert } from '../../src/capacity/advert.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

/** a record for RecordEnvelope.seal with any domain, payload type and payload */
function record (payload: Uint8Array, codec: Uint8Array = ADVERT_PAYLOAD_TYPE, domain = ADVERT_DOMAIN): { domain: string, codec: Uint8Array, marshal: () => Uint8Array, equals: (other: { marshal: () => Uint8Array }) => boolean } {
  return {
    domain,
    codec,
    marshal: () => payload,
    equals: (other) => Buffer.from(other.marshal()).equals(payload)
  }
}

/** runs openAdvert and reports how it ended: the advert, or the refusal; anything else is rethrown */
async function outcome (bytes: Uint8Array): Promise<Advert | AdvertRejectedError> {
  try {
    return (await openAdvert(bytes)).advert
  } catch (err) {
    if (err instanceof AdvertRejectedError) return err
    throw err
  }
}

describe('capacity adverts: sealing and opening', () => {
  let keyA: PrivateKey
  let keyB: PrivateKey
  let peerA: PeerId
  let peerB: PeerId
  let sealed: Uint8Array
  let original: Advert

  before(async () => {
    keyA = await generateKeyPair('Ed25519')
    keyB = await generateKeyPair('Ed25519')
    peerA = peerIdFromPrivateKey(keyA)
    peerB = peerIdFromPrivateKey(keyB)
    original = makeAdvert(peerA.toString(), {
      gpus: [{ name: 'RTX 4090', memoryMb: 24_576, utilisation: 12 }],
      kinds: ['render'],
      labels: { region: 'eu', gpu: 'true' },
      addrs: ['/ip4/198.18.0.7/tcp/4001', '/ip4/198.18.0.7/tcp/4002/ws', '/ip4/198.18.0.1/tcp/4001/p2p/12D3KooWHJXSYuuvkYpTgSRwXBKkAfh3dBvM3RCyn7z9qHg1p8LE/p2p-circuit'],
      // so that the mutation fuzz below reaches the data set fields too
      datasets: [{ name: 'shard', size: 183_402, public: false, cid: 'bafybeia24npbzf3eseksdbheeu3mytqw7wcphw3do22dvo54lc566xw4va' }, { name: 'mnist.v1', size: 9, public: true }]
    })
    sealed = await sealAdvert(original, keyA)
  })

  describe('addresses', () => {
    it('refuses an advert with more than 8 addresses, or one that does not decode', async () => {
      const nine = Array.from({ length: 9 }, (_, i) => `/ip4/198.18.0.${i + 1}/tcp/4001`)
      await expectRejected(openAdvert(await sealAdvert(makeAdvert(peerA.toString(), { addrs: nine }), keyA)), 'malformed')
      const pb = CapacityAdvert.decode(encodeAdvert(makeAdvert(peerA.toString()), peerA))
      const garbage = CapacityAdvert.encode({ ...pb, addrs: [new Uint8Array([0xff, 0xff, 0xff])] })
      const bytes = await RecordEnvelope.seal(record(garbage), keyA)
      await expectRejected(openAdvert(bytes.marshal()), 'malformed')
    })
  })

  describe('data sets', () => {
    it('carries names, sizes, visibility and CIDs; refuses more than MAX_DATASETS, or a CID that does not decode, as malformed', async () => {
      const datasets = [{ name: 'shard', size: 123_456, public: false }, { name: 'mnist.v1', size: 9, public: true, cid: 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku' }]
      expect((await openAdvert(await sealAdvert(makeAdvert(peerA.toString(), { datasets }), keyA))).advert.datasets).to.deep.equal(datasets)
      const many = Array.from({ length: MAX_DATASETS + 1 }, (_, i) => ({ name: `d${i}`, size: 1, public: false }))
      await expectRejected(openAdvert(await sealAdvert(makeAdvert(peerA.toString(), { datasets: many }), keyA)), 'malformed')
      const pb = CapacityAdvert.decode(encodeAdvert(makeAdvert(peerA.toString()), peerA))
      const garbage = CapacityAdvert.encode({ ...pb, datasets: [{ name: 'x', size: 1n, public: false, cid: new Uint8Array([0xff, 0x01]) }] })
      await expectRejected(openAdvert((await RecordEnvelope.seal(record(garbage), keyA)).marshal()), 'malformed')
    })
  })

  describe('data sets under fuzzing', () => {
    it('any data set entries a signer puts in: refused with AdvertRejectedError, or valid names and sizes', async () => {
      const entry = fc.record({
        name: fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,70}$/)),
        size: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        cid: fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ maxLength: 40 }), fc.constant(CID_BYTES)),
        public: fc.boolean()
      })
      const base = CapacityAdvert.decode(encodeAdvert(makeAdvert(peerA.toString()), peerA))
      await fc.assert(fc.asyncProperty(fc.array(entry, { maxLength: MAX_DATASETS + 2 }), async (datasets) => {
        const bytes = (await RecordEnvelope.seal(record(CapacityAdvert.encode({ ...base, datasets })), keyA)).marshal()
        const result = await outcome(bytes)
        if (result instanceof AdvertRejectedError) return
        try {
          checkAdvert(result, { now: result.issuedAt })
        } catch (err) {
          expect(err).to.be.instanceOf(AdvertRejectedError)
          return
        }
        expect(result.datasets!.length).to.be.at.most(MAX_DATASETS)
        for (const d of result.datasets!) {
          expect(isDatasetName(d.name)).to.equal(true)
          expect(Number.isSafeInteger(d.size)).to.equal(true)
        }
      }), { numRuns: 300 })
    })
  })

  describe('round trip', () => {
    it('opens what it sealed, every field intact, signed by the sealer', async () => {
      const opened = await openAdvert(sealed)
      expect(opened.advert).to.deep.equal(original)
      expect(opened.bytes).to.equal(sealed)
    })

    it('preserves every field of any valid advert (property)', async () => {
      await fc.assert(fc.asyncProperty(advertArb, async (fields) => {
        const advert: Advert = { peerId: peerA.toString(), ...fields }
        const bytes = await sealAdvert(advert, keyA)
        const opened = await openAdvert(bytes)
        expect(opened.advert).to.deep.equal(advert)
        // and what comes out is still valid for a receiver at issue time
        checkAdvert(opened.advert, { now: advert.issuedAt })
      }), { numRuns: 200 })
    })

    // protons-runtime 7.1.2 encodes uint64 values in [2^31, 2^32) wrongly: LongBits keeps
    // the low word as a signed int32, so writeVarint64 writes one byte where it reserved five.
    // A price of 2147483.648 credits (2^31 millicredits) arrives as 0; 2^32 - 1 does not
    // decode at all. Skipped until the dependency is fixed or encodeAdvert guards the range.
    it.skip('round-trips uint64 figures between 2^31 and 2^32 (protons-runtime uint64 bug)', async () => {
      for (const advert of [
        makeAdvert(peerA.toString(), { price: 2 ** 31 / 1000 }),
        makeAdvert(peerA.toString(), { price: (2 ** 32 - 1) / 1000 }),
        makeAdvert(peerA.toString(), { memoryTotalMb: 2 ** 31, memoryFreeMb: 2 ** 31 })
      ]) {
        expect((await openAdvert(await sealAdvert(advert, keyA))).advert).to.deep.equal(advert)
      }
    })

    it('names the signer as the advert\'s peer, whatever the advert says', async () => {
      // sealAdvert encodes the signer's own id: the peerId field of the input is not trusted
      const opened = await openAdvert(await sealAdvert(makeAdvert(peerA.toString()), keyB))
      expect(opened.advert.peerId).to.equal(peerB.toString())
    })
  })

  describe('openAdvert refuses', () => {
    it('anything above MAX_ADVERT_BYTES as oversized, and opens one of exactly that size', async () => {
      // the limit is part of the wire spec: a change must be deliberate
      expect(MAX_ADVERT_BYTES).to.equal(4096)
      // pad with job kinds until the sealed envelope is exactly the limit, then one byte more
      // (each kind adds its characters plus a tag and a length: try two chunk sizes so that
      // neither target size falls in the gap where a new kind starts)
      const padded = async (chars: number, chunk: number): Promise<Uint8Array> => {
        const kinds: string[] = []
        for (let left = chars; left > 0; left -= chunk) kinds.push('k'.repeat(Math.min(chunk, left)))
        return sealAdvert(makeAdvert(peerA.toString(), { kinds }), keyA)
      }
      let atLimit: Uint8Array | undefined
      let overLimit: Uint8Array | undefined
      for (const chunk of [100, 127]) {
        for (let chars = 3_700; chars < 4_100 && (atLimit == null || overLimit == null); chars++) {
          const bytes = await padded(chars, chunk)
          if (bytes.byteLength === MAX_ADVERT_BYTES) atLimit ??= bytes
          if (bytes.byteLength === MAX_ADVERT_BYTES + 1) overLimit ??= bytes
          if (bytes.byteLength > MAX_ADVERT_BYTES + 1) break
        }
      }
      expect(atLimit, 'an advert of exactly the limit').to.not.equal(undefined)
      expect(overLimit, 'an advert one byte over the limit').to.not.equal(undefined)
      expect((await openAdvert(atLimit!)).advert.peerId).to.equal(peerA.toString())
      await expectRejected(openAdvert(overLimit!), 'oversized')
      await expectRejected(openAdvert(new Uint8Array(100_000)), 'oversized')
    })

    it('garbage bytes as malformed', async () => {
      await expectRejected(openAdvert(new TextEncoder().encode('this is not an advert at all')), 'malformed')
      await expectRejected(openAdvert(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff])), 'malformed')
      await expectRejected(openAdvert(new Uint8Array(0)), 'malformed')
    })

    it('a bare CapacityAdvert with no envelope as unsigned', async () => {
      const bare = encodeAdvert(original, peerA)
      // it really is a decodable advert, just not wrapped
      expect(CapacityAdvert.decode(bare).cores).to.equal(original.cores)
      await expectRejected(openAdvert(bare), 'unsigned')
    })

    it('an envelope with an empty signature as unsigned', async () => {
      const envelope = new RecordEnvelope({
        publicKey: keyA.publicKey,
        payloadType: ADVERT_PAYLOAD_TYPE,
        payload: encodeAdvert(original, peerA),
        signature: new Uint8Array(0)
      })
      await expectRejected(openAdvert(envelope.marshal()), 'unsigned')
    })

    it('a signature with one bit flipped as bad-signature', async () => {
      const envelope = RecordEnvelope.createFromProtobuf(sealed)
      for (const bit of [0, 7]) {
        for (const at of [0, 31, 32, envelope.signature.byteLength - 1]) {
          const signature = envelope.signature.slice()
          signature[at] ^= 1 << bit
          const forged = new RecordEnvelope({ publicKey: envelope.publicKey, payloadType: envelope.payloadType, payload: envelope.payload, signature })
          await expectRejected(openAdvert(forged.marshal()), 'bad-signature')
        }
      }
    })

    it('a payload changed after signing as bad-signature', async () => {
      const envelope = RecordEnvelope.createFromProtobuf(sealed)
      const richer = encodeAdvert({ ...original, slotsFree: original.slotsFree + 100, slotsTotal: original.slotsTotal + 100 }, peerA)
      const forged = new RecordEnvelope({ publicKey: envelope.publicKey, payloadType: envelope.payloadType, payload: richer, signature: envelope.signature })
      await expectRejected(openAdvert(forged.marshal()), 'bad-signature')
    })

    it('an advert signed under another domain as bad-signature', async () => {
      const envelope = await RecordEnvelope.seal(record(encodeAdvert(original, peerA), ADVERT_PAYLOAD_TYPE, 'libp2p-peer-record'), keyA)
      await expectRejected(openAdvert(envelope.marshal()), 'bad-signature')
    })

    it('an envelope of another payload type as wrong-type', async () => {
      const otherType = new TextEncoder().encode('/shoal/reputation/1')
      const envelope = await RecordEnvelope.seal(record(encodeAdvert(original, peerA), otherType), keyA)
      // a correctly signed envelope: only its type is wrong
      expect(await envelope.validate(ADVERT_DOMAIN)).to.equal(true)
      await expectRejected(openAdvert(envelope.marshal()), 'wrong-type')
    })

    it('an advert naming peer A but signed by key B as signer-mismatch', async () => {
      const envelope = await RecordEnvelope.seal(record(encodeAdvert(original, peerA)), keyB)
      expect(await envelope.validate(ADVERT_DOMAIN)).to.equal(true)
      const err = await expectRejected(openAdvert(envelope.marshal()), 'signer-mismatch')
      expect(err.message).to.include(peerA.toString()).and.to.include(peerB.toString())
    })

    it('a signed payload that is not an advert, or names no peer, as malformed', async () => {
      const notAdvert = await RecordEnvelope.seal(record(new Uint8Array([0xff, 0xff, 0xff])), keyA)
      await expectRejected(openAdvert(notAdvert.marshal()), 'malformed')
      const noPeer = await RecordEnvelope.seal(record(CapacityAdvert.encode({ ...CapacityAdvert.decode(encodeAdvert(original, peerA)), peerId: new Uint8Array([1, 2, 3]) })), keyA)
      await expectRejected(openAdvert(noPeer.marshal()), 'malformed')
    })

    it(`an advert with more than ${MAX_LABELS} labels as malformed`, async () => {
      const labels = Object.fromEntries(Array.from({ length: MAX_LABELS + 1 }, (_, i) => [`l${i}`, 'x']))
      await expectRejected(openAdvert(await sealAdvert(makeAdvert(peerA.toString(), { labels }), keyA)), 'malformed')
      const most = Object.fromEntries(Array.from({ length: MAX_LABELS }, (_, i) => [`l${i}`, 'x']))
      expect((await openAdvert(await sealAdvert(makeAdvert(peerA.toString(), { labels: most }), keyA))).advert.labels).to.deep.equal(most)
    })

    it('an envelope whose public key is not a key as malformed', async () => {
      const envelope = RecordEnvelope.createFromProtobuf(sealed)
      // the envelope protobuf by hand: field 1 public key, 2 payload type, 3 payload, 5 signature
      const field = (n: number, bytes: Uint8Array): number[] => [(n << 3) | 2, ...varint(bytes.byteLength), ...bytes]
      const broken = Uint8Array.from([
        ...field(1, publicKeyToProtobuf(envelope.publicKey).slice(0, 10)),
        ...field(2, envelope.payloadType),
        ...field(3, envelope.payload),
        ...field(5, envelope.signature)
      ])
      await expectRejected(openAdvert(broken), 'malformed')
    })
  })

  describe('openAdvert under fuzzing', function () {
    this.timeout(120_000)
    const runs = { numRuns: 300, timeout: 2_000 }

    it('refuses random bytes, only ever with AdvertRejectedError', async () => {
      const reasons = new Set<string>()
      await fc.assert(fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 6_000, size: 'max' }), fc.uint8Array({ maxLength: 300 })), async (bytes) => {
        const result = await outcome(bytes)
        expect(result).to.be.instanceOf(AdvertRejectedError)
        reasons.add((result as AdvertRejectedError).reason)
        if (bytes.byteLength > MAX_ADVERT_BYTES) expect((result as AdvertRejectedError).reason).to.equal('oversized')
      }), runs)
      expect([...reasons]).to.include.members(['oversized', 'malformed'])
    })

    it('refuses every truncation of a sealed advert, only ever with AdvertRejectedError', async () => {
      await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: sealed.byteLength - 1 }), async (length) => {
        const result = await outcome(sealed.slice(0, length))
        expect(result).to.be.instanceOf(AdvertRejectedError)
      }), runs)
    })

    it('refuses or opens unchanged every single-byte mutation, only ever with AdvertRejectedError', async () => {
      await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: sealed.byteLength - 1 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const mutated = sealed.slice()
        mutated[at] ^= xor
        const result = await outcome(mutated)
        // a mutation can never produce a different advert that still opens
        if (!(result instanceof AdvertRejectedError)) expect(result).to.deep.equal(original)
      }), runs)
    })

    it('refuses random adverts stuffed into a validly signed envelope, only ever with AdvertRejectedError', async () => {
      await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 3_000 }), async (payload) => {
        const envelope = await RecordEnvelope.seal(record(payload), keyA)
        expect(await outcome(envelope.marshal())).to.be.instanceOf(AdvertRejectedError)
      }), { numRuns: 150, timeout: 2_000 })
    })
  })
})

describe('capacity adverts: checkAdvert', () => {
  const now = 1_750_000_000_000
  const peer = '12D3KooWExamplePeer'
  const valid = (overrides: Partial<Advert> = {}): Advert => makeAdvert(peer, overrides, now)

  it('passes a live, plausible advert', () => {
    expect(() => { checkAdvert(valid(), { now }) }).to.not.throw()
    expect(() => { checkAdvert(valid({ seq: now }), { now, lastSeq: now - 1 }) }).to.not.throw()
  })

  it('refuses an advert at or past its expiry as expired', () => {
    expectRejectedSync(() => { checkAdvert(valid({ issuedAt: now - 60_000, expiresAt: now - 1 }), { now }) }, 'expired')
    expectRejectedSync(() => { checkAdvert(valid({ issuedAt: now - 60_000, expiresAt: now }), { now }) }, 'expired')
    expect(() => { checkAdvert(valid({ issuedAt: now - 60_000, expiresAt: now + 1 }), { now }) }).to.not.throw()
  })

  it('refuses a sequence not after the last accepted as replay', () => {
    expectRejectedSync(() => { checkAdvert(valid({ seq: 100 }), { now, lastSeq: 100 }) }, 'replay')
    expectRejectedSync(() => { checkAdvert(valid({ seq: 99 }), { now, lastSeq: 100 }) }, 'replay')
    expect(() => { checkAdvert(valid({ seq: 101 }), { now, lastSeq: 100 }) }).to.not.throw()
  })

  it('refuses an advert living longer than MAX_ADVERT_TTL_MS as ttl-too-long', () => {
    expectRejectedSync(() => { checkAdvert(valid({ expiresAt: now + MAX_ADVERT_TTL_MS + 1 }), { now }) }, 'ttl-too-long')
    expect(() => { checkAdvert(valid({ expiresAt: now + MAX_ADVERT_TTL_MS }), { now }) }).to.not.throw()
  })

  it('refuses an advert issued beyond the clock skew as from-the-future', () => {
    const issuedAt = now + MAX_CLOCK_SKEW_MS + 1
    expectRejectedSync(() => { checkAdvert(valid({ issuedAt, expiresAt: issuedAt + 10_000 }), { now }) }, 'from-the-future')
    const skewed = now + MAX_CLOCK_SKEW_MS
    expect(() => { checkAdvert(valid({ issuedAt: skewed, expiresAt: skewed + 10_000 }), { now }) }).to.not.throw()
  })

  it('refuses implausible figures as invalid-field', () => {
    const cases: Array<[string, Partial<Advert>]> = [
      ['free slots above total', { slotsTotal: 4, slotsFree: 5 }],
      ['free memory above total', { memoryTotalMb: 1024, memoryFreeMb: 1025 }],
      ['no cores', { cores: 0 }],
      ['fractional memory', { memoryTotalMb: 1024.5 }],
      ['negative price', { price: -0.001 }],
      ['price not a number', { price: Number.NaN }],
      ['seq zero', { seq: 0 }],
      ['expiry not after issue', { expiresAt: now }],
      [`label key over ${MAX_LABEL_KEY_LENGTH}`, { labels: { ['k'.repeat(MAX_LABEL_KEY_LENGTH + 1)]: 'v' } }],
      ['empty label key', { labels: { '': 'v' } }],
      [`label value over ${MAX_LABEL_VALUE_LENGTH}`, { labels: { k: 'v'.repeat(MAX_LABEL_VALUE_LENGTH + 1) } }],
      ['gpu utilisation over 100', { gpus: [{ name: 'g', memoryMb: 1, utilisation: 101 }] }],
      ['empty runtime name', { runtimes: [''] }],
      ['empty kind name', { kinds: [''] }],
      ['data set name with a slash', { datasets: [{ name: 'a/b', size: 1, public: false }] }],
      ['data set name of ..', { datasets: [{ name: '..', size: 1, public: false }] }],
      [`data set name over ${DATASET_NAME_MAX}`, { datasets: [{ name: 'd'.repeat(DATASET_NAME_MAX + 1), size: 1, public: false }] }],
      ['negative data set size', { datasets: [{ name: 'd', size: -1, public: false }] }],
      ['a data set named twice', { datasets: [{ name: 'd', size: 1, public: false }, { name: 'd', size: 2, public: true }] }],
      [`more than ${MAX_DATASETS} data sets`, { datasets: Array.from({ length: MAX_DATASETS + 1 }, (_, i) => ({ name: `d${i}`, size: 1, public: false })) }]
    ]
    for (const [what, overrides] of cases) {
      const err = expectRejectedSync(() => { checkAdvert(valid(overrides), { now }) }, 'invalid-field')
      expect(err.message, what).to.match(/^invalid-field: /)
    }
    // the limits themselves pass
    expect(() => { checkAdvert(valid({ datasets: Array.from({ length: MAX_DATASETS }, (_, i) => ({ name: `${i}`.padEnd(DATASET_NAME_MAX, 'x'), size: 2 ** 40, public: i % 2 === 0 })) }), { now }) }).to.not.throw()
    expect(() => { checkAdvert(valid({ labels: { ['k'.repeat(MAX_LABEL_KEY_LENGTH)]: 'v'.repeat(MAX_LABEL_VALUE_LENGTH) } }), { now }) }).to.not.throw()
    expect(() => { checkAdvert(valid({ slotsTotal: 4, slotsFree: 4, memoryFreeMb: 16_384 }), { now }) }).to.not.throw()
  })

  it('passes a leaving advert with zero figures, but not a stale or replayed one', () => {
    const goodbye = valid({ leaving: true, cores: 0, memoryTotalMb: 0, memoryFreeMb: 0, slotsTotal: 0, slotsFree: 0, runtimes: [], load: 0 })
    expect(() => { checkAdvert(goodbye, { now, lastSeq: goodbye.seq - 1 }) }).to.not.throw()
    // the same figures without the flag are not a plausible offer
    expectRejectedSync(() => { checkAdvert({ ...goodbye, leaving: false }, { now }) }, 'invalid-field')
    expectRejectedSync(() => { checkAdvert(goodbye, { now, lastSeq: goodbye.seq }) }, 'replay')
    expectRejectedSync(() => { checkAdvert(goodbye, { now: goodbye.expiresAt }) }, 'expired')
  })
})

function varint (n: number): number[] {
  const out: number[] = []
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n >>>= 7 }
  out.push(n)
  return out
}
