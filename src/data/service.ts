/**
 * The data service: Helia 7 hung on Shoal's own libp2p node. Helia keeps the
 * blocks (verified, pinned, collected); this service adds the block protocol
 * (/shoal/blocks/1.0.0, as a Helia block broker and as a holder), explicit
 * providing over Shoal's DHT, a store quota with LRU collection, and the
 * add/get/cat/pins/unpin operations the CLI, the API and createShoal() use.
 */
import { createHeliaLight } from 'helia'
import { unixfs } from '@helia/unixfs'
import { NamespaceDatastore, MemoryDatastore } from 'datastore-core'
import { Key } from 'interface-datastore'
import { MemoryBlockstore } from 'blockstore-core'
import { CID } from 'multiformats/cid'
import { guardedHandler } from '../guard/index.js'
import { siblingService } from '../utils/services.js'
import { BLOCK_STREAMS_PER_MINUTE, BLOCK_STREAMS_PER_PEER, BLOCKS_PROTOCOL, DEFAULT_STORE_MAX_BYTES, FETCH_CONCURRENCY, FIND_PROVIDERS_TIMEOUT_MS, HELIA_DATASTORE_PREFIX, IMPORTER, MAX_PROVIDERS } from './constants.js'
import { BadCidError, DagLimitError, DataError, StoreFullError } from './errors.js'
import { serveBlocks } from './holder.js'
import { TrackedBlockstore } from './store.js'
import { LimitedError, Swarm } from './swarm.js'
import { DAG_PB, RAW, walkDag } from './walk.js'
import type { RefusalReason } from './errors.js'
import type { GcResult } from './store.js'
import type { WalkProgress } from './walk.js'
import type { GuardService, Offence } from '../guard/index.js'
import type { Helia } from '@helia/interface'
import type { UnixFS } from '@helia/unixfs'
import type { AbortOptions, ComponentLogger, ContentRouting, Logger, PeerId, PeerRouting, PeerStore, Startable, Stream } from '@libp2p/interface'
import type { ConnectionManager, Registrar } from '@libp2p/interface-internal'
import type { Blockstore } from 'interface-blockstore'
import type { Datastore } from 'interface-datastore'
import type { ImportCandidate } from 'ipfs-unixfs-importer'

export interface DataServiceInit {
  /** where blocks live: blockstore-fs on a daemon (src/node/blockstore.ts); memory when absent */
  blockstore?: Blockstore
  /** the store's quota in bytes (default 10 GiB) */
  storeMaxBytes?: number
  /** blocks fetched at once per DAG (bounds memory) */
  concurrency?: number
  /** a holder that owes blocks and sends nothing this long is dropped */
  stallMs?: number
}

export interface DataServiceComponents {
  peerId: PeerId
  registrar: Registrar
  connectionManager: ConnectionManager
  contentRouting: ContentRouting
  peerRouting: PeerRouting
  peerStore: PeerStore
  datastore: Datastore
  logger: ComponentLogger
}

export interface SourceCount { blocks: number, bytes: number }

export interface DataStats {
  storedBytes: number
  storedBlocks: number
  storeMaxBytes: number
  /** blocks and bytes fetched, per holder (peer id) */
  fetched: Record<string, SourceCount>
  /** blocks and bytes served, per requester (peer id) */
  served: Record<string, SourceCount>
  /** wants answered `missing` */
  missing: number
  refused: Partial<Record<RefusalReason, number>>
  gc: { runs: number, deletedBlocks: number, freedBytes: number }
}

export interface PinRow {
  cid: string
  /** bytes of all the DAG's blocks */
  size: number
  blocks: number
  name?: string
  pinnedAt?: number
}

export interface FetchProgress extends WalkProgress {
  cid: string
}

export interface FetchResult {
  cid: string
  size: number
  blocks: number
  /** blocks and bytes fetched from other peers (0 when everything was held) */
  fetchedBlocks: number
  fetchedBytes: number
  heldBlocks: number
  /** who the fetched blocks came from */
  sources: Array<{ peer: string, blocks: number, bytes: number }>
  /** the whole `get`: fetching, then pinning */
  ms: number
  /** fetching alone */
  fetchMs: number
}

export interface AddResult { cid: string, size: number, blocks: number }

export interface AddOptions extends AbortOptions {
  /** a name kept with the pin (shown by `shoal pins`) */
  name?: string
  /** provide the root in the DHT (default true) */
  provide?: boolean
  /** bytes read so far */
  onProgress?: (bytes: number) => void
}

export interface DataServiceEvents {
  'data:progress': CustomEvent<FetchProgress>
}

export class DataService implements Startable {
  readonly [Symbol.toStringTag] = '@shoal/data'
  private readonly log: Logger
  private helia?: Helia
  private fs?: UnixFS
  private store?: TrackedBlockstore
  private readonly outstanding = new Map<string, number>()
  private readonly stats: Omit<DataStats, 'storedBytes' | 'storedBlocks' | 'storeMaxBytes'> = { fetched: {}, served: {}, missing: 0, refused: {}, gc: { runs: 0, deletedBlocks: 0, freedBytes: 0 } }
  private collecting?: Promise<GcResult>
  private started = false
  private dagPb?: { decode: (block: Uint8Array) => unknown }

  constructor (private readonly components: DataServiceComponents, private readonly init: DataServiceInit = {}) {
    this.log = components.logger.forComponent('shoal:data')
  }

  isStarted (): boolean { return this.started }

  async start (): Promise<void> {
    const datastore = new NamespaceDatastore(this.components.datastore ?? new MemoryDatastore(), new Key(HELIA_DATASTORE_PREFIX))
    this.store = new TrackedBlockstore(this.init.blockstore ?? new MemoryBlockstore(), datastore, this.init.storeMaxBytes ?? DEFAULT_STORE_MAX_BYTES)
    await this.store.open()
    this.store.onOverQuota = () => { void this.gc().catch(err => { this.log.error('gc failed - %e', err) }) }
    const helia = createHeliaLight({
      blockstore: this.store,
      datastore,
      logger: this.components.logger,
      // Shoal's DHT is the router; Helia never provides on its own (this service does, for roots)
      routers: [this.router()],
      blockBrokers: [() => this.broker()]
    })
    await helia.start()
    this.helia = helia
    this.dagPb = await helia.getCodec(DAG_PB)
    dagPbCodec = this.dagPb
    this.fs = unixfs(helia)
    await this.components.registrar.handle(BLOCKS_PROTOCOL, guardedHandler(this.guard(), BLOCKS_PROTOCOL, { open: BLOCK_STREAMS_PER_PEER, perMinute: BLOCK_STREAMS_PER_MINUTE }, async (stream, connection) => {
      await serveBlocks(stream, connection, {
        local: async (cid) => this.local(cid),
        outstanding: this.outstanding,
        served: (peer, bytes) => { count(this.stats.served, peer, bytes) },
        missing: () => { this.stats.missing++ },
        refused: (reason) => { this.refused(reason) }
      })
    }), { maxInboundStreams: 64, maxOutboundStreams: 64 })
    this.started = true
  }

  async stop (): Promise<void> {
    this.started = false
    await this.components.registrar.unhandle(BLOCKS_PROTOCOL).catch(() => {})
    await this.collecting?.catch(() => {})
    await this.helia?.stop()
    await this.store?.close()
  }

  /** Helia, for apps that want its other modules */
  heliaNode (): Helia {
    if (this.helia == null) throw new Error('the data service is not started')
    return this.helia
  }

  /**
   * Imports one file's bytes (or a stream of them), pins the root and
   * provides it. The importer settings are IMPORTER (constants.ts).
   */
  async add (content: Uint8Array | AsyncIterable<Uint8Array>, options: AddOptions = {}): Promise<AddResult> {
    const { importerOptions } = this.importerOptions(options)
    const root = await this.unixfs().addByteStream(toStream(content), importerOptions)
    return this.keep(root, options)
  }

  /**
   * Imports files and folders (ImportCandidates, e.g. from @helia/unixfs's
   * globSource) under one directory, pins and provides its CID.
   */
  async addAll (candidates: Iterable<ImportCandidate> | AsyncIterable<ImportCandidate>, options: AddOptions = {}): Promise<AddResult> {
    const { importerOptions } = this.importerOptions(options)
    let root: CID | undefined
    for await (const entry of this.unixfs().addAll(candidates, { ...importerOptions, wrapWithDirectory: true })) root = entry.cid
    if (root == null) throw new DataError('nothing to add: the folder is empty')
    return this.keep(root, options)
  }

  private importerOptions (options: AddOptions): { importerOptions: any } {
    let bytes = 0
    return {
      importerOptions: {
        profile: IMPORTER.profile,
        cidVersion: IMPORTER.cidVersion,
        rawLeaves: IMPORTER.rawLeaves,
        signal: options.signal,
        onProgress: (evt: any) => {
          if (evt.type === 'unixfs:importer:progress:file:read') {
            bytes = Number(evt.detail.bytesRead ?? bytes)
            options.onProgress?.(bytes)
          }
        }
      }
    }
  }

  private async keep (root: CID, options: AddOptions): Promise<AddResult> {
    const size = await this.pin(root, options.name, options)
    if (options.provide !== false) void this.provide(root).catch(err => { this.log('could not provide %c - %e', root, err) })
    return { cid: root.toString(), ...size }
  }

  /**
   * Fetches a whole DAG from every holder at once (the DHT's providers of
   * the root, and connected peers), verifying each block; blocks already
   * held are not asked for. Then pins it and provides it.
   */
  async get (cidText: string | CID, options: AbortOptions & { onProgress?: (p: FetchProgress) => void, provide?: boolean, pin?: boolean, providers?: PeerId[], exclude?: string[] } = {}): Promise<FetchResult> {
    const root = parseCid(cidText)
    const helia = this.heliaNode()
    const started = Date.now()
    // `exclude`: peers not asked (a job's requester, while others may hold the DAG)
    const session = this.swarm(new Set(options.exclude ?? []))
    for (const p of options.providers ?? []) session.addHolder(p)
    // Helia's session path: every block verified by Helia's validateFn and stored by Helia
    const blocks = helia.blockstore.createSession(root, { shoalSwarm: session, signal: options.signal } as any)
    const store = this.store as TrackedBlockstore
    let progress: WalkProgress
    try {
      progress = await walkDag(root, {
        has: async (cid) => store.has(cid),
        get: async (cid) => concat(blocks.get(cid, { signal: options.signal })),
        links: (block) => this.dagPbLinks(block)
      }, {
        concurrency: this.init.concurrency ?? FETCH_CONCURRENCY,
        signal: options.signal,
        onProgress: (p) => { options.onProgress?.({ ...p, cid: root.toString() }) }
      })
    } catch (err) {
      if (err instanceof DagLimitError) this.refused(err.reason)
      throw err
    } finally {
      blocks.close()
      session.close()
    }
    const fetchMs = Date.now() - started
    const size = options.pin !== false ? await this.pin(root, undefined, options) : { size: 0, blocks: progress.done }
    if (options.provide !== false) void this.provide(root).catch(err => { this.log('could not provide %c - %e', root, err) })
    return {
      cid: root.toString(),
      size: size.size,
      blocks: size.blocks,
      fetchedBlocks: progress.fetched,
      fetchedBytes: progress.fetchedBytes,
      heldBlocks: progress.held,
      sources: session.sources(),
      ms: Date.now() - started,
      fetchMs
    }
  }

  /** a file's bytes (fetched as needed) */
  cat (cid: string | CID, options: AbortOptions & { offset?: number, length?: number } = {}): AsyncIterable<Uint8Array> {
    return this.unixfs().cat(parseCid(cid), options)
  }

  /** the root block is held here (the whole DAG is, once `get` has finished) */
  async has (cid: string | CID): Promise<boolean> {
    return (this.store as TrackedBlockstore).has(parseCid(cid))
  }

  async provide (cid: string | CID, options: AbortOptions = {}): Promise<void> {
    await this.components.contentRouting.provide(parseCid(cid), { signal: options.signal ?? AbortSignal.timeout(60_000) })
  }

  async pins (): Promise<PinRow[]> {
    const rows: PinRow[] = []
    for await (const pin of this.heliaNode().pins.ls()) {
      const m = pin.metadata ?? {}
      rows.push({ cid: pin.cid.toString(), size: Number(m.size ?? 0), blocks: Number(m.blocks ?? 0), name: typeof m.name === 'string' ? m.name : undefined, pinnedAt: typeof m.pinnedAt === 'number' ? m.pinnedAt : undefined })
    }
    return rows.sort((a, b) => (b.pinnedAt ?? 0) - (a.pinnedAt ?? 0))
  }

  /** unpins; the blocks stay until the store needs the room (or `gc`) */
  async unpin (cid: string | CID, options: AbortOptions = {}): Promise<{ cid: string, unpinned: boolean }> {
    const root = parseCid(cid)
    const helia = this.heliaNode()
    try {
      await helia.pins.get(root, options)
    } catch {
      return { cid: root.toString(), unpinned: false }
    }
    for await (const _ of helia.pins.rm(root, { ...options, walker: this.pinWalker() } as any)) { /* walks the DAG, unpinning each block */ }
    return { cid: root.toString(), unpinned: true }
  }

  /** collects unpinned blocks, least recently used first, down to 90% of the quota (`all`: every unpinned block) */
  async gc (options: { all?: boolean } = {}): Promise<GcResult> {
    if (this.collecting != null) return this.collecting
    this.collecting = (async () => {
      const helia = this.heliaNode()
      const store = this.store as TrackedBlockstore
      const release = await (helia.blockstore as any).lock.writeLock()
      try {
        const isPinned = async (cid: CID): Promise<boolean> => helia.pins.isPinned(cid)
        const result = options.all === true ? await store.collectAll(isPinned) : await store.collect(isPinned)
        this.stats.gc.runs++
        this.stats.gc.deletedBlocks += result.deleted
        this.stats.gc.freedBytes += result.freedBytes
        return result
      } finally {
        release()
      }
    })().finally(() => { this.collecting = undefined })
    return this.collecting
  }

  getStats (): DataStats {
    const store = this.store
    return {
      storedBytes: store?.storedBytes() ?? 0,
      storedBlocks: store?.storedBlocks() ?? 0,
      storeMaxBytes: store?.maxBytes ?? this.init.storeMaxBytes ?? DEFAULT_STORE_MAX_BYTES,
      fetched: structuredClone(this.stats.fetched),
      served: structuredClone(this.stats.served),
      missing: this.stats.missing,
      refused: { ...this.stats.refused },
      gc: { ...this.stats.gc }
    }
  }

  private unixfs (): UnixFS {
    if (this.fs == null) throw new Error('the data service is not started')
    return this.fs
  }

  /** pins `root` (walking its DAG, all held by now) with its size in the pin's metadata */
  private async pin (root: CID, name: string | undefined, options: AbortOptions): Promise<{ size: number, blocks: number }> {
    const helia = this.heliaNode()
    const store = this.store as TrackedBlockstore
    try {
      const pin = await helia.pins.get(root, options)
      return { size: Number(pin.metadata.size ?? 0), blocks: Number(pin.metadata.blocks ?? 0) }
    } catch {}
    let size = 0
    let blocks = 0
    for await (const cid of helia.pins.add(root, { signal: options.signal, walker: this.pinWalker(), metadata: { pinnedAt: Date.now(), ...(name != null ? { name } : {}) } })) {
      size += store.sizeOf(cid) ?? 0
      blocks++
    }
    const pin = await helia.pins.get(root, options)
    await helia.pins.setMetadata(root, { ...pin.metadata, size, blocks }, options)
    return { size, blocks }
  }

  /**
   * Pinning walks the DAG; Helia's walkers read every block, raw leaves
   * included (a second read of the whole file). This one reads only the
   * dag-pb nodes: a raw leaf has no links, so its CID is all a pin needs.
   */
  private pinWalker (): any {
    return (components: { blockstore: { get: (cid: CID, o?: AbortOptions) => AsyncIterable<Uint8Array> } }) => ({
      walk: async function * (this: void, root: CID, options: AbortOptions = {}) {
        const stack: Array<{ cid: CID, depth: number }> = [{ cid: root, depth: 0 }]
        while (stack.length > 0) {
          const { cid, depth } = stack.pop() as { cid: CID, depth: number }
          if (cid.code === RAW) {
            yield { block: { cid, bytes: new Uint8Array(), links: function * () {} }, depth, path: [] }
            continue
          }
          const bytes = await concat(components.blockstore.get(cid, options))
          yield { block: { cid, bytes }, depth, path: [] }
          if (cid.code !== DAG_PB) continue
          const links = dagPbLinksOf(bytes)
          for (let i = links.length - 1; i >= 0; i--) stack.push({ cid: links[i], depth: depth + 1 })
        }
      }
    })
  }

  /** the links of a dag-pb node, with Helia's own codec */
  private dagPbLinks (block: Uint8Array): CID[] {
    return dagPbLinksOf(block, this.dagPb)
  }

  private async local (cid: CID): Promise<Uint8Array | undefined> {
    const store = this.store as TrackedBlockstore
    if (!await store.has(cid)) return undefined
    return concat(store.get(cid))
  }

  private refused (reason: RefusalReason): void {
    this.stats.refused[reason] = (this.stats.refused[reason] ?? 0) + 1
  }

  private guard (): GuardService | undefined {
    return siblingService<GuardService>(this.components, 'guard')
  }

  /** one fetch's holders and wants: a Helia session */
  private swarm (exclude = new Set<string>()): Swarm {
    return new Swarm({
      openStream: async (peer, options) => this.openDirect(peer, options),
      discover: (cid, options) => this.discover(cid, options, exclude),
      fetched: (peer, bytes) => { count(this.stats.fetched, peer, bytes) },
      refused: (reason) => { this.refused(reason) },
      offence: (peer, offence: Offence, message) => { this.guard()?.offence(peer, offence, message) },
      stallMs: this.init.stallMs
    }, this.components.peerId)
  }

  private broker (): any {
    return {
      name: 'shoal-blocks',
      // a lone block (a cat of something not fetched): its own small swarm
      retrieve: async (cid: CID, options: any) => {
        const swarm = this.swarm()
        try {
          return await swarm.retrieve(cid, options)
        } finally {
          swarm.close()
        }
      },
      createSession: (options?: { shoalSwarm?: Swarm }) => options?.shoalSwarm ?? this.swarm()
    }
  }

  /** a stream over a direct connection: large transfers never go through a limited relay */
  private async openDirect (peer: PeerId, options: AbortOptions): Promise<Stream> {
    const cm = this.components.connectionManager
    let connection = cm.getConnections(peer).find(c => c.status === 'open' && c.limits == null)
    if (connection == null) {
      connection = await cm.openConnection(peer, options)
      if (connection.limits != null) throw new LimitedError(`only a limited connection to ${peer.toString()}`)
    }
    return connection.newStream(BLOCKS_PROTOCOL, options)
  }

  /** connected peers, then the DHT's providers of `cid` */
  private async * discover (cid: CID, options: AbortOptions, exclude = new Set<string>()): AsyncGenerator<PeerId> {
    const seen = new Set<string>(exclude)
    for (const connection of this.components.connectionManager.getConnections()) {
      const peer = connection.remotePeer
      if (seen.has(peer.toString())) continue
      seen.add(peer.toString())
      // every connected peer is asked for the root (identify may not have told us its protocols yet):
      // one that lacks the protocol refuses the stream, one that lacks the root says so; both leave the fetch
      if (connection.status === 'open') yield peer
    }
    const signal = AbortSignal.any([AbortSignal.timeout(FIND_PROVIDERS_TIMEOUT_MS), ...(options.signal != null ? [options.signal] : [])])
    let found = 0
    for await (const provider of this.components.contentRouting.findProviders(cid, { signal })) {
      if (provider.id.equals(this.components.peerId) || seen.has(provider.id.toString())) continue
      seen.add(provider.id.toString())
      if (provider.multiaddrs.length > 0) await this.components.peerStore.merge(provider.id, { multiaddrs: provider.multiaddrs }).catch(() => {})
      yield provider.id
      if (++found >= MAX_PROVIDERS) break
    }
  }

  /** Helia's router over Shoal's DHT */
  private router (): any {
    const { contentRouting, peerRouting } = this.components
    return {
      name: 'shoal-dht',
      provide: async (cid: CID, options?: AbortOptions) => contentRouting.provide(cid, options),
      cancelReprovide: async (cid: CID, options?: AbortOptions) => contentRouting.cancelReprovide(cid, options),
      findProviders: async function * (cid: CID, options?: AbortOptions) {
        for await (const p of contentRouting.findProviders(cid, options)) yield { ...p, routing: 'shoal-dht' }
      },
      findPeer: async (peer: any, options?: AbortOptions) => peerRouting.findPeer(peer, options)
    }
  }
}

function count (table: Record<string, SourceCount>, peer: string, bytes: number): void {
  const row = table[peer] ?? { blocks: 0, bytes: 0 }
  row.blocks++
  row.bytes += bytes
  table[peer] = row
}

export function parseCid (cid: string | CID): CID {
  if (typeof cid !== 'string') return cid
  try {
    return CID.parse(cid.trim())
  } catch (err: any) {
    throw new BadCidError(`"${cid}" is not a CID (${err.message}); a CID looks like bafy… or Qm…`)
  }
}

let dagPbCodec: { decode: (block: Uint8Array) => unknown } | undefined

function dagPbLinksOf (block: Uint8Array, codec = dagPbCodec): CID[] {
  if (codec == null) throw new Error('the dag-pb codec is not loaded')
  const node = codec.decode(block) as { Links: Array<{ Hash: CID }> }
  return node.Links.map(l => l.Hash)
}

async function concat (chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  let size = 0
  for await (const c of chunks) { parts.push(c); size += c.byteLength }
  if (parts.length === 1) return parts[0]
  const out = new Uint8Array(size)
  let offset = 0
  for (const p of parts) { out.set(p, offset); offset += p.byteLength }
  return out
}

async function * toStream (content: Uint8Array | AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (content instanceof Uint8Array) yield content
  else yield * content
}

export { StoreFullError }
