/**
 * The guard: misbehaviour points, bans and per-peer stream caps for Shoal's
 * protocols; `guard(init)` as a libp2p service.
 */
import { GuardService } from './service.js'
import type { GuardComponents, GuardInit } from './service.js'

export function guard (init: GuardInit = {}): (components: GuardComponents) => GuardService {
  return (components) => new GuardService(components, init)
}

export { GuardService, guardedHandler } from './service.js'
export type { GuardInit, GuardComponents, GuardEvents, GuardStats, StreamLimits } from './service.js'
export { MisbehaviourTracker, DEFAULT_MISBEHAVIOUR } from './misbehaviour.js'
export type { MisbehaviourConfig, MisbehaviourRow, Recorded } from './misbehaviour.js'
export { ProtocolViolationError } from './errors.js'
export type { Offence } from './errors.js'
export { classifyReadError, decodeOrViolation, readFirst, StreamCounter, StreamRate } from './streams.js'
export { OFFENCE_POINTS, MISBEHAVIOUR_BAN_THRESHOLD, MISBEHAVIOUR_BAN_MS, MISBEHAVIOUR_HALF_LIFE_MS, STREAM_IDLE_TIMEOUT_MS, STREAM_RATE_WINDOW_MS } from './constants.js'
