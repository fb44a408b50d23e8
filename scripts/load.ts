/**
 * Load test under faults:
 *
 *   npm run load -- [--jobs 5000] [--peers 6] [--kills 2] [--concurrency 48] [--json]
 *
 * Runs the jobs (sha-256 of a short input each) from one requester through
 * a mesh of worker daemons while `--kills` workers are killed with SIGKILL
 * and restarted, then reports succeeded, failed (by reason), vanished,
 * still running, retries and receipts lost. Exits 1 if any job vanished or
 * was left running, or a receipt was lost.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { runLoad } from './load-mesh.js'

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '5000' },
    peers: { type: 'string', default: '6' },
    kills: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '48' },
    json: { type: 'boolean', default: false }
  }
})
const count = (name: string, text: string, min: number): number => {
  const n = Number(text)
  if (!Number.isInteger(n) || n < min) { process.stderr.write(`load: --${name} takes a whole number ≥ ${min}, got "${text}"\n`); process.exit(2) }
  return n
}
const module = new Uint8Array(readFileSync(fileURLToPath(new URL('../../examples/jobs/build/sha256.wasm', import.meta.url))))
const report = await runLoad({
  jobs: count('jobs', values.jobs, 1),
  peers: count('peers', values.peers, 3),
  kills: count('kills', values.kills, 0),
  concurrency: count('concurrency', values.concurrency, 1),
  module,
  onProgress: (line) => { process.stderr.write(`${new Date().toISOString()} ${line}\n`) }
})
if (values.json) {
  console.log(JSON.stringify(report, null, 2))
} else {
  console.log(`jobs:               ${report.jobs} through ${report.peers} peers (${report.kills.length} workers killed with SIGKILL and restarted)`)
  console.log(`succeeded:          ${report.succeeded}`)
  console.log(`failed:             ${report.failed}${report.failed > 0 ? ` (${Object.entries(report.failedReasons).map(([r, n]) => `${r}: ${n}`).join(', ')})` : ''}`)
  console.log(`vanished:           ${report.vanished}`)
  console.log(`still running:      ${report.stillRunning}`)
  console.log(`retries:            ${report.retries}`)
  console.log(`receipts lost:      ${report.receiptsLost} (requester holds ${report.requesterReceipts}, workers ${report.workerReceipts}; ${report.unconfirmed} acked to a worker that died before confirming)`)
  console.log(`interrupted (workers, closed at restart): ${report.interruptedOnWorkers}`)
  console.log(`duration:           ${(report.durationMs / 1000).toFixed(1)} s (${report.jobsPerSecond} jobs/s)`)
}
process.exitCode = report.vanished === 0 && report.stillRunning === 0 && report.receiptsLost === 0 ? 0 : 1
