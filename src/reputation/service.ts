/**
 * The reputation service: turns the jobs this peer requested into first-hand
 * evidence and signed reports, gossips the reports, checks everyone else's
 * in the topic validator, keeps the reputation table (and its snapshot) and
 * both sides' receipts in the datastore, and answers trust questions for the
 * scheduler, the connection gater and gossipsub's scoring.
 */
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { peerIdFromMultihash, peerIdFromString } from '@libp2p/peer-id'
import * as Digest from 'multiformats/hashes/digest'
import { lpStream } from '@libp2p/utils'
import { Key } from 'interface-datastore'
import { TypedEventEmitter } from 'main-event'
import { ReportSyncRequest } from '../pb/reputation.js'
import { readBid, readResult } from '../jobs/records.js'
import { toBase64 } from '../utils/base64.js'
import { readUntilClosed } from '../utils/frames.js'
import { siblingService } from '../utils/services.js'
import { fromHexString, toHex } from '../utils/hash.js'
import { guardedHandler } from '../guard/index.js'
import { serveReportSync } from './sync.js'
import type { GuardService } from '../guard/index.js'
import { MAX_REPORT_BYTES, REPORT_SYNC_LIMIT, REPORT_SYNC_PEERS, REPUTATION_SYNC_PROTOCOL, REPORT_SYNC_TIMEOUT_MS, REPORT_WINDOW_MS, REPORTS_PER_WINDOW, REPUTATION_TOPIC, TABLE_KEY, REPORT_SYNC_STREAMS_PER_PEER, REPORT_SYNC_STREAMS_PER_MINUTE } from './constants.js'
import { openReport, ReportRejectedError, sealReport } from './reports.js'
import { ReputationTable } from './table.js'
import { ReportStore } from './report-store.js'
import { ReceiptLedger } from './ledger.js'
import { DAY_MS, DEFAULT_RETENTION, PRUNE_INTERVAL_MS } from '../limits.js'
import type { RetentionConfig } from '../limits.js'
import type { Outcome, ReputationConfig } from './config.js'
import type { ReportRejectReason, VerifiedReport } from './reports.js'
import type { EvidenceSource, JobEvidence, JobReceipt } from './evidence.js'
import type { GossipSub, Message } from '@libp2p/gossipsub'
import type { ComponentLogger, Logger, PeerId, PrivateKey, Startable } from '@libp2p/interface'
import type { ConnectionManager, Registrar } from '@libp2p/interface-internal'
import type { Datastore } from 'interface-datastore'

export interface ReputationServiceInit {
  config?: Partial<Omit<ReputationConfig, 'self'>>
  pubsubService?: string
  jobsService?: string
  /** how long reports stay, and how many */
  retention?: Partial<Pick<RetentionConfig, 'days' | 'reports'>>
  /** sync streams one connection may hold open at once, each way */
  syncStreams?: number
}

export interface ReputationServiceComponents {
  peerId: PeerId
  privateKey: PrivateKey
  registrar: Registrar
  connectionManager: ConnectionManager
  datastore: Datastore
  logger: ComponentLogger
}

export interface ReputationRow { peerId: string, trust: number, good: number, bad: number, banned: boolean, lastSeen?: number }

export interface StoredReceipt {
  jobId: string
  role: 'requester' | 'worker'
  worker: string
  requester: string
  /** credits: price per job-second × wall seconds, from the signed bid and result */
  credits: number
  wallMs: number
  at: number
  bidEnvelope: string
  resultEnvelope: string
  ackEnvelope: string
}

export interface ReputationStats {
  published: number
  accepted: number
  rejected: Partial<Record<ReportRejectReason, number>>
  synced: number
}

export interface ReputationEvents {
  'reputation:report': CustomEvent<VerifiedReport>
  'reputation:reject': CustomEvent<{ reason: ReportRejectReason, from?: string }>
  'reputation:receipt': CustomEvent<StoredReceipt>
  /** this peer signed a report and published it on the topic */
  'reputation:published': CustomEvent<VerifiedReport>
  /** a peer became banned here (once per ban, until it lapses) */
  'reputation:banned': CustomEvent<{ peerId: string, reason: string }>
}

/** reports others may relay in good faith: ignore, do not punish the relay */
const IGNORED = new Set<ReportRejectReason>(['duplicate', 'stale', 'rate-limited', 'banned-reporter'])
const FAILURE_OUTCOME: Partial<Record<string, Outcome>> = { timeout: 'timeout', disconnected: 'dropped', 'cancelled-by-worker': 'declined-after-bid' }

export class ReputationService extends TypedEventEmitter<ReputationEvents> implements Startable {
  readonly [Symbol.toStringTag] = '@shoal/reputation'
  private readonly log: Logger
  private table: ReputationTable
  private readonly seen = new Set<string>()
  private readonly windows = new Map<string, { start: number, count: number }>()
  private readonly stats: ReputationStats = { published: 0, accepted: 0, rejected: {}, synced: 0 }
  private readonly lastSeen = new Map<string, number>()
  /** peers whose ban was announced: a ban is announced once, again only after it lapsed */
  private readonly announcedBans = new Set<string>()
  private readonly syncedWith = new Set<string>()
  /** the connection each synced peer was last pulled from */
  private readonly pulledOn = new Map<string, string>()
  private topologyId?: string
  private subscribed = false
  private readonly reports: ReportStore
  private readonly ledger: ReceiptLedger<StoredReceipt>
  private tableWrite?: Promise<void>
  private queuedTableWrite?: Promise<void>
  private pruneTimer?: ReturnType<typeof setInterval>
  private unkeep?: () => void
  private started = false

  constructor (private readonly components: ReputationServiceComponents, private readonly init: ReputationServiceInit = {}) {
    super()
    this.log = components.logger.forComponent('shoal:reputation')
    this.table = new ReputationTable({ ...init.config, self: components.peerId.toString() })
    this.reports = new ReportStore(components.datastore)
    this.ledger = new ReceiptLedger(components.datastore)
    this.validate = this.validate.bind(this)
    this.onEvidence = this.onEvidence.bind(this)
    this.keepReceipt = this.keepReceipt.bind(this)
  }

  isStarted (): boolean { return this.started }

  async start (): Promise<void> {
    await this.ledger.load()
    const key = new Key(TABLE_KEY)
    if (await this.components.datastore.has(key)) {
      this.table.restore(JSON.parse(new TextDecoder().decode(await this.components.datastore.get(key))))
    }
    await this.prune().catch(err => { this.log.error('could not prune reports - %e', err) })
    this.pruneTimer = setInterval(() => { this.prune().catch(err => { this.log.error('could not prune reports - %e', err) }) }, PRUNE_INTERVAL_MS)
    this.pruneTimer.unref?.()
    const streams = this.init.syncStreams ?? 8
    await this.components.registrar.handle(REPUTATION_SYNC_PROTOCOL, guardedHandler(this.guard(), REPUTATION_SYNC_PROTOCOL, { open: REPORT_SYNC_STREAMS_PER_PEER, perMinute: REPORT_SYNC_STREAMS_PER_MINUTE }, async (stream, connection) => {
      this.pullAgainOnNewConnection(connection.remotePeer, connection.id)
      await serveReportSync(stream, async (limit, before) => this.reports.newest(limit, before), this.guard()?.idleTimeoutMs)
    }), { maxInboundStreams: streams, maxOutboundStreams: streams, runOnLimitedConnection: true })
    this.topologyId = await this.components.registrar.register(REPUTATION_SYNC_PROTOCOL, {
      onConnect: (peer, connection) => {
        if (this.syncedWith.size >= REPORT_SYNC_PEERS || this.syncedWith.has(peer.toString())) return
        this.syncedWith.add(peer.toString())
        this.pulledOn.set(peer.toString(), connection.id)
        this.pullReports(peer).catch(err => { this.log('report sync from %p failed - %e', peer, err) })
      },
      // a peer that comes back (a healed partition, a restart) is synced with again: it may hold reports we missed
      onDisconnect: (peer) => { this.syncedWith.delete(peer.toString()); this.pulledOn.delete(peer.toString()) }
    })
    this.started = true
  }

  afterStart (): void {
    const pubsub = this.pubsub()
    pubsub.topicValidators.set(REPUTATION_TOPIC, this.validate)
    pubsub.subscribe(REPUTATION_TOPIC)
    this.subscribed = true
    this.jobs()?.addEventListener('job:evidence', this.onEvidence)
    // receipts are kept before acks go out or job streams close: see JobsService.keepReceipts
    this.unkeep = this.jobs()?.keepReceipts(this.keepReceipt)
  }

  async beforeStop (): Promise<void> {
    this.jobs()?.removeEventListener('job:evidence', this.onEvidence)
    this.unkeep?.()
    if (this.subscribed) {
      const pubsub = this.pubsub()
      if (pubsub.getTopics().includes(REPUTATION_TOPIC)) pubsub.unsubscribe(REPUTATION_TOPIC)
      pubsub.topicValidators.delete(REPUTATION_TOPIC)
      this.subscribed = false
    }
  }

  async stop (): Promise<void> {
    clearInterval(this.pruneTimer)
    if (this.topologyId != null) this.components.registrar.unregister(this.topologyId)
    await this.components.registrar.unhandle(REPUTATION_SYNC_PROTOCOL)
    await this.persistTable()
    this.started = false
  }

  /** drops old reports by the retention policy; returns how many went */
  async prune (now = Date.now()): Promise<number> {
    const days = this.init.retention?.days ?? DEFAULT_RETENTION.days
    return this.reports.prune({ olderThan: now - days * DAY_MS, keep: this.init.retention?.reports ?? DEFAULT_RETENTION.reports, now })
  }

  /** how many reports the datastore holds */
  async reportCount (): Promise<number> {
    return this.reports.count()
  }

  /** trust in [0, 1] as this peer sees it */
  trust (peer: string): number {
    return this.table.trust(peer, Date.now())
  }

  /** good jobs this peer saw `peer` do itself (decayed): a record, as opposed to hearsay */
  firstHandGood (peer: string): number {
    return this.table.firstHand(peer, Date.now()).good
  }

  /** what others report about `peer` (default: this peer), reporters taken at their word: see ReputationTable.reported */
  reported (peer = this.components.peerId.toString()): { reporters: number, good: number, bad: number, trust: number } {
    return this.table.reported(peer, Date.now())
  }

  isBanned (peer: string): boolean {
    return this.table.isBanned(peer, Date.now())
  }

  get refuseThreshold (): number {
    return this.table.config.refuseThreshold
  }

  refuses (peer: string): boolean {
    return this.isBanned(peer) || this.trust(peer) < this.table.config.refuseThreshold
  }

  rows (): ReputationRow[] {
    const now = Date.now()
    return this.table.peers().map(peerId => {
      const { good, bad } = this.table.firstHand(peerId, now)
      return { peerId, trust: this.table.trust(peerId, now), good, bad, banned: this.table.isBanned(peerId, now), lastSeen: this.lastSeen.get(peerId) }
    }).sort((a, b) => b.trust - a.trust || a.peerId.localeCompare(b.peerId))
  }

  getStats (): ReputationStats {
    return structuredClone(this.stats)
  }

  /** the newest receipts held (from memory up to RECENT_RECEIPTS) */
  async receipts (limit = 1000): Promise<StoredReceipt[]> {
    return this.ledger.recent(limit)
  }

  /** the ledger: credits earned as a worker and spent as a requester, from the receipts held (running totals, O(1)) */
  async credits (): Promise<{ earned: number, spent: number, balance: number, receipts: number }> {
    return this.ledger.totals()
  }

  /** a requested job ended: learn first-hand, and tell the mesh */
  private onEvidence (evt: CustomEvent<JobEvidence>): void {
    const e = evt.detail
    const now = Date.now()
    const jobId = fromHexString(e.id)
    const reports: Array<Parameters<typeof sealReport>[0]> = []
    for (const r of e.replicas) {
      if (r.agreed == null) continue // no majority: nobody is proven right or wrong
      const outcome: Outcome = r.agreed ? 'success' : 'wrong'
      this.table.observe(r.worker, outcome, now)
      reports.push({ worker: peerIdFromString(r.worker).toMultihash().bytes, jobId, outcome, at: now, bid: r.bidEnvelope, result: r.resultEnvelope, acceptedOutputHash: e.acceptedOutputHash != null ? fromHexString(e.acceptedOutputHash) : undefined })
    }
    const wrong = e.replicas.filter(r => r.agreed === false)
    // matching wrong results from several workers: collusion evidence
    const byKey = new Map<string, string[]>()
    for (const r of wrong) byKey.set(r.outputKey, [...(byKey.get(r.outputKey) ?? []), r.worker])
    for (const workers of byKey.values()) if (workers.length > 1) this.table.provenWrong(workers, now)
    for (const f of e.failures) {
      const outcome = FAILURE_OUTCOME[f.reason]
      if (outcome == null) continue
      this.table.observe(f.worker, outcome, now)
      reports.push({ worker: peerIdFromString(f.worker).toMultihash().bytes, jobId, outcome, at: now, bid: f.bidEnvelope })
    }
    // the table is on disk before any report of ours reaches another peer
    this.persistTable()
      .then(async () => Promise.all(reports.map(async r => this.publish(r))))
      .catch(err => { this.log('publishing reports failed - %e', err) })
    // a peer banned just now is also cut off now, not only refused next time it dials
    for (const worker of new Set([...e.replicas.map(r => r.worker), ...e.failures.map(f => f.worker)])) {
      this.announceBan(worker, now)
      if (this.table.isBanned(worker, now)) {
        this.components.connectionManager.closeConnections(peerIdFromString(worker)).catch(err => { this.log('could not hang up on %s - %e', worker, err) })
      }
    }
  }

  /** tells listeners once when `peer` is banned here; forgets a ban that lapsed */
  private announceBan (peer: string, now: number): void {
    const reason = this.table.banReason(peer, now)
    if (reason == null) {
      this.announcedBans.delete(peer)
      return
    }
    if (this.announcedBans.has(peer)) return
    this.announcedBans.add(peer)
    this.safeDispatchEvent('reputation:banned', { detail: { peerId: peer, reason } })
  }

  private async publish (input: Parameters<typeof sealReport>[0]): Promise<void> {
    const bytes = await sealReport(input, this.components.privateKey, this.components.peerId.toMultihash().bytes)
    // our own report, of evidence the attempt checked: no need to verify three signatures again
    const reporter = this.components.peerId.toString()
    const worker = peerIdFromMultihash(Digest.decode(input.worker)).toString()
    const jobId = toHex(input.jobId)
    const report: VerifiedReport = { reporter, worker, jobId, outcome: input.outcome, at: input.at, key: `${reporter}/${jobId}/${worker}`, bytes }
    await this.store(report)
    try {
      await this.pubsub().publish(REPUTATION_TOPIC, bytes)
      this.stats.published++
      this.safeDispatchEvent('reputation:published', { detail: report })
    } catch (err) {
      this.log('report not published - %e', err)
    }
  }

  /** keeps a receipt; the jobs service awaits this before acking or closing, so errors propagate */
  private async keepReceipt (r: JobReceipt): Promise<void> {
    // the jobs service checked these (or signed them) a moment ago: read, not verified again
    const result = readResult(r.resultEnvelope)
    const bid = readBid(r.bidEnvelope)
    const wallMs = Number(result.wallMs)
    const receipt: StoredReceipt = {
      jobId: r.jobId, role: r.role, worker: r.worker, requester: r.requester,
      credits: Number(bid.priceMilli) / 1000 * wallMs / 1000, wallMs, at: Date.now(),
      bidEnvelope: toBase64(r.bidEnvelope), resultEnvelope: toBase64(r.resultEnvelope), ackEnvelope: toBase64(r.ackEnvelope)
    }
    await this.ledger.keep(receipt)
    this.lastSeen.set(r.role === 'worker' ? r.requester : r.worker, receipt.at)
    this.safeDispatchEvent('reputation:receipt', { detail: receipt })
  }

  private async validate (from: PeerId, msg: Message): Promise<TopicValidatorResult> {
    const reason = msg.type !== 'signed' ? 'unsigned' : await this.accept(msg.data, msg.from)
    if (reason == null) return TopicValidatorResult.Accept
    if (IGNORED.has(reason)) return TopicValidatorResult.Ignore
    // gossipsub scores the relay down for this too; the guard bans a persistent one
    this.guard()?.offence(from, 'invalid-gossip', `report: ${reason}`)
    return TopicValidatorResult.Reject
  }

  /** checks a report from anyone, folds it into the table and keeps it; returns why it was refused */
  private async accept (bytes: Uint8Array, from?: PeerId): Promise<ReportRejectReason | undefined> {
    const now = Date.now()
    try {
      const report = await openReport(bytes, now)
      if (this.seen.has(report.key) || await this.reports.seen(report)) throw new ReportRejectedError('duplicate', report.key)
      if (this.table.isBanned(report.reporter, now)) throw new ReportRejectedError('banned-reporter', report.reporter)
      if (!this.withinRate(report.reporter, now)) throw new ReportRejectedError('rate-limited', `${report.reporter} sent over ${REPORTS_PER_WINDOW} reports in ${REPORT_WINDOW_MS} ms`)
      if (report.reporter !== this.components.peerId.toString()) {
        this.table.report(report.reporter, report.worker, report.outcome, report.at)
        this.announceBan(report.worker, now)
      }
      await this.store(report)
      // on disk before the validator's Accept relays the report on
      await this.persistTable()
      this.stats.accepted++
      this.safeDispatchEvent('reputation:report', { detail: report })
      return undefined
    } catch (err) {
      if (!(err instanceof ReportRejectedError)) throw err
      this.stats.rejected[err.reason] = (this.stats.rejected[err.reason] ?? 0) + 1
      this.log('rejected report from %s: %s', from?.toString() ?? 'sync', err.message)
      this.safeDispatchEvent('reputation:reject', { detail: { reason: err.reason, from: from?.toString() } })
      return err.reason
    }
  }

  private withinRate (reporter: string, now: number): boolean {
    const w = this.windows.get(reporter)
    if (w == null || now - w.start > REPORT_WINDOW_MS) {
      this.windows.set(reporter, { start: now, count: 1 })
      return true
    }
    w.count++
    return w.count <= REPORTS_PER_WINDOW
  }

  private async store (report: VerifiedReport): Promise<void> {
    this.seen.add(report.key)
    // one report per reporter, job and worker, across restarts and whatever its date
    await this.reports.put(report)
  }

  /**
   * A peer we synced with asks us for reports over a new connection: it lost
   * us and came back (a healed partition: its side may have dropped the old
   * connection while ours never heard). What it did meanwhile we may have
   * missed too, so pull from it in turn.
   */
  private pullAgainOnNewConnection (peer: PeerId, connectionId: string): void {
    const last = this.pulledOn.get(peer.toString())
    if (last == null || last === connectionId) return
    this.pulledOn.set(peer.toString(), connectionId)
    this.pullReports(peer).catch(err => { this.log('report sync from %p failed - %e', peer, err) })
  }

  private async pullReports (peer: PeerId): Promise<void> {
    const signal = AbortSignal.timeout(REPORT_SYNC_TIMEOUT_MS)
    const stream = await this.components.connectionManager.openStream(peer, REPUTATION_SYNC_PROTOCOL, { signal, runOnLimitedConnection: true })
    const lp = lpStream(stream, { maxDataLength: MAX_REPORT_BYTES })
    await lp.write(ReportSyncRequest.encode({ limit: REPORT_SYNC_LIMIT, before: 0n }), { signal })
    const refused = new Set<ReportRejectReason>()
    for (const frame of await readUntilClosed(lp, REPORT_SYNC_LIMIT, signal)) {
      const reason = await this.accept(frame)
      if (reason == null) this.stats.synced++
      else if (!IGNORED.has(reason)) refused.add(reason)
    }
    // an honest peer serves only reports it accepted itself: one offence per bad answer
    if (refused.size > 0) this.guard()?.offence(peer, 'invalid-sync', `bad reports (${[...refused].join(', ')})`)
    await stream.close({ signal }).catch(() => {})
  }

  /**
   * Writes the table snapshot. Callers that arrive while a write is under
   * way share the next one, which snapshots the table as it then is: a burst
   * of reports costs two writes, and every caller's change is on disk when
   * its promise resolves.
   */
  private async persistTable (): Promise<void> {
    if (this.queuedTableWrite != null) return this.queuedTableWrite
    const previous = this.tableWrite ?? Promise.resolve()
    const next: Promise<void> = previous.catch(() => {}).then(async () => {
      this.queuedTableWrite = undefined
      this.tableWrite = next
      try {
        await this.saveTable()
      } finally {
        if (this.tableWrite === next) this.tableWrite = undefined
      }
    })
    this.queuedTableWrite = next
    return next
  }

  private async saveTable (): Promise<void> {
    await this.components.datastore.put(new Key(TABLE_KEY), new TextEncoder().encode(JSON.stringify(this.table.snapshot())))
  }

  private guard (): GuardService | undefined {
    return siblingService<GuardService>(this.components, 'guard')
  }

  private pubsub (): GossipSub {
    const pubsub = siblingService<GossipSub>(this.components, this.init.pubsubService ?? 'pubsub')
    if (pubsub == null) throw new Error('the reputation service needs a gossipsub service named "pubsub"')
    return pubsub
  }

  private jobs (): EvidenceSource | undefined {
    return siblingService<EvidenceSource>(this.components, this.init.jobsService ?? 'jobs')
  }
}
