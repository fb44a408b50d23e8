import type { Offence } from './errors.js'

/**
 * Misbehaviour points per offence. A peer is banned when its points, decaying
 * with MISBEHAVIOUR_HALF_LIFE_MS, reach MISBEHAVIOUR_BAN_THRESHOLD: so four
 * protocol violations within a few minutes, or nine abandoned jobs. Honest
 * peers with an occasional timeout stay far below (points halve every 10 min).
 */
export const OFFENCE_POINTS: Record<Offence, number> = {
  /** a frame or request that does not decode */
  malformed: 30,
  /** a length prefix over the protocol's limit */
  oversized: 30,
  /** a frame the protocol does not allow at this point (a result or ack for a job never given, an empty frame) */
  unexpected: 30,
  /** a signed record (ack, bid, result) that does not verify or is not for this job */
  'bad-record': 30,
  /** an offer a Shoal peer would never send (bad ids, hashes or limits) */
  'bad-offer': 12,
  /** the stream ended in the middle of a message */
  truncated: 12,
  /** the stream closed before its first message: what a peer that stops may do, so it costs nothing (it is counted, and the per-peer caps still hold) */
  ended: 0,
  /** a stream opened and left silent past the idle timeout */
  idle: 12,
  /** bid, then silence: the requester never sent the module or input */
  abandoned: 12,
  /** more streams of one protocol at once than a peer may open */
  flood: 12,
  /** a gossip message the topic validator rejected (gossipsub scores it too) */
  'invalid-gossip': 5,
  /** a sync answer carrying adverts or reports that fail their checks */
  'invalid-sync': 25
}

export const MISBEHAVIOUR_BAN_THRESHOLD = 100
export const MISBEHAVIOUR_HALF_LIFE_MS = 10 * 60_000
/** how long a misbehaving peer stays banned */
export const MISBEHAVIOUR_BAN_MS = 30 * 60_000
/** peers tracked at most: the lowest scores are forgotten first */
export const MAX_TRACKED_PEERS = 10_000

/** streams of a rate-limited protocol (the sync protocols) a peer may open per window */
export const STREAM_RATE_WINDOW_MS = 60_000

/** a stream that carries nothing for this long is reset (the first frame of every Shoal protocol) */
export const STREAM_IDLE_TIMEOUT_MS = 10_000
