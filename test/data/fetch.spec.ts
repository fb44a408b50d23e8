import { expect } from 'chai'
import { seededBytes, sha256Of, tcpDataPeer } from '../fixtures/data.js'
import type { DataPeer } from '../fixtures/data.js'

const MiB = 1024 * 1024

describe('data: add on one peer, fetch from holders', function () {
  this.timeout(120_000)
  const peers: DataPeer[] = []
  after(async () => {
    for (const p of peers) { await p.node.stop(); await p.remove() }
  })

  it('fetches a file from one holder, then from two at once', async () => {
    const size = Number(process.env.SHOAL_TEST_DATA_MB ?? 40) * MiB
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
    expect(Object.keys(stats.fetched)).to.have.members([a.node.peerId.toString(), b.node.peerId.toString()])
    const got = await sha256Of(c.node.data.cat(added.cid))
    const want = await sha256Of(seededBytes('fetch-test', size))
    expect(got).to.deep.equal(want)
  })
})
