/**
 * The algorithm-level engine: Shoal's own pure reputation and scheduling
 * code (ReputationTable, pickWorkers, firstBatchSize/replicasFor,
 * weightedQuorum, checkPressure, the scheduler's score) driven by a
 * discrete-event loop with one seeded RNG, for 10,000-100,000 peers.
 * Same scenario and seed, same result.
 *
 * The model, per job: a requester considers `workload.candidates` online
 * workers (the head of its capacity table), ranks them with the
 * scheduler's score (a liar's inflated slots rank it higher), picks up to
 * maxReplicas by trust (pickWorkers), gives the first batch the job (a lane
 * whose worker is gone, busy or times out moves to the next pick), adds
 * workers until the weighted quorum accepts, re-runs the job itself on any
 * disagreement, at the cap, or on a spot-check. Its verdicts reach its
 * table when the job ends, and its reports reach the other requesters'
 * tables one gossip delay later. Adverts and reports spread over a random
 * overlay (overlay.ts); churn takes peers offline for Weibull sessions.
 */
import { ReputationTable } from '../../reputation/table.js'
import { DEFAULT_SELECTION, pickWorkers, type SelectionConfig } from '../../reputation/selection.js'
import {
  batchRiskClass, checkPressure, emptyLog, firstBatchSize, recordVerification, replicasFor, replicationConfig, weightedQuorum,
  type VerificationLog, type WorkerResult
} from '../../reputation/replication.js'
import { mulberry32, type Rng } from '../../reputation/rng.js'
import { score } from '../../jobs/scheduler.js'
import type { Advert } from '../../capacity/advert.js'
import type { Outcome } from '../../reputation/config.js'
import { EventQueue } from '../events.js'
import { Overlay } from './overlay.js'
import { population } from '../population.js'
import { exponential, sampleDistinct, weibull } from '../random.js'
import { Recorder, type Report } from '../metrics.js'
import { percentile } from '../stats.js'
import type { Behaviour, Scenario } from '../scenario.js'

export interface AlgorithmOptions {
  /** called now and then with the share of simulated time done */
  onProgress?: (fraction: number) => void
  /** process RSS in bytes (I/O, passed in so the engine stays pure) */
  memory?: () => number
  /** CPU time and wall time in ms since an arbitrary origin */
  cpu?: () => number
  wall?: () => number
  /** requesters refresh their cached trust in a worker at least this often (simulated ms) */
  trustRefreshMs?: number
  /** the tables' credibilityMaxAgeMs (see reputation/config.ts) */
  credibilityMaxAgeMs?: number
  /** count strangers' proven errors in the error-spike detector too (as simulate.ts does) */
  spikeCountsStrangers?: boolean
}

interface Requester {
  peer: number
  table: ReputationTable
  log: VerificationLog
  /** cached trust per peer (NaN: to be read from the table) */
  trust: Float64Array
  refreshedAt: number
  slanderer: boolean
  /** workers that did good work for it: its capacity table ranks them among the first */
  known: number[]
  isKnown: Uint8Array
}

interface Evidence { worker: number, outcome: Outcome }

interface JobDone {
  requester: Requester
  submittedAt: number
  evidence: Evidence[]
  colluding: number[][]
  wrong: boolean
  failed: boolean
  workerRuns: number
  requesterRuns: number
  verification: Parameters<typeof recordVerification>[1]
}

type Event =
  | { type: 'submit' }
  | { type: 'done', job: JobDone }
  | { type: 'release', peer: number }
  | { type: 'reports', from: number, reports: Evidence[] }
  | { type: 'leave', peer: number }
  | { type: 'join', peer: number }
  | { type: 'sample' }
  | { type: 'advert' }

const SAMPLES = 40
const ADVERT_SAMPLES = 60
const TRUST_SAMPLE_PEERS = 1000

export function runAlgorithm (s: Scenario, options: AlgorithmOptions = {}): Report {
  const cpu0 = options.cpu?.() ?? 0
  const wall0 = options.wall?.() ?? 0
  const rng = mulberry32(s.seed)
  const recorder = new Recorder(s, 'algorithm')
  const N = s.nodes
  const w = s.workload
  const pop = population(s, rng)
  const { behaviour } = pop
  const isMalicious = new Uint8Array(N)
  for (const i of pop.malicious) isMalicious[i] = 1
  const id = (i: number): string => `p${i}`
  const overlay = new Overlay(N, s.network.degree, s.network.latencyMs, rng)
  const rep = replicationConfig()
  const refreshMs = options.trustRefreshMs ?? 300_000
  const spikeCountsStrangers = options.spikeCountsStrangers ?? false

  // who is online, in a list that can be sampled uniformly
  const online = new Uint8Array(N)
  const sessionEnd = new Float64Array(N).fill(Infinity)
  const list = new Int32Array(N)
  const pos = new Int32Array(N).fill(-1)
  let listSize = 0
  const goOnline = (i: number): void => { online[i] = 1; pos[i] = listSize; list[listSize++] = i }
  const goOffline = (i: number): void => {
    online[i] = 0
    const p = pos[i]
    const last = list[--listSize]
    list[p] = last
    pos[last] = p
    pos[i] = -1
  }
  const queue = new EventQueue<Event>()
  // a joining peer dials its entry point and asks it for the capacity table: two round trips
  const discoveryMs = (i: number): number => 4 * overlay.firstLinkMs(i)
  const churn = s.faults.churn
  for (let i = 0; i < N; i++) {
    if (behaviour[i] === 'offline') continue
    goOnline(i)
    recorder.discovered(discoveryMs(i))
    if (churn != null && rng() < churn.share) {
      sessionEnd[i] = weibull(rng, churn.shape, churn.scaleMs)
      queue.push(sessionEnd[i], { type: 'leave', peer: i })
    }
  }
  const inFlight = new Int32Array(N)
  const group = (b: Behaviour) => s.peers[b] ?? {}
  const realSlots = w.slots
  const advertisedSlots = (i: number): number => behaviour[i] === 'liars' ? (group('liars').advertisedSlots ?? w.slots * 8) : w.slots

  // requesters: honest peers, and every slanderer (they request, then lie about it)
  const makeRequester = (peer: number, slanderer: boolean): Requester => ({
    peer, table: new ReputationTable({ self: id(peer), credibilityMaxAgeMs: options.credibilityMaxAgeMs ?? 60_000 }), log: emptyLog(0), trust: new Float64Array(N).fill(NaN), refreshedAt: 0, slanderer, known: [], isKnown: new Uint8Array(N)
  })
  const requesters: Requester[] = []
  for (const i of pop.honest.slice(0, Math.min(w.requesters, pop.honest.length))) requesters.push(makeRequester(i, false))
  const honestRequesters = requesters.slice()
  behaviour.forEach((b, i) => { if (b === 'slanderers') requesters.push(makeRequester(i, true)) })
  if (requesters.length === 0) throw new RangeError('the scenario has no peer that requests jobs (no honest peers, no slanderers)')
  const sybils = behaviour.flatMap((b, i) => b === 'sybils' ? [i] : [])
  const sel: SelectionConfig = { ...DEFAULT_SELECTION, refuseThreshold: requesters[0].table.config.refuseThreshold }

  const linkMs = (): number => s.network.latencyMs * (0.5 + rng())
  // reports travel as adverts do: measure the overlay once for a typical delay
  const probe = overlay.spread(list[0], i => online[i] === 1)
  const gossipDelayMs = percentile(probe, 50)

  const trustOf = (r: Requester, i: number, at: number): number => {
    if (at - r.refreshedAt >= refreshMs) { r.trust.fill(NaN); r.refreshedAt = at }
    let t = r.trust[i]
    if (Number.isNaN(t)) r.trust[i] = t = r.table.trust(id(i), at)
    return t
  }

  let wrongCounter = 0
  /** what worker i returns for this job */
  const output = (i: number, at: number, firstBatch: number[]): string => {
    const b = behaviour[i]
    const held = (kind: Behaviour): boolean => firstBatch.every(p => behaviour[p] === kind)
    switch (b) {
      case 'wrong-results': return `wrong-${wrongCounter++}`
      case 'colluders':
        if ((group(b).strategy ?? 'always') === 'always' || held('colluders')) return 'colluders'
        break
      case 'sybils':
        if ((group(b).strategy ?? 'when-quorum') === 'always' || held('sybils')) return 'sybils'
        break
      case 'build-then-cheat':
        if (at >= (group(b).cheatAfterMs ?? s.durationMs / 3)) return 'build-then-cheat'
        break
    }
    return rng() < s.benignErrorRate ? `accident-${wrongCounter++}` : 'ok'
  }

  // ---------------------------------------------------------------- one job
  const submit = (at: number): void => {
    recorder.jobSubmitted()
    const r = requesters[Math.floor(rng() * requesters.length)]
    // candidates: the most trusted of a sample of the workers it knows (online, not banned), and as many others
    const sample = [
      ...sampleDistinct(r.known.length, 4 * w.candidates, rng, k => online[r.known[k]] === 1 && trustOf(r, r.known[k], at) > 0).map(k => r.known[k])
        .sort((a, b) => r.trust[b] - r.trust[a] || a - b).slice(0, w.candidates),
      ...sampleDistinct(listSize, w.candidates, rng, k => list[k] !== r.peer && r.isKnown[list[k]] === 0).map(k => list[k])
    ]
    // the scheduler's fit score on what each peer advertises (liars: slots they do not have)
    const ranked = sample.map(i => {
      const slots = advertisedSlots(i)
      const free = Math.max(0, slots - inFlight[i])
      const advert = { load: 0, cores: slots, slotsTotal: slots, slotsFree: free, price: 0 } as unknown as Advert
      return { i, free: free > 0, s: score(advert, 2 * s.network.latencyMs, rng()) }
    }).sort((a, b) => Number(b.free) - Number(a.free) || a.s - b.s || a.i - b.i)
    const candidates = ranked.map((c, k) => ({ peerId: id(c.i), i: c.i, trust: trustOf(r, c.i, at), score: 1 / (1 + k) }))
    const picks = pickWorkers(candidates, rep.maxReplicas, sel, rng)
    const trusts = picks.map(p => p.trust)
    const spike = checkPressure(r.log, at, rep)
    const riskClass = batchRiskClass(picks.slice(0, firstBatchSize(trusts, rep, spike.extraReplicas)).map(p => r.table.firstHand(p.peerId, at).good), rep)
    const pressure = checkPressure(r.log, at, rep, riskClass)
    const plan = replicasFor(trusts, rep, rng, pressure)
    const firstBatch = picks.slice(0, plan.replicas).map(p => p.i)

    const evidence: Evidence[] = []
    const results: WorkerResult[] = []
    let next = 0
    /** one lane: tries picks in turn until one returns a result; its elapsed time */
    const lane = (start: number): number => {
      let elapsed = 0
      while (next < picks.length) {
        const p = picks[next++]
        const i = p.i
        const overhead = 4 * linkMs()
        const t = start + elapsed
        if (online[i] === 0) { elapsed += overhead; evidence.push({ worker: i, outcome: 'dropped' }); continue }
        if (inFlight[i] >= realSlots && behaviour[i] !== 'liars') { elapsed += overhead; continue } // busy: no fault
        if (inFlight[i] >= realSlots) {
          // a liar took more than it can run: the requester waits for the timeout
          elapsed += w.jobTimeoutMs
          evidence.push({ worker: i, outcome: 'timeout' })
          continue
        }
        const run = exponential(rng, w.jobMs) * (behaviour[i] === 'slow' ? (group('slow').factor ?? 10) : 1)
        if (run > w.jobTimeoutMs) { elapsed += w.jobTimeoutMs; evidence.push({ worker: i, outcome: 'timeout' }); continue }
        if (sessionEnd[i] < t + overhead + run) {
          elapsed += Math.max(0, sessionEnd[i] - t) + overhead
          evidence.push({ worker: i, outcome: 'dropped' })
          continue
        }
        inFlight[i]++
        queue.push(t + overhead + run, { type: 'release', peer: i })
        elapsed += overhead + run
        results.push({ worker: p.peerId, outputHash: output(i, at, firstBatch), trust: p.trust })
        return elapsed
      }
      return elapsed
    }
    let elapsed = 0
    for (let k = 0; k < plan.replicas; k++) elapsed = Math.max(elapsed, lane(at))
    let verdict = weightedQuorum(results, rep)
    while (verdict.verdict === 'need-more' && next < picks.length) {
      elapsed += lane(at + elapsed)
      verdict = weightedQuorum(results, rep)
    }
    const workerRuns = results.length
    const spotChecked = verdict.verdict === 'accept' && plan.spotCheck
    const settle = results.length > 0 && (verdict.verdict !== 'accept' || plan.spotCheck)
    let wrong = false
    let wrongs = 0
    let caught = false
    const colluding: number[][] = []
    if (settle) {
      // the requester's own run is the truth
      elapsed += exponential(rng, w.jobMs)
      const byHash = new Map<string, number[]>()
      for (const res of results) {
        const i = Number(res.worker.slice(1))
        if (res.outputHash === 'ok') { evidence.push({ worker: i, outcome: 'success' }); continue }
        // the error-spike detector watches workers with a record: a stranger caught
        // by the quorum is what exploring costs, not a sign of a burst (see simulations/README.md)
        if (spikeCountsStrangers || r.table.firstHand(res.worker, at).good >= 1) wrongs++
        const g = byHash.get(res.outputHash) ?? []
        g.push(i)
        byHash.set(res.outputHash, g)
      }
      colluding.push(...byHash.values())
      caught = spotChecked && verdict.verdict === 'accept' && verdict.outputHash !== 'ok'
    } else if (verdict.verdict === 'accept') {
      wrong = verdict.outputHash !== 'ok'
      for (const res of results) evidence.push({ worker: Number(res.worker.slice(1)), outcome: 'success' })
    }
    const failed = results.length === 0
    queue.push(at + elapsed, {
      type: 'done',
      job: {
        requester: r, submittedAt: at, evidence, colluding, wrong, failed, workerRuns, requesterRuns: settle ? 1 : 0,
        verification: { runs: workerRuns, wrongs, riskClass, checked: spotChecked, caught }
      }
    })
  }

  const finish = (job: JobDone, at: number): void => {
    const r = job.requester
    for (const e of job.evidence) {
      r.table.observe(id(e.worker), e.outcome, at)
      r.trust[e.worker] = NaN
      if (e.outcome === 'success' && r.isKnown[e.worker] === 0) { r.isKnown[e.worker] = 1; r.known.push(e.worker) }
    }
    for (const g of job.colluding) {
      r.table.provenWrong(g.map(id), at)
      for (const i of g) r.trust[i] = NaN
    }
    r.log = recordVerification(r.log, job.verification, at, rep)
    recorder.job({ submittedAt: job.submittedAt, finishedAt: at, status: job.failed ? 'failed' : 'completed', wrong: job.wrong, workerRuns: job.workerRuns, requesterRuns: job.requesterRuns })
    // every verdict becomes a signed report; a slanderer reports its honest workers' good work as wrong
    const reports: Evidence[] = []
    for (const e of job.evidence) reports.push(r.slanderer && e.outcome === 'success' && isMalicious[e.worker] === 0 ? { worker: e.worker, outcome: 'wrong' } : e)
    for (const g of job.colluding) for (const i of g) reports.push({ worker: i, outcome: 'wrong' })
    if (reports.length > 0) queue.push(at + gossipDelayMs, { type: 'reports', from: r.peer, reports })
    // sybils vouch for each other (their "jobs" among themselves are real, signed interactions)
    if (sybils.length > 1) {
      const vouches = group('sybils').reportsPerJob ?? 1
      const from = sybils[Math.floor(rng() * sybils.length)]
      const fake: Evidence[] = []
      for (let k = 0; k < vouches; k++) fake.push({ worker: sybils[Math.floor(rng() * sybils.length)], outcome: 'success' })
      queue.push(at + gossipDelayMs, { type: 'reports', from, reports: fake })
    }
  }

  const deliverReports = (from: number, reports: Evidence[], at: number): void => {
    for (const r of requesters) {
      if (r.peer === from) continue
      for (const e of reports) {
        if (e.worker === r.peer) continue
        r.table.report(id(from), id(e.worker), e.outcome, at)
        r.trust[e.worker] = NaN
      }
    }
  }

  // ----------------------------------------------------------- measurements
  const honestSample = pop.honest.slice(0, TRUST_SAMPLE_PEERS)
  const maliciousSample = pop.malicious.slice(0, TRUST_SAMPLE_PEERS)
  const observer = honestRequesters[0] ?? requesters[0]
  // trust as the first honest requester sees it, among the peers it has dealt with
  const meanTrust = (peers: number[], at: number): number => {
    let sum = 0
    let n = 0
    for (const i of peers) {
      if (i === observer.peer) continue
      const e = observer.table.firstHand(id(i), at)
      if (e.good + e.bad === 0 && !observer.table.isBanned(id(i), at)) continue
      sum += observer.table.trust(id(i), at)
      n++
    }
    return n > 0 ? sum / n : observer.table.config.newcomerTrust
  }
  const sampleNow = (at: number): void => {
    recorder.trustSample(at, meanTrust(honestSample, at), maliciousSample.length > 0 ? meanTrust(maliciousSample, at) : null)
    if (options.memory != null) recorder.memorySample(at, options.memory(), N)
  }
  const advertNow = (): void => {
    if (listSize < 2) return
    const source = list[Math.floor(rng() * listSize)]
    const isOnline = (i: number): boolean => online[i] === 1
    recorder.dissemination('advert', listSize - 1, overlay.spread(source, isOnline))
    const reporter = requesters[Math.floor(rng() * requesters.length)].peer
    if (online[reporter] === 1) recorder.dissemination('report', listSize - 1, overlay.spread(reporter, isOnline))
  }

  // ------------------------------------------------------------------ loop
  const interArrival = 60_000 / Math.max(1e-9, w.jobsPerMinute)
  queue.push(exponential(rng, interArrival), { type: 'submit' })
  for (let k = 1; k <= SAMPLES; k++) queue.push(k * s.durationMs / SAMPLES, { type: 'sample' })
  for (let k = 0; k < ADVERT_SAMPLES; k++) queue.push((k + 0.5) * s.durationMs / ADVERT_SAMPLES, { type: 'advert' })
  let lastProgress = -1
  for (let e = queue.pop(); e != null; e = queue.pop()) {
    const { at, event } = e
    switch (event.type) {
      case 'submit':
        if (at >= s.durationMs) break
        submit(at)
        queue.push(at + exponential(rng, interArrival), { type: 'submit' })
        break
      case 'done': finish(event.job, at); break
      case 'release': inFlight[event.peer]--; break
      case 'reports': deliverReports(event.from, event.reports, at); break
      case 'leave':
        if (online[event.peer] === 1) goOffline(event.peer)
        if (at < s.durationMs && churn != null) queue.push(at + exponential(rng, churn.offlineMeanMs), { type: 'join', peer: event.peer })
        break
      case 'join': {
        const i = event.peer
        goOnline(i)
        // dial the entry point, then ask it for the table (capacity sync): two round trips
        recorder.discovered(discoveryMs(i))
        if (churn != null) {
          sessionEnd[i] = at + weibull(rng, churn.shape, churn.scaleMs)
          queue.push(sessionEnd[i], { type: 'leave', peer: i })
        }
        break
      }
      case 'sample': sampleNow(at); break
      case 'advert': advertNow(); break
    }
    const progress = Math.floor(100 * Math.min(1, at / s.durationMs))
    if (progress !== lastProgress) { lastProgress = progress; options.onProgress?.(progress / 100) }
  }

  // ----------------------------------------------------------------- the end
  const end = s.durationMs
  const honestWorkers = pop.honest
  const banned = new Set<number>()
  let bannedShare = 0
  let refusedShare = 0
  let maliciousBanned = 0
  for (const r of honestRequesters) {
    let b = 0
    let f = 0
    for (const i of honestWorkers) {
      if (i === r.peer) continue
      if (r.table.isBanned(id(i), end)) { b++; banned.add(i) } else if (r.table.trust(id(i), end) < sel.refuseThreshold) f++
    }
    bannedShare += b / Math.max(1, honestWorkers.length - 1)
    refusedShare += f / Math.max(1, honestWorkers.length - 1)
    maliciousBanned += pop.malicious.filter(i => r.table.isBanned(id(i), end)).length / Math.max(1, pop.malicious.length)
  }
  const R = Math.max(1, honestRequesters.length)
  recorder.notes.push(`${honestRequesters.length} honest requesters; each keeps its own reputation table. Honest peers banned by at least one of them: ${banned.size} of ${honestWorkers.length}.`)
  recorder.notes.push(`gossip delay for reports: ${gossipDelayMs.toFixed(1)} ms (median of the overlay); requesters re-read trust at least every ${refreshMs / 1000} s of simulated time, and recompute reporter credibility (EigenTrust) at most every ${(options.credibilityMaxAgeMs ?? 60_000) / 1000} s unless a ban changes it.`)
  return recorder.report({
    honestBannedShare: bannedShare / R,
    honestRefusedShare: refusedShare / R,
    maliciousBannedShare: pop.malicious.length > 0 ? maliciousBanned / R : 0,
    cpuMs: (options.cpu?.() ?? 0) - cpu0,
    wallMs: (options.wall?.() ?? 0) - wall0
  })
}
