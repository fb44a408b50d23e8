/**
 * The browser peer: Shoal's capacity, jobs and reputation services on libp2p
 * in a web page. WebSockets to daemons that listen on /ws or /wss; circuit
 * relay v2 (a reservation on a daemon that relays) and WebRTC signalled
 * through it, so other browsers reach this page at
 * `<daemon>/p2p-circuit/webrtc/p2p/<page>` and it reaches them; noise, yamux,
 * identify, ping, gossipsub on Shoal's two topics, the DHT in client mode (a
 * page cannot be dialled directly, so it serves no records), identity and
 * datastore in IndexedDB (a reload is the same peer, with the same
 * reputation), jobs in Web Workers (executor.ts).
 *
 * The same protocol code as the daemon (src/node/libp2p.ts assembles the
 * daemon's node): only the transports, the probe, the datastore and the
 * executor differ.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { gossipsub } from '@libp2p/gossipsub'
import { identify, identifyPush } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { webRTC } from '@libp2p/webrtc'
import { webSockets } from '@libp2p/websockets'
import { IDBDatastore } from 'datastore-idb'
import { createLibp2p } from 'libp2p'
import { capacity, CAPACITY_TOPIC } from '../capacity/index.js'
import { guard } from '../guard/index.js'
import { DEFAULT_ADVERT_INTERVAL_MS } from '../capacity/constants.js'
import { jobs } from '../jobs/index.js'
import { reputation, REPUTATION_TOPIC } from '../reputation/index.js'
import { shoal } from '../service/index.js'
import { DEFAULT_DHT_PROTOCOL, loadOrCreateIdentity } from '../peer/index.js'
import { BROWSER_AGENT, reachabilityService } from '../reachability/index.js'
import { DEFAULT_LIMITS, DEFAULT_RETENTION } from '../limits.js'
import { VERSION } from '../version.js'
import { browserExecutor } from './executor.js'
import { PageDatasets } from './datasets.js'
import type { DatasetInfo } from '../capacity/advert.js'
import { browserProbe } from './probe.js'
import type { BrowserExecutor } from './executor.js'
import type { ShoalLibp2p, ShoalServices } from '../peer/index.js'
import type { ExecOutcome, JobHandler, HandlerLimits, JobSpec, HeldDataset } from '../jobs/types.js'
import type { JobHandle } from '../jobs/service.js'

/** the label every browser peer carries, so requesters can pick (or avoid) them */
export const BROWSER_LABELS = { runtime: 'browser' } as const
/** the IndexedDB database a page keeps its identity and records in, by default */
export const DEFAULT_DB_NAME = 'shoal'

export interface BrowserShoalOptions {
  /** daemons to join through: /ws or /wss multiaddrs with their /p2p/ ids */
  bootstrap: string[]
  /** job slots offered (default: navigator.hardwareConcurrency); 0 only requests */
  slots?: number
  /** the bundled worker script (default: shoal-worker.js next to the page) */
  workerUrl?: string | URL
  /** the bundled ONNX worker script (default: shoal-onnx-worker.js next to the page); false: run no onnx jobs */
  onnxWorkerUrl?: string | URL | false
  /** the IndexedDB database name (default `shoal`) */
  dbName?: string
  /** labels besides runtime=browser */
  labels?: Record<string, string>
  /** credits per job-second asked (default 0) */
  price?: number
  /** told when a job this peer ran ends */
  onJobEnd?: (outcome: ExecOutcome) => void
  /**
   * reachable by other browsers: a relay reservation on a daemon and WebRTC
   * through it (default true); false: WebSockets to daemons only
   */
  webrtc?: boolean
  /** STUN servers for WebRTC across NATs, e.g. `stun:stun.example.org:3478` (default none: the page contacts nobody it was not told to) */
  stun?: string[]
}

export interface BrowserShoal {
  readonly libp2p: ShoalLibp2p
  readonly executor: BrowserExecutor
  readonly peerId: string
  /** changes the slots offered and republishes the advert at once */
  setSlots(n: number): void
  /** paused: offers no slots (new jobs go elsewhere); running jobs finish */
  setPaused(paused: boolean): void
  /** runs jobs of `kind` here with the app's handler (in the page, on the same slots), and advertises the kind */
  handle(kind: string, handler: JobHandler, limits?: Partial<HandlerLimits>): void
  /**
   * keeps a data set in this page (IndexedDB, so it outlives a reload) and
   * advertises it: wasm jobs that name it run here and read it read-only at
   * /data/<name>. Public by default (the page's data is meant to be shared)
   */
  addDataset(name: string, files: Array<[string, Uint8Array]>, options?: { public?: boolean }): Promise<HeldDataset>
  removeDataset(name: string): Promise<boolean>
  datasets(): HeldDataset[]
  submit(spec: JobSpec): JobHandle
  credits(): ReturnType<ShoalServices['reputation']['credits']>
  /**
   * this peer's standing as the mesh reports it: the signed reports about it
   * that reached it (gossip and sync), each reporter taken at its word; a
   * newcomer's trust until the first arrives. Its own view of itself (trust 1)
   * says nothing.
   */
  standing(): { trust: number, reporters: number, good: number, bad: number }
  stop(): Promise<void>
}

export async function createBrowserShoal (options: BrowserShoalOptions): Promise<BrowserShoal> {
  const datastore = new IDBDatastore(options.dbName ?? DEFAULT_DB_NAME)
  await datastore.open()
  const { privateKey } = await loadOrCreateIdentity(datastore)
  const slots = options.slots ?? Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1)
  const datasets = new PageDatasets(`${options.dbName ?? DEFAULT_DB_NAME}-datasets`)
  await datasets.open()
  const advertised = (): DatasetInfo[] => datasets.list().map(({ name, size, public: isPublic }) => ({ name, size, public: isPublic }))
  const executor = browserExecutor({
    slots,
    datasets,
    workerUrl: options.workerUrl ?? new URL('./shoal-worker.js', globalThis.location?.href),
    onnxWorkerUrl: options.onnxWorkerUrl === false ? undefined : options.onnxWorkerUrl ?? new URL('./shoal-onnx-worker.js', globalThis.location?.href),
    onJobEnd: options.onJobEnd
  })
  let rep: ShoalServices['reputation'] | undefined
  let guarded: ShoalServices['guard'] | undefined
  // banned by the reputation table (bad work) or by the guard (protocol misbehaviour)
  const banned = (peer: { toString: () => string }): boolean => (rep?.isBanned(peer.toString()) ?? false) || (guarded?.isBanned(peer.toString()) ?? false)
  const webrtc = options.webrtc ?? true
  const node = await createLibp2p<ShoalServices>({
    start: false,
    privateKey,
    datastore,
    // the relay reservations (`/p2p-circuit`) are taken by the reachability service below
    addresses: { listen: webrtc ? ['/webrtc'] : [] },
    nodeInfo: { name: BROWSER_AGENT, version: VERSION },
    connectionGater: {
      // the browser default refuses ws:// and private addresses; a page dials only the daemons it was pointed at
      denyDialMultiaddr: async () => false,
      denyDialPeer: async (peer) => banned(peer),
      denyInboundEncryptedConnection: async (peer) => banned(peer),
      denyOutboundEncryptedConnection: async (peer) => banned(peer)
    },
    transports: webrtc
      ? [webSockets(), circuitRelayTransport({ reservationCompletionTimeout: 10_000 }), webRTC({ rtcConfiguration: { iceServers: (options.stun ?? []).map(urls => ({ urls })) } })]
      : [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      // first: the protocol services find it when they start
      guard: guard(),
      identify: identify(),
      identifyPush: identifyPush(),
      ping: ping({ maxOutboundStreams: 4 }),
      // every address kept (the default drops private ones): a page on a LAN or loopback mesh must find
      // its daemons in its routing table, and other pages at their relay addresses
      dht: kadDHT({ protocol: DEFAULT_DHT_PROTOCOL, clientMode: true, peerInfoMapper: passthroughMapper, logPrefix: 'shoal:dht', datastorePrefix: '/shoal/dht', metricsPrefix: 'shoal_dht' }),
      pubsub: gossipsub({
        allowPublishToZeroTopicPeers: true,
        emitSelf: false,
        allowedTopics: [CAPACITY_TOPIC, REPUTATION_TOPIC],
        maxInboundDataLength: 1024 * 1024
      }),
      capacity: capacity({
        probe: browserProbe(),
        syncStreams: DEFAULT_LIMITS.syncStreamsPerConnection,
        // a page is reached over the connection it opened, or through its relay
        reachability: () => 'private',
        advertise: slots > 0,
        intervalMs: DEFAULT_ADVERT_INTERVAL_MS,
        offer: {
          maxJobs: slots,
          cpuShare: 1,
          price: options.price ?? 0,
          labels: { ...options.labels, ...BROWSER_LABELS },
          runtimes: ['wasm'],
          kinds: executor.kinds(),
          inference: executor.inference != null ? () => executor.inference!() : undefined,
          datasets: advertised()
        }
      }),
      jobs: jobs({ executor, terms: { price: options.price ?? 0 }, requireStanding: 'none', limits: DEFAULT_LIMITS, retention: DEFAULT_RETENTION }),
      reputation: reputation({ retention: DEFAULT_RETENTION, syncStreams: DEFAULT_LIMITS.syncStreamsPerConnection }),
      shoal: shoal({ reconnectPeers: 0, bootstrap: options.bootstrap }),
      // declared private (a page cannot be dialled directly), relays for nobody, and holds
      // reservations on up to two of the daemons it joins through, for WebRTC signalling; it
      // never searches the network for relays (that is a DHT query after another, for good)
      reachability: reachabilityService({ network: true, mode: 'private', relayService: 'off', reservations: webrtc ? 2 : 0, relays: options.bootstrap })
    }
  })
  rep = node.services.reputation
  guarded = node.services.guard
  await node.start()
  let wanted = slots
  return {
    libp2p: node,
    executor,
    peerId: node.peerId.toString(),
    setSlots: (n) => {
      wanted = Math.max(0, Math.floor(n))
      executor.setSlots(wanted)
      if (!executor.paused) node.services.capacity.setMaxJobs(wanted)
    },
    setPaused: (paused) => {
      executor.setPaused(paused)
      node.services.capacity.setMaxJobs(paused ? 0 : wanted)
    },
    handle: (kind, handler, limits) => { node.services.jobs.handle(kind, handler, limits) },
    addDataset: async (name, files, opts) => {
      const held = await datasets.add(name, files, opts)
      node.services.capacity.setDatasets(advertised())
      return held
    },
    removeDataset: async (name) => {
      const removed = await datasets.remove(name)
      if (removed) node.services.capacity.setDatasets(advertised())
      return removed
    },
    datasets: () => datasets.list(),
    submit: (spec) => node.services.jobs.submit(spec),
    credits: async () => node.services.reputation.credits(),
    standing: () => node.services.reputation.reported(),
    stop: async () => {
      await node.stop()
      datasets.close()
      await datastore.close()
    }
  }
}
