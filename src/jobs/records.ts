/**
 * The signed records of a job: the worker's bid and result, the requester's
 * acknowledgement. They are the evidence receipts and reports are built on.
 */
import { peerIdFromMultihash } from '@libp2p/peer-id'
import { RecordEnvelope } from '@libp2p/peer-record'
import * as Digest from 'multiformats/hashes/digest'
import { AckRecord, BidRecord, ResultRecord } from '../pb/job.js'
import { EnvelopeError, open, seal } from '../utils/envelope.js'
import { RecordError } from './errors.js'
import { ACK_DOMAIN, ACK_TYPE, BID_DOMAIN, BID_TYPE, MAX_RECORD_BYTES, RESULT_DOMAIN, RESULT_TYPE } from './constants.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

export { AckRecord, BidRecord, ResultRecord }

export const sealBid = async (r: BidRecord, key: PrivateKey): Promise<Uint8Array<ArrayBuffer>> => seal(BID_DOMAIN, BID_TYPE, BidRecord.encode(r), key)
export const sealResult = async (r: ResultRecord, key: PrivateKey): Promise<Uint8Array<ArrayBuffer>> => seal(RESULT_DOMAIN, RESULT_TYPE, ResultRecord.encode(r), key)
export const sealAck = async (r: AckRecord, key: PrivateKey): Promise<Uint8Array<ArrayBuffer>> => seal(ACK_DOMAIN, ACK_TYPE, AckRecord.encode(r), key)

/** opens a record and checks that its signer is the party it names; throws RecordError saying why not */
async function openSigned<T extends { worker: Uint8Array, requester: Uint8Array }> (
  bytes: Uint8Array, domain: string, type: Uint8Array, decode: (b: Uint8Array) => T, signerField: 'worker' | 'requester'
): Promise<{ record: T, signer: PeerId }> {
  if (bytes.byteLength > MAX_RECORD_BYTES) throw new RecordError('malformed', `${bytes.byteLength} bytes, limit ${MAX_RECORD_BYTES}`)
  let opened: { payload: Uint8Array, signer: PeerId }
  try {
    opened = await open(bytes, domain, type)
  } catch (err: any) {
    if (err instanceof EnvelopeError) throw new RecordError(err.problem, err.message)
    throw err
  }
  const { payload, signer } = opened
  let record: T
  let named: PeerId
  try {
    record = decode(payload)
    named = peerIdFromMultihash(Digest.decode(record[signerField]))
  } catch (err: any) {
    throw new RecordError('malformed', `the record does not decode (${err.message})`)
  }
  if (!named.equals(signer)) throw new RecordError('signer-mismatch', `record names ${named.toString()} as ${signerField} but is signed by ${signer.toString()}`)
  return { record, signer }
}

export const openBid = async (bytes: Uint8Array) => openSigned(bytes, BID_DOMAIN, BID_TYPE, b => BidRecord.decode(b), 'worker')
export const openResult = async (bytes: Uint8Array) => openSigned(bytes, RESULT_DOMAIN, RESULT_TYPE, b => ResultRecord.decode(b), 'worker')
export const openAck = async (bytes: Uint8Array) => openSigned(bytes, ACK_DOMAIN, ACK_TYPE, b => AckRecord.decode(b), 'requester')

/**
 * The payload of an envelope that was checked already (by the attempt, or
 * signed by this peer): decoded without verifying the signature again. Only
 * for records that came through the jobs service's own checks.
 */
function payloadOf (bytes: Uint8Array): Uint8Array {
  return RecordEnvelope.createFromProtobuf(bytes).payload
}
export const readBid = (bytes: Uint8Array): BidRecord => BidRecord.decode(payloadOf(bytes))
export const readResult = (bytes: Uint8Array): ResultRecord => ResultRecord.decode(payloadOf(bytes))
