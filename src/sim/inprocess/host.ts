/**
 * One worker thread of the in-process engine: it runs the real Shoal peers
 * the engine places here (createShoal on the thread links, behaviours
 * through the executor hook) and answers the engine's requests: start, stop,
 * submit a job, read a reputation table. Adverts and reports received are
 * reported back in batches, with the delay measured here on receipt.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createShoal, type ShoalNode } from '../../index.js'
import { mulberry32 } from '../../reputation/rng.js'
import { exponential } from '../random.js'
import { expectedOutput, SIM_KIND, simExecutor } from './executor.js'
import { simLinks, Switchboard } from './links.js'
import type { MessagePort } from 'node:worker_threads'
import type { Behaviour } from '../scenario.js'
import type { GossipDegree } from '../../create.js'

export interface HostInit {
  thread: number
  /** ports to the other threads' switchboards, by thread */
  ports: Record<number, MessagePort>
  latencyMs: number
  plaintext: boolean
  seed: number
  /** the run's clock starts here (epoch ms): build-then-cheat peers turn at `cheatAfterMs` */
  t0: number
  cheatAfterMs: number
  jobMs: number
  slowFactor: number
  benignErrorRate: number
  slots: number
  /** liars claim this many slots */
  liarSlots: number
  advertPeriodMs: number
  maxConnections: number
  /** gossipsub degree and gossip factor of every peer here (see engine.ts SIM_GOSSIP) */
  gossip?: GossipDegree
}

export type HostRequest =
  | { op: 'start', index: number, behaviour: Behaviour, address: string, bootstrap: string[] }
  | { op: 'stop', index: number }
  | { op: 'submit', index: number, input: Uint8Array, timeoutMs: number, workers?: string[] }
  | { op: 'rows', index: number }
  | { op: 'close' }

export interface JobOutcome { ok: boolean, wrong: boolean, workerRuns: number, reruns: number, failedReasons: string[] }
export interface TrustRow { peerId: string, trust: number, banned: boolean }
/** one advert or reputation report received: [kind, receiver index, publisher, message key, issued at, delay ms] */
export type GossipReceipt = ['advert' | 'report', number, string, string, number, number]

export type HostMessage =
  | { type: 'reply', req: number, value?: unknown, error?: string }
  | { type: 'receipts', receipts: GossipReceipt[] }

/** receipts are sent at most this often: one message instead of hundreds */
const BATCH_MS = 100

/**
 * A slanderer requests jobs like anyone, then reports every worker that
 * agreed with the majority as wrong, under an output hash of its own
 * invention: its reputation service signs and gossips exactly that.
 */
function slander (node: ShoalNode): void {
  node.libp2p.services.jobs.addEventListener('job:evidence', (evt) => {
    const e = evt.detail
    if (e.acceptedOutputHash != null) e.acceptedOutputHash = 'ff'.repeat(32)
    for (const r of e.replicas) if (r.agreed === true) r.agreed = false
  })
}

export function serveHost (port: MessagePort, init: HostInit): void {
  const board = new Switchboard(init.thread, init.latencyMs)
  for (const [thread, p] of Object.entries(init.ports)) board.connectThread(Number(thread), p)
  const rng = mulberry32(init.seed * 7919 + init.thread)
  const nodes = new Map<number, ShoalNode>()
  const reruns = new Map<string, number>()
  let batch: GossipReceipt[] = []
  let flushTimer: NodeJS.Timeout | undefined
  const post = (m: HostMessage): void => { port.postMessage(m) }
  const flush = (): void => {
    flushTimer = undefined
    if (batch.length > 0) post({ type: 'receipts', receipts: batch })
    batch = []
  }

  const start = async (index: number, behaviour: Behaviour, address: string, bootstrap: string[]): Promise<{ id: string }> => {
    const node = await createShoal({
      transports: [],
      customTransports: [simLinks(board)],
      plaintext: init.plaintext,
      // in-memory links do not fail silently: no pings to find out, and none to drop a link that answered late
      monitorConnections: false,
      listen: [address],
      api: false,
      // nobody scrapes a simulated peer: no per-stream metric bookkeeping
      metrics: false,
      localMesh: true,
      bootstrap,
      // what it advertises: a liar claims more slots than it runs
      capacity: { intervalMs: init.advertPeriodMs, maxJobs: behaviour === 'liars' ? init.liarSlots : init.slots },
      connections: { max: init.maxConnections },
      gossip: init.gossip,
      // a slanderer's lie is added to the real reputation service before it starts listening
      start: false,
      executor: simExecutor({
        behaviour,
        slots: init.slots,
        claimedSlots: behaviour === 'liars' ? init.liarSlots : undefined,
        runMs: () => exponential(rng, init.jobMs) * (behaviour === 'slow' ? init.slowFactor : 1),
        accident: () => (behaviour === 'honest' || behaviour === 'slow') && rng() < init.benignErrorRate,
        cheating: () => Date.now() - init.t0 >= init.cheatAfterMs
      })
    })
    if (behaviour === 'slanderers') slander(node)
    await node.start()
    const self = node.peerId.toString()
    nodes.set(index, node)
    const received = (kind: 'advert' | 'report', publisher: string, key: string, issuedAt: number): void => {
      batch.push([kind, index, publisher, key, issuedAt, Math.max(0, Date.now() - issuedAt)])
      flushTimer ??= setTimeout(flush, BATCH_MS)
    }
    node.libp2p.services.capacity.addEventListener('capacity:update', (evt) => {
      const a = evt.detail.advert
      if (a.peerId === self) return
      received('advert', a.peerId, `${a.peerId}/${a.seq}`, a.issuedAt)
    })
    node.libp2p.services.reputation.addEventListener('reputation:report', (evt) => {
      const r = evt.detail
      if (r.reporter !== self) received('report', r.reporter, r.key, r.at)
    })
    node.libp2p.services.jobs.addEventListener('job:rerun', (evt) => { reruns.set(evt.detail.id, (reruns.get(evt.detail.id) ?? 0) + 1) })
    return { id: self }
  }

  const stop = async (index: number): Promise<void> => {
    const node = nodes.get(index)
    nodes.delete(index)
    await node?.stop().catch(() => {})
  }

  const submit = async (index: number, input: Uint8Array, timeoutMs: number, workers?: string[]): Promise<JobOutcome> => {
    const node = nodes.get(index)
    if (node == null) throw new Error(`peer ${index} is not running`)
    const result = await node.submit({ kind: SIM_KIND, input, replicas: 'auto', deterministic: true, timeoutMs, workers }).result
    const ok = result.status === 'succeeded'
    const want = expectedOutput(input)
    const wrong = ok && (result.output == null || result.output.length !== want.length || !result.output.every((x, i) => x === want[i]))
    const n = reruns.get(result.id) ?? 0
    reruns.delete(result.id)
    return { ok, wrong, workerRuns: result.results.length, reruns: n, failedReasons: result.attempts.filter(a => a.outcome === 'failed').map(a => `${a.reason ?? 'error'}${a.message != null ? ` (${a.message.replace(/12D3\w+/g, '<peer>').slice(0, 80)})` : ''}`) }
  }

  const rows = (index: number): TrustRow[] =>
    (nodes.get(index)?.reputation() ?? []).map(r => ({ peerId: r.peerId, trust: r.trust, banned: r.banned }))

  const close = async (): Promise<void> => {
    await Promise.all([...nodes.keys()].map(stop))
    clearTimeout(flushTimer)
    flush()
    board.close()
  }

  port.on('message', (m: HostRequest & { req: number }) => {
    const work = async (): Promise<unknown> => {
      switch (m.op) {
        case 'start': return start(m.index, m.behaviour, m.address, m.bootstrap)
        case 'stop': return stop(m.index)
        case 'submit': return submit(m.index, m.input, m.timeoutMs, m.workers)
        case 'rows': return rows(m.index)
        case 'close': return close()
      }
    }
    work().then(value => { post({ type: 'reply', req: m.req, value }) }, (err: Error) => { post({ type: 'reply', req: m.req, error: err.message ?? String(err) }) })
  })
}

// the thread's entry: the engine starts this file with the init as workerData
if (parentPort != null && (workerData as { shoalSimHost?: HostInit } | undefined)?.shoalSimHost != null) {
  serveHost(parentPort, (workerData as { shoalSimHost: HostInit }).shoalSimHost)
}
