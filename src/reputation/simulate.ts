/**
 * A small, deterministic Monte-Carlo harness for VERIFICATION.md's model,
 * run on Shoal's own table, selection and replication code (what is
 * simulated is what runs):
 *
 * one requester (the table's `self`) and `workers` workers, a share of them
 * colluders under one adversary; deterministic jobs; an honest result is
 * wrong by accident with probability `errorRate`, and accidental wrong results
 * never match; cheating colluders all return the same wrong value. Per job
 * the requester picks workers, gives the first batch the job, adds workers
 * until the weighted quorum accepts, re-runs the job itself on any
 * disagreement or at the cap (the truth), and spot-checks unanimous results
 * at the rate the check pressure asks for. Adversaries:
 *
 * - A: colluders always cheat;
 * - B: colluders cheat only when they hold the whole first batch;
 * - C: colluders behave for `cheatAfterJobs` jobs, then always cheat;
 * - D: B, and a banned colluder comes back as a fresh identity;
 * - none: everybody is honest.
 *
 * Time is job index × jobIntervalMs; randomness is one seeded mulberry32.
 */
import { ReputationTable, type ReputationConfig } from './table.js'
import { pickWorkers, DEFAULT_SELECTION, type SelectionConfig } from './selection.js'
import {
  batchRiskClass, checkPressure, emptyLog, firstBatchSize, recordVerification, replicasFor, replicationConfig, weightedQuorum,
  type ReplicationConfig, type WorkerResult
} from './replication.js'
import { mulberry32 } from './rng.js'

export type Adversary = 'A' | 'B' | 'C' | 'D' | 'none'

export interface SimulationOptions {
  workers: number
  jobs: number
  /** jobs at the start left out of the measurements */
  warmupJobs: number
  colluderShare: number
  errorRate: number
  adversary: Adversary
  /** adversary C turns at this job */
  cheatAfterJobs: number
  seed: number
  jobIntervalMs: number
  /** false: a fixed spot-check rate, no burst reaction (for comparison) */
  adaptive: boolean
  reputation: Partial<ReputationConfig>
  replication: Partial<ReplicationConfig>
  selection: Partial<SelectionConfig>
  /** if > 0, also report figures per window of this many jobs (warm-up included) */
  windowJobs: number
}

export const DEFAULT_SIMULATION: SimulationOptions = {
  workers: 1000,
  jobs: 100_000,
  warmupJobs: 10_000,
  colluderShare: 0.3,
  errorRate: 0.01,
  adversary: 'B',
  cheatAfterJobs: 20_000,
  seed: 1,
  jobIntervalMs: 10_000,
  adaptive: true,
  reputation: {},
  replication: {},
  selection: {},
  windowJobs: 0
}

export interface SimulationResult {
  adversary: Adversary
  /** jobs measured (after warm-up) */
  jobs: number
  /** % of measured jobs whose accepted result was wrong */
  wrongAcceptedPct: number
  /** worker runs plus requester re-runs, per measured job */
  runsPerJob: number
  workerRunsPerJob: number
  /** requester re-runs (disagreements, caps, spot-checks) per measured job */
  requesterRunsPerJob: number
  /** % of honest workers banned at the end */
  honestBannedPct: number
  /** % of honest workers refused work at the end (trust under refuseThreshold, not banned) */
  honestRefusedPct: number
  /** % of colluder identities ever created that are banned at the end */
  colludersBannedPct: number
  /** colluders still given work at the end (not banned, not refused) */
  colludersActive: number
  /** mean spot-check rate over measured jobs */
  meanSpotCheckRate: number
  windows: WindowFigures[]
}

export interface WindowFigures {
  fromJob: number
  wrongAcceptedPct: number
  runsPerJob: number
  spotCheckRate: number
  /** colluders not banned and not refused at the window's end */
  colludersActive: number
  /** % of jobs whose first batch was all colluders (where adversaries B and D cheat) */
  colluderBatchPct: number
}

const SELF = 'requester'

export function simulate (options: Partial<SimulationOptions> = {}): SimulationResult {
  const o: SimulationOptions = { ...DEFAULT_SIMULATION, ...options }
  const rng = mulberry32(o.seed)
  const table = new ReputationTable({ ...o.reputation, self: SELF })
  const rep = replicationConfig(o.replication)
  const sel: SelectionConfig = { ...DEFAULT_SELECTION, refuseThreshold: table.config.refuseThreshold, ...o.selection }

  const colluder = new Set<string>()
  let nextId = 0
  const fresh = (bad: boolean): string => {
    const id = `w${nextId++}`
    if (bad) colluder.add(id)
    return id
  }
  const nColluders = Math.round(o.workers * o.colluderShare)
  // colluders spread through the list: the list order must not favour anyone
  const pool: string[] = []
  for (let i = 0; i < o.workers; i++) pool.push(fresh(false))
  for (let i = 0; i < nColluders; i++) colluder.add(pool[Math.floor(i * o.workers / nColluders)])
  const honest = pool.filter(w => !colluder.has(w))

  let log = emptyLog(0)
  let measured = 0
  let wrongAccepted = 0
  let workerRuns = 0
  let requesterRuns = 0
  let spotRateSum = 0
  let accident = 0
  const windows: WindowFigures[] = []
  let win = { wrong: 0, runs: 0, spot: 0, jobs: 0, held: 0 }
  const closeWindow = (job: number, candidates: Array<{ peerId: string, trust: number }>): void => {
    windows.push({
      fromJob: job - win.jobs,
      wrongAcceptedPct: 100 * win.wrong / win.jobs,
      runsPerJob: win.runs / win.jobs,
      spotCheckRate: win.spot / win.jobs,
      colludersActive: candidates.filter(c => colluder.has(c.peerId) && c.trust >= sel.refuseThreshold).length,
      colluderBatchPct: 100 * win.held / win.jobs
    })
    win = { wrong: 0, runs: 0, spot: 0, jobs: 0, held: 0 }
  }

  for (let job = 0; job < o.jobs; job++) {
    const at = job * o.jobIntervalMs
    const counted = job >= o.warmupJobs
    const candidates = pool.map(peerId => ({ peerId, trust: table.trust(peerId, at) }))
    const picks = pickWorkers(candidates, rep.maxReplicas, sel, rng)
    // the first batch comes from trust alone; its risk class then sets the spot-check rate
    const calm = { spotCheckRate: rep.spotCheckRate, extraReplicas: 0 }
    const trusts = picks.map(p => p.trust)
    const spike = o.adaptive ? checkPressure(log, at, rep) : calm
    const riskClass = batchRiskClass(picks.slice(0, firstBatchSize(trusts, rep, spike.extraReplicas))
      .map(p => table.firstHand(p.peerId, at).good), rep)
    const pressure = o.adaptive ? checkPressure(log, at, rep, riskClass) : calm
    if (counted) { measured++; spotRateSum += pressure.spotCheckRate }
    if (o.windowJobs > 0 && win.jobs === o.windowJobs) closeWindow(job, candidates)
    win.jobs++
    win.spot += pressure.spotCheckRate
    if (picks.length === 0) { if (counted) requesterRuns++; win.runs++; continue }
    const plan = replicasFor(trusts, rep, rng, pressure)
    const firstBatch = picks.slice(0, plan.replicas)

    const allColluders = firstBatch.every(p => colluder.has(p.peerId))
    if (allColluders) win.held++
    const cheat = o.adversary === 'A' ||
      (o.adversary === 'C' && job >= o.cheatAfterJobs) ||
      ((o.adversary === 'B' || o.adversary === 'D') && allColluders)
    const run = (peerId: string): string => {
      if (colluder.has(peerId) && cheat) return 'evil'
      return rng() < o.errorRate ? `accident-${accident++}` : 'ok'
    }

    const results: WorkerResult[] = firstBatch.map(p => ({ worker: p.peerId, outputHash: run(p.peerId), trust: p.trust }))
    let verdict = weightedQuorum(results, rep)
    while (verdict.verdict === 'need-more' && results.length < picks.length) {
      const p = picks[results.length]
      results.push({ worker: p.peerId, outputHash: run(p.peerId), trust: p.trust })
      verdict = weightedQuorum(results, rep)
    }
    if (counted) workerRuns += results.length
    win.runs += results.length

    // the requester's re-run is the truth: on disagreement, at the cap, or a spot-check
    const checked = verdict.verdict === 'accept' && plan.spotCheck
    const settle = verdict.verdict !== 'accept' || plan.spotCheck
    let wrongs = 0
    let caught = false
    if (settle) {
      if (counted) requesterRuns++
      win.runs++
      const wrongBy = new Map<string, string[]>()
      for (const r of results) {
        if (r.outputHash === 'ok') { table.observe(r.worker, 'success', at); continue }
        wrongs++
        const group = wrongBy.get(r.outputHash) ?? []
        group.push(r.worker)
        wrongBy.set(r.outputHash, group)
      }
      for (const group of wrongBy.values()) table.provenWrong(group, at)
      caught = checked && verdict.verdict === 'accept' && verdict.outputHash !== 'ok'
    } else if (verdict.verdict === 'accept') {
      // unchecked: all the requester knows is that they agreed
      if (verdict.outputHash !== 'ok') {
        win.wrong++
        if (counted) wrongAccepted++
      }
      for (const r of results) table.observe(r.worker, 'success', at)
    }
    log = recordVerification(log, { runs: results.length, wrongs, riskClass, checked, caught }, at, rep)

    if (o.adversary === 'D') {
      // only this job's workers can have been banned by it (time alone only lifts low-trust bans)
      for (const r of results) {
        if (!colluder.has(r.worker) || !table.isBanned(r.worker, at)) continue
        pool[pool.indexOf(r.worker)] = fresh(true)
      }
    }
  }

  const end = o.jobs * o.jobIntervalMs
  if (o.windowJobs > 0 && win.jobs === o.windowJobs) closeWindow(o.jobs, pool.map(peerId => ({ peerId, trust: table.trust(peerId, end) })))
  const honestBanned = honest.filter(w => table.isBanned(w, end)).length
  const honestRefused = honest.filter(w => !table.isBanned(w, end) && table.trust(w, end) < sel.refuseThreshold).length
  const everColluders = [...colluder]
  const colludersBanned = everColluders.filter(w => table.isBanned(w, end)).length
  const colludersActive = pool.filter(w => colluder.has(w) && table.trust(w, end) >= sel.refuseThreshold).length
  const per = (n: number): number => measured > 0 ? n / measured : 0
  return {
    adversary: o.adversary,
    jobs: measured,
    wrongAcceptedPct: 100 * per(wrongAccepted),
    runsPerJob: per(workerRuns + requesterRuns),
    workerRunsPerJob: per(workerRuns),
    requesterRunsPerJob: per(requesterRuns),
    honestBannedPct: honest.length > 0 ? 100 * honestBanned / honest.length : 0,
    honestRefusedPct: honest.length > 0 ? 100 * honestRefused / honest.length : 0,
    colludersBannedPct: everColluders.length > 0 ? 100 * colludersBanned / everColluders.length : 0,
    colludersActive,
    meanSpotCheckRate: per(spotRateSum),
    windows
  }
}
