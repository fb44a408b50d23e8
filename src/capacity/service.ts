/**
 * The capacity service: measures this peer, publishes its signed advert on
 * the capacity topic (periodically and on material change), validates and
 * tables everyone else's, serves and pulls the table over the sync protocol,
 * and provides capability keys in the DHT.
 */
import { TopicValidatorResult } from '@libp2p/gossipsub'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { TypedEventEmitter } from 'main-event'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { Multiaddr } from '@multiformats/multiaddr'
import { openAdvert, sealAdvert } from './advert.js'
import { ADVERT_TTL_PERIODS, CAPABILITY_PREFIX, MAX_ADDR_BYTES, MAX_ADDRS, CAPACITY_SYNC_PROTOCOL, CAPACITY_TOPIC, DEFAULT_ADVERT_INTERVAL_MS, MIN_REPUBLISH_MS, PROVIDE_CHECK_MS, PROVIDE_FIRST_DELAY_MS, PROVIDE_INTERVAL_MS, SYNC_PEERS, SYNC_TIMEOUT_MS, SYNC_STREAMS_PER_PEER, SYNC_STREAMS_PER_MINUTE } from './constants.js'
import { AdvertRejectedError } from './errors.js'
import { buildAdvert, capabilityKeys, changedMaterially, leavingAdvert, nextSeq } from './offer.js'
import { serveSync, requestSync } from './sync.js'
import { CapacityTable } from './table.js'
import { checkAdvert } from './validate.js'
import { VERSION } from '../version.js'
import { siblingService } from '../utils/services.js'
import { guardedHandler } from '../guard/index.js'
import type { GuardService } from '../guard/index.js'
import type { Advert, DatasetInfo, SignedAdvert } from './advert.js'
import type { RejectReason } from './errors.js'
import type { OfferConfig, Probe } from './offer.js'
import type { AdvertSource, TableEntry } from './table.js'
import type { GossipSub, Message } from '@libp2p/gossipsub'
import type { ComponentLogger, ContentRouting, Libp2pEvents, Logger, PeerId, PeerStore, PrivateKey, Startable } from '@libp2p/interface'
import type { ConnectionManager, Registrar } from '@libp2p/interface-internal'
import type { TypedEventTarget } from 'main-event'

export interface CapacityServiceInit {
  probe: Probe
  /** this peer's reachability, carried in its advert */
  reachability?: () => 'public' | 'private' | 'unknown'
  /**
   * which of a peer's advertised addresses to keep for dialling it (a public
   * mesh drops private ones, as its DHT does); default: all
   */
  addressFilter?: (peer: PeerId, addrs: Multiaddr[]) => Multiaddr[]
  offer: OfferConfig
  /** false: neither join the topic nor advertise; capability lookups still work */
  advertise?: boolean
  intervalMs?: number
  /** name of the gossipsub service in this node */
  pubsubService?: string
  /** sync streams one connection may hold open at once, each way */
  syncStreams?: number
}

export interface CapacityServiceComponents {
  peerId: PeerId
  privateKey: PrivateKey
  registrar: Registrar
  connectionManager: ConnectionManager
  contentRouting: ContentRouting
  events: TypedEventTarget<Libp2pEvents>
  logger: ComponentLogger
  /** where this peer can be dialled (carried in its adverts) */
  addressManager?: { getAddresses: () => Multiaddr[] }
  /** where others can be dialled (learnt from their adverts) */
  peerStore?: PeerStore
}

export interface CapacityStats {
  received: number
  accepted: number
  rejected: Partial<Record<RejectReason, number>>
  published: number
  syncs: { served: number, pulled: number, advertsPulled: number }
}

export interface CapacityEvents {
  /** a peer's advert arrived or changed */
  'capacity:update': CustomEvent<TableEntry>
  /** a peer left or its advert expired */
  'capacity:remove': CustomEvent<{ peerId: string, reason: 'leaving' | 'expired' }>
  /** an advert was refused, and why */
  'capacity:reject': CustomEvent<{ reason: RejectReason, from?: string }>
  /** this peer's capability keys were (re)provided in the DHT */
  'capacity:provided': CustomEvent<string[]>
}

/** replays and stale adverts may be relayed in good faith: ignore them; punish the rest */
const IGNORED_REASONS = new Set<RejectReason>(['replay', 'expired'])

export class CapacityService extends TypedEventEmitter<CapacityEvents> implements Startable {
  readonly [Symbol.toStringTag] = '@shoal/capacity'

  private readonly components: CapacityServiceComponents
  private readonly log: Logger
  private readonly init: Required<Omit<CapacityServiceInit, 'probe' | 'offer'>> & Pick<CapacityServiceInit, 'probe' | 'offer'>
  private readonly table = new CapacityTable()
  private readonly stats: CapacityStats = { received: 0, accepted: 0, rejected: {}, published: 0, syncs: { served: 0, pulled: 0, advertsPulled: 0 } }
  private readonly syncedWith = new Set<string>()
  private current?: SignedAdvert
  private lastPublishedAt = 0
  /** the one refresh pending after slot changes (setSlotsInUse) */
  private slotsRefresh?: ReturnType<typeof setTimeout>
  private slotsInUse = 0
  private running = false
  private subscribed = false
  private topologyId?: string
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private expiryTimer?: ReturnType<typeof setTimeout>
  private providedKeys: string[] = []
  /** the addresses last put in the peer store, per peer */
  private readonly learnt = new Map<string, string>()
  private providedAt = 0
  private measured?: { at: number, value: Awaited<ReturnType<Probe>> }

  constructor (components: CapacityServiceComponents, init: CapacityServiceInit) {
    super()
    this.components = components
    this.log = components.logger.forComponent('shoal:capacity')
    this.init = { advertise: true, intervalMs: DEFAULT_ADVERT_INTERVAL_MS, pubsubService: 'pubsub', syncStreams: 8, reachability: () => 'unknown', addressFilter: (_, addrs) => addrs, ...init }
    this.validate = this.validate.bind(this)
    this.table.addEventListener('update', (evt) => {
      this.scheduleExpiry()
      this.safeDispatchEvent('capacity:update', { detail: evt.detail })
    })
    this.table.addEventListener('remove', (evt) => {
      // it may come back from elsewhere: its addresses are learnt again then
      this.learnt.delete(evt.detail.peerId)
      this.safeDispatchEvent('capacity:remove', { detail: evt.detail })
    })
  }

  isStarted (): boolean { return this.running }

  async start (): Promise<void> {
    this.running = true
    const guard = this.guard()
    await this.components.registrar.handle(CAPACITY_SYNC_PROTOCOL, guardedHandler(guard, CAPACITY_SYNC_PROTOCOL, { open: SYNC_STREAMS_PER_PEER, perMinute: SYNC_STREAMS_PER_MINUTE }, async (stream) => {
      this.stats.syncs.served++
      await serveSync(stream, (selfOnly) => this.servedAdverts(selfOnly), guard?.idleTimeoutMs)
    }), { maxInboundStreams: this.init.syncStreams, maxOutboundStreams: this.init.syncStreams, runOnLimitedConnection: true })
    // a joining peer pulls the table from its first few neighbours instead of
    // waiting a period (a peer outside the topic would only hold a stale copy)
    if (this.init.advertise) {
      this.topologyId = await this.components.registrar.register(CAPACITY_SYNC_PROTOCOL, {
        onConnect: (peer) => {
          if (this.syncedWith.size >= SYNC_PEERS || this.syncedWith.has(peer.toString())) return
          this.syncedWith.add(peer.toString())
          this.syncFrom(peer).catch(err => { this.log('sync from %p failed - %e', peer, err) })
        }
      })
    }
  }

  afterStart (): void {
    if (this.init.advertise) {
      // gossipsub starts alongside this service: join the topic once all have started
      const pubsub = this.pubsub()
      pubsub.topicValidators.set(CAPACITY_TOPIC, this.validate)
      pubsub.subscribe(CAPACITY_TOPIC)
      this.subscribed = true
      this.refresh(true).catch(err => { this.log.error('first advert failed - %e', err) })
      this.every(Math.max(MIN_REPUBLISH_MS, Math.floor(this.init.intervalMs / 5)), async () => { await this.refresh(false) })
      // provider records: as soon as the DHT has peers, again when the keys
      // change, and refreshed on a long period
      this.after(PROVIDE_FIRST_DELAY_MS, async () => { await this.provideCapabilities() })
      this.every(PROVIDE_CHECK_MS, async () => {
        const keys = this.current != null ? capabilityKeys(this.current.advert) : []
        const stale = Date.now() - this.providedAt > PROVIDE_INTERVAL_MS
        if (stale || keys.join() !== this.providedKeys.join()) await this.provideCapabilities()
      })
    }
  }

  /** says goodbye while gossip still runs, so others drop us at once */
  async beforeStop (): Promise<void> {
    if (!this.init.advertise || !this.subscribed) return
    this.subscribed = false
    const pubsub = this.pubsub()
    if (this.current != null) {
      try {
        const now = Date.now()
        const advert = leavingAdvert(this.current.advert, { seq: nextSeq(this.current.advert.seq, now), now, ttlMs: this.ttl(), version: VERSION })
        await pubsub.publish(CAPACITY_TOPIC, await sealAdvert(advert, this.components.privateKey))
      } catch (err) {
        this.log('goodbye advert not sent - %e', err)
      }
    }
    // start may have failed before gossipsub ran: leave nothing to undo then
    if (pubsub.getTopics().includes(CAPACITY_TOPIC)) pubsub.unsubscribe(CAPACITY_TOPIC)
    pubsub.topicValidators.delete(CAPACITY_TOPIC)
  }

  async stop (): Promise<void> {
    this.running = false
    clearTimeout(this.slotsRefresh)
    this.slotsRefresh = undefined
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    clearTimeout(this.expiryTimer)
    if (this.topologyId != null) this.components.registrar.unregister(this.topologyId)
    await this.components.registrar.unhandle(CAPACITY_SYNC_PROTOCOL)
  }

  /** the table: the latest valid advert of every peer (and our own) */
  list (): TableEntry[] {
    return this.table.list()
  }

  /** our own current advert */
  self (): Advert | undefined {
    return this.current?.advert
  }

  getStats (): CapacityStats {
    return structuredClone(this.stats)
  }

  /** the job kinds this peer runs changed (a handler registered): republish at once */
  setKinds (kinds: string[]): void {
    this.init.offer = { ...this.init.offer, kinds: [...kinds].sort() }
    this.refresh(true).catch(err => { this.log('republish failed - %e', err) })
  }

  /** the data sets held here changed (a page added one): republish at once */
  setDatasets (datasets: DatasetInfo[]): void {
    this.init.offer = { ...this.init.offer, datasets: [...datasets].sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0) }
    this.refresh(true).catch(err => { this.log('republish failed - %e', err) })
  }

  /** the operator changed the slots offered (the browser page's slider): republish at once */
  setMaxJobs (maxJobs: number): void {
    this.init.offer = { ...this.init.offer, maxJobs }
    this.refresh(true).catch(err => { this.log('republish failed - %e', err) })
  }

  /** the executor reports slots in use; a change republishes at once */
  setSlotsInUse (n: number): void {
    this.slotsInUse = n
    // slots change with every job: no advert may go out within MIN_REPUBLISH_MS of the last one,
    // so building one per job is wasted work. One look once that time is up, with the count then
    if (this.slotsRefresh != null) return
    const wait = Math.max(0, this.lastPublishedAt + MIN_REPUBLISH_MS - Date.now())
    this.slotsRefresh = setTimeout(() => {
      this.slotsRefresh = undefined
      this.refresh(false).catch(err => { this.log('republish failed - %e', err) })
    }, wait)
    this.slotsRefresh.unref?.()
  }

  /**
   * Finds workers by capability through the DHT (works without the gossip
   * topic), fetches each one's signed advert and tables it.
   */
  async findByCapability (key: string, options: { signal?: AbortSignal, limit?: number } = {}): Promise<Advert[]> {
    const found: Advert[] = []
    const limit = options.limit ?? 20
    for await (const provider of this.components.contentRouting.findProviders(await capabilityCid(key), { signal: options.signal })) {
      if (provider.id.equals(this.components.peerId)) continue
      const held = this.table.get(provider.id.toString())
      if (held != null && held.advert.expiresAt > Date.now()) {
        found.push(held.advert)
        continue
      }
      try {
        await this.components.connectionManager.openConnection(provider.id, { signal: options.signal ?? AbortSignal.timeout(SYNC_TIMEOUT_MS) })
        const frames = await requestSync(this.components.connectionManager, provider.id, CAPACITY_SYNC_PROTOCOL, { selfOnly: true, limit: 1, signal: options.signal })
        for (const frame of frames) {
          const signed = await this.accept(frame, 'lookup', provider.id)
          if (signed != null && signed.advert.peerId === provider.id.toString()) found.push(signed.advert)
        }
      } catch (err) {
        this.log('capability lookup: %p did not answer - %e', provider.id, err)
      }
      if (found.length >= limit) break
    }
    return found
  }

  private async validate (from: PeerId, msg: Message): Promise<TopicValidatorResult> {
    if (msg.type !== 'signed') {
      this.reject('unsigned', undefined, 'gossip message carries no signature')
      return TopicValidatorResult.Reject
    }
    const reason = await this.acceptOrReason(msg.data, 'gossip', msg.from)
    if (reason == null) return TopicValidatorResult.Accept
    if (IGNORED_REASONS.has(reason)) return TopicValidatorResult.Ignore
    // gossipsub scores the relay down for this too; the guard bans a persistent one
    this.guard()?.offence(from, 'invalid-gossip', `capacity advert: ${reason}`)
    return TopicValidatorResult.Reject
  }

  private async accept (bytes: Uint8Array, source: AdvertSource, sender: PeerId): Promise<SignedAdvert | undefined> {
    let accepted: SignedAdvert | undefined
    await this.acceptOrReason(bytes, source, sender, s => { accepted = s })
    return accepted
  }

  /** checks an advert from anyone and tables it; returns the reason it was refused, if it was */
  private async acceptOrReason (bytes: Uint8Array, source: AdvertSource, sender: PeerId, onAccept?: (s: SignedAdvert) => void): Promise<RejectReason | undefined> {
    this.stats.received++
    try {
      const signed = await openAdvert(bytes)
      // gossip: the signer must be the message's (StrictSign-verified) author;
      // sync: any peer may relay others' adverts, so only the signature counts
      if (source === 'gossip' && signed.advert.peerId !== sender.toString()) {
        throw new AdvertRejectedError('signer-mismatch', `published by ${sender.toString()} but signed by ${signed.advert.peerId}`)
      }
      if (signed.advert.peerId === this.components.peerId.toString()) return undefined // our own, echoed back
      checkAdvert(signed.advert, { now: Date.now(), lastSeq: this.table.lastSeq(signed.advert.peerId) })
      this.table.apply(signed, source, Date.now())
      this.learnAddresses(signed.advert)
      this.stats.accepted++
      onAccept?.(signed)
      return undefined
    } catch (err) {
      if (!(err instanceof AdvertRejectedError)) throw err
      this.reject(err.reason, sender, err.message)
      return err.reason
    }
  }

  /** this peer's dialable addresses for its advert: announced ones, without /p2p/<self>, within the advert's limits */
  private ownAddresses (): string[] {
    const self = `/p2p/${this.components.peerId.toString()}`
    const addrs = (this.components.addressManager?.getAddresses() ?? [])
      .map(ma => { const s = ma.toString(); return s.endsWith(self) ? s.slice(0, -self.length) : s })
      .filter(s => s.length > 0 && new TextEncoder().encode(s).byteLength <= MAX_ADDR_BYTES)
    return [...new Set(addrs)].slice(0, MAX_ADDRS)
  }

  /**
   * A worker's advertised addresses go into the peer store (when they
   * change), so a requester that has only heard of it dials it at once
   * instead of walking the DHT to find it: the advert is signed by the
   * worker, and the dial checks its identity anyway.
   */
  private learnAddresses (advert: Advert): void {
    const store = this.components.peerStore
    if (store == null || advert.addrs == null || advert.addrs.length === 0) return
    const key = advert.addrs.join(' ')
    if (this.learnt.get(advert.peerId) === key) return
    this.learnt.set(advert.peerId, key)
    const peer = peerIdFromString(advert.peerId)
    const addrs = advert.addrs.map(a => multiaddr(a))
    const kept = this.init.addressFilter(peer, addrs)
    if (kept.length === 0) return
    store.merge(peer, { multiaddrs: kept }).catch(err => { this.log('could not keep the addresses of %s - %e', advert.peerId, err) })
  }

  private reject (reason: RejectReason, from: PeerId | undefined, message: string): void {
    this.stats.rejected[reason] = (this.stats.rejected[reason] ?? 0) + 1
    this.log('rejected advert from %s: %s', from?.toString() ?? 'unknown', message)
    this.safeDispatchEvent('capacity:reject', { detail: { reason, from: from?.toString() } })
  }

  private async syncFrom (peer: PeerId): Promise<void> {
    const frames = await requestSync(this.components.connectionManager, peer, CAPACITY_SYNC_PROTOCOL)
    this.stats.syncs.pulled++
    let accepted = 0
    const refused: RejectReason[] = []
    for (const frame of frames) {
      const reason = await this.acceptOrReason(frame, 'sync', peer)
      if (reason == null) accepted++
      else if (!IGNORED_REASONS.has(reason)) refused.push(reason)
    }
    // an honest peer serves only adverts it accepted itself: one offence per bad answer
    if (refused.length > 0) this.guard()?.offence(peer, 'invalid-sync', `${refused.length} bad adverts (${[...new Set(refused)].join(', ')})`)
    this.stats.syncs.advertsPulled += accepted
    this.log('synced %d of %d adverts from %p', accepted, frames.length, peer)
  }

  private servedAdverts (selfOnly: boolean): Uint8Array[] {
    const own = this.current != null ? [this.current.bytes] : []
    if (selfOnly) return own
    const now = Date.now()
    return [...own, ...this.table.list().filter(e => e.advert.expiresAt > now && e.source !== 'self').map(e => e.bytes)]
  }

  /** measures; publishes when forced, when the period is up, or on a material change */
  private async refresh (force: boolean): Promise<void> {
    if (!this.running || !this.init.advertise) return
    const now = Date.now()
    // slot changes come with every job: re-read the machine at most once a second
    if (this.measured == null || now - this.measured.at >= MIN_REPUBLISH_MS) this.measured = { at: now, value: await this.init.probe() }
    const measurement = this.measured.value
    const advert = buildAdvert(this.components.peerId.toString(), measurement, this.init.offer, this.slotsInUse, {
      seq: nextSeq(this.current?.advert.seq ?? 0, now), now, ttlMs: this.ttl(), version: VERSION, reachability: this.init.reachability?.(), addrs: this.ownAddresses()
    })
    const due = now - this.lastPublishedAt >= this.init.intervalMs
    const changed = changedMaterially(this.current?.advert, advert) && now - this.lastPublishedAt >= MIN_REPUBLISH_MS
    if (!force && !due && !changed) return
    const bytes = await sealAdvert(advert, this.components.privateKey)
    this.current = { advert, bytes }
    this.lastPublishedAt = now
    this.table.apply(this.current, 'self', now)
    try {
      await this.pubsub().publish(CAPACITY_TOPIC, bytes)
      this.stats.published++
    } catch (err) {
      this.log('publish failed - %e', err)
    }
  }

  private async provideCapabilities (): Promise<void> {
    if (this.current == null || this.components.connectionManager.getConnections().length === 0) return
    const keys = capabilityKeys(this.current.advert)
    for (const key of keys) {
      try {
        await this.components.contentRouting.provide(await capabilityCid(key), { signal: AbortSignal.timeout(30_000) })
      } catch (err) {
        this.log('could not provide %s - %e', key, err)
      }
    }
    this.providedKeys = keys
    this.providedAt = Date.now()
    this.log('provided capability keys %s', keys.join(', '))
    this.safeDispatchEvent('capacity:provided', { detail: keys })
  }

  /** the capability keys last provided in the DHT */
  provided (): string[] {
    return [...this.providedKeys]
  }

  private ttl (): number {
    return Math.round(this.init.intervalMs * ADVERT_TTL_PERIODS)
  }

  private scheduleExpiry (): void {
    clearTimeout(this.expiryTimer)
    if (!this.running) return
    const next = this.table.expire(Date.now())
    if (next == null) return
    this.expiryTimer = setTimeout(() => { this.scheduleExpiry() }, Math.max(0, next - Date.now()) + 5)
    this.expiryTimer.unref?.()
  }

  private guard (): GuardService | undefined {
    return siblingService<GuardService>(this.components, 'guard')
  }

  private pubsub (): GossipSub {
    const pubsub = siblingService<GossipSub>(this.components, this.init.pubsubService)
    if (pubsub == null) throw new Error(`the capacity service needs a gossipsub service named "${this.init.pubsubService}"`)
    return pubsub
  }

  private every (ms: number, task: () => Promise<void>): void {
    this.after(ms, async () => {
      try {
        await task()
      } finally {
        if (this.running) this.every(ms, task)
      }
    })
  }

  private after (ms: number, task: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      if (!this.running) return
      task().catch(err => { this.log('background task failed - %e', err) })
    }, ms)
    timer.unref?.()
    this.timers.add(timer)
  }
}

/** the DHT key a capability is provided under */
export async function capabilityCid (key: string): Promise<CID> {
  return CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(CAPABILITY_PREFIX + key)))
}
