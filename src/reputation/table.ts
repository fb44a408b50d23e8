/**
 * The reputation table: what this peer believes about every other peer's
 * work, from its own first-hand experience as a requester and from reports
 * gossiped by others, weighted by how much it trusts each reporter.
 *
 * Pure and deterministic: no clock (every call takes `at`, in ms), no
 * randomness, no I/O. The same evidence in the same order gives the same
 * table, bit for bit, and snapshot() → restore() reproduces it exactly.
 * The maths is written up in MATHS.md; in short:
 *
 * 1. Evidence. Per (observer, subject) pair, decayed counts g (successes) and
 *    b (failures, in success units: a proven wrong result costs wrongWeight,
 *    a timeout or drop 1, declining after bidding ½). Both halve every
 *    halfLifeMs. (A proven wrong result may also multiply g by
 *    wrongKeepsGood; off by default, see config.ts.)
 * 2. Reporter credibility. EigenTrust over every observer's local trust
 *    s_ij = max(g − b, 0), pre-trust on this peer and the configured
 *    pre-trusted peers. A reporter's weight is ω = min(1, N⁺·t) (N⁺: peers
 *    with t > 0, so 1/N⁺ is the average share); pre-trusted peers have ω = 1;
 *    banned peers have ω = 0. No trust path from us means t = 0, so ω = 0.
 * 3. Trust. Pool first-hand evidence with second-hand evidence scaled by
 *    secondHandWeight · ω² (ω squared: many faint voices do not add up to
 *    one clear one), each reporter capped at reportCap per peer and at
 *    reportBudget over all the peers it reports on; take
 *    x = (G + k/2) / (G + B + k) (½ with no evidence, k = priorStrength)
 *    and map it to trust = x^γ, γ = log(newcomerTrust) / log(½), so a
 *    stranger gets exactly newcomerTrust, and trust stays in [0, 1].
 * 4. Bans (trust 0, reports ignored, cut off by the gater): matching wrong
 *    results proven by a re-run (collusion); a burst of first-hand proven
 *    errors that is also a large share of the peer's recent results; trust
 *    under banThreshold; or a manual ban. A lone error never bans.
 */
import { decayFactor, valueAt } from './decay.js'
import { eigenTrust } from './eigentrust.js'
import { reputationConfig, type Outcome, type ReputationConfig } from './config.js'

export type { Outcome, ReputationConfig } from './config.js'

export type BanReason = 'collusion' | 'repeated-wrong' | 'manual'

/** decayed evidence one observer holds about one subject */
interface Evidence {
  good: number
  bad: number
  /** the time good and bad were last brought up to */
  at: number
  /** creation order across the whole table, so a restore rebuilds every map in the same order */
  seq: number
}

interface Ban { at: number, reason: BanReason }

/** first-hand results and proven wrong ones, decayed with recentWrongHalfLifeMs */
interface Recent { wrongs: number, results: number, at: number }

/** plain JSON (Infinity-free) for the datastore; config is not part of it */
export interface ReputationSnapshot {
  v: 1
  /** [observer, subject, good, bad, at], in creation order */
  evidence: Array<[string, string, number, number, number]>
  /** first-hand results and proven wrong ones in the short window: [peer, wrongs, results, at] */
  recent: Array<[string, number, number, number]>
  bans: Array<[string, number, BanReason]>
}

export interface RankedPeer { peerId: string, trust: number }

export class ReputationTable {
  readonly config: ReputationConfig
  /** exponent of the output map x ↦ x^γ that sends ½ (no evidence) to newcomerTrust */
  private readonly gamma: number
  private readonly pretrusted: Set<string>
  /** observer → subject → evidence; the observer `config.self` holds first-hand evidence */
  private rows = new Map<string, Map<string, Evidence>>()
  /** subject → reporters (observers other than self) holding evidence about it */
  private about = new Map<string, Set<string>>()
  private recent = new Map<string, Recent>()
  private bans = new Map<string, Ban>()
  private seq = 0
  /** bumped on every change of evidence or bans: the caches below are keyed on it */
  private version = 0
  /** observer → changes to its row, so a report budget is recomputed only when its row changed */
  private rowChanges = new Map<string, number>()
  private budgetCache = new Map<string, { beta: number, at: number, changes: number }>()
  private credibilityCache?: { version: number, expired: number, at: number, base: Map<string, number> }
  private weightMemo?: { version: number, at: number, weights: Map<string, number>, budgets: Map<string, number> }

  constructor (config: Partial<ReputationConfig> & { self: string }) {
    this.config = reputationConfig(config)
    this.gamma = Math.log(this.config.newcomerTrust) / Math.log(0.5)
    this.pretrusted = new Set(this.config.pretrusted.filter(p => p !== this.config.self))
  }

  static fromSnapshot (config: Partial<ReputationConfig> & { self: string }, snapshot: ReputationSnapshot): ReputationTable {
    const table = new ReputationTable(config)
    table.restore(snapshot)
    return table
  }

  // ---------------------------------------------------------------- evidence

  /** first-hand: how a job this peer requested from `worker` ended */
  observe (worker: string, outcome: Outcome, at: number): void {
    if (worker === this.config.self) return
    const c = this.config
    this.add(c.self, worker, outcome, at)
    const before = this.recent.get(worker) ?? { wrongs: 0, results: 0, at }
    const f = at > before.at ? decayFactor(at - before.at, c.recentWrongHalfLifeMs) : 1
    const recent = {
      wrongs: before.wrongs * f + (outcome === 'wrong' ? 1 : 0),
      results: before.results * f + 1,
      at: Math.max(at, before.at)
    }
    this.recent.set(worker, recent)
    // several proven errors in a short window ban (VERIFICATION rule 2), a lone one does not
    if (outcome === 'wrong' && recent.wrongs >= c.banAfterRecentWrongs && recent.wrongs >= c.banRecentWrongShare * recent.results) {
      this.ban(worker, at, 'repeated-wrong')
    }
  }

  /**
   * second-hand: a report gossiped by `reporter` (signature and the signed
   * interaction it cites are checked by the caller). What a report is worth
   * is decided at query time by the reporter's credibility, so a report from
   * a peer nobody trusts is kept but moves nothing until (unless) it earns
   * trust. Reports about oneself are ignored: they carry no information.
   * @returns false if the report was ignored
   */
  report (reporter: string, worker: string, outcome: Outcome, at: number): boolean {
    if (reporter === worker || reporter === this.config.self) return false
    this.add(reporter, worker, outcome, at)
    if (worker !== this.config.self) {
      let reporters = this.about.get(worker)
      if (reporters == null) this.about.set(worker, reporters = new Set())
      reporters.add(reporter)
    }
    return true
  }

  /**
   * collusion evidence: `workers` returned the same result and a re-run
   * proved it wrong. Each gets a proven wrong result; if two or more distinct
   * peers matched, they are all banned (VERIFICATION rule 2: matching wrong
   * results are collusion, but only once a re-run proved them wrong, because
   * a deterministic bug can make honest results match too).
   * @returns the peers banned for collusion
   */
  provenWrong (workers: string[], at: number): string[] {
    const distinct = [...new Set(workers)].filter(w => w !== this.config.self)
    for (const w of distinct) this.observe(w, 'wrong', at)
    if (distinct.length < 2) return []
    for (const w of distinct) this.ban(w, at, 'collusion')
    return distinct
  }

  /** bans `peer` from `at` for banDurationMs (a later ban restarts the clock) */
  ban (peer: string, at: number, reason: BanReason): void {
    if (peer === this.config.self) return
    this.bans.set(peer, { at, reason })
    this.version++
  }

  private add (observer: string, subject: string, outcome: Outcome, at: number): void {
    const c = this.config
    let row = this.rows.get(observer)
    if (row == null) this.rows.set(observer, row = new Map())
    this.rowChanges.set(observer, (this.rowChanges.get(observer) ?? 0) + 1)
    let e = row.get(subject)
    if (e == null) row.set(subject, e = { good: 0, bad: 0, at, seq: this.seq++ })
    // bring the pair to the later of the two times; late evidence is decayed instead
    let weight = 1
    if (at >= e.at) {
      const f = decayFactor(at - e.at, c.halfLifeMs)
      e.good *= f
      e.bad *= f
      e.at = at
    } else {
      weight = decayFactor(e.at - at, c.halfLifeMs)
    }
    switch (outcome) {
      case 'success': e.good += weight; break
      case 'wrong': e.good *= c.wrongKeepsGood; e.bad += weight * c.wrongWeight; break
      case 'timeout': e.bad += weight * c.timeoutCost; break
      case 'dropped': e.bad += weight * c.droppedCost; break
      case 'declined-after-bid': e.bad += weight * c.declinedAfterBidCost; break
    }
    this.version++
  }

  // ------------------------------------------------------------------ trust

  /** trust in `peer` at time `at`, in [0, 1]: 1 for ourselves, 0 if banned, newcomerTrust for a stranger */
  trust (peer: string, at: number): number {
    if (peer === this.config.self) return 1
    if (this.hardBanned(peer, at)) return 0
    const t = this.pooled(peer, at, r => this.weight(r, at))
    return t < this.config.banThreshold ? 0 : t
  }

  /** banned: proven collusion, repeated proven errors, a manual ban, or trust under banThreshold */
  isBanned (peer: string, at: number): boolean {
    return peer !== this.config.self && this.trust(peer, at) === 0
  }

  /** why `peer` is banned at `at`, if it is */
  banReason (peer: string, at: number): BanReason | 'low-trust' | undefined {
    if (peer === this.config.self) return undefined
    if (this.hardBanned(peer, at)) return this.bans.get(peer)?.reason
    return this.trust(peer, at) === 0 ? 'low-trust' : undefined
  }

  /** every peer the table knows (as subject or reporter), most trusted first, ties by id */
  ranking (at: number): RankedPeer[] {
    return this.peers()
      .map(peerId => ({ peerId, trust: this.trust(peerId, at) }))
      .sort((a, b) => b.trust - a.trust || (a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : 0))
  }

  peers (): string[] {
    const all = new Set<string>()
    for (const [observer, row] of this.rows) {
      all.add(observer)
      for (const subject of row.keys()) all.add(subject)
    }
    for (const peer of this.bans.keys()) all.add(peer)
    all.delete(this.config.self)
    return [...all]
  }

  /** this peer's own decayed evidence about `peer` at `at` */
  firstHand (peer: string, at: number): { good: number, bad: number } {
    return this.decayedEvidence(this.rows.get(this.config.self)?.get(peer), at)
  }

  /**
   * What others' reports say about `peer`, without this peer's own evidence
   * and without judging the reporters: each reporter's decayed evidence
   * (capped at reportCap) counts fully, as if it were first-hand, and is
   * pooled as trust() pools. Banned reporters do not count. For this peer
   * itself, whose trust() is 1 by definition, it is its standing as the mesh
   * reports it (every report cites a job signed by the subject).
   */
  reported (peer: string, at: number): { reporters: number, good: number, bad: number, trust: number } {
    const c = this.config
    let reporters = 0
    let G = 0
    let B = 0
    for (const [observer, row] of this.rows) {
      if (observer === c.self || observer === peer || this.hardBanned(observer, at)) continue
      const e = this.decayedEvidence(row.get(peer), at)
      const total = e.good + e.bad
      if (total === 0) continue
      reporters++
      const cap = Math.min(1, c.reportCap / total)
      G += cap * e.good
      B += cap * e.bad
    }
    const trust = G === 0 && B === 0 ? c.newcomerTrust : Math.pow((G + c.priorStrength / 2) / (G + B + c.priorStrength), this.gamma)
    return { reporters, good: G, bad: B, trust }
  }

  /** the weight ω ∈ [0, 1] a report from `reporter` carries at `at` */
  reporterWeight (reporter: string, at: number): number {
    return reporter === this.config.self ? 1 : this.weight(reporter, at)
  }

  /**
   * x = (G + 1)/(G + B + 2) from first-hand evidence plus second-hand
   * evidence weighted by `weight(reporter)`, mapped to x^γ.
   */
  private pooled (peer: string, at: number, weight: (reporter: string) => number): number {
    const c = this.config
    const own = this.decayedEvidence(this.rows.get(c.self)?.get(peer), at)
    let G = own.good
    let B = own.bad
    for (const reporter of this.about.get(peer) ?? []) {
      const w = weight(reporter)
      // skipping (not multiplying by 0) keeps what untrusted peers say out of the sums entirely
      if (w === 0) continue
      const e = this.decayedEvidence(this.rows.get(reporter)?.get(peer), at)
      const total = e.good + e.bad
      if (total === 0) continue
      const share = c.secondHandWeight * w * w * Math.min(1, c.reportCap / total) * this.budget(reporter, at)
      G += share * e.good
      B += share * e.bad
    }
    if (G === 0 && B === 0) return c.newcomerTrust
    const k = c.priorStrength
    const x = (G + k / 2) / (G + B + k)
    return Math.pow(x, this.gamma)
  }

  private memo (at: number): NonNullable<ReputationTable['weightMemo']> {
    if (this.weightMemo?.version !== this.version || this.weightMemo.at !== at) {
      this.weightMemo = { version: this.version, at, weights: new Map(), budgets: new Map() }
    }
    return this.weightMemo
  }

  /** β ∈ (0, 1]: the share of each report of `reporter` that fits in its reportBudget */
  private budget (reporter: string, at: number): number {
    const changes = this.rowChanges.get(reporter) ?? 0
    const cached = this.budgetCache.get(reporter)
    if (cached?.changes === changes && (cached.at === at || (at > cached.at && at - cached.at < this.config.credibilityMaxAgeMs))) return cached.beta
    let spent = 0
    for (const e of this.rows.get(reporter)?.values() ?? []) {
      const { good, bad } = this.decayedEvidence(e, at)
      spent += Math.min(this.config.reportCap, good + bad)
    }
    const beta = spent > this.config.reportBudget ? this.config.reportBudget / spent : 1
    this.budgetCache.set(reporter, { beta, at, changes })
    return beta
  }

  private decayedEvidence (e: Evidence | undefined, at: number): { good: number, bad: number } {
    if (e == null) return { good: 0, bad: 0 }
    const f = at > e.at ? decayFactor(at - e.at, this.config.halfLifeMs) : 1
    return { good: e.good * f, bad: e.bad * f }
  }

  private hardBanned (peer: string, at: number): boolean {
    const ban = this.bans.get(peer)
    return ban != null && at >= ban.at && at < ban.at + this.config.banDurationMs
  }

  /** ω: EigenTrust credibility, then 0 for banned reporters (their reports stop counting) */
  private weight (reporter: string, at: number): number {
    const memo = this.memo(at).weights
    let w = memo.get(reporter)
    if (w != null) return w
    const base = this.baseCredibility(at)
    w = base.get(reporter) ?? 0
    // ban check with the unfiltered weights: one level deep, so no recursion
    if (w > 0 && (this.hardBanned(reporter, at) ||
        this.pooled(reporter, at, r => base.get(r) ?? 0) < this.config.banThreshold)) w = 0
    memo.set(reporter, w)
    return w
  }

  /**
   * ω⁰ per reporter from EigenTrust. Local trust s_ij = max(g − b, 0) is
   * linear in the counts, and all counts decay at the same rate, so each
   * normalised row, hence t, does not change as time passes: the result is
   * cached until evidence or the set of active bans changes.
   */
  private baseCredibility (at: number): Map<string, number> {
    const expired = this.expiredBans(at)
    const cached = this.credibilityCache
    if (cached != null && cached.expired === expired && (cached.version === this.version ||
        (at >= cached.at && at - cached.at < this.config.credibilityMaxAgeMs))) return cached.base
    const base = new Map<string, number>()
    const c = this.config
    const banned = (p: string): boolean => this.hardBanned(p, at)
    const rows = new Map<string, Map<string, number>>()
    for (const [observer, row] of this.rows) {
      if (banned(observer)) continue
      // a common reference time per row: the row's ratios do not depend on it
      let ref = -Infinity
      for (const e of row.values()) ref = Math.max(ref, e.at)
      const local = new Map<string, number>()
      for (const [subject, e] of row) {
        if (banned(subject)) continue
        const s = (e.good - e.bad) * decayFactor(ref - e.at, c.halfLifeMs)
        if (s > 0) local.set(subject, s)
      }
      rows.set(observer, local)
    }
    const pretrust = new Map<string, number>()
    const trustedOthers = [...this.pretrusted].filter(p => !banned(p))
    const own = trustedOthers.length === 0 ? 1 : c.selfPretrust
    pretrust.set(c.self, own)
    for (const p of trustedOthers) pretrust.set(p, (1 - own) / trustedOthers.length)
    const t = eigenTrust(rows, pretrust, c)
    let positive = 0
    for (const v of t.values()) if (v > 0) positive++
    for (const [peer, v] of t) if (peer !== c.self && v > 0) base.set(peer, Math.min(1, positive * v))
    for (const p of trustedOthers) base.set(p, 1)
    this.credibilityCache = { version: this.version, expired, at, base }
    return base
  }

  /** how many bans have run out by `at`: with the ban set fixed, this names the active set */
  private expiredBans (at: number): number {
    if (this.config.banDurationMs === Infinity) return 0
    let n = 0
    for (const ban of this.bans.values()) if (at >= ban.at + this.config.banDurationMs) n++
    return n
  }

  // ------------------------------------------------------------ persistence

  snapshot (): ReputationSnapshot {
    const evidence: Array<[string, string, number, number, number, number]> = []
    for (const [observer, row] of this.rows) {
      for (const [subject, e] of row) evidence.push([observer, subject, e.good, e.bad, e.at, e.seq])
    }
    evidence.sort((a, b) => a[5] - b[5])
    return {
      v: 1,
      evidence: evidence.map(([o, s, g, b, at]) => [o, s, g, b, at]),
      recent: [...this.recent].map(([peer, r]) => [peer, r.wrongs, r.results, r.at]),
      bans: [...this.bans].map(([peer, ban]) => [peer, ban.at, ban.reason])
    }
  }

  /** replaces everything with `snapshot` (validated: it comes from disk) */
  restore (snapshot: ReputationSnapshot): void {
    if (snapshot?.v !== 1 || !Array.isArray(snapshot.evidence) || !Array.isArray(snapshot.recent) || !Array.isArray(snapshot.bans)) {
      throw new TypeError('not a reputation snapshot (v1)')
    }
    const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)
    const id = (x: unknown): x is string => typeof x === 'string' && x.length > 0
    this.rows = new Map()
    this.about = new Map()
    this.recent = new Map()
    this.bans = new Map()
    this.seq = 0
    for (const item of snapshot.evidence) {
      const [observer, subject, good, bad, at] = item
      if (!id(observer) || !id(subject) || !finite(good) || !finite(bad) || !finite(at) || good < 0 || bad < 0) {
        throw new TypeError(`bad evidence in reputation snapshot: ${JSON.stringify(item)}`)
      }
      let row = this.rows.get(observer)
      if (row == null) this.rows.set(observer, row = new Map())
      row.set(subject, { good, bad, at, seq: this.seq++ })
      if (observer !== this.config.self && subject !== this.config.self) {
        let reporters = this.about.get(subject)
        if (reporters == null) this.about.set(subject, reporters = new Set())
        reporters.add(observer)
      }
    }
    for (const item of snapshot.recent) {
      const [peer, wrongs, results, at] = item
      if (!id(peer) || !finite(wrongs) || !finite(results) || !finite(at)) throw new TypeError(`bad entry in reputation snapshot: ${JSON.stringify(item)}`)
      this.recent.set(peer, { wrongs, results, at })
    }
    for (const item of snapshot.bans) {
      const [peer, at, reason] = item
      if (!id(peer) || !finite(at) || !['collusion', 'repeated-wrong', 'manual'].includes(reason)) {
        throw new TypeError(`bad ban in reputation snapshot: ${JSON.stringify(item)}`)
      }
      this.bans.set(peer, { at, reason })
    }
    this.version++
    this.credibilityCache = undefined
    this.weightMemo = undefined
    this.budgetCache.clear()
  }

  /**
   * forgets evidence that has decayed below `minEvidence` (in success units)
   * by `at`, and expired bans: bounds memory, at the cost of those peers
   * becoming strangers again. Returns how many entries went.
   */
  prune (at: number, minEvidence = 0.01): number {
    let dropped = 0
    for (const [observer, row] of this.rows) {
      for (const [subject, e] of row) {
        const { good, bad } = this.decayedEvidence(e, at)
        if (good + bad >= minEvidence) continue
        row.delete(subject)
        this.rowChanges.set(observer, (this.rowChanges.get(observer) ?? 0) + 1)
        this.about.get(subject)?.delete(observer)
        if (this.about.get(subject)?.size === 0) this.about.delete(subject)
        dropped++
      }
      if (row.size === 0) this.rows.delete(observer)
    }
    for (const [peer, r] of this.recent) {
      if (valueAt({ value: r.results, at: r.at }, at, this.config.recentWrongHalfLifeMs) < minEvidence) this.recent.delete(peer)
    }
    for (const [peer, ban] of this.bans) {
      if (at >= ban.at + this.config.banDurationMs) { this.bans.delete(peer); dropped++ }
    }
    if (dropped > 0) this.version++
    return dropped
  }
}
