/**
 * Peers this peer lost a connection to, and when to try each again: after a
 * partition heals (or a peer restarts) the two sides find each other without
 * waiting for a bootstrap or a DHT walk. Pure: the caller dials.
 */
export interface RejoinPolicy {
  /** first retry this long after the loss, then doubling */
  firstRetryMs: number
  maxRetryMs: number
  /** a peer lost longer ago than this is forgotten */
  forgetAfterMs: number
}

export const DEFAULT_REJOIN: RejoinPolicy = { firstRetryMs: 2_000, maxRetryMs: 30_000, forgetAfterMs: 10 * 60_000 }

interface Lost { since: number, next: number, delay: number }

export class LostPeers {
  private readonly lost = new Map<string, Lost>()

  constructor (private readonly policy: RejoinPolicy = DEFAULT_REJOIN) {}

  remember (peer: string, now: number): void {
    if (!this.lost.has(peer)) this.lost.set(peer, { since: now, next: now + this.policy.firstRetryMs, delay: this.policy.firstRetryMs })
  }

  forget (peer: string): void {
    this.lost.delete(peer)
  }

  /** the peers to dial now; each is not due again until its (doubled) delay has passed */
  due (now: number): string[] {
    const out: string[] = []
    for (const [peer, l] of this.lost) {
      if (now - l.since > this.policy.forgetAfterMs) { this.lost.delete(peer); continue }
      if (l.next > now) continue
      l.delay = Math.min(l.delay * 2, this.policy.maxRetryMs)
      l.next = now + l.delay
      out.push(peer)
    }
    return out
  }

  get size (): number { return this.lost.size }
}
