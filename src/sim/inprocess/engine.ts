/**
 * The in-process engine: real Shoal peers (createShoal: libp2p, kad-dht,
 * gossipsub, the job protocol, the reputation service) in this one process,
 * spread over worker threads (one per core by default) and joined by
 * in-memory links with an added latency (links.ts). Behaviours go through public hooks: a worker's
 * executor decides what it returns (wrong results, colluders, slow,
 * build-then-cheat); `offline` peers are never started; churn stops peers
 * and starts fresh ones. Measured: advert dissemination (publish → receipt
 * in every other table), delivery ratio, discovery (start → full table),
 * jobs (submitted with replicas 'auto'), trust as the first requester sees
 * it, memory (RSS / peers).
 */
import { availableParallelism } from 'node:os'
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'
import { mulberry32 } from '../../reputation/rng.js'
import { Recorder, type Report } from '../metrics.js'
import { population } from '../population.js'
import { exponential, weibull } from '../random.js'
import { processProbes, type EngineOptions, type RunHooks } from '../hooks.js'
import type { GossipReceipt, HostInit, HostMessage, HostRequest, JobOutcome, TrustRow } from './host.js'
import type { Behaviour, Scenario } from '../scenario.js'

/**
 * Gossipsub on a simulated mesh: every copy of a message costs the one CPU
 * all simulated peers share, and libp2p's defaults (D 6, Dhi 12, Dlazy 6,
 * gossip factor 0.25) send a message to every mesh member and announce it
 * to as many again. Fewer copies still reach everyone: with D 4 a mesh of
 * 500 spans about five hops, and IHAVE gossip (Dlazy 3) repairs a lost copy
 * at the next heartbeat. Real peers keep libp2p's defaults.
 */
export const SIM_GOSSIP = { D: 4, Dlo: 3, Dhi: 6, Dlazy: 3, gossipFactor: 0.15 }

const SUPPORTED: ReadonlySet<Behaviour> = new Set(['honest', 'offline', 'slow', 'wrong-results', 'colluders', 'build-then-cheat', 'liars', 'slanderers', 'sybils'])
const START_BATCH = 10
/** entry points a new peer is given (the first peers started) */
const ENTRY_POINTS = 3
/** longest wait for every peer to hold the whole capacity table before the workload starts */
const MESH_TIMEOUT_MS = 120_000
/** after the workload, adverts in flight get this long to land (at most a quarter of the run) */
const SETTLE_MS = 10_000
/** young generation per thread: libp2p allocates many short-lived buffers, a small nursery spends a quarter of the CPU collecting them */
const YOUNG_GENERATION_MB = 96
/** a job still unsettled this long after its own deadline has vanished: it is counted lost */
const LOST_AFTER_DEADLINE_MS = 30_000
/** the deadline a requester gives a job by default (JobsService.submit): every job settles by then, done or failed */
const jobDeadlineMs = (timeoutMs: number): number => (timeoutMs + 30_000) * 2
/** a thread answers a table read, a stop or a close within this, or is noted as stuck */
const HOST_ANSWER_MS = 30_000

interface Gossiped { issuedAt: number, delays: number[], onlineAtPublish: number }
interface Peer { index: number, thread: number, id: string, address: string, running: boolean, startedAt: number, discovered: boolean, seen: Set<string> }

/** the engine's end of one worker thread: requests with replies, advert receipts as events */
class Host {
  private readonly pending = new Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>()
  private next = 0
  constructor (private readonly worker: Worker, onReceipts: (r: GossipReceipt[]) => void) {
    worker.on('message', (m: HostMessage) => {
      if (m.type === 'receipts') { onReceipts(m.receipts); return }
      const p = this.pending.get(m.req)
      this.pending.delete(m.req)
      if (m.error != null) p?.reject(new Error(m.error))
      else p?.resolve(m.value)
    })
    worker.on('error', (err) => { for (const p of this.pending.values()) p.reject(err); this.pending.clear() })
  }

  /** a request, answered by the thread; one that takes over `timeoutMs` is given up (a thread that stops answering must not hang the run) */
  async call<T> (request: HostRequest, timeoutMs?: number): Promise<T> {
    const req = this.next++
    return new Promise<T>((resolve, reject) => {
      const timer = timeoutMs == null ? undefined : setTimeout(() => { this.pending.delete(req); reject(new Error(`thread did not answer "${request.op}" within ${timeoutMs} ms`)) }, timeoutMs)
      this.pending.set(req, { resolve: (v) => { clearTimeout(timer); resolve(v) }, reject: (e) => { clearTimeout(timer); reject(e) } })
      this.worker.postMessage({ ...request, req })
    })
  }

  async close (): Promise<void> {
    await this.call({ op: 'close' }, HOST_ANSWER_MS).catch(() => {})
    await this.worker.terminate()
  }
}

export async function runInProcess (s: Scenario, hooks: RunHooks = {}, options: EngineOptions = {}): Promise<Report> {
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
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), pop.behaviour.length))
  const run = `shoal-sim-${process.pid}-${t0.toString(36)}`
  let counter = 0
  const peers: Peer[] = pop.behaviour.map((_, index) => ({ index, thread: index % threads, id: '', address: '', running: false, startedAt: 0, discovered: false, seen: new Set<string>() }))
  const byId = new Map<string, number>()
  const live = new Set<number>()
  /** adverts ("peer/seq") and reports (their key) seen → receipts */
  const gossip = { advert: new Map<string, Gossiped>(), report: new Map<string, Gossiped>() }
  const entries: string[] = []
  const unanswered = new Set<string>()

  const onReceipts = (receipts: GossipReceipt[]): void => {
    for (const [kind, receiver, publisher, key, issuedAt, delay] of receipts) {
      const p = peers[receiver]
      if (!p.running) continue
      let seen = gossip[kind].get(key)
      if (seen == null) gossip[kind].set(key, seen = { issuedAt, delays: [], onlineAtPublish: live.size - 1 })
      seen.delays.push(delay)
      if (kind !== 'advert') continue
      p.seen.add(publisher)
      // discovered: it has heard from every peer up (adverts expire and come back, so not "holds them all now")
      if (!p.discovered && p.seen.size >= live.size - 1 && [...live].every(j => j === p.index || p.seen.has(peers[j].id))) {
        p.discovered = true
        recorder.discovered(simNow() - p.startedAt)
      }
    }
  }

  // the threads, each with a port to every other one for the links that cross
  const channels = new Map<string, MessageChannel>()
  const portsOf = (k: number): Record<number, MessagePort> => {
    const ports: Record<number, MessagePort> = {}
    for (let j = 0; j < threads; j++) {
      if (j === k) continue
      const key = `${Math.min(j, k)}-${Math.max(j, k)}`
      let ch = channels.get(key)
      if (ch == null) channels.set(key, ch = new MessageChannel())
      ports[j] = k < j ? ch.port1 : ch.port2
    }
    return ports
  }
  const hosts: Host[] = []
  for (let k = 0; k < threads; k++) {
    const init: HostInit = {
      thread: k,
      ports: portsOf(k),
      latencyMs: s.network.latencyMs,
      plaintext: options.plaintext ?? true,
      seed: s.seed,
      t0,
      cheatAfterMs: s.peers['build-then-cheat']?.cheatAfterMs ?? s.durationMs / 3,
      jobMs: s.workload.jobMs,
      slowFactor: s.peers.slow?.factor ?? 10,
      benignErrorRate: s.benignErrorRate,
      slots: s.workload.slots,
      liarSlots: s.peers.liars?.advertisedSlots ?? s.workload.slots * 8,
      advertPeriodMs: s.network.advertPeriodMs,
      maxConnections: s.network.maxConnections,
      gossip: SIM_GOSSIP
    }
    const worker = new Worker(new URL('./host.js', import.meta.url), {
      workerData: { shoalSimHost: init },
      transferList: Object.values(init.ports),
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
    })
    hosts.push(new Host(worker, onReceipts))
  }

  const start = async (p: Peer): Promise<void> => {
    p.address = `/memory/${run}-t${p.thread}-${++counter}`
    const { id } = await hosts[p.thread].call<{ id: string }>({ op: 'start', index: p.index, behaviour: pop.behaviour[p.index], address: p.address, bootstrap: [...entries] })
    p.id = id
    p.running = true
    p.startedAt = simNow()
    p.discovered = false
    p.seen = new Set()
    byId.set(id, p.index)
    live.add(p.index)
    if (entries.length < ENTRY_POINTS) entries.push(`${p.address}/p2p/${id}`)
  }
  const stop = async (p: Peer): Promise<void> => {
    live.delete(p.index)
    if (!p.running) return
    p.running = false
    await hosts[p.thread].call({ op: 'stop', index: p.index }, HOST_ANSWER_MS).catch(() => {})
  }
  const rowsOf = async (p: Peer): Promise<TrustRow[]> => p.running ? await hosts[p.thread].call<TrustRow[]>({ op: 'rows', index: p.index }, HOST_ANSWER_MS).catch((err: Error) => { unanswered.add(err.message); return [] }) : []

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
    // honest requesters, and every slanderer (they request, then lie about it)
    const requesterIndices = [
      ...pop.honest.filter(i => pop.behaviour[i] !== 'offline').slice(0, Math.max(1, s.workload.requesters)),
      ...startable.filter(p => pop.behaviour[p.index] === 'slanderers').map(p => p.index)
    ]
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
    const failedAttempts = new Map<string, number>()
    const honest = new Set(pop.honest)
    const submit = (): void => {
      const r = peers[requesterIndices[Math.floor(rng() * requesterIndices.length)]]
      if (!r.running) return
      const input = new Uint8Array(32)
      for (let k = 0; k < input.length; k++) input[k] = Math.floor(rng() * 256)
      // a slanderer's jobs are sent and lied about, but not measured: its own table
      // believes its lies, bans the workers it used and then finds few to use
      const measured = honest.has(r.index)
      const submittedAt = simNow() - runStart
      if (measured) recorder.jobSubmitted()
      const done = hosts[r.thread].call<JobOutcome>({ op: 'submit', index: r.index, input, timeoutMs: s.workload.jobTimeoutMs }).then(o => {
        if (!measured) return
        for (const reason of o.failedReasons) failedAttempts.set(reason, (failedAttempts.get(reason) ?? 0) + 1)
        recorder.job({ submittedAt, finishedAt: simNow() - runStart, status: o.ok ? 'completed' : 'failed', wrong: o.wrong, workerRuns: o.workerRuns, requesterRuns: o.reruns })
      }, () => {
        if (measured) recorder.job({ submittedAt, finishedAt: simNow() - runStart, status: 'failed', wrong: false, workerRuns: 0, requesterRuns: 0 })
      })
      pending.add(done)
      void done.finally(() => pending.delete(done))
      vouch()
    }
    // sybils: one operator's identities send each other real jobs, so their reputation
    // services sign and gossip success reports about each other (not measured: their own traffic)
    const sybils = startable.filter(p => pop.behaviour[p.index] === 'sybils')
    const vouch = (): void => {
      const up = sybils.filter(p => p.running)
      if (up.length < 2) return
      for (let k = 0; k < (s.peers.sybils?.reportsPerJob ?? 1); k++) {
        const from = up[Math.floor(rng() * up.length)]
        const to = up.filter(p => p !== from).map(p => p.id)
        const input = new Uint8Array(32).map(() => Math.floor(rng() * 256))
        void hosts[from.thread].call({ op: 'submit', index: from.index, input, timeoutMs: s.workload.jobTimeoutMs, workers: to }).catch(() => {})
      }
    }
    const interArrival = 60_000 / Math.max(1e-9, s.workload.jobsPerMinute)
    const nextJob = (): void => { later(exponential(rng, interArrival), () => { submit(); nextJob() }) }
    nextJob()

    // samples: trust as the first requester sees it, memory
    const observer = peers[requesterIndices[0]]
    const malicious = new Set(pop.malicious)
    const sample = async (): Promise<void> => {
      const rows = await rowsOf(observer)
      const mean = (set: Set<number>): number | null => {
        const ts = rows.filter(row => set.has(byId.get(row.peerId) ?? -1)).map(row => row.trust)
        return ts.length === 0 ? null : ts.reduce((a, b) => a + b, 0) / ts.length
      }
      const t = simNow() - runStart
      recorder.trustSample(t, mean(honest) ?? 0.3, malicious.size > 0 ? mean(malicious) : null)
      recorder.memorySample(t, processProbes.memory(), Math.max(1, live.size))
      hooks.onProgress?.(0.2 + 0.75 * Math.min(1, t / s.durationMs), `running (${live.size} peers up, ${pending.size} jobs in flight)`)
    }
    const sampler = setInterval(() => { void sample() }, Math.max(250, Math.round(s.durationMs / 40)))
    await new Promise(resolve => setTimeout(resolve, s.durationMs))
    ending = true
    for (const t of timers) clearTimeout(t)
    // let the jobs in flight finish: every job settles (done or failed) by its own deadline; one that has not, 30 s after it, is lost
    hooks.onProgress?.(0.95, `draining ${pending.size} jobs`)
    const runEnd = simNow()
    let drainTimer: NodeJS.Timeout | undefined
    await Promise.all([
      Promise.race([Promise.all([...pending]), new Promise(resolve => { drainTimer = setTimeout(resolve, jobDeadlineMs(s.workload.jobTimeoutMs) + LOST_AFTER_DEADLINE_MS) })]),
      new Promise(resolve => setTimeout(resolve, Math.min(SETTLE_MS, s.durationMs / 4)))
    ])
    clearTimeout(drainTimer)
    clearInterval(sampler)
    await sample()

    // adverts and reports published while the workload ran (after the mesh formed)
    for (const kind of ['advert', 'report'] as const) {
      for (const a of gossip[kind].values()) {
        if (a.issuedAt - t0 < meshReadyAt || a.issuedAt - t0 > runEnd) continue
        recorder.dissemination(kind, Math.max(a.delays.length, a.onlineAtPublish), a.delays)
      }
    }
    if (unanswered.size > 0) recorder.notes.push(`a thread stopped answering: ${[...unanswered].join('; ')}`)
    if (failedAttempts.size > 0) recorder.notes.push(`failed attempts (moved to another worker): ${[...failedAttempts].map(([r, n]) => `${r} ${n}`).join(', ')}`)
    // false bans as the honest requesters see them (a slanderer's own table bans whom it likes)
    const end = endState(await Promise.all(requesterIndices.filter(i => honest.has(i)).map(async i => rowsOf(peers[i]))), pop.honest, pop.malicious, byId)
    recorder.notes.push(`${live.size} peers up at the end over ${threads} thread${threads === 1 ? '' : 's'}; adverts republished every ${s.network.advertPeriodMs / 1000} s; ${s.network.latencyMs} ms added to every message on every link; ${options.plaintext !== false ? 'plaintext (no encryption)' : 'noise encryption'}; gossipsub D ${SIM_GOSSIP.D} (${SIM_GOSSIP.Dlo}–${SIM_GOSSIP.Dhi}), Dlazy ${SIM_GOSSIP.Dlazy}, gossip factor ${SIM_GOSSIP.gossipFactor}.`)
    return recorder.report({ ...end, cpuMs: processProbes.cpu() - cpu0, wallMs: processProbes.wall() - wall0 })
  } finally {
    hooks.onProgress?.(0.98, 'stopping peers')
    await Promise.all(peers.map(stop))
    await Promise.all(hosts.map(async h => h.close()))
  }
}

function endState (requesterRows: TrustRow[][], honest: number[], malicious: number[], byId: Map<string, number>): { honestBannedShare: number, honestRefusedShare: number, maliciousBannedShare: number } {
  let banned = 0
  let refused = 0
  let badBanned = 0
  const honestSet = new Set(honest)
  const maliciousSet = new Set(malicious)
  for (const rows of requesterRows) {
    const rowsOf = (set: Set<number>): TrustRow[] => rows.filter(row => set.has(byId.get(row.peerId) ?? -1))
    banned += rowsOf(honestSet).filter(row => row.banned).length / Math.max(1, honest.length - 1)
    refused += rowsOf(honestSet).filter(row => !row.banned && row.trust < 0.1).length / Math.max(1, honest.length - 1)
    badBanned += rowsOf(maliciousSet).filter(row => row.banned).length / Math.max(1, malicious.length)
  }
  const n = Math.max(1, requesterRows.length)
  return { honestBannedShare: banned / n, honestRefusedShare: refused / n, maliciousBannedShare: malicious.length > 0 ? badBanned / n : 0 }
}
