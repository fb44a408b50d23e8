/**
 * The blockstore Helia writes to, wrapped to know each block's size and last
 * use (kept in memory, written to the datastore in batches: one small record
 * per block), so the store can hold a quota by collecting unpinned blocks,
 * least recently used first. Platform-neutral: the blockstore underneath is
 * blockstore-fs on a daemon, an in-memory one for a peer without a data dir.
 */
import { Key } from 'interface-datastore'
import { base32 } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import { GC_GRACE_MS, GC_LOW_WATER, LRU_FLUSH_MS, LRU_PREFIX } from './constants.js'
import type { Blockstore, InputPair, Pair } from 'interface-blockstore'
import type { Datastore } from 'interface-datastore'
import type { AbortOptions } from '@libp2p/interface'

interface Entry { cid: CID, size: number, used: number }

export interface GcResult { deleted: number, freedBytes: number, storedBytes: number }

export class TrackedBlockstore implements Blockstore {
  private readonly entries = new Map<string, Entry>()
  private lastStamp = 0
  private readonly dirty = new Set<string>()
  private total = 0
  private flushTimer?: ReturnType<typeof setInterval>
  /** set by the service: runs a collection when the store passes its quota */
  onOverQuota?: () => void

  constructor (private readonly inner: Blockstore, private readonly index: Datastore, public maxBytes: number) {}

  /** reads the index; blocks without a record (written just before a crash) are measured from the store */
  async open (): Promise<void> {
    for await (const { key, value } of this.index.query({ prefix: LRU_PREFIX })) {
      const entry = decodeEntry(value)
      if (entry == null) continue
      this.entries.set(key.baseNamespace(), entry)
      this.total += entry.size
    }
    if (this.entries.size === 0) {
      for await (const { cid, bytes } of this.inner.getAll()) {
        let size = 0
        for await (const chunk of bytes) size += chunk.byteLength
        this.track(cid, size, this.stamp())
      }
    }
    this.flushTimer = setInterval(() => { void this.flush() }, LRU_FLUSH_MS)
    this.flushTimer.unref?.()
  }

  async close (): Promise<void> {
    clearInterval(this.flushTimer)
    await this.flush()
  }

  storedBytes (): number { return this.total }
  storedBlocks (): number { return this.entries.size }
  sizeOf (cid: CID): number | undefined { return this.entries.get(keyOf(cid))?.size }

  async flush (): Promise<void> {
    if (this.dirty.size === 0) return
    const keys = [...this.dirty]
    this.dirty.clear()
    const batch = this.index.batch()
    for (const k of keys) {
      const e = this.entries.get(k)
      if (e == null) batch.delete(new Key(`${LRU_PREFIX}/${k}`))
      else batch.put(new Key(`${LRU_PREFIX}/${k}`), encodeEntry(e))
    }
    await batch.commit()
  }

  /**
   * A use stamp: the time in ms, but never the same twice, so that a block
   * used again within the millisecond of other puts still counts as the most
   * recent (the LRU order would otherwise fall back on insertion order)
   */
  private stamp (): number {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 0.001)
    return this.lastStamp
  }

  private track (cid: CID, size: number, now: number): void {
    const k = keyOf(cid)
    const old = this.entries.get(k)
    if (old != null) this.total -= old.size
    this.entries.set(k, { cid, size, used: now })
    this.total += size
    this.dirty.add(k)
  }

  private touch (cid: CID): void {
    const k = keyOf(cid)
    const e = this.entries.get(k)
    if (e == null) return
    e.used = this.stamp()
    this.dirty.add(k)
  }

  private untrack (cid: CID): void {
    const k = keyOf(cid)
    const e = this.entries.get(k)
    if (e == null) return
    this.total -= e.size
    this.entries.delete(k)
    this.dirty.add(k)
  }

  async put (cid: CID, block: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>, options?: AbortOptions): Promise<CID> {
    let size = 0
    const counted = block instanceof Uint8Array ? block : countBytes(block, n => { size += n })
    if (block instanceof Uint8Array) size = block.byteLength
    const out = await this.inner.put(cid, counted, options)
    this.track(cid, size, this.stamp())
    // written now, not with the next flush: a store killed mid-fetch still knows every block it holds
    const k = keyOf(cid)
    this.dirty.delete(k)
    await this.index.put(new Key(`${LRU_PREFIX}/${k}`), encodeEntry(this.entries.get(k) as Entry))
    if (this.total > this.maxBytes) this.onOverQuota?.()
    return out
  }

  async * putMany (source: Iterable<InputPair> | AsyncIterable<InputPair>, options?: AbortOptions): AsyncGenerator<CID> {
    for await (const { cid, bytes } of source) yield await this.put(cid, bytes, options)
  }

  async * get (cid: CID, options?: AbortOptions): AsyncGenerator<Uint8Array> {
    yield * this.inner.get(cid, options)
    this.touch(cid)
  }

  async * getMany (source: Iterable<CID> | AsyncIterable<CID>, options?: AbortOptions): AsyncGenerator<Pair> {
    for await (const cid of source) yield { cid, bytes: this.get(cid, options) }
  }

  async delete (cid: CID, options?: AbortOptions): Promise<void> {
    await this.inner.delete(cid, options)
    this.untrack(cid)
  }

  async * deleteMany (source: Iterable<CID> | AsyncIterable<CID>, options?: AbortOptions): AsyncGenerator<CID> {
    for await (const cid of source) {
      await this.delete(cid, options)
      yield cid
    }
  }

  async has (cid: CID, options?: AbortOptions): Promise<boolean> {
    const held = await this.inner.has(cid, options)
    // a block written just before a crash, before its record: measured and recorded now
    if (held && !this.entries.has(keyOf(cid))) {
      let size = 0
      for await (const chunk of this.inner.get(cid, options)) size += chunk.byteLength
      this.track(cid, size, this.stamp())
    }
    return held
  }

  getAll (options?: AbortOptions): AsyncGenerator<Pair> | Generator<Pair> {
    return this.inner.getAll(options)
  }

  /**
   * Deletes unpinned blocks, least recently used first, until the store is
   * at GC_LOW_WATER of the quota (or of `targetBytes`). Blocks used in the
   * last GC_GRACE_MS are kept: a fetch in progress keeps what it has.
   */
  async collect (isPinned: (cid: CID) => Promise<boolean>, targetBytes = this.maxBytes * GC_LOW_WATER, now = Date.now()): Promise<GcResult> {
    const oldest = [...this.entries.values()].filter(e => now - e.used >= GC_GRACE_MS).sort((a, b) => a.used - b.used)
    let deleted = 0
    let freedBytes = 0
    for (const e of oldest) {
      if (this.total <= targetBytes) break
      if (await isPinned(e.cid)) continue
      await this.delete(e.cid)
      deleted++
      freedBytes += e.size
    }
    await this.flush()
    return { deleted, freedBytes, storedBytes: this.total }
  }

  /** every block that is not pinned, whatever its age (shoal gc --all) */
  async collectAll (isPinned: (cid: CID) => Promise<boolean>): Promise<GcResult> {
    return this.collect(isPinned, 0, Number.MAX_SAFE_INTEGER)
  }
}

function keyOf (cid: CID): string {
  return base32.encode(cid.multihash.bytes)
}

async function * countBytes (source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, count: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    count(chunk.byteLength)
    yield chunk
  }
}

/** 8 bytes of last use (ms), 4 of size, then the CID */
function encodeEntry (e: Entry): Uint8Array {
  const out = new Uint8Array(12 + e.cid.bytes.byteLength)
  const view = new DataView(out.buffer)
  view.setFloat64(0, e.used)
  view.setUint32(8, e.size)
  out.set(e.cid.bytes, 12)
  return out
}

function decodeEntry (bytes: Uint8Array): Entry | undefined {
  if (bytes.byteLength < 13) return undefined
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    return { used: view.getFloat64(0), size: view.getUint32(8), cid: CID.decode(bytes.subarray(12)) }
  } catch {
    return undefined
  }
}
