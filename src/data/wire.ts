/**
 * The block protocol's messages: decoding with every limit applied (the
 * decoder is what hostile bytes reach first, and it is fuzzed).
 */
import { CID } from 'multiformats/cid'
import { BlockRequest, BlockResponse } from '../pb/blocks.js'
import { MAX_BLOCK_BYTES, MAX_WANTS_PER_REQUEST } from './constants.js'

export class WireError extends Error {
  override name = 'WireError'
  constructor (readonly reason: 'malformed' | 'oversized' | 'flood', message: string) {
    super(message)
  }
}

/** a request's CIDs; throws WireError on anything a Shoal peer would not send */
export function decodeRequest (bytes: Uint8Array): CID[] {
  let request: BlockRequest
  try {
    request = BlockRequest.decode(bytes, { limits: { wants: MAX_WANTS_PER_REQUEST } })
  } catch (err: any) {
    if (err.name === 'MaxLengthError') throw new WireError('flood', `more than ${MAX_WANTS_PER_REQUEST} wants in one request`)
    throw new WireError('malformed', `a request that does not decode (${err.message})`)
  }
  if (request.wants.length === 0) throw new WireError('malformed', 'a request with no wants')
  return request.wants.map(bytes => {
    try {
      return CID.decode(bytes)
    } catch (err: any) {
      throw new WireError('malformed', `a want that is not a CID (${err.message})`)
    }
  })
}

export function encodeRequest (cids: CID[]): Uint8Array {
  return BlockRequest.encode({ wants: cids.map(c => c.bytes) })
}

export interface DecodedResponse {
  cid: CID
  /** undefined: the holder does not have it */
  data?: Uint8Array
}

export function decodeResponse (bytes: Uint8Array): DecodedResponse {
  let response: BlockResponse
  try {
    response = BlockResponse.decode(bytes)
  } catch (err: any) {
    throw new WireError('malformed', `a response that does not decode (${err.message})`)
  }
  let cid: CID
  try {
    cid = CID.decode(response.cid)
  } catch (err: any) {
    throw new WireError('malformed', `a response whose cid is not a CID (${err.message})`)
  }
  if (response.missing) {
    if (response.data.byteLength > 0) throw new WireError('malformed', 'a response both missing and carrying data')
    return { cid }
  }
  if (response.data.byteLength > MAX_BLOCK_BYTES) throw new WireError('oversized', `a block of ${response.data.byteLength} bytes (at most ${MAX_BLOCK_BYTES})`)
  return { cid, data: response.data }
}

export function encodeResponse (cid: CID, data: Uint8Array | undefined): Uint8Array {
  return data == null ? BlockResponse.encode({ cid: cid.bytes, data: new Uint8Array(), missing: true }) : BlockResponse.encode({ cid: cid.bytes, data: data as Uint8Array<ArrayBuffer>, missing: false })
}
