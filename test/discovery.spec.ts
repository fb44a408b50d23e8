import { expect } from 'chai'
import { memoryPeer, stopAll } from './fixtures/peers.js'
import { until } from './fixtures/wait.js'
import type { ShoalNode } from '../src/index.js'

describe('discovery through the DHT', function () {
  this.timeout(120_000)
  const nodes: ShoalNode[] = []
  after(async () => { await stopAll(nodes) })

  it('10 peers that know only peer 0 each find at least 8 others', async () => {
    const first = await memoryPeer()
    nodes.push(first)
    const entry = first.libp2p.getMultiaddrs().map(a => a.toString())
    for (let i = 1; i < 10; i++) {
      nodes.push(await memoryPeer({ bootstrap: entry }))
    }
    const routingTableSizes = async (): Promise<number[]> =>
      Promise.all(nodes.map(async n => (await n.status()).dht.routingTableSize))
    // nobody was told of anyone but peer 0: the rest came through DHT answers
    // (or from peers that dialled in after finding this one in the DHT)
    const learnedThroughDht = (node: ShoalNode): string[] =>
      node.libp2p.services.shoal.dhtDiscoveredPeers().filter(id => id !== first.peerId.toString())

    await until('every routing table to hold ≥ 8 peers, and every joiner to have learned peers from DHT answers',
      async () => (await routingTableSizes()).every(s => s >= 8) && nodes.slice(1).every(n => learnedThroughDht(n).length > 0),
      nodes.map(n => ({ target: n.libp2p, events: ['peer:discovery', 'peer:connect', 'peer:identify'] })), 90_000)

    expect(Math.min(...await routingTableSizes())).to.be.at.least(8)
  })
})
