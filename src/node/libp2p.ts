/**
 * Assembles the libp2p node a Shoal peer runs on, from a ShoalConfig.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { autoNATv2 } from '@libp2p/autonat-v2'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { dcutr } from '@libp2p/dcutr'
import { uPnPNAT } from '@libp2p/upnp-nat'
import { webRTC } from '@libp2p/webrtc'
import { yamux } from '@chainsafe/libp2p-yamux'
import { gossipsub } from '@libp2p/gossipsub'
import { createPeerScoreParams, createTopicScoreParams } from '@libp2p/gossipsub/score'
import { identify, identifyPush } from '@libp2p/identify'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper, removePublicAddressesMapper } from '@libp2p/kad-dht'
import { memory } from '@libp2p/memory'
import { ping } from '@libp2p/ping'
import { plaintext } from '@libp2p/plaintext'
import { preSharedKey } from '@libp2p/pnet'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p } from 'libp2p'
import { capacity, CAPACITY_TOPIC } from '../capacity/index.js'
import { nodeProbe } from './probe.js'
import { jobs } from '../jobs/index.js'
import { guard } from '../guard/index.js'
import { data } from '../data/index.js'
import { reputation, REPUTATION_TOPIC } from '../reputation/index.js'
import { shoal } from '../service/index.js'
import { VERSION } from '../version.js'
import { libp2pMetrics, registerShoalMetrics } from './metrics.js'
import type { OnnxStats } from './onnx/pool.js'
import { toString as bytesToString } from 'uint8arrays/to-string'
import { isRelaySignalledWebRTC, reachabilityService } from '../reachability/index.js'
import type { ReachabilityService } from '../reachability/index.js'
import type { ShoalConfig, TransportName } from './config.js'
import type { JobExecutor } from '../jobs/index.js'
import type { ReputationService } from '../reputation/index.js'
import type { GuardService } from '../guard/index.js'
import type { PeerId, PrivateKey, Libp2p } from '@libp2p/interface'
import type { ShoalLibp2p, ShoalServices } from '../peer/index.js'
import type { DataService } from '../data/index.js'
import type { Blockstore } from 'interface-blockstore'
import type { Identify, IdentifyPush } from '@libp2p/identify'
import type { KadDHT } from '@libp2p/kad-dht'
import type { Ping } from '@libp2p/ping'
import type { Datastore } from 'interface-datastore'
import type { Registry } from 'prom-client'
import { useNodeEd25519 } from './ed25519.js'
import { useNodeSha256 } from './hash.js'

// signatures on key objects imported once (src/node/ed25519.ts); small bodies hashed on the loop (src/node/hash.ts)
useNodeEd25519()
useNodeSha256()

export type { ShoalLibp2p, ShoalServices }

const TRANSPORTS: Record<TransportName, () => any> = {
  tcp: () => tcp(),
  ws: () => webSockets(),
  memory: () => memory()
}

const DHT_ADDRESS_FILTERS = {
  all: passthroughMapper,
  public: removePrivateAddressesMapper,
  private: removePublicAddressesMapper
}

/**
 * Both of Shoal's topics carry sparse, signed, validated messages: reward
 * first deliveries, never punish a mesh peer for delivering few, punish
 * invalid ones hard.
 */
function sparseTopicScore (): ReturnType<typeof createTopicScoreParams> {
  return createTopicScoreParams({
    topicWeight: 0.5,
    timeInMeshWeight: 0.01,
    timeInMeshQuantum: 1_000,
    timeInMeshCap: 300,
    firstMessageDeliveriesWeight: 1,
    firstMessageDeliveriesDecay: 0.9,
    firstMessageDeliveriesCap: 20,
    meshMessageDeliveriesWeight: 0,
    meshFailurePenaltyWeight: 0,
    invalidMessageDeliveriesWeight: -100,
    invalidMessageDeliveriesDecay: 0.5
  })
}

/**
 * Gossip scoring: a peer that relays invalid messages loses standing fast;
 * loopback is exempt from the IP-colocation penalty only on local meshes,
 * where every peer shares one address.
 */
function gossipScoreParams (localMesh: boolean, appScore: (peer: string) => number): ReturnType<typeof createPeerScoreParams> {
  return createPeerScoreParams({
    // the reputation table speaks too: banned peers sink below the graylist
    appSpecificScore: appScore,
    appSpecificWeight: 1,
    IPColocationFactorWhitelist: new Set(localMesh ? ['127.0.0.1', '::1'] : []),
    topics: {
      [CAPACITY_TOPIC]: sparseTopicScore(),
      [REPUTATION_TOPIC]: sparseTopicScore()
    }
  })
}

export interface PeerParts {
  privateKey: PrivateKey
  datastore: Datastore
  /** runs jobs on this peer; absent: this peer only requests */
  executor?: JobExecutor
  /** this peer's own Prometheus registry, for libp2p's metrics and Shoal's; absent: no metrics */
  metrics?: Registry
  /** a private mesh's pre-shared key (the file's bytes, checked by parsePsk) */
  psk?: Uint8Array
  /** libp2p transports added to the configured ones (an app's own links; the simulator's thread links) */
  customTransports?: Array<(components: any) => unknown>
  /** no encryption: for simulations of many peers in one process only, never on a network */
  plaintext?: boolean
  /** libp2p's connection monitor (ping every connection, drop those that fail); default on */
  monitorConnections?: boolean
  /** gossipsub mesh degree and gossip factor (simulations); absent: libp2p's defaults */
  gossip?: { D?: number, Dlo?: number, Dhi?: number, Dlazy?: number, gossipFactor?: number }
  /** where the data service keeps blocks (blockstore-fs in the data dir); absent: memory */
  blockstore?: Blockstore
}

/** reachability needs a network: memory-only peers (tests, simulations) go without */
export function usesNetwork (config: ShoalConfig): boolean {
  return config.transports.some(t => t === 'tcp' || t === 'ws')
}

/** the transports, listen addresses and services that make a peer behind NAT reachable */
function reachabilityParts (config: ShoalConfig): { transports: any[], listen: string[], services: Record<string, any> } {
  const r = config.reachability
  if (!usesNetwork(config)) return { transports: [], listen: [], services: {} }
  const transports: any[] = [circuitRelayTransport({ reservationCompletionTimeout: 10_000 })]
  const listen: string[] = []
  const services: Record<string, any> = {}
  if (r.webrtc) {
    transports.push(webRTC({ rtcConfiguration: { iceServers: r.stun.map(urls => ({ urls })) } }))
    listen.push('/webrtc')
  }
  if (r.autonat) services.autonat = autoNATv2()
  if (r.relayService !== 'off') {
    services.relay = circuitRelayServer({
      reservations: {
        maxReservations: r.relayLimits.maxReservations,
        reservationTtl: r.relayLimits.reservationTtlMs,
        defaultDurationLimit: r.relayLimits.durationMs,
        defaultDataLimit: BigInt(r.relayLimits.dataBytes)
      }
    })
  }
  if (r.dcutr) services.dcutr = dcutr()
  if (r.upnp) services.upnp = uPnPNAT()
  return { transports, listen, services }
}

export async function createShoalLibp2p (config: ShoalConfig, { privateKey, datastore, executor, metrics, psk, customTransports = [], plaintext: insecure = false, monitorConnections = true, gossip = {}, blockstore }: PeerParts): Promise<ShoalLibp2p> {
  // the gater and gossip scoring ask the reputation service, which exists only once the node does
  let rep: ReputationService | undefined
  let guarded: GuardService | undefined
  // banned by the reputation table (bad work) or by the guard (protocol misbehaviour)
  const banned = (peer: { toString: () => string }): boolean => (rep?.isBanned(peer.toString()) ?? false) || (guarded?.isBanned(peer.toString()) ?? false)
  let reach: ReachabilityService | undefined
  let relayServer: { reservations: { size: number, has: (peer: PeerId) => boolean } } | undefined
  const extra = reachabilityParts(config)
  const node = await createLibp2p<ShoalServices>({
    connectionGater: {
      denyDialPeer: async (peer) => banned(peer),
      // WebRTC through a relay is dialled by the jobs service alone, outside the dial queue
      // (src/jobs/direct.ts): one dialler per pair, and ICE gets more than the queue's 6 s per address
      denyDialMultiaddr: async (ma) => isRelaySignalledWebRTC(ma),
      denyInboundEncryptedConnection: async (peer) => banned(peer),
      denyOutboundEncryptedConnection: async (peer) => banned(peer),
      // WebRTC connections skip the encryption step (DTLS does that job): they are checked here
      denyInboundUpgradedConnection: async (peer) => banned(peer),
      denyOutboundUpgradedConnection: async (peer) => banned(peer),
      // a relay takes reservations while it serves (public, or told to), and from the browser pages
      // that joined through it whatever its reachability; never from banned peers
      denyInboundRelayReservation: async (peer) => {
        const store = relayServer?.reservations
        return !(await reach?.admitReservation(peer, banned(peer), store != null ? { size: store.size, hasPeer: store.has(peer) } : undefined) ?? false)
      }
    },
    start: false,
    ...(metrics != null ? { metrics: await libp2pMetrics(metrics) } : {}),
    privateKey,
    datastore,
    nodeInfo: { name: 'shoal', version: VERSION },
    addresses: { listen: [...config.listen, ...extra.listen], announce: config.announce },
    transports: [...config.transports.map(name => TRANSPORTS[name]()), ...customTransports, ...extra.transports],
    // a private mesh: every connection is wrapped in the key's cipher before anything else is said
    ...(psk != null ? { connectionProtector: preSharedKey({ psk }) } : {}),
    connectionEncrypters: [insecure ? plaintext() : noise()],
    streamMuxers: [yamux()],
    connectionMonitor: { enabled: monitorConnections },
    connectionManager: {
      maxConnections: config.connections.max,
      allow: config.connections.allow
    },
    services: {
      // first: the protocol services find it when they start
      guard: guard(),
      identify: identify(),
      identifyPush: identifyPush(),
      // the DHT and the connection monitor both ping: one outbound stream (the
      // default) makes the monitor's ping fail and abort healthy connections
      ping: ping({ maxOutboundStreams: 4 }),
      dht: kadDHT({
        protocol: config.dht.protocol,
        clientMode: config.dht.clientMode,
        peerInfoMapper: DHT_ADDRESS_FILTERS[config.dht.addresses],
        logPrefix: 'shoal:dht',
        datastorePrefix: '/shoal/dht',
        metricsPrefix: 'shoal_dht'
      }),
      pubsub: gossipsub({
        ...gossip,
        allowPublishToZeroTopicPeers: true,
        emitSelf: false,
        allowedTopics: [CAPACITY_TOPIC, REPUTATION_TOPIC],
        maxInboundDataLength: 1024 * 1024,
        fastMsgIdFn: fastMessageId,
        // banned peers sink far below the graylist; trusted ones get a small lift; nobody else is judged by trust here
        scoreParams: gossipScoreParams(config.localMesh, (peer) => rep == null ? 0 : banned(peer) ? -1000 : Math.max(0, rep.trust(peer) - 0.3) * 10)
      }),
      capacity: capacity({
        probe: nodeProbe(),
        syncStreams: config.limits.syncStreamsPerConnection,
        reachability: () => reach?.reachability() ?? 'unknown',
        // a worker's advertised addresses are kept as its DHT records would be
        addressFilter: (id, multiaddrs) => DHT_ADDRESS_FILTERS[config.dht.addresses]({ id, multiaddrs }).multiaddrs,
        advertise: config.capacity.advertise,
        intervalMs: config.capacity.intervalMs,
        offer: {
          maxJobs: config.capacity.maxJobs,
          maxMemoryMb: config.capacity.maxMemoryMb,
          cpuShare: config.capacity.cpuShare,
          price: config.capacity.price,
          labels: config.capacity.labels,
          runtimes: executor != null ? ['wasm'] : [],
          kinds: executor?.kinds() ?? [],
          datasets: executor?.datasets?.().map(({ name, size, cid, public: isPublic }) => ({ name, size, public: isPublic, ...(cid != null ? { cid } : {}) })) ?? [],
          inference: executor?.inference != null ? () => executor.inference!() : undefined
        }
      }),
      jobs: jobs({
        executor,
        terms: { maxMemoryMb: config.capacity.maxMemoryMb, price: config.capacity.price },
        requireStanding: config.jobs.requireStanding,
        limits: config.limits,
        retention: config.retention
      }),
      reputation: reputation({ retention: config.retention, syncStreams: config.limits.syncStreamsPerConnection }),
      shoal: shoal({ reconnectPeers: config.connections.reconnect, bootstrap: config.bootstrap, rejoinBelowConnections: Math.floor(config.connections.max / 2) }),
      reachability: reachabilityService({
        network: usesNetwork(config),
        mode: config.reachability.mode,
        probeMs: config.reachability.probeMs,
        relayService: extra.services.relay != null ? config.reachability.relayService : 'off',
        reservations: usesNetwork(config) ? config.reachability.reservations : 0,
        maxRelayReservations: config.reachability.relayLimits.maxReservations
      }),
      data: data({ blockstore, storeMaxBytes: config.storeMax }),
      ...extra.services
    }
  })
  rep = node.services.reputation
  guarded = node.services.guard
  reach = node.services.reachability
  relayServer = node.services.relay as typeof relayServer
  if (metrics != null) {
    registerShoalMetrics(metrics, {
      capacity: node.services.capacity,
      jobs: node.services.jobs,
      reputation: node.services.reputation,
      slots: () => executor?.slots(),
      connectedPeers: () => node.getPeers().length,
      declined: () => node.services.jobs.declined(),
      guard: node.services.guard,
      data: node.services.data,
      relay: { reservations: () => relayServer?.reservations.size ?? 0, stats: () => node.services.reachability.relayStats() },
      onnx: (executor as { onnx?: { stats: () => OnnxStats } } | undefined)?.onnx
    })
  }
  return node
}

/**
 * Sender and sequence number (StrictSign: both signed): gossipsub drops a
 * copy of a message it has already accepted before checking its signature
 * again. Without it every copy was checked, about five per message at mesh
 * degree 6: a third of the CPU of 60 peers in one process (shoal sim). A
 * forged copy is never cached (only messages that pass validation are), so
 * it cannot shadow the real one.
 */
function fastMessageId (msg: { from?: Uint8Array, seqno?: Uint8Array }): string {
  return `${bytesToString(msg.from ?? new Uint8Array(), 'base64')}/${bytesToString(msg.seqno ?? new Uint8Array(), 'base16')}`
}
