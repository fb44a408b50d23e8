/**
 * Fuzzing the decoders of signed records from anyone: capacity adverts,
 * job bids, results and acks, reputation reports. Random bytes, valid
 * envelopes damaged, and validly signed envelopes around damaged payloads:
 * each is accepted or refused with the decoder's own error and a reason.
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { expect } from 'chai'
import fc from 'fast-check'
import { encodeAdvert, openAdvert, sealAdvert } from '../../src/capacity/advert.js'
import { ADVERT_DOMAIN, ADVERT_PAYLOAD_TYPE } from '../../src/capacity/constants.js'
import { AdvertRejectedError } from '../../src/capacity/errors.js'
import { checkAdvert } from '../../src/capacity/validate.js'
import { ACK_DOMAIN, ACK_TYPE, BID_DOMAIN, BID_TYPE, RESULT_DOMAIN, RESULT_TYPE } from '../../src/jobs/constants.js'
import { RecordError } from '../../src/jobs/errors.js'
import { AckRecord, BidRecord, openAck, openBid, openResult, ResultRecord, sealAck, sealBid, sealResult } from '../../src/jobs/records.js'
import { REPORT_DOMAIN, REPORT_TYPE } from '../../src/reputation/constants.js'
import { openReport, ReportRejectedError, sealReport } from '../../src/reputation/reports.js'
import { Report } from '../../src/pb/reputation.js'
import { seal } from '../../src/utils/envelope.js'
import { makeAdvert } from '../fixtures/adverts.js'
import { hostile, mutated, RUNS, settlesCleanly } from './arbitraries.js'
import type { PrivateKey } from '@libp2p/interface'

const ADVERT_REASONS = ['oversized', 'malformed', 'unsigned', 'bad-signature', 'wrong-type', 'signer-mismatch', 'invalid-field', 'expired', 'ttl-too-long', 'from-the-future', 'replay']
const RECORD_PROBLEMS = ['malformed', 'unsigned', 'wrong-type', 'bad-signature', 'signer-mismatch']
const REPORT_REASONS = ['oversized', 'malformed', 'unsigned', 'bad-signature', 'wrong-type', 'no-evidence', 'evidence-mismatch', 'stale', 'from-the-future']

const id = (k: PrivateKey): Uint8Array<ArrayBuffer> => peerIdFromPrivateKey(k).toMultihash().bytes.slice()

describe('fuzz: signed records from anyone', function () {
  this.timeout(120_000)
  let worker: PrivateKey
  let requester: PrivateKey
  const now = Date.now()
  const jobId = new Uint8Array(16).fill(7)
  let advert: Uint8Array
  let advertPayload: Uint8Array
  let bid: Uint8Array
  let result: Uint8Array
  let ack: Uint8Array
  let report: Uint8Array
  let reportPayload: Uint8Array
  let bidPayload: Uint8Array
  let resultPayload: Uint8Array
  let ackPayload: Uint8Array

  before(async () => {
    [worker, requester] = await Promise.all([generateKeyPair('Ed25519'), generateKeyPair('Ed25519')])
    const workerId = peerIdFromPrivateKey(worker)
    const a = makeAdvert(workerId.toString(), { gpus: [{ name: 'gpu', memoryMb: 1024, utilisation: 5 }], labels: { region: 'eu' }, kinds: ['image/tiles'] }, now)
    advert = await sealAdvert(a, worker)
    advertPayload = encodeAdvert(a, workerId)
    const bidRecord: BidRecord = { jobId, worker: id(worker), requester: id(requester), offerHash: new Uint8Array(32).fill(1), priceMilli: 5n, expiresAt: BigInt(now + 60_000), needModule: true }
    const resultRecord: ResultRecord = { jobId, worker: id(worker), requester: id(requester), offerHash: new Uint8Array(32).fill(1), status: 'OK' as any, exitCode: 0, outputHash: new Uint8Array(32).fill(2), outputSize: 10n, reason: '', message: 'ok', cpuMs: 3n, wallMs: 4n, finishedAt: BigInt(now), stderrTail: new Uint8Array(8) }
    const ackRecord: AckRecord = { jobId, worker: id(worker), requester: id(requester), outputHash: new Uint8Array(32).fill(2), accepted: true, ackedAt: BigInt(now) }
    bidPayload = BidRecord.encode(bidRecord)
    resultPayload = ResultRecord.encode(resultRecord)
    ackPayload = AckRecord.encode(ackRecord)
    bid = await sealBid(bidRecord, worker)
    result = await sealResult(resultRecord, worker)
    ack = await sealAck(ackRecord, requester)
    report = await sealReport({ worker: id(worker), jobId, outcome: 'wrong', at: now, bid, result, acceptedOutputHash: new Uint8Array(32).fill(9) }, requester, id(requester))
    reportPayload = Report.encode({ reporter: id(requester), worker: id(worker), jobId, outcome: 'SUCCESS' as any, at: BigInt(now), bid: bid.slice(), result: result.slice(), acceptedOutputHash: new Uint8Array() })
  })

  const advertCheck = async (bytes: Uint8Array): Promise<string> => settlesCleanly(async () => {
    const { advert: a } = await openAdvert(bytes)
    checkAdvert(a, { now })
  }, AdvertRejectedError, e => e.reason, ADVERT_REASONS)

  it('the valid messages pass (the properties below start from them)', async () => {
    expect(await advertCheck(advert)).to.equal('ok')
    await openBid(bid)
    await openResult(result)
    await openAck(ack)
    expect((await openReport(report, now)).outcome).to.equal('wrong')
  })

  it('capacity adverts: random and damaged envelopes are refused with a reason', async () => {
    const reasons = new Set<string>()
    await fc.assert(fc.asyncProperty(hostile([advert]), async bytes => { reasons.add(await advertCheck(bytes)) }), { numRuns: RUNS })
    // the damage reaches past the envelope: several distinct reasons come back
    expect(reasons.size).to.be.greaterThan(2)
  })

  it('capacity adverts: validly signed envelopes around damaged payloads are refused with a reason', async () => {
    await fc.assert(fc.asyncProperty(hostile([advertPayload]), async payload => {
      await advertCheck(await seal(ADVERT_DOMAIN, ADVERT_PAYLOAD_TYPE, payload, worker))
    }), { numRuns: RUNS })
  })

  const records: Array<[string, () => Uint8Array, () => Uint8Array, string, Uint8Array, (b: Uint8Array) => Promise<unknown>, () => PrivateKey]> = [
    ['bids', () => bid, () => bidPayload, BID_DOMAIN, BID_TYPE, openBid, () => worker],
    ['results', () => result, () => resultPayload, RESULT_DOMAIN, RESULT_TYPE, openResult, () => worker],
    ['acks', () => ack, () => ackPayload, ACK_DOMAIN, ACK_TYPE, openAck, () => requester]
  ]
  for (const [name, valid, payload, domain, type, open, key] of records) {
    it(`job ${name}: random and damaged envelopes fail with RecordError`, async () => {
      await fc.assert(fc.asyncProperty(hostile([valid()]), async bytes => {
        await settlesCleanly(async () => open(bytes), RecordError, e => e.problem, RECORD_PROBLEMS)
      }), { numRuns: RUNS })
    })

    it(`job ${name}: validly signed envelopes around damaged payloads fail with RecordError`, async () => {
      await fc.assert(fc.asyncProperty(hostile([payload()]), async p => {
        await settlesCleanly(async () => open(await seal(domain, type, p, key())), RecordError, e => e.problem, RECORD_PROBLEMS)
      }), { numRuns: RUNS })
    })
  }

  it('reputation reports: random and damaged envelopes are refused with a reason', async () => {
    await fc.assert(fc.asyncProperty(hostile([report]), async bytes => {
      await settlesCleanly(async () => openReport(bytes, now), ReportRejectedError, e => e.reason, REPORT_REASONS)
    }), { numRuns: RUNS })
  })

  it('reputation reports: validly signed envelopes around damaged payloads are refused with a reason', async () => {
    await fc.assert(fc.asyncProperty(hostile([reportPayload]), async p => {
      await settlesCleanly(async () => openReport(await seal(REPORT_DOMAIN, REPORT_TYPE, p, requester), now), ReportRejectedError, e => e.reason, REPORT_REASONS)
    }), { numRuns: RUNS })
  })

  it('reputation reports: damaged evidence (bid, result) inside a validly signed report is refused with a reason', async () => {
    await fc.assert(fc.asyncProperty(mutated(bid), mutated(result), fc.boolean(), async (badBid, badResult, which) => {
      const bytes = await sealReport({ worker: id(worker), jobId, outcome: 'success', at: now, bid: which ? badBid : bid, result: which ? result : badResult }, requester, id(requester))
      await settlesCleanly(async () => openReport(bytes, now), ReportRejectedError, e => e.reason, REPORT_REASONS)
    }), { numRuns: RUNS })
  })
})
