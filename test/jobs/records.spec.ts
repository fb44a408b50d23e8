import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { expect } from 'chai'
import fc from 'fast-check'
import { Frame } from '../../src/pb/job.js'
import { openAck, openBid, openResult, sealBid, sealResult } from '../../src/jobs/records.js'
import { decide } from '../../src/jobs/worker.js'
import type { Offer } from '../../src/pb/job.js'

const offer = (over: Partial<Offer> = {}): Offer => ({
  jobId: new Uint8Array(16), kind: 'wasm', moduleHash: new Uint8Array(32), moduleSize: 100n, inputHash: new Uint8Array(32), inputSize: 10n,
  args: [], limits: { memoryMb: 64, timeoutMs: 1000, maxOutputBytes: 1000n }, deadline: 0n, priceMilli: 0n, deterministic: true, seed: 0n, datasets: [], ...over
})
const ctx = { terms: { maxMemoryMb: 256, maxTimeoutMs: 60_000, price: 0 }, kinds: ['image/tiles'], slots: 2, inFlight: 0, shuttingDown: false, now: 1000 }

describe('job records and offers', () => {
  it('a bid opens only as what was signed, by whom it names', async () => {
    const worker = await generateKeyPair('Ed25519')
    const other = await generateKeyPair('Ed25519')
    const record = { jobId: new Uint8Array(16).fill(7), worker: peerIdFromPrivateKey(worker).toMultihash().bytes.slice(), requester: peerIdFromPrivateKey(other).toMultihash().bytes.slice(), offerHash: new Uint8Array(32), priceMilli: 5n, expiresAt: 9n, needModule: true }
    const sealed = await sealBid(record, worker)
    const opened = await openBid(sealed)
    expect(opened.record.priceMilli).to.equal(5n)
    expect(opened.signer.equals(peerIdFromPrivateKey(worker))).to.equal(true)
    // signed by someone other than the worker it names
    let named: unknown
    await openBid(await sealBid(record, other)).catch(err => { named = err })
    expect(String(named)).to.match(/signed by/)
    // a result envelope is not a bid
    let wrongType: unknown
    await openBid(await sealResult({ jobId: record.jobId, worker: record.worker, requester: record.requester, offerHash: record.offerHash, status: 'OK' as any, exitCode: 0, outputHash: new Uint8Array(32), outputSize: 0n, reason: '', message: '', cpuMs: 0n, wallMs: 0n, finishedAt: 0n, stderrTail: new Uint8Array() }, worker)).catch(err => { wrongType = err })
    expect(String(wrongType)).to.match(/does not hold/)
  })

  it('decoders and record openers reject random and mutated bytes without crashing', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
      try { Frame.decode(bytes) } catch (err) { expect(err).to.be.instanceOf(Error) }
      for (const open of [openBid, openResult, openAck]) {
        let threw = false
        await open(bytes).catch(() => { threw = true })
        expect(threw).to.equal(true)
      }
    }), { numRuns: 300 })
  })

  it('declines what it should, with a reason', () => {
    expect(decide(offer(), ctx)).to.equal(undefined)
    expect(decide(offer({ kind: 'image/tiles', moduleHash: new Uint8Array() }), ctx)).to.equal(undefined)
    expect(decide(offer({ kind: 'gpu/render' }), ctx)?.reason).to.equal('UNSUPPORTED')
    expect(decide(offer({ limits: { memoryMb: 4096, timeoutMs: 1000, maxOutputBytes: 1n } }), ctx)?.reason).to.equal('TOO_BIG')
    expect(decide(offer({ priceMilli: 0n }), { ...ctx, terms: { ...ctx.terms, price: 1 } })?.reason).to.equal('PRICE')
    expect(decide(offer(), { ...ctx, inFlight: 6 })?.reason).to.equal('BUSY')
    // no slots at all (a paused page) is not a full queue
    expect(decide(offer(), { ...ctx, slots: 0, inFlight: 0 })?.reason).to.equal('PAUSED')
    expect(decide(offer(), { ...ctx, shuttingDown: true })?.reason).to.equal('SHUTTING_DOWN')
    expect(decide(offer({ jobId: new Uint8Array(3) }), ctx)?.reason).to.equal('BAD_OFFER')
    expect(decide(offer({ deadline: 10n }), ctx)?.reason).to.equal('BAD_OFFER')
    expect(decide(offer({ args: Array(300).fill('a') }), ctx)?.reason).to.equal('TOO_BIG')
  })

  it('declines offers naming data sets it does not hold, or holds for other modules only', () => {
    const approved = 'ab'.repeat(32)
    const held = { ...ctx, datasets: [{ name: 'shard', size: 10, public: false }, { name: 'locked', size: 1, public: false, modules: [approved] }] }
    expect(decide(offer({ datasets: ['shard'] }), held)).to.equal(undefined)
    expect(decide(offer({ datasets: ['shard'] }), ctx)?.reason).to.equal('NO_DATASET')
    const missing = decide(offer({ datasets: ['shard', 'other'] }), held)
    expect(missing?.reason).to.equal('NO_DATASET')
    expect(missing?.message).to.match(/does not hold data set "other"/)
    expect(decide(offer({ datasets: ['locked'] }), held)?.reason).to.equal('DATASET_REFUSED')
    expect(decide(offer({ datasets: ['locked'], moduleHash: new Uint8Array(32).fill(0xab) }), held)).to.equal(undefined)
    expect(decide(offer({ kind: 'image/tiles', moduleHash: new Uint8Array(), datasets: ['shard'] }), held)?.reason).to.equal('UNSUPPORTED')
    // names no Shoal peer would send: a violation
    for (const datasets of [['../x'], ['a', 'a'], Array.from({ length: 9 }, (_, i) => `d${i}`), ['x'.repeat(65)]]) {
      const d = decide(offer({ datasets }), held)
      expect(d?.reason, datasets.join(',')).to.equal('BAD_OFFER')
      expect(d?.violation).to.equal(true)
    }
  })
})
