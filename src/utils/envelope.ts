/**
 * Signed records in libp2p signed envelopes (RFC 0002): the signer's key and
 * a domain travel with the payload, so anyone can check who signed what.
 */
import { RecordEnvelope } from '@libp2p/peer-record'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import type { PeerId, PrivateKey } from '@libp2p/interface'

export type EnvelopeProblem = 'malformed' | 'unsigned' | 'wrong-type' | 'bad-signature'

export class EnvelopeError extends Error {
  override name = 'EnvelopeError'
  constructor (readonly problem: EnvelopeProblem, message: string) {
    super(message)
  }
}

class RawRecord {
  constructor (readonly domain: string, readonly codec: Uint8Array, private readonly payload: Uint8Array) {}
  marshal (): Uint8Array { return this.payload }
  equals (other: RawRecord): boolean { return uint8ArrayEquals(this.payload, other.marshal()) }
}

export async function seal (domain: string, payloadType: Uint8Array, payload: Uint8Array, key: PrivateKey): Promise<Uint8Array<ArrayBuffer>> {
  return (await RecordEnvelope.seal(new RawRecord(domain, payloadType, payload), key)).marshal().slice()
}

/** checks type and signature; returns the payload and who signed it */
export async function open (bytes: Uint8Array, domain: string, payloadType: Uint8Array): Promise<{ payload: Uint8Array, signer: PeerId }> {
  let envelope: RecordEnvelope
  try {
    envelope = RecordEnvelope.createFromProtobuf(bytes)
    if (envelope.publicKey == null || envelope.payload == null || envelope.signature == null) throw new Error('incomplete envelope')
  } catch (err: any) {
    throw new EnvelopeError('malformed', `not a signed envelope (${err.message})`)
  }
  if (!uint8ArrayEquals(envelope.payloadType, payloadType)) throw new EnvelopeError('wrong-type', `the envelope does not hold a ${new TextDecoder().decode(payloadType)} record`)
  if (envelope.signature.byteLength === 0) throw new EnvelopeError('unsigned', 'the envelope carries no signature')
  let valid = false
  try {
    valid = await envelope.validate(domain)
  } catch {}
  if (!valid) throw new EnvelopeError('bad-signature', 'the signature does not match the record and key')
  return { payload: envelope.payload, signer: peerIdFromPublicKey(envelope.publicKey) }
}
