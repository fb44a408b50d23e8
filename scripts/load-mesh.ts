/**
 * The load test's engine: N jobs through a mesh of real daemons (child
 * processes, loopback TCP) from one in-process requester, while workers are
 * killed with SIGKILL and restarted on the same data dir and port. Then it
 * counts: every job must end succeeded or failed-with-reason, none may
 * vanish or be left running, and every receipt the requester holds must be
 * held by its worker too.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LevelDatastore } from 'datastore-level'
import { createShoal } from '../src/index.js'
import { RECEIPT_PREFIX } from '../src/reputation/constants.js'
import { JOB_RECORD_PREFIX } from '../src/jobs/constants.js'
import type { JobRecord, JobResult, ShoalNode } from '../src/index.js'
import type { ChildProcess } from 'node:child_process'

const CLI = fileURLToPath(new URL('../src/cli/index.js', import.meta.url))

export interface LoadOptions {
  jobs: number
  /** peers in all: one requester and peers - 1 worker daemons */
  peers: number
  /** workers killed with SIGKILL (one after another) and restarted */
  kills: number
  /** jobs in flight at once */
  concurrency: number
  module: Uint8Array
  onProgress?: (line: string) => void
}

export interface LoadReport {
  jobs: number
  peers: number
  succeeded: number
  failed: number
  /** failed jobs by reason */
  failedReasons: Record<string, number>
  /** submitted jobs without an ending (result promise rejected, or no record) */
  vanished: number
  /** jobs whose requester record is still running or pending at the end */
  stillRunning: number
  /** attempts beyond the first, over all jobs */
  retries: number
  /** receipts a worker confirmed keeping (its Kept frame) that it does not hold at the end */
  receiptsLost: number
  /** acks whose worker died before confirming: it never held those receipts (the requester does) */
  unconfirmed: number
  requesterReceipts: number
  workerReceipts: number
  /** worker records that restarts closed as interrupted */
  interruptedOnWorkers: number
  kills: Array<{ worker: string, atJob: number, restartedAtJob: number }>
  durationMs: number
  jobsPerSecond: number
}

interface Daemon { dir: string, port: number, peerId: string, child: ChildProcess, exited: Promise<void> }

async function startDaemon (dir: string, port: number, bootstrap: string[]): Promise<Daemon> {
  const child = spawn(process.execPath, [CLI, 'start', '--data-dir', dir, '--listen', `/ip4/127.0.0.1/tcp/${port}`, '--api', '127.0.0.1:0',
    '--local-mesh', '--quiet', '--advert-interval', '2', ...bootstrap.flatMap(b => ['--bootstrap', b])], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d })
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d })
  const exited = new Promise<void>(resolve => { child.once('exit', () => { resolve() }) })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`daemon in ${dir} did not start in 60 s:\n${out}\n${err}`)) }, 60_000)
    const check = (): void => { if (out.includes('control API:')) { clearTimeout(timer); resolve() } }
    child.stdout!.on('data', check)
    child.once('exit', code => { clearTimeout(timer); reject(new Error(`daemon in ${dir} exited with ${code}:\n${out}\n${err}`)) })
  })
  const peerId = /peer (\S+)/.exec(out)![1]
  const address = /^ {2}(\/ip4\/\S+)$/m.exec(out)![1]
  return { dir, port: Number(/\/tcp\/(\d+)/.exec(address)![1]), peerId, child, exited }
}

const addressOf = (d: Daemon): string => `/ip4/127.0.0.1/tcp/${d.port}/p2p/${d.peerId}`

async function readJson<T> (dir: string, prefix: string): Promise<T[]> {
  const ds = new LevelDatastore(join(dir, 'datastore'))
  await ds.open()
  try {
    const out: T[] = []
    for await (const { value } of ds.query({ prefix })) out.push(JSON.parse(new TextDecoder().decode(value)))
    return out
  } finally {
    await ds.close()
  }
}

export async function runLoad (options: LoadOptions): Promise<LoadReport> {
  const base = await mkdtemp(join(tmpdir(), 'shoal-load-'))
  const daemons: Daemon[] = []
  let requester: ShoalNode | undefined
  const say = options.onProgress ?? (() => {})
  try {
    // workers: the first, then the rest with it as entry point
    for (let i = 0; i < options.peers - 1; i++) {
      daemons.push(await startDaemon(join(base, `worker-${i}`), 0, daemons.length > 0 ? [addressOf(daemons[0])] : []))
    }
    requester = await createShoal({
      dataDir: join(base, 'requester'), transports: ['tcp'], listen: ['/ip4/127.0.0.1/tcp/0'], api: false, localMesh: true,
      executor: false, bootstrap: daemons.map(addressOf), capacity: { intervalMs: 2_000 }
    })
    const node = requester
    const workers = new Set(daemons.map(d => d.peerId))
    await waitFor('the requester to hold every worker\'s advert', () => node.capacityTable().filter(r => workers.has(r.peerId) && r.runtimes.includes('wasm')).length === workers.size, 60_000)
    say(`mesh up: ${daemons.length} workers, 1 requester; ${options.jobs} jobs, ${options.concurrency} at a time`)

    // kills spread over the middle of the run: kill at k/(kills+1), restart a tenth of the run later
    const plan = Array.from({ length: options.kills }, (_, k) => ({
      victim: daemons[1 + (k % (daemons.length - 1))],
      atJob: Math.floor(options.jobs * (k + 1) / (options.kills + 1)),
      restartAt: Math.floor(options.jobs * (k + 1) / (options.kills + 1) + options.jobs / 10)
    }))
    const kills: LoadReport['kills'] = []
    const results: Array<JobResult | undefined> = new Array(options.jobs)
    const ids: string[] = []
    let finished = 0
    let next = 0
    const started = Date.now()
    const chaos: Array<Promise<void>> = []

    const onFinished = (): void => {
      finished++
      for (const step of plan) {
        if (finished === step.atJob) {
          chaos.push((async () => {
            say(`job ${finished}: kill -9 worker ${step.victim.peerId.slice(-6)}`)
            step.victim.child.kill('SIGKILL')
            await step.victim.exited
          })())
        }
        if (finished === step.restartAt) {
          chaos.push((async () => {
            const i = daemons.indexOf(step.victim)
            const other = daemons.find(d => d !== step.victim && d.child.exitCode == null && d.child.signalCode == null)!
            await step.victim.exited
            const restarted = await startDaemon(step.victim.dir, step.victim.port, [addressOf(other)])
            daemons[i] = restarted
            kills.push({ worker: restarted.peerId, atJob: step.atJob, restartedAtJob: finished })
            say(`job ${finished}: worker ${restarted.peerId.slice(-6)} restarted (same id: ${restarted.peerId === step.victim.peerId})`)
          })())
        }
      }
      if (finished % Math.max(1, Math.floor(options.jobs / 10)) === 0) say(`${finished}/${options.jobs} jobs ended (${Math.round(finished / ((Date.now() - started) / 1000))} jobs/s)`)
    }

    const lane = async (): Promise<void> => {
      while (next < options.jobs) {
        const n = next++
        const input = new TextEncoder().encode(`load job ${n}`)
        const handle = node.submit({ module: options.module, input, maxAttempts: 10, timeoutMs: 30_000 })
        ids[n] = handle.id
        results[n] = await handle.result.catch(() => undefined)
        onFinished()
      }
    }
    await Promise.all(Array.from({ length: options.concurrency }, async () => lane()))
    await Promise.all(chaos)
    const durationMs = Date.now() - started

    // stop everything cleanly, then read what each peer kept on disk
    await node.stop()
    requester = undefined
    await Promise.all(daemons.map(async d => { d.child.kill('SIGTERM'); await d.exited }))

    const records = new Map((await readJson<JobRecord>(join(base, 'requester'), `${JOB_RECORD_PREFIX}requester/`)).map(r => [r.id, r]))
    const report: LoadReport = {
      jobs: options.jobs, peers: options.peers, succeeded: 0, failed: 0, failedReasons: {}, vanished: 0, stillRunning: 0, retries: 0,
      receiptsLost: 0, unconfirmed: 0, requesterReceipts: 0, workerReceipts: 0, interruptedOnWorkers: 0, kills, durationMs,
      jobsPerSecond: Math.round(options.jobs / (durationMs / 1000) * 10) / 10
    }
    for (let n = 0; n < options.jobs; n++) {
      const result = results[n]
      const record = records.get(ids[n])
      if (result == null || record == null) { report.vanished++; continue }
      if (record.status === 'running' || record.status === 'pending') { report.stillRunning++; continue }
      report.retries += Math.max(0, result.attempts.length - 1)
      if (result.status === 'succeeded') report.succeeded++
      else {
        report.failed++
        const reason = result.reason ?? 'no reason'
        report.failedReasons[reason] = (report.failedReasons[reason] ?? 0) + 1
      }
    }
    const mine = await readJson<{ jobId: string, worker: string }>(join(base, 'requester'), `${RECEIPT_PREFIX}requester/`)
    report.requesterReceipts = mine.length
    const held = new Set<string>()
    for (const d of daemons) {
      for (const r of await readJson<{ jobId: string, worker: string }>(d.dir, `${RECEIPT_PREFIX}worker/`)) held.add(`${r.jobId}/${r.worker}`)
      report.interruptedOnWorkers += (await readJson<JobRecord>(d.dir, `${JOB_RECORD_PREFIX}worker/`)).filter(r => r.reason === 'interrupted').length
    }
    report.workerReceipts = held.size
    const confirmed = new Set([...records.values()].flatMap(r => r.results.filter(x => x.workerKept === true).map(x => `${r.id}/${x.worker}`)))
    report.receiptsLost = mine.filter(r => confirmed.has(`${r.jobId}/${r.worker}`) && !held.has(`${r.jobId}/${r.worker}`)).length
    report.unconfirmed = mine.filter(r => !confirmed.has(`${r.jobId}/${r.worker}`)).length
    return report
  } finally {
    await requester?.stop().catch(() => {})
    for (const d of daemons) if (d.child.exitCode == null && d.child.signalCode == null) d.child.kill('SIGKILL')
    await Promise.all(daemons.map(async d => d.exited))
    await rm(base, { recursive: true, force: true })
  }
}

async function waitFor (what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}
