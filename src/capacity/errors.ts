/**
 * Why an advert was refused. The reasons are counted and shown by name, and
 * listed in protocols/README.md.
 */
export type RejectReason =
  | 'oversized'
  | 'malformed'
  | 'unsigned'
  | 'bad-signature'
  | 'wrong-type'
  | 'signer-mismatch'
  | 'invalid-field'
  | 'expired'
  | 'ttl-too-long'
  | 'from-the-future'
  | 'replay'

export class AdvertRejectedError extends Error {
  override name = 'AdvertRejectedError'
  constructor (readonly reason: RejectReason, message: string) {
    super(`${reason}: ${message}`)
  }
}
