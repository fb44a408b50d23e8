import { expect } from 'chai'
import { seededBytes, sha256Of, tcpDataPeer } from '../fixtures/data.js'
import type { DataPeer } from '../fixtures/data.js'

const MiB = 1024 * 1024

describe('data: add on one peer, fetch from holders', function () {
  this.timeout(1_200_000)
  const peers: DataPeer[] = []
  after(async () => {
    for (const p of peers) { await p.node.stop(); await p.remove() }
  })

  it('fetches a 300 MB file from one holder, then from two at once (blocks from both)', async () => {
    const size = Number(process.env.SHOAL_TEST_DATA_MB ?? 300) * MiB
    const a = await tcpDataPeer()
    peers.push(a)
    const added = await a.node.data.add(seededBytes('fetch-test', size), { name: 'seeded' })
    expect(added.size).to.be.greaterThan(size)
    const addrs = (n: DataPeer): string[] => n.node.id().addresses
    const b = await tcpDataPeer({ bootstrap: addrs(a) })
    peers.push(b)
    await b.node.libp2p.dial(a.node.peerId)
    const first = await b.node.data.get(added.cid)
    expect(first.fetchedBlocks).to.equal(first.blocks)
    expect(first.sources.map(s => s.peer)).to.deep.equal([a.node.peerId.toString()])
    const c = await tcpDataPeer({ bootstrap: [...addrs(a), ...addrs(b)] })
    peers.push(c)
    await c.node.libp2p.dial(a.node.peerId)
    await c.node.libp2p.dial(b.node.peerId)
    const second = await c.node.data.get(added.cid)
    const stats = c.node.data.getStats()
    console.log('      sources', second.sources, `${second.ms} ms`)
    // the per-source counters: both holders served C, and between them every block exactly once
    expect(Object.keys(stats.fetched)).to.have.members([a.node.peerId.toString(), b.node.peerId.toString()])
    for (const peer of [a, b]) expect(stats.fetched[peer.node.peerId.toString()].blocks).to.be.greaterThan(0)
    expect(Object.values(stats.fetched).reduce((n, s) => n + s.blocks, 0)).to.equal(second.blocks)
    expect(a.node.data.getStats().served[c.node.peerId.toString()].blocks + b.node.data.getStats().served[c.node.peerId.toString()].blocks).to.equal(second.blocks)
    const got = await sha256Of(c.node.data.cat(added.cid))
    const want = await sha256Of(seededBytes('fetch-test', size))
    expect(got).to.deep.equal(want)
  })
})
