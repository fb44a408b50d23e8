/** What a remote peer did wrong on a Shoal protocol or topic; each has its points (constants.ts). */
export type Offence =
  | 'malformed'
  | 'oversized'
  | 'unexpected'
  | 'bad-record'
  | 'bad-offer'
  | 'truncated'
  | 'ended'
  | 'idle'
  | 'abandoned'
  | 'flood'
  | 'invalid-gossip'
  | 'invalid-sync'

/** A remote peer broke a Shoal protocol; the stream is reset and the offence counted. */
export class ProtocolViolationError extends Error {
  override name = 'ProtocolViolationError'
  constructor (readonly offence: Offence, message: string) {
    super(`${offence}: ${message}`)
  }
}
