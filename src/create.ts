/**
 * `createShoal(options)`: a Shoal peer for apps that want one, with the same
 * options as the config file.
 */
import { createShoalLibp2p } from './node/libp2p.js'
import { defaultConfig, mergeConfig, validateOptions } from './node/config.js'
import { ensureDataDir, lockDataDir } from './node/data-dir.js'
import { openDatastore } from './node/datastore.js'
import { loadOrCreateIdentity } from './peer/identity.js'
import { openBlockstore } from './node/blockstore.js'
import { readPskFile } from './node/psk.js'
import { nodeExecutor } from './node/executor.js'
import { loadDatasets } from './node/datasets.js'
import { ConfigError } from './node/errors.js'
import type { LoadedDataset } from './node/datasets.js'
import { datasetCid } from './node/dataset-cid.js'
import { availableParallelism } from 'node:os'
import { Registry } from 'prom-client'
import type { HandlerLimits, HeldDataset, JobExecutor, JobHandler, JobRecord, JobSpec } from './jobs/types.js'
import type { JobHandle } from './jobs/service.js'
import type { ReputationRow, StoredReceipt } from './reputation/service.js'
import { matchesFilters, toCapacityRow } from './capacity/index.js'
import type { CapacityRow, CapacityStats } from './capacity/index.js'
import type { ShoalConfig, ShoalOptions } from './node/config.js'
import type { ShoalLibp2p } from './node/libp2p.js'
import type { PeerSummary, ShoalStatus } from './service/index.js'
import type { PeerId } from '@libp2p/interface'
import type { DataService } from './data/index.js'

export interface CreateShoalOptions extends ShoalOptions {
  /** start listening and dialling at once (default true) */
  start?: boolean
  /**
   * runs jobs on this peer: by default WebAssembly in worker threads with one
   * slot per offered core; false makes a peer that only requests
   */
  executor?: JobExecutor | false
  /** libp2p transport factories added to `transports` (an app's own links; the simulator's) */
  customTransports?: Array<(components: any) => unknown>
  /**
   * no encryption at all: only for simulating many peers in one process
   * (`shoal sim --plaintext`); refused with a pre-shared key and with
   * network transports, so it can never be used on a real network
   */
  plaintext?: boolean
  /**
   * ping every connection and drop those whose ping fails (libp2p's
   * connection monitor; default true). In-memory simulations turn it off:
   * their links cannot fail silently, and on a saturated event loop a late
   * ping would drop a healthy link
   */
  monitorConnections?: boolean
  /**
   * gossipsub's mesh degree and gossip (libp2p defaults: D 6, Dlo 4, Dhi 12,
   * Dlazy 6, gossipFactor 0.25). Simulations of many peers on one machine use
   * fewer copies per message (src/sim/inprocess/host.ts); real peers keep the defaults
   */
  gossip?: GossipDegree
}

export interface GossipDegree { D?: number, Dlo?: number, Dhi?: number, Dlazy?: number, gossipFactor?: number }

export interface ShoalNode {
  readonly peerId: PeerId
  readonly config: ShoalConfig
  /** the libp2p node underneath, for apps that want to add their own protocols */
  readonly libp2p: ShoalLibp2p
  /**
   * this peer's Prometheus registry: libp2p's metrics and Shoal's (`shoal_*`),
   * what the daemon serves at /metrics; undefined with `metrics: false`
   */
  readonly metrics: Registry | undefined
  start(): Promise<void>
  /** closes connections, flushes and closes the datastore, releases the data dir */
  stop(): Promise<void>
  id(): { peerId: string, addresses: string[], version: string }
  peers(): Promise<PeerSummary[]>
  status(): Promise<ShoalStatus & { dataDir: string | null }>
  /**
   * The capacity table: the latest unexpired advert of every peer heard
   * from, this peer's own included, sorted by peer id. `filters` keeps the
   * rows whose labels (or `gpu`, `runtime`, `kind`) match every key.
   */
  capacityTable(filters?: Record<string, string>): CapacityRow[]
  /** this peer's own current advert; undefined when it does not advertise (yet) */
  selfAdvert(): CapacityRow | undefined
  /** counts of adverts received, accepted, rejected (by reason), published and synced */
  capacityStats(): CapacityStats
  /** sends a job into the mesh: events, a result promise, cancel() */
  submit(spec: JobSpec): JobHandle
  /** runs jobs of `kind` here with the app's handler, and advertises the kind */
  handle(kind: string, handler: JobHandler, limits?: Partial<HandlerLimits>): void
  /** the data sets mounted here (`jobs.datasets`), that jobs may name */
  datasets(): HeldDataset[]
  /** the reputation table as this peer sees it, most trusted first */
  reputation(): ReputationRow[]
  /** credits earned as a worker and spent as a requester, from the receipts held */
  credits(): Promise<{ earned: number, spent: number, balance: number, receipts: number }>
  /** signed receipts of finished jobs, newest first */
  receipts(limit?: number): Promise<StoredReceipt[]>
  /** recent jobs, requested here or run here, newest first */
  jobs(limit?: number): Promise<JobRecord[]>
  /** one job's records (requester and/or worker side) */
  job(id: string): Promise<JobRecord[]>
  /**
   * Data by content address (docs/data.md): `add` imports bytes or files and
   * provides the CID, `get` fetches a whole DAG from every holder at once,
   * `cat`, `has`, `pins`, `unpin`, `provide`, `gc`, `getStats`
   */
  readonly data: DataService
}

export async function createShoal (options: CreateShoalOptions = {}): Promise<ShoalNode> {
  const { start, executor, customTransports, plaintext, monitorConnections, gossip, ...rest } = options
  const config = mergeConfig(defaultConfig(), validateOptions(rest, 'createShoal options'))

  if (plaintext === true && (config.psk != null || config.transports.some(t => t !== 'memory'))) {
    throw new Error('plaintext is for in-process simulations only: remove the tcp/ws transports and the pre-shared key, or drop `plaintext`')
  }
  // a bad key file fails before anything is opened or locked
  const psk = config.psk != null ? await readPskFile(config.psk) : undefined
  let release = async (): Promise<void> => {}
  if (config.dataDir != null) {
    await ensureDataDir(config.dataDir)
    release = (await lockDataDir(config.dataDir)).release
  }
  let closeDatastore = async (): Promise<void> => {}
  try {
    const store = await openDatastore(config.dataDir)
    const blocks = await openBlockstore(config.dataDir)
    closeDatastore = async () => {
      await blocks.close().catch(() => {})
      await store.close()
    }
    const { privateKey } = await loadOrCreateIdentity(store.datastore)
    const metrics = config.metrics ? new Registry() : undefined
    if (executor != null && config.jobs.datasets.length > 0) throw new ConfigError('jobs.datasets are mounted by Shoal\'s own executor: leave out the `executor` option (or the data sets)')
    if (executor != null && executor !== false && config.jobs.ocr) throw new ConfigError('jobs.ocr runs in Shoal\'s own executor (its ONNX Runtime sandbox): leave out the `executor` option (or jobs.ocr)')
    const loaded = executor == null ? loadDatasets(config.jobs.datasets) : []
    const hashing = new AbortController()
    const libp2p = await createShoalLibp2p(config, {
      privateKey,
      datastore: store.datastore,
      metrics,
      psk,
      customTransports,
      plaintext,
      monitorConnections,
      gossip,
      blockstore: blocks.blockstore,
      executor: executor === false ? undefined : executor ?? nodeExecutor({
        slots: offeredSlots(config),
        native: config.jobs.native.map(({ timeoutMs, ...cmd }) => ({ ...cmd, limits: timeoutMs != null ? { timeoutMs } : undefined })),
        datasets: loaded,
        // the ocr kind (docs/ocr.md): pages read in the ONNX Runtime children, as onnx jobs run
        ocr: config.jobs.ocr
      })
    })
    const node = new Node(config, libp2p, metrics, async () => {
      hashing.abort()
      await closeDatastore()
      await release()
    })
    if (start !== false) await node.start()
    // each data set's CID is hashed in the background (seconds per GiB), then advertised
    if (loaded.length > 0) void advertiseCids(loaded, libp2p, hashing.signal)
    return node
  } catch (err) {
    await closeDatastore().catch(() => {})
    await release()
    throw err
  }
}

class Node implements ShoalNode {
  readonly peerId: PeerId
  private stopping?: Promise<void>

  constructor (readonly config: ShoalConfig, readonly libp2p: ShoalLibp2p, readonly metrics: Registry | undefined, private readonly releaseResources: () => Promise<void>) {
    this.peerId = libp2p.peerId
  }

  async start (): Promise<void> {
    await this.libp2p.start()
  }

  async stop (): Promise<void> {
    // stop once, however many signals or callers ask
    this.stopping ??= (async () => {
      try {
        await this.libp2p.stop()
      } finally {
        await this.releaseResources()
      }
    })()
    await this.stopping
  }

  id (): { peerId: string, addresses: string[], version: string } {
    return this.libp2p.services.shoal.id()
  }

  async peers (): Promise<PeerSummary[]> {
    return this.libp2p.services.shoal.peers()
  }

  async status (): Promise<ShoalStatus & { dataDir: string | null }> {
    return { ...await this.libp2p.services.shoal.status(), dataDir: this.config.dataDir ?? null }
  }

  capacityTable (filters: Record<string, string> = {}): CapacityRow[] {
    const now = Date.now()
    return this.libp2p.services.capacity.list()
      .filter(e => e.advert.expiresAt > now && matchesFilters(e.advert, filters))
      .map(e => toCapacityRow(e, now))
  }

  selfAdvert (): CapacityRow | undefined {
    const advert = this.libp2p.services.capacity.self()
    return advert == null ? undefined : toCapacityRow({ advert, source: 'self' }, Date.now())
  }

  handle (kind: string, handler: JobHandler, limits?: Partial<HandlerLimits>): void {
    this.libp2p.services.jobs.handle(kind, handler, limits)
  }

  datasets (): HeldDataset[] {
    return this.libp2p.services.jobs.datasets()
  }

  reputation (): ReputationRow[] {
    return this.libp2p.services.reputation.rows()
  }

  async credits (): Promise<{ earned: number, spent: number, balance: number, receipts: number }> {
    return this.libp2p.services.reputation.credits()
  }

  async receipts (limit?: number): Promise<StoredReceipt[]> {
    return this.libp2p.services.reputation.receipts(limit)
  }

  submit (spec: JobSpec): JobHandle {
    return this.libp2p.services.jobs.submit(spec)
  }

  async jobs (limit?: number): Promise<JobRecord[]> {
    return this.libp2p.services.jobs.jobs(limit)
  }

  async job (id: string): Promise<JobRecord[]> {
    return this.libp2p.services.jobs.job(id)
  }

  get data (): DataService {
    const service = this.libp2p.services.data
    if (service == null) throw new Error('this node has no data service')
    return service
  }

  capacityStats (): CapacityStats {
    return this.libp2p.services.capacity.getStats()
  }
}

async function advertiseCids (datasets: LoadedDataset[], libp2p: ShoalLibp2p, signal: AbortSignal): Promise<void> {
  for (const d of datasets) {
    try {
      d.cid = await datasetCid(d.path, signal)
    } catch (err) {
      if (signal.aborted) return
      // a data set whose CID cannot be computed is still served to jobs, by name
      libp2p.logger.forComponent('shoal:datasets').error('cannot compute the CID of data set %s - %e', d.name, err)
    }
  }
  if (signal.aborted) return
  libp2p.services.capacity.setDatasets(datasets.map(({ name, size, cid, public: isPublic }) => ({ name, size, public: isPublic, ...(cid != null ? { cid } : {}) })))
}

/** job slots: the operator's --max-jobs, else one per offered core (as the advert says) */
function offeredSlots (config: ShoalConfig): number {
  return config.capacity.maxJobs ?? Math.max(1, Math.floor(availableParallelism() * config.capacity.cpuShare))
}
