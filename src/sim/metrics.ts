/**
 * What every engine measures, and the report built from it. Pure: engines
 * feed a Recorder with what happened (simulated or measured), and
 * `recorder.report()` turns it into the summary and the chart series.
 */
import { cdf, mean, percentile, round, spread, type Spread } from './stats.js'
import type { Engine, Expect, Scenario } from './scenario.js'

export interface JobSample {
  submittedAt: number
  finishedAt: number
  status: 'completed' | 'failed'
  /** the accepted result was wrong */
  wrong: boolean
  /** worker runs, and the requester's own re-runs */
  workerRuns: number
  requesterRuns: number
}

export interface Summary {
  scenario: string
  engine: Engine
  nodes: number
  seed: number
  durationMs: number
  deliveryRatio: number
  disseminationMs: Spread
  /** reputation reports: the same figures */
  reports: { deliveryRatio: number, disseminationMs: Spread }
  discoveryMs: Spread
  jobs: { submitted: number, completed: number, failed: number, lost: number }
  jobLatencyMs: { p50: number, p99: number }
  /** of jobs finished after warm-up, the share whose accepted result was wrong */
  wrongAcceptedShare: number
  measuredJobs: number
  honestBannedShare: number
  honestRefusedShare: number
  maliciousBannedShare: number
  /** worker runs per job after warm-up (mean) */
  replicasPerJob: number
  /** worker runs plus requester re-runs per job */
  runsPerJob: number
  /** from when on honest and malicious trust stay apart (null: never, or nothing to separate) */
  reputationConvergenceMs: number | null
  peakMemoryPerPeerMb: number
  cpuMs: number
  wallMs: number
  checks: Array<{ name: string, ok: boolean, value: number, limit: number }>
}

export interface Series {
  disseminationCdf: Array<[number, number]>
  latency: Array<{ t: number, p50: number, p90: number, p99: number, jobs: number }>
  trust: Array<{ t: number, honest: number, malicious: number | null }>
  wrong: Array<{ t: number, share: number, jobs: number }>
  memory: Array<{ t: number, mbPerPeer: number }>
}

export interface Report {
  summary: Summary
  series: Series
  scenario: Scenario
  notes: string[]
}

export interface EndState {
  honestBannedShare: number
  honestRefusedShare: number
  maliciousBannedShare: number
  cpuMs: number
  wallMs: number
}

/** separation in mean trust between honest and malicious workers that counts as converged */
export const CONVERGED_GAP = 0.5

export class Recorder {
  private readonly adverts = { expected: 0, delays: [] as number[] }
  private readonly reportsSeen = { expected: 0, delays: [] as number[] }
  private readonly discovery: number[] = []
  private readonly jobs: JobSample[] = []
  private readonly trust: Series['trust'] = []
  private readonly memory: Series['memory'] = []
  private submitted = 0
  private peakBytes = 0
  readonly notes: string[] = []

  constructor (readonly scenario: Scenario, readonly engine: Engine) {}

  /** one message published: how many peers should have had it, and how long each that did took */
  dissemination (kind: 'advert' | 'report', expected: number, delays: readonly number[]): void {
    const into = kind === 'advert' ? this.adverts : this.reportsSeen
    into.expected += expected
    for (const d of delays) into.delays.push(d)
  }

  discovered (ms: number): void { this.discovery.push(ms) }
  jobSubmitted (): void { this.submitted++ }
  job (sample: JobSample): void { this.jobs.push(sample) }
  trustSample (t: number, honest: number, malicious: number | null): void {
    this.trust.push({ t, honest: round(honest, 4), malicious: malicious == null ? null : round(malicious, 4) })
  }

  memorySample (t: number, bytes: number, peers: number): void {
    this.peakBytes = Math.max(this.peakBytes, bytes / Math.max(1, peers))
    this.memory.push({ t, mbPerPeer: round(bytes / Math.max(1, peers) / 2 ** 20, 3) })
  }

  report (end: EndState): Report {
    const s = this.scenario
    const windows = 40
    const windowMs = Math.max(1, Math.ceil(s.durationMs / windows))
    const counted = this.jobs.filter(j => j.status === 'completed' && j.submittedAt >= s.warmupMs)
    const latencies = this.jobs.filter(j => j.status === 'completed').map(j => j.finishedAt - j.submittedAt)
    const wrong = counted.filter(j => j.wrong).length
    const completed = this.jobs.filter(j => j.status === 'completed').length
    const failed = this.jobs.length - completed

    const latency: Series['latency'] = []
    const wrongSeries: Series['wrong'] = []
    for (let w = 0; w < windows; w++) {
      const from = w * windowMs
      const inWindow = this.jobs.filter(j => j.status === 'completed' && j.finishedAt >= from && j.finishedAt < from + windowMs)
      if (inWindow.length === 0) continue
      const l = inWindow.map(j => j.finishedAt - j.submittedAt)
      latency.push({ t: from + windowMs, p50: round(percentile(l, 50)), p90: round(percentile(l, 90)), p99: round(percentile(l, 99)), jobs: inWindow.length })
      wrongSeries.push({ t: from + windowMs, share: round(inWindow.filter(j => j.wrong).length / inWindow.length, 6), jobs: inWindow.length })
    }

    const summary: Summary = {
      scenario: s.name,
      engine: this.engine,
      nodes: s.nodes,
      seed: s.seed,
      durationMs: s.durationMs,
      deliveryRatio: ratio(this.adverts.delays.length, this.adverts.expected),
      disseminationMs: spread(this.adverts.delays),
      reports: { deliveryRatio: ratio(this.reportsSeen.delays.length, this.reportsSeen.expected), disseminationMs: spread(this.reportsSeen.delays) },
      discoveryMs: spread(this.discovery),
      jobs: { submitted: this.submitted, completed, failed, lost: Math.max(0, this.submitted - this.jobs.length) },
      jobLatencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
      wrongAcceptedShare: counted.length > 0 ? round(wrong / counted.length, 6) : 0,
      measuredJobs: counted.length,
      honestBannedShare: round(end.honestBannedShare, 6),
      honestRefusedShare: round(end.honestRefusedShare, 6),
      maliciousBannedShare: round(end.maliciousBannedShare, 6),
      replicasPerJob: round(mean(counted.map(j => j.workerRuns)), 3),
      runsPerJob: round(mean(counted.map(j => j.workerRuns + j.requesterRuns)), 3),
      reputationConvergenceMs: convergence(this.trust),
      peakMemoryPerPeerMb: round(this.peakBytes / 2 ** 20, 3),
      cpuMs: Math.round(end.cpuMs),
      wallMs: Math.round(end.wallMs),
      checks: []
    }
    summary.checks = checkExpectations(summary, s.expect)
    return {
      summary,
      series: { disseminationCdf: cdf(this.adverts.delays), latency, trust: this.trust, wrong: wrongSeries, memory: this.memory },
      scenario: s,
      notes: this.notes
    }
  }
}

/**
 * The first trust sample from which on malicious workers' mean trust stays
 * at least CONVERGED_GAP under honest workers' (with no malicious workers:
 * from which on honest workers stay above the midpoint between a newcomer
 * and full trust — they have earned standing).
 */
export function convergence (trust: Series['trust']): number | null {
  let from: number | null = null
  for (const s of trust) {
    const ok = s.malicious == null ? s.honest >= 0.65 : s.honest - s.malicious >= CONVERGED_GAP
    if (!ok) from = null
    else from ??= s.t
  }
  return from
}

export function checkExpectations (s: Summary, e: Expect): Summary['checks'] {
  const out: Summary['checks'] = []
  const min = (name: string, value: number, limit: number | undefined): void => { if (limit != null) out.push({ name, ok: value >= limit, value, limit }) }
  const max = (name: string, value: number, limit: number | undefined): void => { if (limit != null) out.push({ name, ok: value <= limit, value, limit }) }
  min('deliveryRatio', s.deliveryRatio, e.deliveryRatioMin)
  max('jobs.lost', s.jobs.lost, e.jobsLostMax)
  max('wrongAcceptedShare', s.wrongAcceptedShare, e.wrongAcceptedShareMax)
  max('runsPerJob', s.runsPerJob, e.replicasPerJobMax)
  max('honestBannedShare', s.honestBannedShare, e.honestBannedShareMax)
  return out
}

function ratio (got: number, expected: number): number {
  return expected > 0 ? round(Math.min(1, got / expected), 5) : 1
}
