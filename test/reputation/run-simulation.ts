/**
 * Runs VERIFICATION.md's model on Shoal's reputation code at full size and
 * prints the figures, by hand (not part of the test run: ~15 s per run):
 *
 *   node dist/test/reputation/run-simulation.js [A,B,C,D] [seeds, e.g. 1,2,3] [small]
 */
import { simulate, type Adversary, type SimulationResult } from '../../src/reputation/simulate.js'

const adversaries = (process.argv[2] ?? 'A,B,C,D').split(',') as Adversary[]
const seeds = (process.argv[3] ?? '1,2,3').split(',').map(Number)
const size = process.argv[4] === 'small' ? { workers: 200, jobs: 20_000, warmupJobs: 2_000, cheatAfterJobs: 4_000 } : {}

const fmt = (x: number, digits: number): string => x.toFixed(digits)
console.log('adversary seed | wrong accepted % | runs/job (workers + requester) | honest banned % | honest refused % | colluders banned % | mean spot-check | seconds')
for (const adversary of adversaries) {
  const results: SimulationResult[] = []
  for (const seed of seeds) {
    const started = performance.now()
    const r = simulate({ ...size, adversary, seed })
    results.push(r)
    console.log(`${adversary} ${seed} | ${fmt(r.wrongAcceptedPct, 4)} | ${fmt(r.runsPerJob, 2)} (${fmt(r.workerRunsPerJob, 2)} + ${fmt(r.requesterRunsPerJob, 2)}) | ` +
      `${fmt(r.honestBannedPct, 2)} | ${fmt(r.honestRefusedPct, 2)} | ${fmt(r.colludersBannedPct, 1)} | ${fmt(r.meanSpotCheckRate, 3)} | ${fmt((performance.now() - started) / 1000, 1)}`)
  }
  const mean = (f: (r: SimulationResult) => number): number => results.reduce((s, r) => s + f(r), 0) / results.length
  console.log(`${adversary} mean | ${fmt(mean(r => r.wrongAcceptedPct), 4)} | ${fmt(mean(r => r.runsPerJob), 2)} | ${fmt(mean(r => r.honestBannedPct), 2)}`)
}
