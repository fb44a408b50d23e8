/**
 * Reachability: whether others can dial this peer, and what it does about it.
 *
 * AutoNAT v2 confirms (or not) the addresses this peer listens on; this
 * service reads the verdict from the address manager, and once a peer has
 * waited `probeMs` from its first connection without a confirmed public
 * address it calls itself private and takes reservations on a few relays
 * (`/p2p-circuit` listeners: the relay transport finds relays among the
 * peers it meets, through the DHT and the bootstrap list). A public peer
 * serves as a relay when the relay service is 'auto'; the connection gater
 * asks `admitReservation()` before every reservation. Browser peers that
 * joined through this peer over WebSockets (the /contribute page) get a
 * reservation whatever this peer's own reachability: a page can be reached by
 * other peers only through the daemons it joined, and a daemon on a LAN or
 * loopback is never confirmed public.
 */
import { serviceCapabilities } from '@libp2p/interface'
import { isPrivate } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { BROWSER_AGENT } from './constants.js'
import type { ComponentLogger, Connection, IdentifyResult, Libp2pEvents, Logger, PeerId, PeerStore, Startable } from '@libp2p/interface'
import type { AddressManager, ConnectionManager, Registrar, TransportManager } from '@libp2p/interface-internal'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { TypedEventTarget } from 'main-event'

export type Reachability = 'public' | 'private' | 'unknown'

export interface ConnectionSummary {
  peerId: string
  address: string
  direction: 'inbound' | 'outbound'
  /** relayed: the bytes go through a relay, under its limits */
  relayed: boolean
  transport: TransportKind
}

export type TransportKind = 'relay' | 'webrtc' | 'tcp' | 'ws' | 'memory' | 'other'

export interface ReachabilityStatus {
  reachability: Reachability
  /** how the verdict was reached: 'declared' (config), 'autonat', 'no-confirmation' (probe window passed), 'probing', 'no-network' (memory-only peer) */
  reason: 'declared' | 'autonat' | 'no-confirmation' | 'probing' | 'no-network'
  /** addresses other peers told us they see us on */
  observedAddresses: string[]
  /** addresses we tell others to dial */
  announcedAddresses: string[]
  /** relays holding a reservation for us, with the circuit address they give us */
  reservations: Array<{ relay: string, address: string }>
  /** this peer as a relay: whether it takes reservations, how many it holds, how many it refused and why, how many relayed connections it cut */
  relay: { serving: boolean, reservations: number, maxReservations: number, refused: RelayRefusals, cut: RelayCuts }
  connections: ConnectionSummary[]
  /** per peer met: when the first connection opened, whether it was relayed, and when the first direct one opened */
  links: LinkRecord[]
}

/** reservation requests refused: from banned peers, while not serving, and over `maxReservations` */
export interface RelayRefusals { banned: number, notServing: number, full: number }

/** relayed connections cut for outgrowing their limits: time (`duration`) or bytes (`data`) */
export interface RelayCuts { duration: number, data: number }

export interface LinkRecord {
  peerId: string
  firstContactAt: number
  firstRelayed: boolean
  /** when a direct connection first carried a protocol (identify); absent: none yet */
  directAt?: number
  /** the transport of that direct connection */
  directTransport?: TransportKind
}

export interface ReachabilityInit {
  /** false for peers with no network transport (memory only): nothing to learn, always 'unknown' */
  network?: boolean
  mode?: 'auto' | 'public' | 'private'
  probeMs?: number
  relayService?: 'auto' | 'on' | 'off'
  /** relays to hold reservations on once private (0: none) */
  reservations?: number
  /**
   * reserve on these relays only (multiaddrs with /p2p/ ids; the first
   * `reservations` distinct peers), never searching the network for others: a
   * browser page reserves on the daemons it joined. A relay that refuses is
   * left alone. Default: search (the DHT, peers met)
   */
  relays?: string[]
  maxRelayReservations?: number
  /** name of the circuit relay server service in this node */
  relayServerService?: string
}

export interface ReachabilityComponents {
  peerId: PeerId
  addressManager: AddressManager
  connectionManager: ConnectionManager
  transportManager: TransportManager
  /** to watch the relay server's hop streams (absent: relayed connections cut are not counted) */
  registrar?: Registrar
  /** to tell browser peers by their identify agent (absent: no reservations for pages while not serving) */
  peerStore?: PeerStore
  events: TypedEventTarget<Libp2pEvents>
  logger: ComponentLogger
}

const CIRCUIT = '/p2p-circuit'
/** circuit relay v2's hop protocol: reservations and relayed connections ask for it */
const HOP_PROTOCOL = '/libp2p/circuit/relay/0.2.0/hop'
/** peers remembered for the first-contact / direct-upgrade record */
const MAX_LINK_RECORDS = 1024
/**
 * A WebRTC connection that has not carried identify by then is closed: the
 * side answering a WebRTC dial treats a signalling stream cut mid-ICE as
 * success (@libp2p/webrtc 6), and the connection it keeps never opens a
 * data channel; left open, it would be preferred over the working relay.
 */
const WEBRTC_IDENTIFY_MS = 15_000
/** how long a reservation request from a peer not yet identified waits for its identify */
const AGENT_WAIT_MS = 5_000

/** what kind of link a connection runs over, from its remote address */
export function transportOf (address: Multiaddr | string): TransportKind {
  const names = (typeof address === 'string' ? multiaddr(address) : address).getComponents().map(c => c.name)
  if (names.includes('p2p-circuit')) return names.includes('webrtc') ? 'webrtc' : 'relay'
  if (names.includes('webrtc') || names.includes('webrtc-direct')) return 'webrtc'
  if (names.includes('ws') || names.includes('wss')) return 'ws'
  if (names.includes('memory')) return 'memory'
  if (names.includes('tcp')) return 'tcp'
  return 'other'
}

/**
 * A private-to-private WebRTC address (`<relay>/p2p-circuit/webrtc/p2p/<peer>`):
 * Shoal's gater keeps these out of libp2p's dial queue; only the jobs
 * service dials them (src/jobs/direct.ts), so two peers never run ICE
 * against each other twice at once.
 */
export function isRelaySignalledWebRTC (address: Multiaddr): boolean {
  const names = address.getComponents().map(c => c.name)
  return names.includes('p2p-circuit') && names.includes('webrtc')
}

/** true when the connection's bytes go through a relay */
export function isRelayed (connection: Pick<Connection, 'remoteAddr' | 'limits'>): boolean {
  return connection.limits != null || transportOf(connection.remoteAddr) === 'relay'
}

export function summariseConnection (c: Connection): ConnectionSummary {
  return {
    peerId: c.remotePeer.toString(),
    address: c.remoteAddr.toString(),
    direction: c.direction,
    relayed: isRelayed(c),
    transport: transportOf(c.remoteAddr)
  }
}

/** a public address (not loopback, LAN, test range or circuit) that AutoNAT or the operator confirmed */
function isConfirmedPublic (addr: { multiaddr: Multiaddr, verified: boolean, type: string }): boolean {
  if (!addr.verified || addr.multiaddr.toString().includes(CIRCUIT)) return false
  if (addr.type === 'announce') return false
  try {
    return isPrivate(addr.multiaddr) === false
  } catch {
    return false
  }
}

export class ReachabilityService implements Startable {
  readonly [Symbol.toStringTag] = '@shoal/reachability'
  readonly [serviceCapabilities] = ['@shoal/reachability']

  private readonly components: ReachabilityComponents
  private readonly log: Logger
  private readonly mode: 'auto' | 'public' | 'private'
  private readonly network: boolean
  private readonly probeMs: number
  private readonly relayService: 'auto' | 'on' | 'off'
  private readonly reservations: number
  private readonly relays: string[]
  private readonly maxRelayReservations: number
  private readonly relayServerService: string
  private probeTimer?: ReturnType<typeof setTimeout>
  private probeOver = false
  private reserving = false
  private running = false
  private readonly refused: RelayRefusals = { banned: 0, notServing: 0, full: 0 }
  private readonly cut: RelayCuts = { duration: 0, data: 0 }
  private readonly links = new Map<string, LinkRecord>()
  /** WebRTC connections not yet identified, by connection id */
  private readonly unproven = new Map<string, ReturnType<typeof setTimeout>>()

  constructor (components: ReachabilityComponents, init: ReachabilityInit = {}) {
    this.components = components
    this.log = components.logger.forComponent('shoal:reachability')
    this.mode = init.mode ?? 'auto'
    this.network = init.network ?? true
    this.probeMs = init.probeMs ?? 30_000
    this.relayService = init.relayService ?? 'auto'
    this.reservations = init.reservations ?? 2
    this.relays = init.relays ?? []
    this.maxRelayReservations = init.maxRelayReservations ?? 15
    this.relayServerService = init.relayServerService ?? 'relay'
    this.onConnect = this.onConnect.bind(this)
    this.onConnectionOpen = this.onConnectionOpen.bind(this)
    this.onIdentify = this.onIdentify.bind(this)
  }

  isStarted (): boolean { return this.running }

  async start (): Promise<void> {
    this.running = true
    this.components.events.addEventListener('peer:connect', this.onConnect)
    this.components.events.addEventListener('connection:open', this.onConnectionOpen)
    this.components.events.addEventListener('peer:identify', this.onIdentify)
  }

  afterStart (): void {
    if (this.mode === 'private') this.takeReservations()
    this.watchRelayedConnections()
  }

  /**
   * circuit-relay-v2 enforces the limits of a relayed connection by aborting
   * its hop stream with DurationLimitError or TransferLimitError, and says so
   * nowhere else: its hop handler is wrapped (the registrar's own
   * getHandler/handle) to count those aborts.
   */
  private watchRelayedConnections (): void {
    const registrar = this.components.registrar
    if (registrar == null || this.relayService === 'off') return
    let hop: ReturnType<Registrar['getHandler']>
    try {
      hop = registrar.getHandler(HOP_PROTOCOL)
    } catch {
      return // no relay server in this node
    }
    const count = (evt: Event): void => {
      const name = (evt as Event & { error?: Error }).error?.name
      if (name === 'DurationLimitError') this.cut.duration++
      else if (name === 'TransferLimitError') this.cut.data++
    }
    registrar.handle(HOP_PROTOCOL, (stream, connection) => {
      stream.addEventListener('close', count, { once: true })
      return hop.handler(stream, connection)
    }, { ...hop.options, force: true })
      .catch(err => { this.log.error('cannot count relayed connections cut - %e', err) })
  }

  async stop (): Promise<void> {
    this.running = false
    clearTimeout(this.probeTimer)
    for (const timer of this.unproven.values()) clearTimeout(timer)
    this.unproven.clear()
    this.components.events.removeEventListener('peer:connect', this.onConnect)
    this.components.events.removeEventListener('connection:open', this.onConnectionOpen)
    this.components.events.removeEventListener('peer:identify', this.onIdentify)
  }

  reachability (): Reachability {
    return this.verdict().reachability
  }

  /**
   * The connection gater asks before each relay reservation; counts what it
   * refuses. `held` is the relay server's view: how many reservations it
   * holds and whether this peer has one; a new one past the limit is
   * refused by the server itself (RESERVATION_REFUSED) right after this
   * returns, and counted here.
   */
  allowReservation (banned: boolean, held?: { size: number, hasPeer: boolean }, fromPage = false): boolean {
    if (banned) {
      this.refused.banned++
      return false
    }
    if (!this.serving() && !(fromPage && this.relayService !== 'off')) {
      this.refused.notServing++
      return false
    }
    if (held != null && !held.hasPeer && held.size >= this.maxRelayReservations) this.refused.full++
    return true
  }

  /**
   * `allowReservation` for a peer, telling first whether it is a browser peer
   * that joined through us (asked only while this peer does not serve all)
   */
  async admitReservation (peer: PeerId, banned: boolean, held?: { size: number, hasPeer: boolean }): Promise<boolean> {
    const fromPage = !banned && !this.serving() && this.relayService !== 'off' && await this.isJoinedPage(peer)
    return this.allowReservation(banned, held, fromPage)
  }

  /**
   * a browser peer connected to us directly over WebSockets, by its identify
   * agent (`shoal-browser/…`); a reservation request can come before identify
   * has finished, so a peer not yet identified is waited for, briefly
   */
  private async isJoinedPage (peer: PeerId): Promise<boolean> {
    const joined = this.components.connectionManager.getConnections(peer)
      .some(c => c.direction === 'inbound' && !isRelayed(c) && transportOf(c.remoteAddr) === 'ws')
    if (!joined || this.components.peerStore == null) return false
    const agent = await this.agentOf(peer) ?? await this.identified(peer)
    return agent?.startsWith(BROWSER_AGENT + '/') ?? false
  }

  private async agentOf (peer: PeerId): Promise<string | undefined> {
    try {
      const bytes = (await this.components.peerStore?.get(peer))?.metadata.get('AgentVersion')
      return bytes != null ? new TextDecoder().decode(bytes) : undefined
    } catch {
      return undefined // not in the peer store yet
    }
  }

  private async identified (peer: PeerId): Promise<string | undefined> {
    return new Promise(resolve => {
      const done = (agent?: string): void => {
        clearTimeout(timer)
        this.components.events.removeEventListener('peer:identify', onIdentify)
        resolve(agent)
      }
      const onIdentify = (evt: CustomEvent<IdentifyResult>): void => {
        if (evt.detail.peerId.equals(peer)) done(evt.detail.agentVersion)
      }
      const timer = setTimeout(() => { this.agentOf(peer).then(done, () => { done() }) }, AGENT_WAIT_MS)
      this.components.events.addEventListener('peer:identify', onIdentify)
      // identify may have finished between the first look and the listener
      this.agentOf(peer).then(agent => { if (agent != null) done(agent) }, () => {})
    })
  }

  status (relayReservations = 0): ReachabilityStatus {
    const { reachability, reason } = this.verdict()
    const am = this.components.addressManager
    const announced = am.getAddresses().map(a => a.toString())
    return {
      reachability,
      reason,
      observedAddresses: am.getObservedAddrs().map(a => a.toString()),
      announcedAddresses: announced,
      reservations: announced.filter(a => a.includes(CIRCUIT)).map(address => ({ relay: relayOf(address), address })),
      relay: { serving: this.serving(), reservations: relayReservations, maxReservations: this.maxRelayReservations, refused: { ...this.refused }, cut: { ...this.cut } },
      connections: this.components.connectionManager.getConnections().map(summariseConnection),
      links: [...this.links.values()].map(l => ({ ...l }))
    }
  }

  /** what this peer refused and cut as a relay, since it started (the metrics read it) */
  relayStats (): { refused: RelayRefusals, cut: RelayCuts } {
    return { refused: { ...this.refused }, cut: { ...this.cut } }
  }

  /** name of the relay server service, so callers can count its reservations */
  relayServerName (): string { return this.relayServerService }

  private serving (): boolean {
    if (this.relayService === 'off') return false
    if (this.relayService === 'on') return true
    return this.reachability() === 'public'
  }

  private verdict (): Pick<ReachabilityStatus, 'reachability' | 'reason'> {
    if (!this.network) return { reachability: 'unknown', reason: 'no-network' }
    if (this.mode !== 'auto') return { reachability: this.mode, reason: 'declared' }
    if (this.components.addressManager.getAddressesWithMetadata().some(isConfirmedPublic)) return { reachability: 'public', reason: 'autonat' }
    if (this.probeOver) return { reachability: 'private', reason: 'no-confirmation' }
    return { reachability: 'unknown', reason: 'probing' }
  }

  private onConnectionOpen (evt: CustomEvent<Connection>): void {
    const c = evt.detail
    const peer = c.remotePeer.toString()
    const relayed = isRelayed(c)
    const link = this.links.get(peer)
    if (link == null) {
      if (this.links.size >= MAX_LINK_RECORDS) this.links.delete(this.links.keys().next().value as string)
      this.links.set(peer, { peerId: peer, firstContactAt: Date.now(), firstRelayed: relayed })
    }
    if (!relayed && transportOf(c.remoteAddr) === 'webrtc') this.watchWebRTC(c)
  }

  private watchWebRTC (c: Connection): void {
    const timer = setTimeout(() => {
      this.unproven.delete(c.id)
      if (c.status !== 'open') return
      this.log('closing WebRTC connection %s to %p: no protocol ran over it', c.id, c.remotePeer)
      c.abort(new Error('WebRTC connection carried no protocol'))
    }, WEBRTC_IDENTIFY_MS)
    timer.unref?.()
    this.unproven.set(c.id, timer)
  }

  /** a direct connection counts once a protocol ran over it (identify): a WebRTC connection whose channels never open does not */
  private onIdentify (evt: CustomEvent<IdentifyResult>): void {
    const c = evt.detail.connection
    const unproven = this.unproven.get(c.id)
    if (unproven != null) {
      clearTimeout(unproven)
      this.unproven.delete(c.id)
    }
    const link = this.links.get(c.remotePeer.toString())
    if (link == null || link.directAt != null || isRelayed(c)) return
    link.directAt = Date.now()
    link.directTransport = transportOf(c.remoteAddr)
  }

  private onConnect (): void {
    if (this.mode !== 'auto' || !this.network || this.probeTimer != null) return
    // AutoNAT runs as soon as peers that speak it connect; give it a window
    this.probeTimer = setTimeout(() => {
      this.probeOver = true
      if (this.running && this.reachability() !== 'public') this.takeReservations()
    }, this.probeMs)
    this.probeTimer.unref?.()
  }

  /**
   * listen on `/p2p-circuit` once per wanted reservation: the relay transport
   * finds relays and renews reservations; or on `<relay>/p2p-circuit` for
   * each relay given
   */
  private takeReservations (): void {
    if (this.reserving || this.reservations === 0) return
    if (!this.components.transportManager.getTransports().some(t => t[Symbol.toStringTag] === '@libp2p/circuit-relay-v2-transport')) return
    this.reserving = true
    const wanted = this.relays.length > 0
      ? givenRelays(this.relays, this.reservations)
      : Array.from({ length: this.reservations }, () => multiaddr(CIRCUIT))
    this.log('no confirmed public address: reserving on %d relays', wanted.length)
    // one at a time: a relay that refuses does not stop the others
    for (const addr of wanted) {
      this.components.transportManager.listen([addr])
        .catch(err => { this.log.error('could not reserve on relay %a - %e', addr, err) })
    }
  }
}

/** `<relay>/p2p-circuit` for the first `n` distinct relays among `addresses` (which name their /p2p/ id) */
function givenRelays (addresses: string[], n: number): Multiaddr[] {
  const byPeer = new Map<string, Multiaddr>()
  for (const a of addresses) {
    const ma = multiaddr(a)
    const peer = ma.getComponents().findLast(c => c.name === 'p2p')?.value
    if (peer != null && !byPeer.has(peer)) byPeer.set(peer, ma.encapsulate(CIRCUIT))
  }
  return [...byPeer.values()].slice(0, n)
}

function relayOf (circuitAddress: string): string {
  const before = circuitAddress.split(CIRCUIT)[0]
  return /\/p2p\/([^/]+)$/.exec(before)?.[1] ?? before
}

export function reachabilityService (init: ReachabilityInit = {}): (components: ReachabilityComponents) => ReachabilityService {
  return (components) => new ReachabilityService(components, init)
}
