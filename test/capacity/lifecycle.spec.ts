import { expect } from 'chai'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { once, until } from '../fixtures/wait.js'
import { CAPACITY_TOPIC } from '../../src/capacity/index.js'
import type { ShoalNode } from '../../src/index.js'

const holds = (n: ShoalNode, peer: ShoalNode): boolean => n.libp2p.services.capacity.list().some(e => e.advert.peerId === peer.peerId.toString())

describe('capacity: leaving, and finding workers through the DHT', function () {
  this.timeout(60_000)
  const nodes: ShoalNode[] = []
  after(async () => { await stopAll(nodes) })

  it('a peer that stops cleanly disappears from the others\' tables at once', async () => {
    const a = await memoryPeer({ capacity: { intervalMs: 60_000 } })
    const b = await memoryPeer({ bootstrap: a.libp2p.getMultiaddrs().map(String), capacity: { intervalMs: 60_000 } })
    nodes.push(a, b)
    const events = [{ target: a.libp2p.services.capacity, events: ['capacity:update'] }]
    // the goodbye travels on gossip: wait until b is in a's mesh for the topic
    await until('a to hold b\'s advert and b to be a gossip neighbour on the topic',
      () => holds(a, b) && a.libp2p.services.pubsub.getSubscribers(CAPACITY_TOPIC).some(p => p.equals(b.peerId)),
      [...events, { target: a.libp2p.services.pubsub, events: ['subscription-change', 'gossipsub:graft'] }])
    const removed = once<{ peerId: string, reason: string }>(a.libp2p.services.capacity, 'capacity:remove')
    await b.stop()
    const { peerId, reason } = await removed
    expect(peerId).to.equal(b.peerId.toString())
    expect(reason).to.equal('leaving')
    expect(holds(a, b)).to.equal(false)
  })

  it('a peer outside the topic finds a GPU-labelled worker by capability through the DHT', async () => {
    const hub = await memoryPeer({ capacity: { intervalMs: 60_000 } })
    const entry = hub.libp2p.getMultiaddrs().map(String)
    const gpu = await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 60_000, labels: { gpu: 'true', region: 'eu' } } })
    const plain = await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 60_000 } })
    nodes.push(hub, gpu, plain)
    await once<string[]>(gpu.libp2p.services.capacity, 'capacity:provided', 30_000)
    expect(gpu.libp2p.services.capacity.provided()).to.include.members(['gpu', 'label:gpu=true', 'label:region=eu'])

    const outsider = await memoryPeer({ bootstrap: entry, capacity: { advertise: false } })
    nodes.push(outsider)
    expect(outsider.libp2p.services.pubsub.getTopics()).to.not.include(CAPACITY_TOPIC)
    await until('the outsider to have a DHT neighbour', async () => (await outsider.status()).dht.routingTableSize > 0,
      [{ target: outsider.libp2p, events: ['peer:identify', 'peer:connect'] }])
    const found = await outsider.libp2p.services.capacity.findByCapability('gpu', { signal: AbortSignal.timeout(20_000) })
    expect(found.map(a => a.peerId)).to.deep.equal([gpu.peerId.toString()])
    expect(found[0].labels).to.deep.equal({ gpu: 'true', region: 'eu' })
    // the found advert is tabled, marked as found by lookup
    expect(outsider.libp2p.services.capacity.list().find(e => e.advert.peerId === gpu.peerId.toString())?.source).to.equal('lookup')
  })
})
