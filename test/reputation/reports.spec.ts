import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { expect } from 'chai'
import { sealBid, sealResult } from '../../src/jobs/records.js'
import { openReport, ReportRejectedError, sealReport } from '../../src/reputation/reports.js'
import type { PrivateKey } from '@libp2p/interface'

const id = (k: PrivateKey): Uint8Array<ArrayBuffer> => peerIdFromPrivateKey(k).toMultihash().bytes.slice()

async function rejection (p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    expect(err).to.be.instanceOf(ReportRejectedError)
    return (err as ReportRejectedError).reason
  }
  throw new Error('expected a rejection')
}

describe('reports and their evidence', () => {
  let worker: PrivateKey
  let reporter: PrivateKey
  let stranger: PrivateKey
  const jobId = new Uint8Array(16).fill(3)
  const now = 1_800_000_000_000
  let bid: Uint8Array
  let result: Uint8Array
  before(async () => {
    [worker, reporter, stranger] = await Promise.all([generateKeyPair('Ed25519'), generateKeyPair('Ed25519'), generateKeyPair('Ed25519')])
    bid = await sealBid({ jobId, worker: id(worker), requester: id(reporter), offerHash: new Uint8Array(32), priceMilli: 0n, expiresAt: 0n, needModule: false }, worker)
    result = await sealResult({ jobId, worker: id(worker), requester: id(reporter), offerHash: new Uint8Array(32), status: 'OK' as any, exitCode: 0, outputHash: new Uint8Array(32).fill(1), outputSize: 1n, reason: '', message: '', cpuMs: 1n, wallMs: 1n, finishedAt: 0n, stderrTail: new Uint8Array() }, worker)
  })

  it('accepts a report that carries the worker\'s own bid and result', async () => {
    const bytes = await sealReport({ worker: id(worker), jobId, outcome: 'success', at: now, bid, result }, reporter, id(reporter))
    const r = await openReport(bytes, now)
    expect(r.outcome).to.equal('success')
    expect(r.reporter).to.equal(peerIdFromPrivateKey(reporter).toString())
    expect(r.worker).to.equal(peerIdFromPrivateKey(worker).toString())
  })

  it('refuses forged signatures, missing evidence, peers never dealt with, and bad dates', async () => {
    const good = await sealReport({ worker: id(worker), jobId, outcome: 'timeout', at: now, bid }, reporter, id(reporter))
    const flipped = new Uint8Array(good)
    flipped[flipped.length - 3] ^= 1
    expect(await rejection(openReport(flipped, now))).to.equal('bad-signature')
    expect(await rejection(openReport(new Uint8Array([1, 2, 3]), now))).to.equal('malformed')
    // no evidence at all
    expect(await rejection(openReport(await sealReport({ worker: id(worker), jobId, outcome: 'timeout', at: now, bid: new Uint8Array() }, reporter, id(reporter)), now))).to.equal('no-evidence')
    // a success claim without the worker's result
    expect(await rejection(openReport(await sealReport({ worker: id(worker), jobId, outcome: 'success', at: now, bid }, reporter, id(reporter)), now))).to.equal('no-evidence')
    // a stranger replays someone else's bid: the bid names another requester
    expect(await rejection(openReport(await sealReport({ worker: id(worker), jobId, outcome: 'timeout', at: now, bid }, stranger, id(stranger)), now))).to.equal('evidence-mismatch')
    // the bid is for another job
    expect(await rejection(openReport(await sealReport({ worker: id(worker), jobId: new Uint8Array(16), outcome: 'timeout', at: now, bid }, reporter, id(reporter)), now))).to.equal('evidence-mismatch')
    // a "bid" the reporter signed itself, pretending to be the worker
    const fakeBid = await sealBid({ jobId, worker: id(worker), requester: id(reporter), offerHash: new Uint8Array(32), priceMilli: 0n, expiresAt: 0n, needModule: false }, reporter)
    expect(await rejection(openReport(await sealReport({ worker: id(worker), jobId, outcome: 'timeout', at: now, bid: fakeBid }, reporter, id(reporter)), now))).to.equal('no-evidence')
    // a wrong-result claim must name another accepted output
    expect(await rejection(openReport(await sealReport({ worker: id(worker), jobId, outcome: 'wrong', at: now, bid, result, acceptedOutputHash: new Uint8Array(32).fill(1) }, reporter, id(reporter)), now))).to.equal('evidence-mismatch')
    // the report names a reporter other than its signer
    expect(await rejection(openReport(await sealReport({ worker: id(worker), jobId, outcome: 'timeout', at: now, bid }, stranger, id(reporter)), now))).to.equal('bad-signature')
    expect(await rejection(openReport(good, now - 60_000))).to.equal('from-the-future')
    expect(await rejection(openReport(good, now + 30 * 24 * 3600_000))).to.equal('stale')
  })
})
