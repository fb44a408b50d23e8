/**
 * The live feed behind the dashboard (GET /v1/events): one server-sent event
 * per section with that section's whole current state, first all of them,
 * then each again when it changes. Sections, not deltas: a client that
 * falls behind needs only the latest of each, and a reconnect is a fresh
 * snapshot. Each section is read at most once per LIVE_THROTTLE_MS for all
 * clients together, sent only when it differs from the last one sent, and
 * nothing is listened to or read while nobody watches.
 */
import { logger } from '@libp2p/logger'
import { LIVE_JOBS, LIVE_RECEIPTS, LIVE_THROTTLE_MS, LIVE_TICK_MS } from './constants.js'
import { credits, reputationRows } from './reputation.js'
import { DEFAULT_REPUTATION } from '../reputation/config.js'
import type { JobEventItem, JobTracker } from './jobs.js'
import type { ReputationRowJson } from './reputation.js'
import type { EventRunner } from './replies.js'
import type { ShoalNode } from '../create.js'

const log = logger('shoal:api:live')

export const SECTIONS = ['self', 'peers', 'capacity', 'jobs', 'reputation', 'credits'] as const
export type Section = typeof SECTIONS[number]

/** how a peer's reputation row reads at a glance */
export type Standing = 'self' | 'trusted' | 'newcomer' | 'suspicious' | 'banned'

/** a job's latest progress, for jobs submitted through this daemon's API */
export interface JobProgressJson { phase: string, fraction?: number, worker?: string }

/**
 * self: banned; suspicious when it has failed this peer or others rate it
 * below a newcomer; trusted when it has earned more than a newcomer's trust
 * or has only done right by this peer; otherwise a newcomer
 */
export function standing (row: ReputationRowJson, self: string, newcomerTrust = DEFAULT_REPUTATION.newcomerTrust): Standing {
  if (row.peerId === self) return 'self'
  if (row.banned) return 'banned'
  if (row.bad > 0 || row.trust < newcomerTrust) return 'suspicious'
  if (row.good > 0 || row.trust > newcomerTrust) return 'trusted'
  return 'newcomer'
}

interface Client {
  send: (event: string, data: unknown) => void
  /** false until its first snapshot is out; sections broadcast before then are sent after it */
  ready: boolean
  missed: Set<Section>
}

interface SectionState {
  timer?: ReturnType<typeof setTimeout>
  sentAt: number
  reading: boolean
  /** marked again while being read */
  again: boolean
  json?: string
  data?: unknown
}

/** dispatches `clients` when one comes or goes */
export class LiveFeed extends EventTarget {
  private readonly clients = new Set<Client>()
  private readonly state = new Map<Section, SectionState>(SECTIONS.map(s => [s, { sentAt: 0, reading: false, again: false }]))
  private readonly progress = new Map<string, JobProgressJson>()
  private detach?: () => void

  constructor (private readonly node: ShoalNode, private readonly jobs: JobTracker) {
    super()
  }

  /** clients following the feed now */
  get watching (): number {
    return this.clients.size
  }

  /** the EventStream runner for one client */
  runner (): EventRunner {
    return async (send, signal) => {
      const client: Client = { send, ready: false, missed: new Set() }
      // the newcomer's first read may be newer than the last broadcast: the next change must go out even if it matches that
      for (const s of this.state.values()) s.json = undefined
      this.clients.add(client)
      if (this.clients.size === 1) this.attach()
      this.dispatchEvent(new Event('clients'))
      try {
        for (const section of SECTIONS) {
          if (signal.aborted) return
          send(section, await this.read(section))
        }
        client.ready = true
        for (const section of client.missed) send(section, this.state.get(section)?.data)
        client.missed.clear()
        await new Promise<void>(resolve => {
          signal.addEventListener('abort', () => { resolve() }, { once: true })
          if (signal.aborted) resolve()
        })
      } finally {
        this.clients.delete(client)
        if (this.clients.size === 0) this.idle()
        this.dispatchEvent(new Event('clients'))
      }
    }
  }

  close (): void {
    this.clients.clear()
    this.idle()
  }

  /** the section changed: send it within LIVE_THROTTLE_MS */
  mark (section: Section): void {
    const s = this.state.get(section)
    if (s == null || this.clients.size === 0) return
    if (s.reading) { s.again = true; return }
    if (s.timer != null) return
    s.timer = setTimeout(() => { void this.flush(section, s) }, Math.max(0, s.sentAt + LIVE_THROTTLE_MS - Date.now()))
  }

  private async flush (section: Section, s: SectionState): Promise<void> {
    s.timer = undefined
    s.sentAt = Date.now()
    s.reading = true
    try {
      const data = await this.read(section)
      const json = JSON.stringify(data)
      if (json === s.json || this.clients.size === 0) return
      s.json = json
      s.data = data
      for (const client of this.clients) {
        if (client.ready) client.send(section, data)
        else client.missed.add(section)
      }
    } catch (err) {
      log.error('could not read the %s section - %e', section, err)
    } finally {
      s.reading = false
      if (s.again) {
        s.again = false
        this.mark(section)
      }
    }
  }

  private async read (section: Section): Promise<unknown> {
    const node = this.node
    switch (section) {
      case 'self': {
        const status = await node.status()
        return { ...node.id(), startedAt: status.startedAt, connections: status.connections, knownPeers: status.knownPeers, dht: status.dht }
      }
      case 'peers': return node.peers()
      case 'capacity': return node.capacityTable()
      case 'jobs': {
        const jobs = await this.jobs.list(new URLSearchParams({ limit: String(LIVE_JOBS) }))
        return { jobs, progress: Object.fromEntries(this.progress) }
      }
      case 'reputation': {
        const self = node.peerId.toString()
        return reputationRows(node).map(row => ({ ...row, standing: standing(row, self) }))
      }
      case 'credits': return { ...await credits(node), recent: await node.receipts(LIVE_RECEIPTS) }
    }
  }

  /** listens to what changes each section, while anyone watches */
  private attach (): void {
    const { libp2p } = this.node
    const { shoal, capacity, jobs, reputation } = libp2p.services
    const on = (section: Section[]) => () => { for (const s of section) this.mark(s) }
    const peers = on(['peers', 'self'])
    const self = on(['self'])
    const capacityChanged = on(['capacity'])
    const jobChanged = on(['jobs'])
    const reputationChanged = on(['reputation'])
    const receipt = on(['credits', 'reputation'])
    const onJobEvent = (jobId: string, item: JobEventItem): void => {
      if (item.event === 'result') this.progress.delete(jobId)
      else if (item.event === 'progress') {
        const p = item.data as { phase: string, fraction?: number, worker?: string }
        this.progress.set(jobId, { phase: p.phase, fraction: p.fraction, worker: p.worker })
      } else if (item.event === 'accepted') {
        this.progress.set(jobId, { phase: 'accepted', worker: (item.data as { worker: string }).worker })
      }
      this.mark('jobs')
    }
    shoal.addEventListener('peer:joined', peers)
    shoal.addEventListener('peer:left', peers)
    libp2p.addEventListener('connection:open', peers)
    libp2p.addEventListener('connection:close', peers)
    libp2p.addEventListener('self:peer:update', self)
    capacity.addEventListener('capacity:update', capacityChanged)
    capacity.addEventListener('capacity:remove', capacityChanged)
    jobs.addEventListener('job:update', jobChanged)
    jobs.addEventListener('job:evidence', reputationChanged)
    reputation.addEventListener('reputation:report', reputationChanged)
    reputation.addEventListener('reputation:receipt', receipt)
    const unwatch = this.jobs.watch(onJobEvent)
    // latency, advert ages and trust decay change without an event
    const tick = setInterval(on(['self', 'peers', 'capacity', 'reputation']), LIVE_TICK_MS)
    tick.unref?.()
    this.detach = () => {
      clearInterval(tick)
      unwatch()
      shoal.removeEventListener('peer:joined', peers)
      shoal.removeEventListener('peer:left', peers)
      libp2p.removeEventListener('connection:open', peers)
      libp2p.removeEventListener('connection:close', peers)
      libp2p.removeEventListener('self:peer:update', self)
      capacity.removeEventListener('capacity:update', capacityChanged)
      capacity.removeEventListener('capacity:remove', capacityChanged)
      jobs.removeEventListener('job:update', jobChanged)
      jobs.removeEventListener('job:evidence', reputationChanged)
      reputation.removeEventListener('reputation:report', reputationChanged)
      reputation.removeEventListener('reputation:receipt', receipt)
    }
  }

  /** nobody watches: stop listening, forget what was sent */
  private idle (): void {
    this.detach?.()
    this.detach = undefined
    this.progress.clear()
    for (const s of this.state.values()) {
      clearTimeout(s.timer)
      s.timer = undefined
      s.json = undefined
      s.data = undefined
      s.again = false
    }
  }
}
