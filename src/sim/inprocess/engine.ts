/**
 * The in-process engine: real Shoal peers (createShoal: libp2p, kad-dht,
 * gossipsub, the job protocol, the reputation service) in this one process
 * on the memory transport. Behaviours go through public hooks: a worker's
 * executor decides what it returns (wrong results, colluders, slow,
 * build-then-cheat); `offline` peers are never started; churn stops peers
 * and starts fresh ones. Measured: advert dissemination (publish → receipt
 * in every other table), delivery ratio, discovery (start → full table),
 * jobs (submitted with replicas 'auto'), trust as the first requester sees
 * it, memory (RSS / peers).
 */
import { createShoal, type ShoalNode } from '../../index.js'
import { mulberry32 } from '../../reputation/rng.js'
import { Recorder, type Report } from '../metrics.js'
import { population } from '../population.js'
import { exponential, weibull } from '../random.js'
import { processProbes, type RunHooks } from '../run.js'
import { expectedOutput, SIM_KIND, simExecutor } from './executor.js'
import type { Behaviour, Scenario } from '../scenario.js'

const SUPPORTED: ReadonlySet<Behaviour> = new Set(['honest', 'offline', 'slow', 'wrong-results', 'colluders', 'build-then-cheat'])
const START_BATCH = 10
/** entry points a new peer is given (the first peers started) */
const ENTRY_POINTS = 3
/** longest wait for every peer to hold the whole capacity table before the workload starts */
const MESH_TIMEOUT_MS = 120_000
/** after the workload, adverts in flight get this long to land (at most a quarter of the run) */
const SETTLE_MS = 10_000

interface Peer { index: number, id: string, node?: ShoalNode, startedAt: number, discovered: boolean, seen: Set<string> }

export async function runInProcess (s: Scenario, hooks: RunHooks = {}): Promise<Report> {
  for (const [b, g] of Object.entries(s.peers)) {
    if (g != null && !SUPPORTED.has(b as Behaviour) && ((g.count ?? 0) > 0 || (g.share ?? 0) > 0)) {
      throw new Error(`the in-process engine does not simulate "${b}" peers yet (it does: ${[...SUPPORTED].join(', ')}); use --engine algorithm`)
    }
  }
  const cpu0 = processProbes.cpu()
  const wall0 = processProbes.wall()
  const rng = mulberry32(s.seed)
  const recorder = new Recorder(s, 'inprocess')
  const pop = population(s, rng)
  const t0 = Date.now()
  const simNow = (): number => Date.now() - t0
  const peers: Peer[] = pop.behaviour.map((_, index) => ({ index, id: '', startedAt: 0, discovered: false, seen: new Set<string>() }))
  const byId = new Map<string, number>()
  const live = new Set<number>()
  /** adverts seen: "peer/seq" → receipts */
  const adverts = new Map<string, { issuedAt: number, publisher: string, delays: number[], onlineAtPublish: number }>()
  const cheatAfter = s.peers['build-then-cheat']?.cheatAfterMs ?? s.durationMs / 3
  const entries: string[] = []
  let counter = 0

  const start = async (p: Peer): Promise<void> => {
    const b = pop.behaviour[p.index]
    const node = await createShoal({
      transports: ['memory'],
      listen: [`/memory/shoal-sim-${process.pid}-${++counter}`],
      api: false,
      // nobody scrapes a simulated peer: no per-stream metric bookkeeping
      metrics: false,
      localMesh: true,
      bootstrap: [...entries],
      capacity: { intervalMs: s.network.advertPeriodMs },
      connections: { max: s.network.maxConnections },
      executor: simExecutor({
        behaviour: b,
        slots: s.workload.slots,
        runMs: () => exponential(rng, s.workload.jobMs) * (b === 'slow' ? (s.peers.slow?.factor ?? 10) : 1),
        accident: () => (b === 'honest' || b === 'slow') && rng() < s.benignErrorRate,
        cheating: () => simNow() >= cheatAfter
      })
    })
    p.node = node
    p.startedAt = simNow()
    p.discovered = false
    p.seen = new Set()
    const self = node.peerId.toString()
    p.id = self
    byId.set(self, p.index)
    live.add(p.index)
    const address = node.id().addresses.find(a => a.startsWith('/memory/'))
    if (entries.length < ENTRY_POINTS && address != null) entries.push(address)
    node.libp2p.services.capacity.addEventListener('capacity:update', (evt) => {
      const a = evt.detail.advert
      if (a.peerId === self) return
      const key = `${a.peerId}/${a.seq}`
      let seen = adverts.get(key)
      if (seen == null) adverts.set(key, seen = { issuedAt: a.issuedAt, publisher: a.peerId, delays: [], onlineAtPublish: live.size - 1 })
      seen.delays.push(Math.max(0, Date.now() - a.issuedAt))
      p.seen.add(a.peerId)
      // discovered: it has heard from every peer up (adverts expire and come back, so not "holds them all now")
      if (!p.discovered && p.seen.size >= live.size - 1 && [...live].every(j => j === p.index || p.seen.has(peers[j].id))) {
        p.discovered = true
        recorder.discovered(simNow() - p.startedAt)
      }
    })
  }
  const stop = async (p: Peer): Promise<void> => {
    live.delete(p.index)
    const node = p.node
    p.node = undefined
    await node?.stop().catch(() => {})
  }

  try {
    // start the mesh: the entry peer first, then the others in batches
    const startable = peers.filter(p => pop.behaviour[p.index] !== 'offline')
    if (startable.length < 2) throw new Error('the in-process engine needs at least two peers that are not offline')
    for (const p of startable.slice(0, ENTRY_POINTS)) await start(p)
    for (let k = ENTRY_POINTS; k < startable.length; k += START_BATCH) {
      await Promise.all(startable.slice(k, k + START_BATCH).map(start))
      hooks.onProgress?.(0.2 * Math.min(1, (k + START_BATCH) / startable.length), `starting peers (${Math.min(startable.length, k + START_BATCH)}/${startable.length})`)
    }
    // the mesh forms (DHT walks, gossip meshes): measured as discovery; the workload starts after
    const formingSince = Date.now()
    while (Date.now() - formingSince < MESH_TIMEOUT_MS) {
      const have = startable.filter(p => p.discovered).length
      hooks.onProgress?.(0.2, `forming the mesh (${have}/${startable.length} peers hold the whole table)`)
      if (have === startable.length) break
      await new Promise(resolve => setTimeout(resolve, 500))
    }
    const undiscovered = startable.filter(p => !p.discovered).length
    if (undiscovered > 0) recorder.notes.push(`${undiscovered} peers did not hold the whole capacity table ${MESH_TIMEOUT_MS / 1000} s after the last one started`)
    const meshReadyAt = simNow()
    const runStart = meshReadyAt

    // churn: Weibull sessions, then a fresh peer takes the place
    const churn = s.faults.churn
    const timers = new Set<NodeJS.Timeout>()
    let ending = false
    const later = (ms: number, fn: () => void): void => {
      const t = setTimeout(() => { timers.delete(t); if (!ending) fn() }, Math.max(1, Math.round(ms)))
      timers.add(t)
    }
    const requesterIndices = pop.honest.filter(i => pop.behaviour[i] !== 'offline').slice(0, Math.max(1, s.workload.requesters))
    const requesterSet = new Set(requesterIndices)
    const session = (p: Peer): void => {
      if (churn == null || requesterSet.has(p.index) || startable.slice(0, ENTRY_POINTS).includes(p) || rng() >= churn.share) return
      later(weibull(rng, churn.shape, churn.scaleMs), () => {
        void stop(p).then(() => later(exponential(rng, churn.offlineMeanMs), () => { void start(p).then(() => session(p)).catch(() => {}) }))
      })
    }
    startable.forEach(session)

    // the workload: jobs with replicas 'auto' from the requesters
    const pending = new Set<Promise<void>>()
    const reruns = new Map<string, number>()
    const failedAttempts = new Map<string, number>()
    for (const i of requesterIndices) {
      peers[i].node?.libp2p.services.jobs.addEventListener('job:rerun', (evt) => { reruns.set(evt.detail.id, (reruns.get(evt.detail.id) ?? 0) + 1) })
    }
    const submit = (): void => {
      const r = peers[requesterIndices[Math.floor(rng() * requesterIndices.length)]]
      if (r.node == null) return
      const input = new Uint8Array(32)
      for (let k = 0; k < input.length; k++) input[k] = Math.floor(rng() * 256)
      const want = expectedOutput(input)
      const submittedAt = simNow() - runStart
      recorder.jobSubmitted()
      const handle = r.node.submit({ kind: SIM_KIND, input, replicas: 'auto', deterministic: true, timeoutMs: s.workload.jobTimeoutMs })
      const done = handle.result.then(result => {
        const ok = result.status === 'succeeded'
        for (const a of result.attempts) if (a.outcome === 'failed') failedAttempts.set(a.reason ?? 'error', (failedAttempts.get(a.reason ?? 'error') ?? 0) + 1)
        const wrong = ok && (result.output == null || !equal(result.output, want))
        recorder.job({ submittedAt, finishedAt: simNow() - runStart, status: ok ? 'completed' : 'failed', wrong, workerRuns: result.results.length, requesterRuns: reruns.get(result.id) ?? 0 })
      }, () => {
        recorder.job({ submittedAt, finishedAt: simNow() - runStart, status: 'failed', wrong: false, workerRuns: 0, requesterRuns: 0 })
      })
      pending.add(done)
      void done.finally(() => pending.delete(done))
    }
    const interArrival = 60_000 / Math.max(1e-9, s.workload.jobsPerMinute)
    const nextJob = (): void => { later(exponential(rng, interArrival), () => { submit(); nextJob() }) }
    nextJob()

    // samples: trust as the first requester sees it, memory
    const observer = peers[requesterIndices[0]]
    const honest = new Set(pop.honest)
    const malicious = new Set(pop.malicious)
    const sample = (): void => {
      const rows = observer.node?.reputation() ?? []
      const mean = (set: Set<number>): number | null => {
        const ts = rows.filter(row => set.has(byId.get(row.peerId) ?? -1)).map(row => row.trust)
        return ts.length === 0 ? null : ts.reduce((a, b) => a + b, 0) / ts.length
      }
      const t = simNow() - runStart
      recorder.trustSample(t, mean(honest) ?? 0.3, malicious.size > 0 ? mean(malicious) : null)
      recorder.memorySample(t, processProbes.memory(), Math.max(1, live.size))
      hooks.onProgress?.(0.2 + 0.75 * Math.min(1, t / s.durationMs), `running (${live.size} peers up, ${pending.size} jobs in flight)`)
    }
    const sampler = setInterval(sample, Math.max(250, Math.round(s.durationMs / 40)))
    await new Promise(resolve => setTimeout(resolve, s.durationMs))
    ending = true
    for (const t of timers) clearTimeout(t)
    // let the jobs in flight finish: a job not settled by then is lost
    hooks.onProgress?.(0.95, `draining ${pending.size} jobs`)
    const runEnd = simNow()
    let drainTimer: NodeJS.Timeout | undefined
    await Promise.all([
      Promise.race([Promise.all([...pending]), new Promise(resolve => { drainTimer = setTimeout(resolve, s.workload.jobTimeoutMs * 2) })]),
      new Promise(resolve => setTimeout(resolve, Math.min(SETTLE_MS, s.durationMs / 4)))
    ])
    clearTimeout(drainTimer)
    clearInterval(sampler)
    sample()

    // adverts published while the workload ran (after the mesh formed)
    for (const a of adverts.values()) {
      if (a.issuedAt - t0 < meshReadyAt || a.issuedAt - t0 > runEnd) continue
      recorder.dissemination('advert', Math.max(a.delays.length, a.onlineAtPublish), a.delays)
    }
    if (failedAttempts.size > 0) recorder.notes.push(`failed attempts (moved to another worker): ${[...failedAttempts].map(([r, n]) => `${r} ${n}`).join(', ')}`)
    const end = endState(peers, requesterIndices, pop.honest, pop.malicious, byId)
    recorder.notes.push(`${live.size} peers up at the end; adverts republished every ${s.network.advertPeriodMs / 1000} s; no added link latency (the memory transport's latency option is not exposed by createShoal yet); noise encryption (plaintext is not installed).`)
    return recorder.report({ ...end, cpuMs: processProbes.cpu() - cpu0, wallMs: processProbes.wall() - wall0 })
  } finally {
    hooks.onProgress?.(0.98, 'stopping peers')
    await Promise.all(peers.map(stop))
  }
}

function endState (peers: Peer[], requesters: number[], honest: number[], malicious: number[], byId: Map<string, number>): { honestBannedShare: number, honestRefusedShare: number, maliciousBannedShare: number } {
  let banned = 0
  let refused = 0
  let badBanned = 0
  const honestSet = new Set(honest)
  const maliciousSet = new Set(malicious)
  for (const i of requesters) {
    const rows = peers[i].node?.reputation() ?? []
    const rowsOf = (set: Set<number>): typeof rows => rows.filter(row => set.has(byId.get(row.peerId) ?? -1))
    banned += rowsOf(honestSet).filter(row => row.banned).length / Math.max(1, honest.length - 1)
    refused += rowsOf(honestSet).filter(row => !row.banned && row.trust < 0.1).length / Math.max(1, honest.length - 1)
    badBanned += rowsOf(maliciousSet).filter(row => row.banned).length / Math.max(1, malicious.length)
  }
  const n = Math.max(1, requesters.length)
  return { honestBannedShare: banned / n, honestRefusedShare: refused / n, maliciousBannedShare: malicious.length > 0 ? badBanned / n : 0 }
}

function equal (a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
