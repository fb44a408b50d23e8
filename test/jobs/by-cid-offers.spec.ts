import { expect } from 'chai'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { decide } from '../../src/jobs/worker.js'
import { MAX_CID_BYTES, MAX_INPUT_BYTES } from '../../src/jobs/constants.js'
import type { Offer } from '../../src/pb/job.js'

const offer = (over: Partial<Offer> = {}): Offer => ({
  jobId: new Uint8Array(16), kind: 'wasm', moduleHash: new Uint8Array(32), moduleSize: 100n, inputHash: new Uint8Array(32), inputSize: 10n,
  args: [], limits: { memoryMb: 64, timeoutMs: 1000, maxOutputBytes: 1000n }, deadline: 0n, priceMilli: 0n, deterministic: true, seed: 0n, datasets: [], ...over
})
const ctx = { terms: { maxMemoryMb: 256, maxTimeoutMs: 60_000, price: 0 }, kinds: [], slots: 2, inFlight: 0, shuttingDown: false, now: 1000 }
const GiB = 1024 * 1024 * 1024

describe('offers naming their module or input by CID', () => {
  let cid: Uint8Array<ArrayBuffer>
  before(async () => { cid = CID.createV1(0x55, await sha256.digest(new Uint8Array([1, 2, 3]))).bytes as Uint8Array<ArrayBuffer> })

  it('a worker without a data service declines them, NO_DATA_SERVICE; with one it bids', () => {
    expect(decide(offer({ inputCid: cid }), ctx)?.reason).to.equal('NO_DATA_SERVICE')
    expect(decide(offer({ moduleCid: cid }), ctx)?.reason).to.equal('NO_DATA_SERVICE')
    expect(decide(offer({ inputCid: cid }), { ...ctx, dataMaxBytes: 10 * GiB })).to.equal(undefined)
    // no CID: the data service does not matter
    expect(decide(offer(), ctx)).to.equal(undefined)
  })

  it('a CID that does not decode, or a module CID without its sha-256, is a bad offer', () => {
    const withData = { ...ctx, dataMaxBytes: 10 * GiB }
    expect(decide(offer({ inputCid: new Uint8Array([1, 2, 3]) }), withData)?.reason).to.equal('BAD_OFFER')
    expect(decide(offer({ moduleCid: new Uint8Array(200).fill(1) }), withData)?.reason).to.equal('BAD_OFFER')
    expect(decide(offer({ kind: 'image/tiles', moduleHash: new Uint8Array(), moduleCid: cid }), { ...withData, kinds: ['image/tiles'] })?.reason).to.equal('BAD_OFFER')
  })

  it('the stream ceilings do not apply to a part named by CID; the CID cap and the store quota do', () => {
    const withData = { ...ctx, dataMaxBytes: 10 * GiB }
    const big = BigInt(MAX_INPUT_BYTES + 1)
    expect(decide(offer({ inputSize: big }), withData)?.reason).to.equal('TOO_BIG')
    expect(decide(offer({ inputSize: big, inputCid: cid }), withData)).to.equal(undefined)
    expect(decide(offer({ inputSize: BigInt(MAX_CID_BYTES + 1), inputCid: cid }), withData)?.reason).to.equal('TOO_BIG')
    expect(decide(offer({ inputSize: big, inputCid: cid }), { ...ctx, dataMaxBytes: MAX_INPUT_BYTES })?.reason).to.equal('TOO_BIG')
    expect(decide(offer({ moduleSize: BigInt(200 * 1024 * 1024), moduleCid: cid }), withData)).to.equal(undefined)
  })
})
