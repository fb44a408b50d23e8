/**
 * Signed records in libp2p signed envelopes (RFC 0002): the signer's key and
 * a domain travel with the payload, so anyone can check who signed what.
 */
import { RecordEnvelope } from '@libp2p/peer-record'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { sign, verify } from './ed25519.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

export type EnvelopeProblem = 'malformed' | 'unsigned' | 'wrong-type' | 'bad-signature'

export class EnvelopeError extends Error {
  override name = 'EnvelopeError'
  constructor (readonly problem: EnvelopeProblem, message: string) {
    super(message)
  }
}

const utf8 = new TextEncoder()

/** unsigned LEB128 of a length (a few lines: not worth a dependency) */
function varint (n: number): number[] {
  const out: number[] = []
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128) }
  out.push(n)
  return out
}

/** what RFC 0002 signs: length-prefixed domain, payload type and payload (as @libp2p/peer-record does) */
function signedBytes (domain: string, payloadType: Uint8Array, payload: Uint8Array): Uint8Array {
  const parts = [utf8.encode(domain), payloadType, payload]
  const prefixes = parts.map(p => varint(p.byteLength))
  const out = new Uint8Array(parts.reduce((n, p, i) => n + prefixes[i].length + p.byteLength, 0))
  let at = 0
  parts.forEach((part, i) => {
    out.set(prefixes[i], at)
    at += prefixes[i].length
    out.set(part, at)
    at += part.byteLength
  })
  return out
}

export async function seal (domain: string, payloadType: Uint8Array, payload: Uint8Array, key: PrivateKey): Promise<Uint8Array<ArrayBuffer>> {
  // the key is imported once (see ed25519.ts), not rebuilt per record
  const signature = await sign(key, signedBytes(domain, payloadType, payload))
  return new RecordEnvelope({ publicKey: key.publicKey, payloadType, payload, signature }).marshal().slice()
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
    valid = await verify(envelope.publicKey, envelope.signature, signedBytes(domain, envelope.payloadType, envelope.payload))
  } catch {}
  if (!valid) throw new EnvelopeError('bad-signature', 'the signature does not match the record and key')
  return { payload: envelope.payload, signer: peerIdFromPublicKey(envelope.publicKey) }
}
