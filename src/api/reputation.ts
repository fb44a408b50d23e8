/**
 * The control API's reputation endpoints: the reputation table as this peer
 * sees it, the report counters, the credit ledger and the signed receipts,
 * all through the public ShoalNode interface.
 */
import { HttpError } from './errors.js'
import type { ShoalNode } from '../create.js'
import type { ReputationStats, StoredReceipt } from '../reputation/service.js'

/** GET /v1/receipts: default and most receipts */
export const DEFAULT_RECEIPTS_LIMIT = 100
export const MAX_RECEIPTS_LIMIT = 1000

/** one row of GET /v1/reputation */
export interface ReputationRowJson {
  peerId: string
  /** trust in [0, 1] as this peer sees it: 1 self, 0.3 a stranger, 0 banned */
  trust: number
  /** this peer's own (first-hand) evidence, in success units, decayed (half-life 7 days), rounded to 3 decimals */
  good: number
  bad: number
  banned: boolean
  /** when this peer last finished a job with it (ms since the epoch), either role; null when not since the daemon started */
  lastSeen: number | null
}

/** GET /v1/credits */
export interface CreditsJson {
  /** credits earned as a worker */
  earned: number
  /** credits spent as a requester */
  spent: number
  /** earned − spent */
  balance: number
  /** receipts held (both roles) */
  receipts: number
}

export type ReceiptJson = StoredReceipt
export type ReputationStatsJson = ReputationStats

/** GET /v1/reputation: most trusted first */
export function reputationRows (node: ShoalNode): ReputationRowJson[] {
  return node.reputation().map(r => ({
    peerId: r.peerId,
    trust: r.trust,
    good: round3(r.good),
    bad: round3(r.bad),
    banned: r.banned,
    lastSeen: r.lastSeen ?? null
  }))
}

/** GET /v1/reputation/stats */
export function reputationStats (node: ShoalNode): ReputationStatsJson {
  return node.libp2p.services.reputation.getStats()
}

/** GET /v1/credits */
export async function credits (node: ShoalNode): Promise<CreditsJson> {
  return node.credits()
}

/** GET /v1/receipts?limit=N: newest first */
export async function receipts (node: ShoalNode, query: URLSearchParams): Promise<ReceiptJson[]> {
  return node.receipts(parseReceiptsLimit(query.get('limit')))
}

/** the `limit` query parameter of GET /v1/receipts; 400 unless a whole number from 1 to 1000 */
export function parseReceiptsLimit (value: string | null): number {
  if (value == null) return DEFAULT_RECEIPTS_LIMIT
  const n = Number(value)
  if (value.trim() === '' || !Number.isInteger(n) || n < 1 || n > MAX_RECEIPTS_LIMIT) {
    throw new HttpError(400, `limit must be a whole number from 1 to ${MAX_RECEIPTS_LIMIT}, got "${value}"`)
  }
  return n
}

/** decayed counts carry noise far below a thousandth of a job */
function round3 (x: number): number {
  return Math.round(x * 1000) / 1000
}
