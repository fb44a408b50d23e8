/**
 * The reputation table's settings, their defaults and their checks. Times are
 * in milliseconds; trust values are on the table's output scale [0, 1].
 */

/** what a requester learns about a worker from one job */
export type Outcome = 'success' | 'wrong' | 'timeout' | 'dropped' | 'declined-after-bid'

export const OUTCOMES: readonly Outcome[] = ['success', 'wrong', 'timeout', 'dropped', 'declined-after-bid']

export interface ReputationConfig {
  /** this peer's id: its own observations are first-hand, and it is pre-trusted */
  self: string
  /** peers whose reports are trusted from the start (e.g. the operator's own) */
  pretrusted: string[]
  /** half-life of all good and bad evidence */
  halfLifeMs: number
  /** bad evidence added by one proven wrong result, in units of one success */
  wrongWeight: number
  /** bad evidence added by the lesser failures, in units of one success */
  timeoutCost: number
  droppedCost: number
  declinedAfterBidCost: number
  /**
   * a proven wrong result also multiplies the worker's good evidence by this
   * (multiplicative decrease), so a long record bought before cheating
   * shields the cheat for less long. Off (1) by default: it caps an honest
   * worker's good evidence near 1/(e·(1 − factor)) while its bad evidence
   * keeps growing with the half-life, so at 1% accidental errors and 0.5
   * honest workers sank to a stranger's trust in the simulation, and jobs
   * needed more replicas; build-then-cheat is handled by the burst
   * reaction instead (replication.ts)
   */
  wrongKeepsGood: number
  /**
   * pseudo-observations of the prior in x = (G + k/2) / (G + B + k): k = 2 is
   * Laplace's rule (VERIFICATION's (good+1)/(good+bad+2)); a larger k makes
   * standing slower to earn, which is what makes a fresh identity costly
   */
  priorStrength: number
  /** output trust of a peer nobody knows anything about */
  newcomerTrust: number
  /** below this the scheduler gives a peer no work */
  refuseThreshold: number
  /** below this a peer is banned: cut off by the gater, its reports ignored */
  banThreshold: number
  /**
   * a burst of proven errors bans: first-hand proven wrong results, counted
   * with decay by recentWrongHalfLifeMs, reaching banAfterRecentWrongs while
   * also being at least banRecentWrongShare of the peer's recent results
   * (so a busy honest worker's 1% of accidents never adds up to a ban).
   * 3.5 with a 1 h half-life: four errors within ~25 min, or five within
   * ~70 min. (2.5 and 10% banned 0.4–0.7% of honest workers in the
   * simulation at 1% accidental errors; 3.5 and 25% none, catching as much.)
   */
  banAfterRecentWrongs: number
  banRecentWrongShare: number
  recentWrongHalfLifeMs: number
  /** how long a ban for proven collusion or repeated errors lasts (Infinity: for good) */
  banDurationMs: number
  /** weight of second-hand evidence against first-hand, for a fully credible reporter */
  secondHandWeight: number
  /** most evidence (good + bad, in success units) one reporter can contribute about one peer */
  reportCap: number
  /**
   * a reporter's voice in total: when the evidence it reports about all peers
   * (each capped at reportCap) exceeds this, every report of it is scaled down
   * to fit, so one credible peer cannot vouch a thousand fresh identities
   * into standing (EigenTrust's row normalisation, in evidence units)
   */
  reportBudget: number
  /** share of the pre-trust vector held by this peer itself when pre-trusted peers are configured */
  selfPretrust: number
  /** EigenTrust teleport weight α */
  alpha: number
  maxIterations: number
  tolerance: number
  /**
   * how long (in the table's time) reporter credibility and report budgets
   * may be reused after new evidence or a ban arrives before they are
   * recomputed (a banned reporter's own weight drops to 0 at once: that is
   * checked on every read; only the flow of credibility through it lags).
   * 0 (the default): recompute on every change.
   * EigenTrust costs ~45 ms at 10,000 peers, so a busy requester hearing a
   * report per job would spend its time there; a minute of staleness in
   * who is credible changes little (measured in the algorithm-level
   * simulation, which runs with 60 s)
   */
  credibilityMaxAgeMs: number
}

export const DEFAULT_REPUTATION: Omit<ReputationConfig, 'self'> = {
  pretrusted: [],
  halfLifeMs: 7 * 24 * 3600_000,
  wrongWeight: 10,
  timeoutCost: 1,
  droppedCost: 1,
  declinedAfterBidCost: 0.5,
  wrongKeepsGood: 1,
  priorStrength: 2,
  newcomerTrust: 0.3,
  refuseThreshold: 0.1,
  banThreshold: 0.01,
  banAfterRecentWrongs: 3.5,
  banRecentWrongShare: 0.25,
  recentWrongHalfLifeMs: 3600_000,
  banDurationMs: Infinity,
  secondHandWeight: 0.5,
  reportCap: 20,
  reportBudget: 200,
  selfPretrust: 0.5,
  alpha: 0.15,
  maxIterations: 200,
  tolerance: 1e-10,
  credibilityMaxAgeMs: 0
}

export function reputationConfig (options: Partial<ReputationConfig> & { self: string }): ReputationConfig {
  const c: ReputationConfig = { ...DEFAULT_REPUTATION, ...options, pretrusted: [...(options.pretrusted ?? [])] }
  const check = (ok: boolean, what: string): void => { if (!ok) throw new RangeError(`reputation config: ${what}`) }
  const positive = (x: number): boolean => x > 0 && !Number.isNaN(x)
  check(c.self.length > 0, 'self must be a peer id')
  check(positive(c.halfLifeMs) && positive(c.recentWrongHalfLifeMs), 'half-lives must be > 0')
  check(c.wrongWeight >= 1, 'wrongWeight must be ≥ 1 (a wrong result never costs less than a success earns)')
  check([c.timeoutCost, c.droppedCost, c.declinedAfterBidCost].every(x => x >= 0), 'costs must be ≥ 0')
  check(c.wrongKeepsGood > 0 && c.wrongKeepsGood <= 1, 'wrongKeepsGood must be in (0, 1]')
  check(positive(c.priorStrength), 'priorStrength must be > 0')
  check(c.newcomerTrust > 0 && c.newcomerTrust < 1, 'newcomerTrust must be in (0, 1)')
  check(c.banThreshold >= 0 && c.banThreshold <= c.refuseThreshold && c.refuseThreshold < c.newcomerTrust,
    '0 ≤ banThreshold ≤ refuseThreshold < newcomerTrust (newcomers must be able to earn work)')
  check(c.banAfterRecentWrongs > 1, 'banAfterRecentWrongs must be > 1 (a lone error never bans)')
  check(c.banRecentWrongShare >= 0 && c.banRecentWrongShare <= 1, 'banRecentWrongShare must be in [0, 1]')
  check(positive(c.banDurationMs), 'banDurationMs must be > 0')
  check(c.secondHandWeight >= 0 && c.reportCap >= 0 && c.reportBudget > 0, 'secondHandWeight, reportCap ≥ 0, reportBudget > 0')
  check(c.selfPretrust > 0 && c.selfPretrust <= 1, 'selfPretrust must be in (0, 1]')
  check(c.alpha > 0 && c.alpha <= 1, 'alpha must be in (0, 1]')
  check(c.credibilityMaxAgeMs >= 0, 'credibilityMaxAgeMs must be ≥ 0')
  check(Number.isInteger(c.maxIterations) && c.maxIterations > 0 && positive(c.tolerance), 'bad iteration bounds')
  return c
}
