import { expect } from 'chai'
import { multiaddr } from '@multiformats/multiaddr'
import { MessageChannel } from 'node:worker_threads'
import { createShoal, type ShoalNode } from '../../src/index.js'
import { simLinks, Switchboard, threadOf } from '../../src/sim/inprocess/links.js'
import { until } from '../fixtures/wait.js'

/**
 * The simulation's links between real Shoal peers: two switchboards (as two
 * threads would hold) joined by a MessageChannel, plus a same-board link.
 */
describe('sim: in-memory links across threads', function () {
  this.timeout(60_000)
  const LATENCY_MS = 25
  let boards: Switchboard[]
  let nodes: ShoalNode[]

  const peer = async (board: Switchboard, address: string, bootstrap: string[] = [], plaintext = false): Promise<ShoalNode> => {
    const node = await createShoal({ transports: [], customTransports: [simLinks(board)], plaintext, listen: [address], api: false, metrics: false, localMesh: true, bootstrap, executor: false })
    nodes.push(node)
    return node
  }

  beforeEach(() => {
    boards = [new Switchboard(0, LATENCY_MS), new Switchboard(1, LATENCY_MS)]
    const channel = new MessageChannel()
    boards[0].connectThread(1, channel.port1)
    boards[1].connectThread(0, channel.port2)
    nodes = []
  })

  afterEach(async () => {
    await Promise.all(nodes.map(async n => n.stop()))
    boards.forEach(b => { b.close() })
  })

  it('peers on two boards and on one board connect, ping, and see each other\'s adverts', async () => {
    const a = await peer(boards[0], '/memory/links-t0-1')
    const entry = `/memory/links-t0-1/p2p/${a.peerId.toString()}`
    const b = await peer(boards[1], '/memory/links-t1-1', [entry])
    const c = await peer(boards[0], '/memory/links-t0-2', [entry])
    await until('both peers connected to the entry peer', () => a.libp2p.getPeers().length >= 2, [{ target: a.libp2p, events: ['peer:connect'] }])
    // across the boards, and within one: every message waits the latency each way
    const across = await b.libp2p.services.ping.ping(multiaddr(entry))
    const within = await c.libp2p.services.ping.ping(multiaddr(entry))
    expect(across).to.be.at.least(2 * LATENCY_MS)
    expect(within).to.be.at.least(2 * LATENCY_MS)
    await until('b holds a\'s advert', () => b.capacityTable().some(r => r.peerId === a.peerId.toString()), [{ target: b.libp2p.services.capacity, events: ['capacity:update'] }])
  })

  it('runs with plaintext too, and refuses plaintext on a network transport', async () => {
    const a = await peer(boards[0], '/memory/plain-t0-1', [], true)
    const b = await peer(boards[1], '/memory/plain-t1-1', [`/memory/plain-t0-1/p2p/${a.peerId.toString()}`], true)
    await until('connected', () => b.libp2p.getPeers().length >= 1, [{ target: b.libp2p, events: ['peer:connect'] }])
    const err = await createShoal({ transports: ['tcp'], listen: ['/ip4/127.0.0.1/tcp/0'], plaintext: true, api: false, metrics: false, executor: false, start: false }).then(() => undefined, (e: Error) => e)
    expect(err?.message).to.match(/plaintext is for in-process simulations only/)
  })

  it('a dial to an address nobody listens at fails with a reason, on either board', async () => {
    const a = await peer(boards[0], '/memory/none-t0-1')
    const local = await a.libp2p.dial(multiaddr('/memory/none-t0-9')).then(() => undefined, (e: Error) => e)
    expect(local?.message).to.equal('no peer listens at /memory/none-t0-9')
    const remote = await a.libp2p.dial(multiaddr('/memory/none-t1-9')).then(() => undefined, (e: Error) => e)
    expect(remote?.message).to.equal('no peer listens at /memory/none-t1-9')
    // and the peer still serves: a real peer on the other board connects
    const b = await peer(boards[1], '/memory/none-t1-1', [`/memory/none-t0-1/p2p/${a.peerId.toString()}`])
    await until('connected', () => b.libp2p.getPeers().length >= 1, [{ target: b.libp2p, events: ['peer:connect'] }])
    expect(() => threadOf('/memory/no-thread-here')).to.throw(/not a simulation link address/)
    expect(() => { boards[0].listen('/memory/x-t1-1', () => {}) }).to.throw(/belongs to thread 1/)
  })
})
