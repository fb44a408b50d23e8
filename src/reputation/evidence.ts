/**
 * What the reputation service learns from jobs, and the one thing it asks of
 * whoever runs them. The jobs service implements `EvidenceSource` (it emits
 * `job:evidence` and lets a keeper hold back acks until a receipt is safe);
 * reputation reads evidence through this interface and never imports the
 * jobs service, so the two depend on each other in one direction only:
 * jobs → reputation (see docs/architecture.md).
 */
import type { AttemptFailure } from '../jobs/errors.js'

/** what a requester learned about its workers from one job: the evidence reports are made of */
export interface JobEvidence {
  id: string
  /** the output hash the replicas agreed on, if they did */
  acceptedOutputHash?: string
  replicas: Array<{ worker: string, bidEnvelope: Uint8Array, resultEnvelope: Uint8Array, outputKey: string, agreed: boolean | undefined }>
  /** workers that bid, then timed out, dropped the stream or cancelled */
  failures: Array<{ worker: string, bidEnvelope: Uint8Array, reason: AttemptFailure }>
}

/** a finished job's receipt: the worker's bid and result and the requester's ack, all signed */
export interface JobReceipt {
  jobId: string
  role: 'requester' | 'worker'
  worker: string
  requester: string
  bidEnvelope: Uint8Array
  resultEnvelope: Uint8Array
  ackEnvelope: Uint8Array
}

/** the part of the jobs service the reputation service uses */
export interface EvidenceSource {
  addEventListener (type: 'job:evidence', listener: (evt: CustomEvent<JobEvidence>) => void): void
  removeEventListener (type: 'job:evidence', listener: (evt: CustomEvent<JobEvidence>) => void): void
  /**
   * `keeper` is awaited before an ack goes out or a job stream closes, so a
   * receipt is on disk first; returns a function that stops it
   */
  keepReceipts (keeper: (receipt: JobReceipt) => Promise<void>): () => void
}
