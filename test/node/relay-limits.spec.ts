/**
 * A Shoal relay on loopback TCP, in process, and plain libp2p clients that
 * ask it for reservations: what it refuses (over its limit, banned peers)
 * and what it cuts (a relayed connection past its data limit) is counted,
 * in `status()` and in the `shoal_relay_*` metrics.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import { FaultTolerance } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { expect } from 'chai'
import { createLibp2p } from 'libp2p'
import { createShoal } from '../../src/index.js'
import { until } from '../fixtures/wait.js'
import type { ShoalNode } from '../../src/index.js'
import type { Libp2p, PrivateKey } from '@libp2p/interface'

const SINK = '/test/sink/1.0.0'
const DATA_LIMIT = 16 * 1024

async function client (relayAddr: string, privateKey?: PrivateKey): Promise<Libp2p> {
  const node = await createLibp2p({
    ...(privateKey != null ? { privateKey } : {}),
    addresses: { listen: [`${relayAddr}/p2p-circuit`] },
    transports: [tcp(), circuitRelayTransport()],
    transportManager: { faultTolerance: FaultTolerance.NO_FATAL },
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() }
  })
  return node
}

const holdsReservation = (node: Libp2p): boolean => node.getMultiaddrs().some(ma => ma.toString().includes('/p2p-circuit'))

describe('relay limits: refusals and cuts are counted', function () {
  this.timeout(30_000)
  let relay: ShoalNode
  let relayAddr: string
  const clients: Libp2p[] = []
  const metricsText = async (): Promise<string> => relay.metrics!.metrics()

  before(async () => {
    relay = await createShoal({
      transports: ['tcp'],
      listen: ['/ip4/127.0.0.1/tcp/0'],
      api: false,
      executor: false,
      reachability: { mode: 'public', webrtc: false, autonat: false, relayLimits: { maxReservations: 1, dataBytes: DATA_LIMIT } }
    })
    relayAddr = (await relay.status()).addresses.find(a => a.includes('/tcp/'))!
  })

  after(async () => {
    await Promise.all(clients.map(async c => c.stop()))
    await relay?.stop()
  })

  it('gives a banned peer no reservation, though a slot is free: the gater refuses its connection first', async () => {
    const key = await generateKeyPair('Ed25519')
    const peer = peerIdFromPrivateKey(key)
    for (let i = 0; i < 4; i++) relay.libp2p.services.guard.offence(peer, 'malformed', 'test: banned on purpose')
    expect(relay.libp2p.services.guard.isBanned(peer.toString())).to.equal(true)
    const banned = await client(relayAddr, key)
    clients.push(banned)
    expect(holdsReservation(banned), 'a banned peer holds no reservation').to.equal(false)
    expect(relay.libp2p.getConnections(peer)).to.deep.equal([])
    // it may try again: the relay still keeps no connection from it
    await banned.dial(multiaddr(relayAddr)).catch(() => {})
    expect(relay.libp2p.getConnections(peer)).to.deep.equal([])
    expect((await relay.status()).nat.relay.reservations).to.equal(0)
  })

  it('takes one reservation and refuses the next (over maxReservations), counting it', async () => {
    const first = await client(relayAddr)
    clients.push(first)
    expect(holdsReservation(first), 'the first client holds a reservation').to.equal(true)
    const second = await client(relayAddr)
    clients.push(second)
    expect(holdsReservation(second), 'the second is refused').to.equal(false)
    const s = await relay.status()
    expect(s.nat.relay.reservations).to.equal(1)
    expect(s.nat.relay.refused.full).to.be.at.least(1)
    expect(s.nat.relay.refused.banned).to.equal(0)
    const text = await metricsText()
    expect(text).to.match(/shoal_relay_reservations_refused_total\{reason="full"\} [1-9]/)
    expect(text).to.match(/shoal_relay_reservations 1/)
  })

  it('cuts a relayed connection past its data limit, and counts the cut', async () => {
    const [held, other] = clients.filter(holdsReservation).concat(clients.slice(-1))
    await held.handle(SINK, async (stream) => {
      // read everything, answer nothing: the bytes only have to cross the relay
      for await (const _ of stream) { /* drain */ }
    }, { runOnLimitedConnection: true })
    const circuit = held.getMultiaddrs().find(ma => ma.toString().includes('/p2p-circuit'))!
    const stream = await other.dialProtocol(circuit, SINK, { runOnLimitedConnection: true })
    const chunk = new Uint8Array(4096)
    try {
      for (let sent = 0; sent < 4 * DATA_LIMIT && stream.status === 'open'; sent += chunk.byteLength) {
        if (!stream.send(chunk)) {
          await new Promise(resolve => {
            stream.addEventListener('drain', resolve, { once: true })
            stream.addEventListener('close', resolve, { once: true })
          })
        }
      }
    } catch {
      // the relay cut the stream under us: expected
    }
    // the relay aborts the hop streams, so both ends see their relayed connection close
    await until('the relay counted the cut', async () => (await relay.status()).nat.relay.cut.data > 0,
      [{ target: other, events: ['connection:close'] }, { target: held, events: ['connection:close'] }], 10_000)
    expect((await relay.status()).nat.relay.cut.duration).to.equal(0)
    expect(await metricsText()).to.match(/shoal_relay_connections_cut_total\{limit="data"\} 1/)
  })
})
