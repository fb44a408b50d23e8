/** A job attempt ended without a usable result from that worker; the job moves on. */
export class AttemptFailedError extends Error {
  override name = 'AttemptFailedError'
  /** the worker's signed bid, when it had bid before the attempt failed: evidence for a report */
  bidEnvelope?: Uint8Array
  constructor (readonly reason: AttemptFailure, message: string) {
    super(message)
  }
}

export type AttemptFailure =
  | 'declined'
  | 'busy'
  | 'timeout'
  | 'disconnected'
  | 'protocol'
  | 'bad-signature'
  | 'hash-mismatch'
  | 'cancelled-by-worker'
  | 'dial-failed'

/** The job cannot be run as asked (bad spec): no worker is tried. */
export class JobSpecError extends Error {
  override name = 'JobSpecError'
}
