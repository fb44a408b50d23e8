/**
 * Signed reports on a worker's conduct, and the evidence rule: a report must
 * carry what the worker itself signed for that job (its bid, and its result
 * when there was one), naming the reporter as the requester. So nobody can
 * report on a peer it never dealt with, and nobody can invent a job.
 */
import { peerIdFromMultihash } from '@libp2p/peer-id'
import * as Digest from 'multiformats/hashes/digest'
import { equals } from 'uint8arrays/equals'
import { openBid, openResult } from '../jobs/records.js'
import { Report } from '../pb/reputation.js'
import { EnvelopeError, open, seal } from '../utils/envelope.js'
import { toHex } from '../utils/hash.js'
import { MAX_REPORT_AGE_MS, MAX_REPORT_BYTES, MAX_REPORT_SKEW_MS, REPORT_DOMAIN, REPORT_TYPE } from './constants.js'
import type { Outcome } from './config.js'
import type { PrivateKey } from '@libp2p/interface'

export type ReportRejectReason = 'oversized' | 'malformed' | 'unsigned' | 'bad-signature' | 'wrong-type' | 'no-evidence' | 'evidence-mismatch' | 'stale' | 'from-the-future' | 'duplicate' | 'rate-limited' | 'banned-reporter'

export class ReportRejectedError extends Error {
  override name = 'ReportRejectedError'
  constructor (readonly reason: ReportRejectReason, message: string) {
    super(`${reason}: ${message}`)
  }
}

/** a report that passed every check that needs no history */
export interface VerifiedReport {
  reporter: string
  worker: string
  jobId: string
  outcome: Outcome
  at: number
  /** reporter/job/worker: the same report twice is a duplicate */
  key: string
  bytes: Uint8Array
}

const OUTCOME_TO_PB: Record<Outcome, Report['outcome']> = {
  success: 'SUCCESS' as Report['outcome'],
  wrong: 'WRONG_RESULT' as Report['outcome'],
  timeout: 'TIMEOUT' as Report['outcome'],
  dropped: 'DROPPED' as Report['outcome'],
  'declined-after-bid': 'DECLINED_AFTER_BID' as Report['outcome']
}
const PB_TO_OUTCOME = new Map(Object.entries(OUTCOME_TO_PB).map(([k, v]) => [v, k as Outcome]))

export interface ReportInput {
  worker: Uint8Array
  jobId: Uint8Array
  outcome: Outcome
  at: number
  bid: Uint8Array
  result?: Uint8Array
  acceptedOutputHash?: Uint8Array
}

export async function sealReport (input: ReportInput, key: PrivateKey, reporter: Uint8Array): Promise<Uint8Array> {
  return seal(REPORT_DOMAIN, REPORT_TYPE, Report.encode({
    reporter, worker: input.worker, jobId: input.jobId, outcome: OUTCOME_TO_PB[input.outcome], at: BigInt(input.at),
    bid: input.bid, result: input.result ?? new Uint8Array(), acceptedOutputHash: input.acceptedOutputHash ?? new Uint8Array()
  } as Report), key)
}

const reject = (reason: ReportRejectReason, message: string): never => { throw new ReportRejectedError(reason, message) }

/** decodes a report from anyone and checks its signature and evidence */
export async function openReport (bytes: Uint8Array, now: number): Promise<VerifiedReport> {
  if (bytes.byteLength > MAX_REPORT_BYTES) reject('oversized', `${bytes.byteLength} bytes, limit ${MAX_REPORT_BYTES}`)
  let payload: Uint8Array
  let signer
  try {
    ({ payload, signer } = await open(bytes, REPORT_DOMAIN, REPORT_TYPE))
  } catch (err: any) {
    if (err instanceof EnvelopeError) reject(err.problem, err.message)
    throw err
  }
  let report: Report
  try {
    report = Report.decode(payload)
  } catch (err: any) {
    return reject('malformed', `report does not decode (${err.message})`)
  }
  const outcome = PB_TO_OUTCOME.get(report.outcome) ?? reject('malformed', `unknown outcome ${report.outcome}`)
  const reporter = peerFrom(report.reporter)
  const worker = peerFrom(report.worker)
  if (!reporter.equals(signer)) reject('bad-signature', `report names ${reporter.toString()} but is signed by ${signer.toString()}`)
  const at = Number(report.at)
  if (at > now + MAX_REPORT_SKEW_MS) reject('from-the-future', `dated ${at - now} ms ahead`)
  if (at < now - MAX_REPORT_AGE_MS) reject('stale', 'older than the reports peers keep')

  // the evidence: what the worker signed, for this job, with this reporter
  if (report.bid.byteLength === 0) reject('no-evidence', 'a report must carry the worker\'s signed bid')
  const { record: bid } = await openBid(report.bid).catch((err: Error) => reject('no-evidence', `bid: ${err.message}`))
  if (!equals(bid.worker, report.worker) || !equals(bid.requester, report.reporter) || !equals(bid.jobId, report.jobId)) {
    reject('evidence-mismatch', 'the bid is not the worker\'s for this job with this reporter')
  }
  if (outcome === 'success' || outcome === 'wrong') {
    if (report.result.byteLength === 0) reject('no-evidence', `a ${outcome} report must carry the worker's signed result`)
    const { record: result } = await openResult(report.result).catch((err: Error) => reject('no-evidence', `result: ${err.message}`))
    if (!equals(result.worker, report.worker) || !equals(result.requester, report.reporter) || !equals(result.jobId, report.jobId)) {
      reject('evidence-mismatch', 'the result is not the worker\'s for this job with this reporter')
    }
    if (outcome === 'wrong' && (report.acceptedOutputHash.byteLength !== 32 || equals(report.acceptedOutputHash, result.outputHash))) {
      reject('evidence-mismatch', 'a wrong-result report must name an accepted output other than the worker\'s')
    }
  }
  const jobId = toHex(report.jobId)
  return { reporter: reporter.toString(), worker: worker.toString(), jobId, outcome, at, key: `${reporter.toString()}/${jobId}/${worker.toString()}`, bytes }
}

function peerFrom (bytes: Uint8Array): ReturnType<typeof peerIdFromMultihash> {
  try {
    return peerIdFromMultihash(Digest.decode(bytes))
  } catch {
    return reject('malformed', 'a peer id does not decode')
  }
}
