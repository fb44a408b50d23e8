/**
 * Replication policy for deterministic jobs, pure: how many workers get a job
 * first, whether the requester secretly re-runs it (spot-check), when the
 * results agree enough to accept, and how hard to check given recent
 * evidence of cheating. Randomness is passed in, the clock too.
 *
 * The rules, from VERIFICATION.md:
 * - accept on a trust-weighted quorum: the summed trust behind the leading
 *   result reaches `quorumTrust` (1.5) and leads the rest by `quorumMargin`
 *   (1), so two established workers (trust ≥ 0.75 each) suffice and strangers
 *   (0.3) need company: the first batch is as small as trust allows;
 * - re-run on every disagreement (rule 1);
 * - never let a result go unchecked for its worker's record (rule 4): the
 *   first batch is never smaller than `minReplicas`, and unanimous results
 *   are still spot-checked at a rate;
 * - react to bursts (rule 3): see `checkPressure`.
 */
import { decayFactor } from './decay.js'
import type { Rng } from './rng.js'

export interface ReplicationConfig {
  /** smallest first batch (2: a lone result is what BOINC-style replication loses to) */
  minReplicas: number
  /** most workers a job is given before the requester settles it itself */
  maxReplicas: number
  /** summed trust the leading result needs */
  quorumTrust: number
  /** how far the leading result's support must exceed the runner-up's */
  quorumMargin: number
  /** any disagreement sends the job to a requester re-run (rule 1) */
  rerunOnDisagreement: boolean
  /** spot-check rate when nothing is amiss */
  spotCheckRate: number
  /** spot-check rate is never raised above this */
  maxSpotCheckRate: number
  /** the accidental error rate of honest workers that is not a reason for alarm */
  expectedErrorRate: number
  /** at a full error spike: this spot-check rate, and this many more workers in the first batch */
  burstSpotCheckRate: number
  burstExtraReplicas: number
  /** aim: at most this share of jobs accepted wrong and unchecked */
  targetUncheckedWrong: number
  /** pseudo-checks of prior belief (at the target rate) in the caught-rate estimate */
  priorChecks: number
  /** first-hand good evidence that makes a worker a veteran (see batchRiskClass) */
  veteranRecord: number
  /** half-life of the error-spike detector (proven errors against runs): short, to react fast */
  spikeHalfLifeMs: number
  /** half-life of the caught-rate estimate (spot-checks and catches): long, since catches are rare */
  alarmHalfLifeMs: number
}

export const DEFAULT_REPLICATION: ReplicationConfig = {
  minReplicas: 2,
  maxReplicas: 12,
  quorumTrust: 1.5,
  quorumMargin: 1,
  rerunOnDisagreement: true,
  spotCheckRate: 0.05,
  maxSpotCheckRate: 1,
  expectedErrorRate: 0.01,
  burstSpotCheckRate: 0.8,
  burstExtraReplicas: 1,
  targetUncheckedWrong: 0.0005,
  priorChecks: 20,
  veteranRecord: 50,
  spikeHalfLifeMs: 3600_000,
  alarmHalfLifeMs: 24 * 3600_000
}

export function replicationConfig (options: Partial<ReplicationConfig> = {}): ReplicationConfig {
  const c = { ...DEFAULT_REPLICATION, ...options }
  const rate = (x: number): boolean => x >= 0 && x <= 1
  if (!Number.isInteger(c.minReplicas) || c.minReplicas < 1 || !Number.isInteger(c.maxReplicas) || c.maxReplicas < c.minReplicas) {
    throw new RangeError('replication config: need integers 1 ≤ minReplicas ≤ maxReplicas')
  }
  if (!(c.quorumTrust > 0) || !(c.quorumMargin >= 0)) throw new RangeError('replication config: quorumTrust > 0, quorumMargin ≥ 0')
  if (![c.spotCheckRate, c.maxSpotCheckRate, c.expectedErrorRate, c.burstSpotCheckRate, c.targetUncheckedWrong].every(rate)) {
    throw new RangeError('replication config: rates must be in [0, 1]')
  }
  if (!Number.isInteger(c.burstExtraReplicas) || c.burstExtraReplicas < 0 || !(c.priorChecks > 0) || !(c.veteranRecord >= 0) || !(c.alarmHalfLifeMs > 0) || !(c.spikeHalfLifeMs > 0)) {
    throw new RangeError('replication config: burstExtraReplicas integer ≥ 0, priorChecks > 0, half-lives > 0')
  }
  return c
}

// ------------------------------------------------------------ check pressure

/**
 * Jobs are checked by risk class. The class of a first batch is 'veteran'
 * when one of its workers has a long first-hand record (good evidence ≥
 * veteranRecord), else 'young'. Where identities are free (whitewashing),
 * colluders are young far more often than honest workers, so their
 * quorums are mostly young ones: checking the classes apart puts the
 * re-runs where the catches are, instead of everywhere.
 */
export type RiskClass = 'veteran' | 'young'

export function batchRiskClass (records: readonly number[], config: ReplicationConfig): RiskClass {
  return records.some(g => g >= config.veteranRecord) ? 'veteran' : 'young'
}

/**
 * What the requester has verified lately: worker results and how many were
 * proven wrong (decayed with spikeHalfLifeMs); per risk class, unanimous
 * results it spot-checked and how many of those were wrong (decayed with
 * alarmHalfLifeMs). Plain JSON, so a daemon can keep it across restarts.
 */
export interface VerificationLog {
  at: number
  runs: number
  wrongs: number
  checks: Record<RiskClass, number>
  caught: Record<RiskClass, number>
}

export const emptyLog = (at: number): VerificationLog =>
  ({ at, runs: 0, wrongs: 0, checks: { veteran: 0, young: 0 }, caught: { veteran: 0, young: 0 } })

export interface JobVerification {
  /** worker results in the job */
  runs: number
  /**
   * of those, proven wrong by a re-run. Count only workers with a first-hand
   * record (good evidence ≥ 1): a stranger caught by the quorum is what
   * exploring costs, not a burst. Where most workers are strangers (10,000
   * peers) counting them kept the spike on for good: 4.4 runs per job
   * instead of 2.8 (shoal sim colluders)
   */
  wrongs: number
  /** the risk class of the job's first batch */
  riskClass: RiskClass
  /** the requester spot-checked a unanimous result */
  checked: boolean
  /** ... and it was wrong */
  caught: boolean
}

/** the log after one more job, finished at `at` (pure: returns a new log) */
export function recordVerification (log: VerificationLog, job: JobVerification, at: number, config: ReplicationConfig): VerificationLog {
  const dt = Math.max(0, at - log.at)
  const fast = decayFactor(dt, config.spikeHalfLifeMs)
  const slow = decayFactor(dt, config.alarmHalfLifeMs)
  const checks = { veteran: log.checks.veteran * slow, young: log.checks.young * slow }
  const caught = { veteran: log.caught.veteran * slow, young: log.caught.young * slow }
  if (job.checked) checks[job.riskClass] += 1
  if (job.caught) caught[job.riskClass] += 1
  return {
    at: Math.max(at, log.at),
    runs: log.runs * fast + job.runs,
    wrongs: log.wrongs * fast + job.wrongs,
    checks,
    caught
  }
}

export interface CheckPressure {
  /** probability that a job's unanimous result is re-run by the requester */
  spotCheckRate: number
  /** workers added to the first batch */
  extraReplicas: number
  /** 0 calm … 1 full error spike */
  spike: number
  /** estimated share of this class's unanimous first batches that are wrong (a colluding quorum) */
  caughtRate: number
}

/**
 * How hard to check a job of `riskClass` now (VERIFICATION rule 3, made
 * proportional):
 *
 * - Error spike. Proven errors beyond the honest expectation e·runs:
 *   spike = clamp((wrongs − 2·e·runs − 3) / (2·e·runs + 3), 0, 1): zero
 *   until errors run at twice the expected rate (plus a little slack for
 *   small samples), full at four times. It raises the spot-check rate
 *   towards burstSpotCheckRate and adds burstExtraReplicas workers.
 * - Colluding quorums. A spot-check that finds a unanimous result wrong is
 *   the only sight of a quorum held entirely by colluders (adversary B). With
 *   q̂ = (caught + τ·m) / (checks + m) the estimated share of such quorums in
 *   the class (τ: target, m: prior pseudo-checks), checking a share s of its
 *   unanimous results leaves q̂·(1 − s) accepted wrong; s = 1 − τ/q̂ meets
 *   the target τ in every class, hence overall. Each catch also bans the
 *   whole quorum, so checking hard while colluders are many is also what
 *   removes them fastest; as they go, q̂ and s fall.
 *
 * The rate is the largest of the base rate and these two, capped.
 */
export function checkPressure (log: VerificationLog | undefined, at: number, config: ReplicationConfig, riskClass: RiskClass = 'veteran'): CheckPressure {
  if (log == null) return { spotCheckRate: config.spotCheckRate, extraReplicas: 0, spike: 0, caughtRate: config.targetUncheckedWrong }
  const dt = Math.max(0, at - log.at)
  const fast = decayFactor(dt, config.spikeHalfLifeMs)
  const slow = decayFactor(dt, config.alarmHalfLifeMs)
  const runs = log.runs * fast
  const wrongs = log.wrongs * fast
  const expected = config.expectedErrorRate * runs
  const spike = clamp((wrongs - 2 * expected - 3) / (2 * expected + 3), 0, 1)
  const tau = config.targetUncheckedWrong
  const caughtRate = (log.caught[riskClass] * slow + tau * config.priorChecks) / (log.checks[riskClass] * slow + config.priorChecks)
  const needed = caughtRate > 0 ? 1 - tau / caughtRate : 0
  const spotCheckRate = Math.min(config.maxSpotCheckRate,
    Math.max(config.spotCheckRate, spike * config.burstSpotCheckRate, needed))
  return { spotCheckRate, extraReplicas: Math.round(spike * config.burstExtraReplicas), spike, caughtRate }
}

// --------------------------------------------------------------- replicas

export interface ReplicaPlan {
  /** how many of the picked workers (in pick order) get the job first */
  replicas: number
  /** re-run by the requester if the result is unanimous: decided now, told to nobody */
  spotCheck: boolean
}

/**
 * The first batch: the shortest prefix of the picked workers (in pick order)
 * whose summed trust could reach the quorum if they all agree — fewer for
 * long clean records, more for strangers — never under minReplicas, plus the
 * burst's extra workers, at most maxReplicas and at most the workers picked.
 * A coin with the current spot-check rate decides the spot-check.
 */
export function replicasFor (
  workerTrusts: readonly number[],
  config: ReplicationConfig,
  rng: Rng,
  pressure: Pick<CheckPressure, 'spotCheckRate' | 'extraReplicas'> = { spotCheckRate: config.spotCheckRate, extraReplicas: 0 }
): ReplicaPlan {
  return { replicas: firstBatchSize(workerTrusts, config, pressure.extraReplicas), spotCheck: rng() < pressure.spotCheckRate }
}

/** the first-batch part of replicasFor, for callers that need the batch before the spot-check rate */
export function firstBatchSize (workerTrusts: readonly number[], config: ReplicationConfig, extraReplicas = 0): number {
  let replicas = 0
  let sum = 0
  while (replicas < workerTrusts.length && sum < config.quorumTrust) sum += workerTrusts[replicas++]
  replicas = Math.max(replicas, config.minReplicas) + extraReplicas
  return Math.min(replicas, config.maxReplicas, workerTrusts.length)
}

// ----------------------------------------------------------------- quorum

export interface WorkerResult {
  worker: string
  outputHash: string
  trust: number
}

export type QuorumVerdict =
  | { verdict: 'accept', outputHash: string, support: number, lead: number }
  | { verdict: 'need-more', support: number, lead: number }
  | { verdict: 'disagree-rerun', hashes: string[] }

/**
 * Reputation-weighted quorum: accept the leading hash once its summed trust
 * reaches quorumTrust and leads the runner-up by quorumMargin; with
 * rerunOnDisagreement any second hash sends the job to a re-run; at
 * maxReplicas results without a quorum, re-run too. A worker counts once
 * (its first result), whatever it sends.
 */
export function weightedQuorum (results: readonly WorkerResult[], config: ReplicationConfig): QuorumVerdict {
  const seen = new Set<string>()
  const support = new Map<string, number>()
  for (const r of results) {
    if (seen.has(r.worker)) continue
    seen.add(r.worker)
    support.set(r.outputHash, (support.get(r.outputHash) ?? 0) + clamp(r.trust, 0, 1))
  }
  const ranked = [...support].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const hashes = ranked.map(([h]) => h)
  if (ranked.length > 1 && config.rerunOnDisagreement) return { verdict: 'disagree-rerun', hashes }
  const top = ranked[0]?.[1] ?? 0
  const lead = top - (ranked[1]?.[1] ?? 0)
  if (ranked.length > 0 && top >= config.quorumTrust && lead >= config.quorumMargin) {
    return { verdict: 'accept', outputHash: ranked[0][0], support: top, lead }
  }
  if (seen.size >= config.maxReplicas) return { verdict: 'disagree-rerun', hashes }
  return { verdict: 'need-more', support: top, lead }
}

function clamp (x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x
}
