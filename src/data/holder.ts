/**
 * The holder's side of /shoal/blocks/1.0.0: reads request frames, answers
 * every want in order with the block or `missing`, never fetches on anyone's
 * behalf (only blocks already held are served), caps the wants a peer may
 * have outstanding, and never serves over a limited (relayed) connection.
 */
import { lpStream } from '@libp2p/utils'
import { ProtocolViolationError } from '../guard/index.js'
import { HOLDER_IDLE_TIMEOUT_MS, MAX_REQUEST_BYTES, MAX_WANTS_IN_FLIGHT_PER_PEER } from './constants.js'
import { decodeRequest, encodeResponse, WireError } from './wire.js'
import type { CID } from 'multiformats/cid'
import type { Connection, Stream } from '@libp2p/interface'

export interface HolderDeps {
  /** the block if held here; never fetches */
  local: (cid: CID) => Promise<Uint8Array | undefined>
  /** counts wants outstanding per peer over all its streams */
  outstanding: Map<string, number>
  served: (peer: string, bytes: number) => void
  missing: (peer: string) => void
  refused: (reason: 'flood' | 'malformed' | 'oversized' | 'limited') => void
  idleTimeoutMs?: number
}

/** blocks read from the store ahead of the one being written */
const READ_AHEAD = 4

export async function serveBlocks (stream: Stream, connection: Connection, deps: HolderDeps): Promise<void> {
  const peer = connection.remotePeer.toString()
  if (connection.limits != null) {
    // a relay's data limit would cut a large transfer: wait for a direct connection
    deps.refused('limited')
    stream.abort(new Error('blocks are not served over a limited connection'))
    return
  }
  const lp = lpStream(stream, { maxDataLength: MAX_REQUEST_BYTES })
  const queue: CID[] = []
  let wake: (() => void) | undefined
  let readerDone = false
  let failure: unknown
  const release = (n: number): void => {
    const left = (deps.outstanding.get(peer) ?? n) - n
    if (left <= 0) deps.outstanding.delete(peer)
    else deps.outstanding.set(peer, left)
  }

  const reader = (async () => {
    try {
      while (true) {
        let bytes: Uint8Array
        try {
          bytes = (await lp.read({ signal: AbortSignal.timeout(deps.idleTimeoutMs ?? HOLDER_IDLE_TIMEOUT_MS) })).subarray()
        } catch (err: any) {
          if (err.name === 'UnexpectedEOFError') return // the requester is done
          if (err.name === 'InvalidDataLengthError' || err.name === 'InvalidDataLengthLengthError') {
            deps.refused('oversized')
            throw new ProtocolViolationError('oversized', `a request over ${MAX_REQUEST_BYTES} bytes`)
          }
          if (err.name === 'TimeoutError' || err.name === 'AbortError') return // idle: close quietly
          throw err
        }
        let cids: CID[]
        try {
          cids = decodeRequest(bytes)
        } catch (err) {
          if (!(err instanceof WireError)) throw err
          deps.refused(err.reason === 'oversized' ? 'malformed' : err.reason)
          throw new ProtocolViolationError(err.reason === 'flood' ? 'flood' : 'malformed', err.message)
        }
        const held = deps.outstanding.get(peer) ?? 0
        if (held + cids.length > MAX_WANTS_IN_FLIGHT_PER_PEER) {
          deps.refused('flood')
          throw new ProtocolViolationError('flood', `over ${MAX_WANTS_IN_FLIGHT_PER_PEER} wants outstanding`)
        }
        deps.outstanding.set(peer, held + cids.length)
        queue.push(...cids)
        wake?.()
      }
    } catch (err) {
      failure = err
    } finally {
      readerDone = true
      wake?.()
    }
  })()

  const ahead: Array<{ cid: CID, block: Promise<Uint8Array | undefined> }> = []
  try {
    while (true) {
      while (ahead.length < READ_AHEAD && queue.length > 0) {
        const cid = queue.shift() as CID
        ahead.push({ cid, block: deps.local(cid).catch(() => undefined) })
      }
      const next = ahead.shift()
      if (next == null) {
        if (failure != null) break
        if (readerDone) break
        await new Promise<void>(resolve => { wake = resolve })
        wake = undefined
        continue
      }
      const block = await next.block
      await lp.write(encodeResponse(next.cid, block))
      release(1)
      if (block == null) deps.missing(peer)
      else deps.served(peer, block.byteLength)
    }
    if (failure != null) throw failure
    await stream.close().catch(() => {})
  } catch (err: any) {
    if (stream.status === 'open') stream.abort(err)
    throw err
  } finally {
    release(queue.length + ahead.length)
    await reader
  }
}
