/**
 * The store's quota: unpinned blocks go least recently used first, pinned
 * ones never, recently used ones not yet; the records survive a reopen.
 */
import { expect } from 'chai'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { TrackedBlockstore } from '../../src/data/store.js'
import { GC_GRACE_MS } from '../../src/data/constants.js'

async function block (i: number, size = 1000): Promise<{ cid: CID, bytes: Uint8Array }> {
  const bytes = new Uint8Array(size).fill(i)
  return { cid: CID.createV1(0x55, await sha256.digest(bytes)), bytes }
}

describe('data: store quota and LRU collection', () => {
  it('collects unpinned blocks least recently used first, down to 90% of the quota', async () => {
    const inner = new MemoryBlockstore()
    const index = new MemoryDatastore()
    const store = new TrackedBlockstore(inner, index, 10_000)
    await store.open()
    let over = 0
    store.onOverQuota = () => { over++ }
    const blocks = await Promise.all(Array.from({ length: 12 }, async (_, i) => block(i)))
    for (const b of blocks) await store.put(b.cid, b.bytes)
    expect(store.storedBytes()).to.equal(12_000)
    expect(over).to.be.greaterThan(0)
    // block 0 is used again (most recent now); block 1 is pinned
    for await (const _ of store.get(blocks[0].cid)) { /* read */ }
    const pinned = new Set([blocks[1].cid.toString()])
    const later = Date.now() + GC_GRACE_MS + 1
    const result = await store.collect(async cid => pinned.has(cid.toString()), 9_000, later)
    expect(result.storedBytes).to.be.at.most(9_000)
    expect(result.deleted).to.equal(3)
    // the oldest unpinned ones went: 2, 3, 4 (0 was used again, 1 is pinned)
    for (const i of [2, 3, 4]) expect(await inner.has(blocks[i].cid), `block ${i}`).to.equal(false)
    for (const i of [0, 1, 5, 11]) expect(await inner.has(blocks[i].cid), `block ${i}`).to.equal(true)
    await store.close()
    const reopened = new TrackedBlockstore(inner, index, 10_000)
    await reopened.open()
    expect(reopened.storedBytes()).to.equal(9_000)
    await reopened.close()
  })

  it('keeps blocks used within the grace period', async () => {
    const store = new TrackedBlockstore(new MemoryBlockstore(), new MemoryDatastore(), 1_000)
    await store.open()
    for (let i = 0; i < 5; i++) { const b = await block(i); await store.put(b.cid, b.bytes) }
    const result = await store.collect(async () => false)
    expect(result.deleted).to.equal(0)
    expect((await store.collectAll(async () => false)).storedBytes).to.equal(0)
    await store.close()
  })
})
