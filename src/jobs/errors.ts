import type { Offence } from '../guard/errors.js'

/** A job attempt ended without a usable result from that worker; the job moves on. */
export class AttemptFailedError extends Error {
  override name = 'AttemptFailedError'
  /** the worker's signed bid, when it had bid before the attempt failed: evidence for a report */
  bidEnvelope?: Uint8Array
  /** what the other side did wrong, when the failure was a protocol violation (the guard counts it) */
  constructor (readonly reason: AttemptFailure, message: string, readonly offence?: Offence) {
    super(message)
  }
}

export type RecordProblem = 'malformed' | 'unsigned' | 'wrong-type' | 'bad-signature' | 'signer-mismatch'

/** A signed job record (bid, result, ack) that does not open: it does not decode, verify, or name its signer. */
export class RecordError extends Error {
  override name = 'RecordError'
  constructor (readonly problem: RecordProblem, message: string) {
    super(`${problem}: ${message}`)
  }
}

export type AttemptFailure =
  | 'declined'
  /** the worker could not fetch a module or input named by CID */
  | 'data-unavailable'
  | 'busy'
  /** the worker offers no slots now (paused): unlike busy, not worth waiting for */
  | 'paused'
  | 'timeout'
  | 'disconnected'
  | 'protocol'
  | 'bad-signature'
  | 'hash-mismatch'
  | 'cancelled-by-worker'
  | 'dial-failed'
  | 'relay-limit'

/** The job cannot be run as asked (bad spec): no worker is tried. */
export class JobSpecError extends Error {
  override name = 'JobSpecError'
}
