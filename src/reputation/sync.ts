/**
 * /shoal/reputation-sync/1.0.0, the responder's side: one ReportSyncRequest
 * in, up to `limit` report envelopes out, newest first, then close. Every
 * frame is length-prefixed and bounded.
 */
import { lpStream } from '@libp2p/utils'
import { decodeOrViolation, readFirst } from '../guard/index.js'
import { ReportSyncRequest } from '../pb/reputation.js'
import { MAX_REPORT_SYNC_REQUEST_BYTES, REPORT_SYNC_LIMIT, REPORT_SYNC_TIMEOUT_MS } from './constants.js'
import type { Stream } from '@libp2p/interface'

/**
 * Answers one request with what `reports(limit, before)` returns. A request
 * that is late, oversized or does not decode throws ProtocolViolationError.
 */
export async function serveReportSync (stream: Stream, reports: (limit: number, before: number) => Promise<Uint8Array[]>, idleTimeoutMs = REPORT_SYNC_TIMEOUT_MS): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: MAX_REPORT_SYNC_REQUEST_BYTES })
  const request = decodeOrViolation(b => ReportSyncRequest.decode(b), await readFirst(lp, idleTimeoutMs, MAX_REPORT_SYNC_REQUEST_BYTES), 'a report sync request')
  const signal = AbortSignal.timeout(REPORT_SYNC_TIMEOUT_MS)
  const limit = Math.min(request.limit === 0 ? REPORT_SYNC_LIMIT : request.limit, REPORT_SYNC_LIMIT)
  const before = request.before === 0n ? Infinity : Number(request.before)
  const frames = await reports(limit, before)
  if (frames.length > 0) await lp.writeV(frames, { signal })
  await stream.close({ signal })
}
