/**
 * The Shoal libp2p service. Today it answers for the peer itself (identity,
 * peers, status) and keeps the mesh warm across restarts; capacity, jobs and
 * reputation hang off it as they arrive.
 */
import { serviceCapabilities, serviceDependencies } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { TypedEventEmitter } from 'main-event'
import { LAST_SEEN_METADATA, DEFAULT_DHT_SERVICE, DEFAULT_BOOTSTRAP_RETRY_MS, DHT_WARMUP_DELAYS_MS, DHT_WARMUP_LOOKUP_TIMEOUT_MS, REJOIN_TICK_MS } from './constants.js'
import { pickPeersToRedial, summarisePeers } from './peers.js'
import { DEFAULT_REJOIN, LostPeers } from './rejoin.js'
import type { RejoinPolicy } from './rejoin.js'
import { VERSION } from '../version.js'
import { summariseConnection } from '../reachability/index.js'
import { siblingService } from '../utils/services.js'
import { DEFAULT_RECONNECT_PEERS, RECONNECT_DIAL_TIMEOUT_MS } from './constants.js'
import type { PeerSummary } from './peers.js'
import type { ReachabilityService, ReachabilityStatus } from '../reachability/index.js'
import type { ComponentLogger, Connection, Libp2pEvents, Logger, PeerId, PeerStore, Startable } from '@libp2p/interface'
import type { AddressManager, ConnectionManager } from '@libp2p/interface-internal'
import type { TypedEventTarget } from 'main-event'

export interface ShoalServiceInit {
  /** how many known peers to redial at start (most recently seen first) */
  reconnectPeers?: number
  /** bound on each redial */
  reconnectTimeoutMs?: number
  /** name of the kad-dht service in this node */
  dhtService?: string
  /**
   * entry points into the mesh (multiaddrs with /p2p/ ids): dialled at start
   * and again whenever this peer finds itself with no connections
   */
  bootstrap?: string[]
  /** how often a peer with no connections retries its entry points */
  bootstrapRetryMs?: number
  /** when and how long to redial peers whose connection was lost (a partition, a restart) */
  rejoin?: Partial<RejoinPolicy>
  /** no redials of lost peers while this many connections are open (the connection manager pruned them) */
  rejoinBelowConnections?: number
}

export interface ShoalServiceComponents {
  peerId: PeerId
  peerStore: PeerStore
  connectionManager: ConnectionManager
  addressManager: AddressManager
  events: TypedEventTarget<Libp2pEvents>
  logger: ComponentLogger
}

export interface ShoalStatus {
  peerId: string
  version: string
  startedAt: number
  uptimeMs: number
  addresses: string[]
  connections: number
  peers: number
  /** peers known to the peer store (connected or not) */
  knownPeers: number
  dht: { mode: 'client' | 'server' | 'off', routingTableSize: number, discovered: number }
  /** public | private | unknown, addresses, relay reservations, direct or relayed connections */
  reachability: ReachabilityStatus['reachability']
  nat: Omit<ReachabilityStatus, 'reachability'>
}

export interface ShoalServiceEvents {
  'peer:joined': CustomEvent<string>
  'peer:left': CustomEvent<string>
}

/** the part of kad-dht we read; its routing table is not in its public types */
interface DhtView {
  getMode(): 'client' | 'server'
  getClosestPeers(key: Uint8Array, options?: { signal?: AbortSignal }): AsyncIterable<unknown>
  routingTable?: { size: number }
  addEventListener(type: 'peer', listener: (evt: CustomEvent<{ id: PeerId }>) => void): void
  removeEventListener(type: 'peer', listener: (evt: CustomEvent<{ id: PeerId }>) => void): void
}

export class ShoalService extends TypedEventEmitter<ShoalServiceEvents> implements Startable {
  readonly [Symbol.toStringTag] = '@shoal/service'
  readonly [serviceCapabilities] = ['@shoal/peer']
  readonly [serviceDependencies] = ['@libp2p/identify']

  private readonly components: ShoalServiceComponents
  private readonly log: Logger
  private readonly reconnectPeers: number
  private readonly reconnectTimeoutMs: number
  private readonly dhtService: string
  private readonly bootstrap: string[]
  private readonly bootstrapRetryMs: number
  private bootstrapTimer?: ReturnType<typeof setInterval>
  private readonly discoveredByDht = new Set<string>()
  private warmupTimer?: ReturnType<typeof setTimeout>
  private warmupStep = -1
  private readonly lostPeers: LostPeers
  private readonly rejoinBelow: number
  private rejoinTimer?: ReturnType<typeof setInterval>
  private startedAt = 0
  private running = false

  constructor (components: ShoalServiceComponents, init: ShoalServiceInit = {}) {
    super()
    this.components = components
    this.log = components.logger.forComponent('shoal:peer')
    this.reconnectPeers = init.reconnectPeers ?? DEFAULT_RECONNECT_PEERS
    this.reconnectTimeoutMs = init.reconnectTimeoutMs ?? RECONNECT_DIAL_TIMEOUT_MS
    this.dhtService = init.dhtService ?? DEFAULT_DHT_SERVICE
    this.bootstrap = init.bootstrap ?? []
    this.bootstrapRetryMs = init.bootstrapRetryMs ?? DEFAULT_BOOTSTRAP_RETRY_MS
    this.lostPeers = new LostPeers({ ...DEFAULT_REJOIN, ...init.rejoin })
    this.rejoinBelow = init.rejoinBelowConnections ?? Infinity
    this.onConnect = this.onConnect.bind(this)
    this.onDisconnect = this.onDisconnect.bind(this)
    this.onDhtPeer = this.onDhtPeer.bind(this)
  }

  isStarted (): boolean { return this.running }

  async start (): Promise<void> {
    this.startedAt = Date.now()
    this.components.events.addEventListener('peer:connect', this.onConnect)
    this.components.events.addEventListener('peer:disconnect', this.onDisconnect)
    this.dht()?.addEventListener('peer', this.onDhtPeer)
    this.running = true
  }

  afterStart (): void {
    // dial in the background: start-up must not wait on peers that are gone
    this.dialEntryPoints()
    this.redialKnownPeers().catch(err => { this.log.error('redialling known peers failed - %e', err) })
    if (this.bootstrap.length > 0) {
      this.bootstrapTimer = setInterval(() => {
        if (this.components.connectionManager.getConnections().length === 0) this.dialEntryPoints()
      }, this.bootstrapRetryMs)
      this.bootstrapTimer.unref?.()
    }
    this.rejoinTimer = setInterval(() => { this.rejoin() }, REJOIN_TICK_MS)
    this.rejoinTimer.unref?.()
  }

  /** redials lost peers that are due: the way back across a healed partition */
  private rejoin (): void {
    const due = this.lostPeers.due(Date.now())
    if (due.length === 0 || this.components.connectionManager.getConnections().length >= this.rejoinBelow) return
    for (const peer of due) {
      const id = peerIdFromString(peer)
      if (this.components.connectionManager.getConnections(id).length > 0) { this.lostPeers.forget(peer); continue }
      this.components.connectionManager.openConnection(id, { signal: AbortSignal.timeout(this.reconnectTimeoutMs) })
        .catch(err => { this.log.trace('rejoin of %s failed - %e', peer, err) })
    }
  }

  async stop (): Promise<void> {
    clearInterval(this.bootstrapTimer)
    clearInterval(this.rejoinTimer)
    clearTimeout(this.warmupTimer)
    this.components.events.removeEventListener('peer:connect', this.onConnect)
    this.components.events.removeEventListener('peer:disconnect', this.onDisconnect)
    this.dht()?.removeEventListener('peer', this.onDhtPeer)
    this.running = false
  }

  /** this peer's id and the addresses others can dial */
  id (): { peerId: string, addresses: string[], version: string } {
    return {
      peerId: this.components.peerId.toString(),
      addresses: this.components.addressManager.getAddresses().map(a => a.toString()),
      version: VERSION
    }
  }

  async peers (): Promise<PeerSummary[]> {
    const connections = this.components.connectionManager.getConnections()
    const protocols = new Map<string, string[]>()
    for (const conn of connections) {
      const id = conn.remotePeer.toString()
      if (protocols.has(id)) continue
      const peer = await this.components.peerStore.get(conn.remotePeer).catch(() => undefined)
      protocols.set(id, peer?.protocols ?? [])
    }
    return summarisePeers(connections, protocols)
  }

  async status (): Promise<ShoalStatus> {
    const connections = this.components.connectionManager.getConnections()
    const dht = this.dht()
    const reach = optionalService<ReachabilityService>(this.components, 'reachability')
    const relay = optionalService<{ reservations?: { size: number } }>(this.components, reach?.relayServerName() ?? 'relay')
    const { reachability, ...nat } = reach?.status(relay?.reservations?.size ?? 0) ?? unknownReachability(connections)
    return {
      ...this.id(),
      startedAt: this.startedAt,
      uptimeMs: Date.now() - this.startedAt,
      connections: connections.length,
      peers: new Set(connections.map(c => c.remotePeer.toString())).size,
      knownPeers: (await this.components.peerStore.all()).length,
      dht: {
        mode: dht?.getMode() ?? 'off',
        routingTableSize: dht?.routingTable?.size ?? 0,
        discovered: this.discoveredByDht.size
      },
      reachability,
      nat
    }
  }

  /** ids of peers this peer learned of through DHT answers (not only through its bootstrap list) */
  dhtDiscoveredPeers (): string[] {
    return [...this.discoveredByDht]
  }

  private dht (): DhtView | undefined {
    return siblingService<DhtView>(this.components, this.dhtService)
  }

  private onDhtPeer (evt: CustomEvent<{ id: PeerId }>): void {
    const id = evt.detail.id
    if (id.equals(this.components.peerId)) return
    this.discoveredByDht.add(id.toString())
  }

  private onConnect (evt: CustomEvent<PeerId>): void {
    const peer = evt.detail
    this.lostPeers.forget(peer.toString())
    // (re)joining the mesh: the first connection, or the first after being alone
    if (this.warmupStep < 0 || this.components.connectionManager.getConnections().length <= 1) {
      clearTimeout(this.warmupTimer)
      this.scheduleWarmupLookup(0)
    }
    this.safeDispatchEvent('peer:joined', { detail: peer.toString() })
    this.components.peerStore.merge(peer, {
      metadata: { [LAST_SEEN_METADATA]: new TextEncoder().encode(String(Date.now())) }
    }).catch(err => { this.log.trace('could not record last-seen of %p - %e', peer, err) })
  }

  private onDisconnect (evt: CustomEvent<PeerId>): void {
    if (this.running) this.lostPeers.remember(evt.detail.toString(), Date.now())
    this.safeDispatchEvent('peer:left', { detail: evt.detail.toString() })
  }

  /**
   * kad-dht looks itself up once at start and then every few minutes; a peer
   * that joins alongside others would not hear of them for that long. So,
   * from the first connection on, look ourselves up again on a short,
   * widening schedule until the mesh around us has settled.
   */
  private scheduleWarmupLookup (step: number): void {
    const dht = this.dht()
    if (dht == null || step >= DHT_WARMUP_DELAYS_MS.length || !this.running) return
    this.warmupStep = step
    this.warmupTimer = setTimeout(() => {
      this.lookUpSelf(dht)
        .catch(err => { this.log('warm-up lookup failed - %e', err) })
        .finally(() => { this.scheduleWarmupLookup(step + 1) })
    }, DHT_WARMUP_DELAYS_MS[step])
    this.warmupTimer.unref?.()
  }

  private async lookUpSelf (dht: DhtView): Promise<void> {
    if (!this.running || this.components.connectionManager.getConnections().length === 0) return
    const signal = AbortSignal.timeout(DHT_WARMUP_LOOKUP_TIMEOUT_MS)
    for await (const _ of dht.getClosestPeers(this.components.peerId.toMultihash().bytes, { signal })) { /* peers arrive through the 'peer' events */ }
  }

  private dialEntryPoints (): void {
    for (const address of this.bootstrap) {
      this.components.connectionManager.openConnection(multiaddr(address), { signal: AbortSignal.timeout(this.reconnectTimeoutMs) })
        .catch(err => { this.log('could not reach entry point %s - %e', address, err) })
    }
  }

  private async redialKnownPeers (): Promise<void> {
    if (this.reconnectPeers === 0) return
    const stored = await this.components.peerStore.all()
    const candidates = stored
      .filter(p => !p.id.equals(this.components.peerId) && p.addresses.length > 0)
      .map(p => ({ peer: p, lastSeen: Number(new TextDecoder().decode(p.metadata.get(LAST_SEEN_METADATA) ?? new Uint8Array())) || 0 }))
      .filter(c => c.lastSeen > 0)
    const chosen = pickPeersToRedial(candidates, this.reconnectPeers)
    this.log('redialling %d of %d known peers', chosen.length, candidates.length)
    await Promise.allSettled(chosen.map(async ({ peer }) => {
      if (!this.running) return
      await this.components.connectionManager.openConnection(peer.id, { signal: AbortSignal.timeout(this.reconnectTimeoutMs) })
    }))
  }
}

/** a node assembled without the reachability service */
function unknownReachability (connections: Connection[]): ReachabilityStatus {
  return {
    reachability: 'unknown',
    reason: 'probing',
    observedAddresses: [],
    announcedAddresses: [],
    reservations: [],
    relay: { serving: false, reservations: 0, maxReservations: 0, refused: { banned: 0, notServing: 0, full: 0 }, cut: { duration: 0, data: 0 } },
    connections: connections.map(summariseConnection),
    links: []
  }
}

/** libp2p's components throw for a service the node was assembled without */
function optionalService<T> (components: object, name: string): T | undefined {
  try {
    return siblingService<T>(components, name)
  } catch {
    return undefined
  }
}
