/**
 * The multi-process engine (basic): real daemons (`shoal start`), one child
 * process each, on loopback TCP; jobs are sent with `shoal run
 * examples/jobs/build/sha256.wasm --replicas auto --json` through the first
 * daemons' control APIs; churn is kill -9 at the end of a Weibull session
 * and a restart on the same data dir (same identity) after the offline
 * time. Measured: discovery (start → a capacity table holding every peer up,
 * polled through the API), delivery ratio (the share of peers up that each
 * table holds, sampled), jobs and their latency (as the CLI sees them),
 * memory (the daemons' RSS from /proc, per daemon). Honest peers only.
 */
import { spawn, execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { mulberry32 } from '../../reputation/rng.js'
import { Recorder, type Report } from '../metrics.js'
import { exponential, weibull } from '../random.js'
import { processProbes, type RunHooks } from '../hooks.js'
import type { Scenario } from '../scenario.js'
import type { ChildProcess } from 'node:child_process'

const CLI = fileURLToPath(new URL('../../cli/index.js', import.meta.url))
const JOB = resolve(fileURLToPath(new URL('../../../../examples/jobs/build/sha256.wasm', import.meta.url)))
const READY_TIMEOUT_MS = 60_000
const run = promisify(execFile)

interface Daemon { index: number, dir: string, child?: ChildProcess, peerId: string, address?: string, startedAt: number, discovered: boolean }

export async function runMultiProcess (s: Scenario, hooks: RunHooks = {}): Promise<Report> {
  for (const [b, g] of Object.entries(s.peers)) {
    if (b !== 'honest' && g != null && ((g.count ?? 0) > 0 || (g.share ?? 0) > 0)) throw new Error(`the multi-process engine runs honest peers only (not "${b}"); use --engine algorithm or inprocess`)
  }
  const cpu0 = processProbes.cpu()
  const wall0 = processProbes.wall()
  const rng = mulberry32(s.seed)
  const recorder = new Recorder(s, 'multiprocess')
  const base = await mkdtemp(join(tmpdir(), 'shoal-sim-'))
  const daemons: Daemon[] = Array.from({ length: s.nodes }, (_, index) => ({ index, dir: join(base, `peer-${index}`), peerId: '', startedAt: 0, discovered: false }))
  const t0 = Date.now()
  const now = (): number => Date.now() - t0
  let entry: string | undefined
  const timers = new Set<NodeJS.Timeout>()
  let ending = false
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => { timers.delete(t); if (!ending) fn() }, Math.max(1, Math.round(ms)))
    timers.add(t)
  }

  const start = async (d: Daemon): Promise<void> => {
    const args = [CLI, 'start', '--data-dir', d.dir, '--listen', '/ip4/127.0.0.1/tcp/0', '--api', '127.0.0.1:0', '--local-mesh', '--quiet']
    if (entry != null) args.push('--bootstrap', entry)
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    d.child = child
    d.startedAt = now()
    d.discovered = false
    let out = ''
    child.stderr.resume()
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => { fail(new Error(`daemon ${d.index} was not ready within ${READY_TIMEOUT_MS / 1000} s`)) }, READY_TIMEOUT_MS)
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (out.includes('control API:')) return
        out += chunk
        if (out.includes('control API:')) { clearTimeout(timer); ready() }
      })
      child.once('exit', (code, signal) => { clearTimeout(timer); fail(new Error(`daemon ${d.index} exited (${signal ?? code}) before it was ready`)) })
    })
    d.peerId = /peer (\S+)/.exec(out)?.[1] ?? ''
    d.address = [...out.matchAll(/^ {2}(\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/\S+)$/gm)][0]?.[1]
    entry ??= d.address
  }
  const kill = async (d: Daemon, signal: NodeJS.Signals): Promise<void> => {
    const child = d.child
    d.child = undefined
    if (child == null || child.exitCode != null || child.signalCode != null) return
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill(signal)
    await exited
  }
  const table = async (d: Daemon): Promise<Array<{ peerId: string }>> => {
    try {
      const { stdout } = await run(process.execPath, [CLI, 'capacity', '--data-dir', d.dir, '--json'], { timeout: 20_000 })
      return JSON.parse(stdout)
    } catch { return [] }
  }

  /** each table's completeness; a daemon whose table first holds everyone has discovered the mesh */
  const sampleTables = async (count: boolean): Promise<Daemon[]> => {
    const up = daemons.filter(d => d.child != null)
    const ids = new Set(up.map(d => d.peerId))
    for (const d of up) {
      const rows = (await table(d)).filter(r => ids.has(r.peerId) && r.peerId !== d.peerId)
      if (count) recorder.dissemination('advert', ids.size - 1, Array.from({ length: rows.length }, () => 0))
      if (!d.discovered && rows.length === ids.size - 1) { d.discovered = true; recorder.discovered(now() - d.startedAt) }
    }
    return up
  }

  try {
    await start(daemons[0])
    for (let k = 1; k < daemons.length; k += 4) {
      await Promise.all(daemons.slice(k, k + 4).map(start))
      hooks.onProgress?.(0.2 * (k + 4) / daemons.length, `starting daemons (${Math.min(k + 4, daemons.length)}/${daemons.length})`)
    }
    // the mesh forms: every table holds every daemon (discovery), at most a minute
    const forming = now()
    while (now() - forming < READY_TIMEOUT_MS && !daemons.every(d => d.discovered)) {
      await sampleTables(false)
      hooks.onProgress?.(0.2, `forming the mesh (${daemons.filter(d => d.discovered).length}/${daemons.length} tables complete)`)
    }
    // churn: kill -9, then a restart on the same data dir
    const churn = s.faults.churn
    const session = (d: Daemon): void => {
      if (churn == null || d.index < 2 || rng() >= churn.share) return
      later(weibull(rng, churn.shape, churn.scaleMs), () => {
        void kill(d, 'SIGKILL').then(() => later(exponential(rng, churn.offlineMeanMs), () => { void start(d).then(() => session(d)).catch(() => {}) }))
      })
    }
    daemons.forEach(session)

    // jobs from the first daemons (they do not churn)
    const requesters = daemons.slice(0, Math.max(1, Math.min(2, s.workload.requesters)))
    const pending = new Set<Promise<void>>()
    let firstError: string | undefined
    const submit = (): void => {
      const r = requesters[Math.floor(rng() * requesters.length)]
      const submittedAt = now()
      recorder.jobSubmitted()
      const p = run(process.execPath, [CLI, 'run', JOB, '--data-dir', r.dir, '--replicas', 'auto', '--json'], { timeout: s.workload.jobTimeoutMs * 4, maxBuffer: 1 << 24 })
        .then(({ stdout }) => {
          const result = JSON.parse(stdout)
          recorder.job({ submittedAt, finishedAt: now(), status: result.status === 'succeeded' ? 'completed' : 'failed', wrong: false, workerRuns: result.results?.length ?? 0, requesterRuns: 0 })
        }, (err: any) => {
          if (firstError == null) { firstError = String(err.stderr ?? err.message).trim().split('\n')[0]; recorder.notes.push(`first failed job: ${firstError}`) }
          recorder.job({ submittedAt, finishedAt: now(), status: 'failed', wrong: false, workerRuns: 0, requesterRuns: 0 }) })
      pending.add(p)
      void p.finally(() => pending.delete(p))
    }
    const interArrival = 60_000 / Math.max(1e-9, s.workload.jobsPerMinute)
    const nextJob = (): void => { later(exponential(rng, interArrival), () => { submit(); nextJob() }) }
    nextJob()

    // samples: each table's completeness, discovery, memory
    const runStart = now()
    while (now() - runStart < s.durationMs) {
      const up = await sampleTables(true)
      let rss = 0
      for (const d of up) rss += await rssOf(d.child?.pid)
      recorder.memorySample(now() - runStart, rss, Math.max(1, up.length))
      hooks.onProgress?.(0.2 + 0.75 * Math.min(1, (now() - runStart) / s.durationMs), `running (${up.length} daemons up, ${pending.size} jobs in flight)`)
    }
    ending = true
    for (const t of timers) clearTimeout(t)
    hooks.onProgress?.(0.95, `draining ${pending.size} jobs`)
    await Promise.all([...pending])
    recorder.notes.push('multi-process: deliveryRatio is the share of the daemons up that each capacity table holds (sampled through the CLI); dissemination times are not measured by this engine; memory is the daemons\' RSS')
    return recorder.report({ honestBannedShare: 0, honestRefusedShare: 0, maliciousBannedShare: 0, cpuMs: processProbes.cpu() - cpu0, wallMs: processProbes.wall() - wall0 })
  } finally {
    ending = true
    for (const t of timers) clearTimeout(t)
    await Promise.all(daemons.map(async d => kill(d, 'SIGTERM')))
    await rm(base, { recursive: true, force: true })
  }
}

async function rssOf (pid: number | undefined): Promise<number> {
  if (pid == null) return 0
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
  } catch { return 0 }
}
