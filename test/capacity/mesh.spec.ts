import { expect } from 'chai'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import type { ShoalNode } from '../../src/index.js'

const tableIds = (n: ShoalNode): string[] => n.libp2p.services.capacity.list().map(e => e.advert.peerId)
const capacityEvents = (nodes: ShoalNode[]): Array<{ target: EventTarget, events: string[] }> =>
  nodes.map(n => ({ target: n.libp2p.services.capacity, events: ['capacity:update', 'capacity:remove'] }))

describe('capacity adverts across a mesh', function () {
  this.timeout(180_000)
  const nodes: ShoalNode[] = []
  after(async () => { await stopAll(nodes) })

  it('every one of 20 peers holds all 20 adverts', async () => {
    const first = await memoryPeer({ capacity: { intervalMs: 5_000, labels: { mesh: 'twenty' } } })
    nodes.push(first)
    const entry = first.libp2p.getMultiaddrs().map(String)
    for (let i = 1; i < 20; i++) nodes.push(await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 5_000 } }))
    const everyone = nodes.map(n => n.peerId.toString()).sort()
    await until('all 20 tables to hold 20 adverts', () => nodes.every(n => tableIds(n).length === 20), capacityEvents(nodes), 120_000)
    for (const n of nodes) expect(tableIds(n).sort()).to.deep.equal(everyone)
    const advert = nodes[5].libp2p.services.capacity.list().find(e => e.advert.peerId === first.peerId.toString())?.advert
    expect(advert?.labels).to.deep.equal({ mesh: 'twenty' })
  })

  it('a peer that joins late has the full table through the sync protocol', async () => {
    const late = await memoryPeer({ bootstrap: nodes[3].libp2p.getMultiaddrs().map(String), capacity: { intervalMs: 60_000 } })
    nodes.push(late)
    const capacity = late.libp2p.services.capacity
    await until('the late peer to hold 21 adverts', () => capacity.list().length === 21, capacityEvents([late]), 30_000)
    const synced = capacity.list().filter(e => e.source === 'sync')
    expect(capacity.getStats().syncs.pulled).to.be.greaterThan(0)
    // the other 20 came by sync; gossip had no period to deliver them in
    expect(synced.length).to.be.at.least(19)
  })

  it('adverts carry where to dial a peer: the late peer can dial peers it has only heard of, without a DHT lookup', async () => {
    const late = nodes[nodes.length - 1]
    const heardOf = late.libp2p.services.capacity.list().filter(e => e.source !== 'self' && late.libp2p.getConnections(e.advert.peerId as any).length === 0)
    expect(heardOf.length).to.be.greaterThan(0)
    for (const e of heardOf) {
      const peer = nodes.find(n => n.peerId.toString() === e.advert.peerId)!
      // what the peer announces, without /p2p/<id>
      expect(e.advert.addrs).to.deep.equal(peer.libp2p.getMultiaddrs().map(ma => ma.toString().replace(`/p2p/${e.advert.peerId}`, '')))
      const stored = await late.libp2p.peerStore.get(peer.peerId)
      expect(stored.addresses.map(a => a.multiaddr.toString())).to.include(e.advert.addrs![0])
    }
  })
})
