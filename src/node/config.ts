/**
 * The peer's configuration: one shape for the config file, the CLI flags and
 * `createShoal(options)`. Pure: no I/O here, so it is usable in any runtime.
 */
import { multiaddr } from '@multiformats/multiaddr'
import { ConfigError } from './errors.js'
import { DEFAULT_ADVERT_INTERVAL_MS, MAX_ADVERT_INTERVAL_MS, MAX_DATASETS, MAX_PRICE } from '../capacity/constants.js'
import { isDatasetName } from '../utils/dataset-name.js'
import { DEFAULT_API_ADDRESS, DEFAULT_DHT_PROTOCOL, DEFAULT_MAX_CONNECTIONS, DEFAULT_RECONNECT_PEERS, DEFAULT_REACHABILITY_PROBE_MS, DEFAULT_RELAY_RESERVATIONS, DEFAULT_RELAY_MAX_RESERVATIONS, DEFAULT_RELAY_RESERVATION_TTL_MS, DEFAULT_RELAY_DURATION_MS, DEFAULT_RELAY_DATA_BYTES } from './constants.js'
import { DEFAULT_LIMITS, DEFAULT_RETENTION, MAX_LIMIT_BYTES } from '../limits.js'
import type { LimitsConfig, RetentionConfig } from '../limits.js'
import { DEFAULT_STORE_MAX_BYTES } from '../data/constants.js'

export type { LimitsConfig, RetentionConfig } from '../limits.js'

export type TransportName = 'tcp' | 'ws' | 'memory'
export type DhtAddressFilter = 'all' | 'public' | 'private'

export interface DhtConfig {
  /** Kademlia protocol id; peers with another id form another DHT */
  protocol: string
  /** a client-mode peer queries the DHT but does not answer queries */
  clientMode: boolean
  /** which addresses of other peers the DHT keeps: 'all' suits LANs and local meshes */
  addresses: DhtAddressFilter
}

export interface ConnectionsConfig {
  /** upper bound on open connections; the connection manager prunes above it */
  max: number
  /** multiaddr ranges (`/ip4/10.0.0.0/ipcidr/8`) exempt from connection limits and rate limits; loopback by default */
  allow: string[]
  /** how many known peers from the peer store are redialled at start */
  reconnect: number
}

export interface CapacityConfig {
  /** join the capacity topic and advertise this peer (false: look up others only) */
  advertise: boolean
  /** republish period, ms (and on material change) */
  intervalMs: number
  /** operator labels, advertised and provided in the DHT as `label:<k>=<v>` */
  labels: Record<string, string>
  /** most jobs at once (default: the cores offered) */
  maxJobs?: number
  /** most memory offered, MiB (default: all) */
  maxMemoryMb?: number
  /** share of the cores offered, 0 < share ≤ 1 */
  cpuShare: number
  /** credits per job-second */
  price: number
}

/** an operator-approved native command, offered as a job kind (never arbitrary commands) */
export interface NativeKindConfig {
  kind: string
  command: string
  args?: string[]
  /** append the job's args to the command line (default false) */
  passArgs?: boolean
  timeoutMs?: number
}

/** a data set the operator mounts read-only for jobs that name it (compute to data) */
export interface DatasetConfig {
  /** what jobs call it: letters, digits, . _ -, at most 64; seen by a job at /data/<name> */
  name: string
  /** a directory on this machine */
  path: string
  /** 'private' (default): never served, only read by jobs run here; 'public': others may also fetch it */
  visibility?: 'private' | 'public'
  /** sha-256 (hex) of the modules allowed to read it; absent: any wasm module a requester sends */
  modules?: string[]
}

export interface JobsConfig {
  /** native commands this peer runs as job kinds, e.g. a local image generator for GPU work */
  native: NativeKindConfig[]
  /** data sets jobs may read here (read-only WASI preopens) */
  datasets: DatasetConfig[]
  /**
   * the standing a requester needs before this peer runs its jobs: 'none'
   * (default), 'not-refused' (not banned or below the refusal threshold), or
   * 'earned' (trust above a newcomer's, earned by working for the mesh)
   */
  requireStanding: 'none' | 'not-refused' | 'earned'
  /**
   * offer the `ocr` job kind (PP-OCRv4 on a page, docs/ocr.md): pages read in
   * the ONNX Runtime sandbox children, with any model blob whose models pass
   * the checker (default false)
   */
  ocr: boolean
}

/** limits a relay applies to the peers it serves (circuit relay v2) */
export interface RelayLimitsConfig {
  /** most reservations held at once; more requests are refused */
  maxReservations: number
  /** how long a reservation lasts before the peer must renew it, ms */
  reservationTtlMs: number
  /** how long one relayed connection may stay open, ms */
  durationMs: number
  /** how many bytes one relayed connection may carry (each way) */
  dataBytes: number
}

export interface ReachabilityConfig {
  /**
   * 'auto' (default): AutoNAT checks by other peers decide; 'public' or
   * 'private': the operator says so (a server with a public address; a peer
   * known to sit behind NAT)
   */
  mode: 'auto' | 'public' | 'private'
  /** ask other peers to dial us back (AutoNAT v2) and answer their asks */
  autonat: boolean
  /** how long, from the first connection, a peer waits for AutoNAT to confirm an address before it calls itself private, ms */
  probeMs: number
  /** serve as a relay: 'auto' (default) only while this peer is public, 'on', 'off' */
  relayService: 'auto' | 'on' | 'off'
  /** how many relays a private peer holds reservations on */
  reservations: number
  relayLimits: RelayLimitsConfig
  /** the WebRTC transport: direct private-to-private connections signalled through a relay */
  webrtc: boolean
  /** STUN/TURN servers for WebRTC (stun:host:port); empty by default so nothing leaves your network unasked */
  stun: string[]
  /** DCUtR hole punching (TCP; works where the transport can reuse ports) */
  dcutr: boolean
  /** ask a UPnP/NAT-PMP router to forward a port */
  upnp: boolean
}

export interface ShoalConfig {
  /** where the identity, peer store and records live; absent: in memory only */
  dataDir?: string
  /** multiaddrs to listen on */
  listen: string[]
  /** multiaddrs announced to others instead of the listen addresses */
  announce: string[]
  /** entry points into the mesh; discovery continues through the DHT */
  bootstrap: string[]
  /** the local control API, host:port; `false` disables it */
  api: string | false
  /** the control API refuses a non-loopback address unless this is set */
  apiRemote: boolean
  /**
   * Prometheus metrics (libp2p's and Shoal's) on a registry of this peer's
   * own, served at the control API's /metrics; false for none (simulations
   * of many peers in one process save the memory)
   */
  metrics: boolean
  /** /metrics answers without the bearer token (every other endpoint still needs it) */
  metricsPublic: boolean
  transports: TransportName[]
  dht: DhtConfig
  connections: ConnectionsConfig
  capacity: CapacityConfig
  jobs: JobsConfig
  /** per-connection stream limits, job sizes and the module cache */
  limits: LimitsConfig
  /** how long job records and reputation reports stay in the datastore */
  retention: RetentionConfig
  /** the block store's quota, bytes (docs/data.md): past it, unpinned blocks are collected, least recently used first */
  storeMax: number
  /**
   * a pre-shared key file (`shoal psk new <file>`): only peers holding the
   * same key can connect at all (libp2p pnet); absent: an open mesh
   */
  psk?: string
  /** AutoNAT, relays, WebRTC, hole punching; only for peers on tcp or ws (never memory-only peers) */
  reachability: ReachabilityConfig
  /**
   * many peers on this one host (tests, simulations, `npm run mesh`): stops
   * gossipsub from penalising peers for sharing the loopback address
   */
  localMesh: boolean
}

/** what a config file, flags or `createShoal()` may set: every field optional */
export type ShoalOptions = Partial<Omit<ShoalConfig, 'dht' | 'connections' | 'capacity' | 'jobs' | 'limits' | 'retention' | 'reachability'>> & {
  reachability?: Partial<Omit<ReachabilityConfig, 'relayLimits'>> & { relayLimits?: Partial<RelayLimitsConfig> }
  jobs?: Partial<JobsConfig>
  limits?: Partial<LimitsConfig>
  retention?: Partial<RetentionConfig>
  dht?: Partial<DhtConfig>
  connections?: Partial<ConnectionsConfig>
  capacity?: Partial<CapacityConfig>
}

export function defaultConfig (): ShoalConfig {
  return {
    listen: ['/ip4/0.0.0.0/tcp/0', '/ip4/0.0.0.0/tcp/0/ws'],
    announce: [],
    bootstrap: [],
    api: DEFAULT_API_ADDRESS,
    apiRemote: false,
    metrics: true,
    metricsPublic: false,
    transports: ['tcp', 'ws'],
    dht: { protocol: DEFAULT_DHT_PROTOCOL, clientMode: false, addresses: 'all' },
    connections: {
      max: DEFAULT_MAX_CONNECTIONS,
      allow: ['/ip4/127.0.0.0/ipcidr/8', '/ip6/::1/ipcidr/128'],
      reconnect: DEFAULT_RECONNECT_PEERS
    },
    capacity: { advertise: true, intervalMs: DEFAULT_ADVERT_INTERVAL_MS, labels: {}, cpuShare: 1, price: 0 },
    jobs: { native: [], datasets: [], requireStanding: 'none', ocr: false },
    limits: { ...DEFAULT_LIMITS },
    retention: { ...DEFAULT_RETENTION },
    storeMax: DEFAULT_STORE_MAX_BYTES,
    reachability: defaultReachability(),
    localMesh: false
  }
}

export function defaultReachability (): ReachabilityConfig {
  return {
    mode: 'auto',
    autonat: true,
    probeMs: DEFAULT_REACHABILITY_PROBE_MS,
    relayService: 'auto',
    reservations: DEFAULT_RELAY_RESERVATIONS,
    relayLimits: {
      maxReservations: DEFAULT_RELAY_MAX_RESERVATIONS,
      reservationTtlMs: DEFAULT_RELAY_RESERVATION_TTL_MS,
      durationMs: DEFAULT_RELAY_DURATION_MS,
      dataBytes: DEFAULT_RELAY_DATA_BYTES
    },
    webrtc: true,
    stun: [],
    dcutr: true,
    upnp: false
  }
}

type Check = (value: unknown) => string | undefined

const isString: Check = v => typeof v === 'string' ? undefined : 'a string'
const isPath: Check = v => typeof v === 'string' && v.trim() !== '' ? undefined : 'a non-empty path'
const isBoolean: Check = v => typeof v === 'boolean' ? undefined : 'true or false'
const isCount: Check = v => Number.isInteger(v) && (v as number) >= 0 ? undefined : 'a whole number ≥ 0'
const isStringList: Check = v => Array.isArray(v) && v.every(s => typeof s === 'string') ? undefined : 'a list of strings'
const isMultiaddrList = (needPeerId: boolean): Check => v => {
  if (isStringList(v) != null) return 'a list of multiaddrs'
  for (const text of v as string[]) {
    try {
      const ma = multiaddr(text)
      if (needPeerId && ma.getComponents().every(c => c.name !== 'p2p')) return `a list of multiaddrs ending in /p2p/<peer id> ("${text}" names no peer)`
    } catch {
      return `a list of multiaddrs ("${text}" is not one, e.g. /ip4/127.0.0.1/tcp/4001)`
    }
  }
  return undefined
}
const isDatasetList: Check = v => {
  const expected = 'a list of { name, path, visibility?: "private" | "public", modules?: [sha-256 hex] } with distinct names of 1..64 letters, digits, . _ -'
  if (!Array.isArray(v) || v.length > MAX_DATASETS) return `${expected}, at most ${MAX_DATASETS}`
  for (const d of v) {
    if (typeof d !== 'object' || d === null) return expected
    const extra = Object.keys(d).find(k => !['name', 'path', 'visibility', 'modules'].includes(k))
    if (extra != null) return `${expected} ("${extra}" is not a field)`
    if (!isDatasetName(d.name) || typeof d.path !== 'string' || d.path.trim() === '') return expected
    if (d.visibility != null && d.visibility !== 'private' && d.visibility !== 'public') return expected
    if (d.modules != null && !(Array.isArray(d.modules) && d.modules.every((m: unknown) => typeof m === 'string' && /^[0-9a-f]{64}$/.test(m)))) return `${expected} (modules: sha-256 in lowercase hex)`
  }
  if (new Set(v.map(d => d.name)).size !== v.length) return `${expected} (a name is used twice)`
  return undefined
}
const isPositive: Check = v => typeof v === 'number' && Number.isInteger(v) && v > 0 ? undefined : 'a whole number > 0'
const isInterval: Check = v => typeof v === 'number' && Number.isInteger(v) && v >= 1_000 && v <= MAX_ADVERT_INTERVAL_MS ? undefined : `a whole number of ms from 1000 to ${MAX_ADVERT_INTERVAL_MS} (adverts live 2.5 periods; peers refuse longer than 10 min)`
const isByteSize: Check = v => Number.isInteger(v) && (v as number) >= 1024 && (v as number) <= MAX_LIMIT_BYTES ? undefined : `a whole number of bytes from 1024 to ${MAX_LIMIT_BYTES}`
const isStreamCount: Check = v => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 10_000 ? undefined : 'a whole number from 1 to 10000'
const isDays: Check = v => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 36_500 ? undefined : 'a number of days > 0 (e.g. 30, or 0.5 for 12 hours)'
const isShare: Check = v => typeof v === 'number' && v > 0 && v <= 1 ? undefined : 'a number in (0, 1]'
const isPrice: Check = v => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_PRICE ? undefined : `a number from 0 to ${MAX_PRICE}`
const isLabels: Check = v => v != null && typeof v === 'object' && !Array.isArray(v) && Object.entries(v).every(([k, val]) => /^[A-Za-z0-9_.\-]{1,64}$/.test(k) && typeof val === 'string' && val.length <= 128)
  ? undefined
  : 'an object of labels (keys of letters, digits, _ . -; string values up to 128 characters)'
const isNativeList: Check = v => Array.isArray(v) && v.every(c => c != null && typeof c === 'object' &&
  typeof c.kind === 'string' && /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/.test(c.kind) && c.kind !== 'wasm' &&
  typeof c.command === 'string' && c.command !== '' &&
  (c.args == null || (Array.isArray(c.args) && c.args.every((a: unknown) => typeof a === 'string'))) &&
  (c.passArgs == null || typeof c.passArgs === 'boolean') &&
  (c.timeoutMs == null || (Number.isInteger(c.timeoutMs) && c.timeoutMs > 0)) &&
  Object.keys(c).every(k => ['kind', 'command', 'args', 'passArgs', 'timeoutMs'].includes(k)))
  ? undefined
  : 'a list of { kind, command, args?, passArgs?, timeoutMs? } (kind: letters, digits, . _ / -; not "wasm")'
const isStunList: Check = v => Array.isArray(v) && v.every(s => typeof s === 'string' && /^(stun|turn)s?:[^\s]+$/.test(s)) ? undefined : 'a list of STUN/TURN URLs (stun:host:port)'
const oneOf = (...values: string[]): Check => v => values.includes(v as string) ? undefined : `one of ${values.join(', ')}`
const listOf = (...values: string[]): Check => v => Array.isArray(v) && v.every(s => values.includes(s)) ? undefined : `a list of ${values.join(', ')}`
const isApi: Check = v => v === false || (typeof v === 'string' && parseHostPort(v) != null) ? undefined : 'host:port (e.g. 127.0.0.1:5080, or :0 for any free port) or false'

interface Schema { [key: string]: Check | Schema }

const SCHEMA: Schema = {
  dataDir: isPath,
  listen: isMultiaddrList(false),
  announce: isMultiaddrList(false),
  bootstrap: isMultiaddrList(true),
  api: isApi,
  apiRemote: isBoolean,
  metrics: isBoolean,
  metricsPublic: isBoolean,
  transports: listOf('tcp', 'ws', 'memory'),
  dht: { protocol: isString, clientMode: isBoolean, addresses: oneOf('all', 'public', 'private') },
  connections: { max: isCount, allow: isMultiaddrList(false), reconnect: isCount },
  capacity: { advertise: isBoolean, intervalMs: isInterval, labels: isLabels, maxJobs: isPositive, maxMemoryMb: isPositive, cpuShare: isShare, price: isPrice },
  jobs: { native: isNativeList, datasets: isDatasetList, requireStanding: oneOf('none', 'not-refused', 'earned'), ocr: isBoolean },
  limits: {
    jobStreamsPerConnection: isStreamCount,
    syncStreamsPerConnection: isStreamCount,
    maxModuleBytes: isByteSize,
    maxInputBytes: isByteSize,
    maxOutputBytes: isByteSize,
    blobCacheBytes: isByteSize
  },
  retention: { days: isDays, jobRecords: isPositive, reports: isPositive },
  storeMax: isPositive,
  psk: isPath,
  reachability: {
    mode: oneOf('auto', 'public', 'private'),
    autonat: isBoolean,
    probeMs: isPositive,
    relayService: oneOf('auto', 'on', 'off'),
    reservations: isCount,
    relayLimits: { maxReservations: isCount, reservationTtlMs: isPositive, durationMs: isPositive, dataBytes: isPositive },
    webrtc: isBoolean,
    stun: isStunList,
    dcutr: isBoolean,
    upnp: isBoolean
  },
  localMesh: isBoolean
}

/**
 * Checks that an untrusted object (a parsed config file, say) holds only known
 * keys with values of the right type. The error names the first offending key.
 */
export function validateOptions (input: unknown, source = 'options'): ShoalOptions {
  if (input == null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(`${source} must be a JSON object`)
  }
  checkObject(input as Record<string, unknown>, SCHEMA, '', source)
  return input as ShoalOptions
}

function checkObject (obj: Record<string, unknown>, schema: Schema, prefix: string, source: string): void {
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue
    const path = prefix + key
    const rule = schema[key]
    if (rule == null) {
      throw new ConfigError(`unknown key "${path}" in ${source} (known keys: ${Object.keys(schema).map(k => prefix + k).join(', ')})`)
    }
    if (typeof rule === 'function') {
      const expected = rule(value)
      if (expected != null) {
        throw new ConfigError(`"${path}" in ${source} must be ${expected}, got ${JSON.stringify(value)}`)
      }
    } else {
      if (value == null || typeof value !== 'object' || Array.isArray(value)) {
        throw new ConfigError(`"${path}" in ${source} must be an object`)
      }
      checkObject(value as Record<string, unknown>, rule, `${path}.`, source)
    }
  }
}

/** Later layers win: defaults, then the config file, then flags. Lists replace, not append. */
export function mergeConfig (base: ShoalConfig, ...layers: Array<ShoalOptions | undefined>): ShoalConfig {
  let out: ShoalConfig = { ...base, dht: { ...base.dht }, connections: { ...base.connections }, capacity: { ...base.capacity }, jobs: { ...base.jobs }, limits: { ...base.limits }, retention: { ...base.retention }, reachability: { ...base.reachability, relayLimits: { ...base.reachability.relayLimits } } }
  for (const layer of layers) {
    if (layer == null) continue
    const { dht, connections, capacity, jobs, limits, retention, reachability, ...rest } = layer
    const { relayLimits, ...reach } = reachability ?? {}
    out = {
      ...out,
      ...dropUndefined(rest),
      dht: { ...out.dht, ...dropUndefined(dht ?? {}) },
      connections: { ...out.connections, ...dropUndefined(connections ?? {}) },
      capacity: { ...out.capacity, ...dropUndefined(capacity ?? {}) },
      jobs: { ...out.jobs, ...dropUndefined(jobs ?? {}) },
      limits: { ...out.limits, ...dropUndefined(limits ?? {}) },
      retention: { ...out.retention, ...dropUndefined(retention ?? {}) },
      reachability: { ...out.reachability, ...dropUndefined(reach), relayLimits: { ...out.reachability.relayLimits, ...dropUndefined(relayLimits ?? {}) } }
    }
  }
  return out
}

function dropUndefined<T extends object> (obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>
}

export interface HostPort { host: string, port: number }

/** Parses `host:port`, `[v6]:port` or `:port` (host defaults to 127.0.0.1). */
export function parseHostPort (text: string): HostPort | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text.trim())
  if (match == null) return undefined
  const port = Number(match[3])
  if (port > 65535) return undefined
  const host = match[1] ?? (match[2] === '' ? '127.0.0.1' : match[2])
  return { host, port }
}

export function formatHostPort ({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

/** True for addresses that only this machine can reach. */
export function isLoopbackHost (host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}
