/**
 * Resource limits and retention: what one peer will hold for others, with
 * the defaults docs/operators.md lists. Platform-free: the protocol services
 * (jobs, reputation) and every assembly (daemon, browser) take them from here.
 */
import { DEFAULT_BLOB_CACHE_BYTES, MAX_INPUT_BYTES, MAX_JOB_STREAMS_PER_CONNECTION, MAX_MODULE_BYTES, MAX_OUTPUT_BYTES } from './jobs/constants.js'

export interface LimitsConfig {
  /** job streams (`/shoal/job/1.0.0`) one connection may hold open at once, each way */
  jobStreamsPerConnection: number
  /** capacity and reputation sync streams one connection may hold open at once, per protocol */
  syncStreamsPerConnection: number
  /** largest module this peer accepts as a worker or sends as a requester, bytes */
  maxModuleBytes: number
  /** largest job input, bytes */
  maxInputBytes: number
  /** most output a job may produce here, bytes (a larger offer runs with this cap) */
  maxOutputBytes: number
  /** the worker's in-memory module cache, bytes */
  blobCacheBytes: number
}

export interface RetentionConfig {
  /** job records and reputation reports older than this many days are pruned */
  days: number
  /** at most this many finished job records are kept (the newest; running jobs always are) */
  jobRecords: number
  /** at most this many reputation reports are kept (the newest) */
  reports: number
}

export const DEFAULT_LIMITS: LimitsConfig = {
  jobStreamsPerConnection: MAX_JOB_STREAMS_PER_CONNECTION,
  syncStreamsPerConnection: 8,
  maxModuleBytes: MAX_MODULE_BYTES,
  maxInputBytes: MAX_INPUT_BYTES,
  maxOutputBytes: MAX_OUTPUT_BYTES,
  blobCacheBytes: DEFAULT_BLOB_CACHE_BYTES
}

export const DEFAULT_RETENTION: RetentionConfig = {
  days: 30,
  jobRecords: 10_000,
  reports: 50_000
}

/** sizes travel as uint64 fields that must stay below 2^31 */
export const MAX_LIMIT_BYTES = 2 ** 31 - 1

/** how often the stores are pruned while a peer runs (and once at start) */
export const PRUNE_INTERVAL_MS = 3600_000

export const DAY_MS = 24 * 3600_000
