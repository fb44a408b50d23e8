/**
 * /shoal/capacity-sync/1.0.0: a joining peer asks a neighbour for its table.
 * Request: one SyncRequest frame. Answer: up to `limit` frames, each a signed
 * advert envelope, then the responder closes. Every frame is length-prefixed
 * and bounded; the adverts are checked like gossiped ones.
 */
import { lpStream } from '@libp2p/utils'
import { SyncRequest } from '../pb/capacity.js'
import { readUntilClosed } from '../utils/frames.js'
import { decodeOrViolation, readFirst } from '../guard/index.js'
import { MAX_ADVERT_BYTES, SYNC_MAX_ADVERTS, SYNC_TIMEOUT_MS } from './constants.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'

/** a SyncRequest is a few bytes; anything longer is refused */
export const MAX_SYNC_REQUEST_BYTES = 64

/**
 * Answers one sync request from what `adverts()` returns (our own first).
 * A request that is late, oversized, cut short or does not decode throws
 * ProtocolViolationError.
 */
export async function serveSync (stream: Stream, adverts: (selfOnly: boolean) => Uint8Array[], idleTimeoutMs = SYNC_TIMEOUT_MS): Promise<void> {
  const lp = lpStream(stream, { maxDataLength: MAX_SYNC_REQUEST_BYTES })
  const request = decodeOrViolation(b => SyncRequest.decode(b), await readFirst(lp, idleTimeoutMs, MAX_SYNC_REQUEST_BYTES), 'a sync request')
  const signal = AbortSignal.timeout(SYNC_TIMEOUT_MS)
  const limit = Math.min(request.limit === 0 ? SYNC_MAX_ADVERTS : request.limit, SYNC_MAX_ADVERTS)
  const frames = adverts(request.selfOnly).slice(0, limit)
  if (frames.length > 0) await lp.writeV(frames, { signal })
  await stream.close({ signal })
}

/** pulls adverts from one peer; returns their raw envelopes, unchecked */
export async function requestSync (connectionManager: ConnectionManager, peer: PeerId | Connection, protocol: string, options: { limit?: number, selfOnly?: boolean, signal?: AbortSignal } = {}): Promise<Uint8Array[]> {
  const signal = options.signal ?? AbortSignal.timeout(SYNC_TIMEOUT_MS)
  const stream = 'newStream' in peer
    ? await peer.newStream(protocol, { signal, runOnLimitedConnection: true })
    : await connectionManager.openStream(peer, protocol, { signal, runOnLimitedConnection: true })
  const lp = lpStream(stream, { maxDataLength: MAX_ADVERT_BYTES })
  const limit = Math.min(options.limit ?? SYNC_MAX_ADVERTS, SYNC_MAX_ADVERTS)
  try {
    await lp.write(SyncRequest.encode({ limit, selfOnly: options.selfOnly ?? false }), { signal })
    const frames = await readUntilClosed(lp, limit, signal)
    await stream.close({ signal }).catch(() => { stream.abort(new Error('closing sync stream failed')) })
    return frames
  } catch (err: any) {
    stream.abort(err)
    throw err
  }
}
