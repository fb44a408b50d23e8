import { expect } from 'chai'
import { isRelayed, isRelaySignalledWebRTC, transportOf } from '../../src/reachability/index.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import { multiaddr } from '@multiformats/multiaddr'
import type { ShoalNode } from '../../src/index.js'

const RELAY = '/ip4/198.18.0.2/tcp/4001/p2p/12D3KooWDJq8Vu5JKZi7ZPxe68qVY9wbXiDHbfvNQCcnVGAAvW3b'
const PEER = '12D3KooWDgkFsY9vGqP8qJNgznYq7Gqj3x8sBhmnpLbLbkaMfDsd'

describe('reachability', () => {
  it('names the transport of a connection from its remote address', () => {
    expect(transportOf(`${RELAY}/p2p-circuit/p2p/${PEER}`)).to.equal('relay')
    expect(transportOf(`/webrtc/p2p/${PEER}`)).to.equal('webrtc')
    expect(transportOf(`${RELAY}/p2p-circuit/webrtc/p2p/${PEER}`)).to.equal('webrtc')
    expect(transportOf('/ip4/198.18.0.2/tcp/4001/ws')).to.equal('ws')
    expect(transportOf('/ip4/198.18.0.2/tcp/4001')).to.equal('tcp')
    expect(transportOf('/memory/x')).to.equal('memory')
  })

  it('tells the /webrtc addresses signalled through a relay (kept out of the dial queue) from the rest', () => {
    expect(isRelaySignalledWebRTC(multiaddr(`${RELAY}/p2p-circuit/webrtc/p2p/${PEER}`))).to.equal(true)
    expect(isRelaySignalledWebRTC(multiaddr(`${RELAY}/p2p-circuit/p2p/${PEER}`))).to.equal(false)
    expect(isRelaySignalledWebRTC(multiaddr(`/webrtc/p2p/${PEER}`))).to.equal(false)
    expect(isRelaySignalledWebRTC(multiaddr('/ip4/198.18.0.2/tcp/4001'))).to.equal(false)
  })

  it('calls a connection relayed when it has limits or runs through a circuit', () => {
    expect(isRelayed({ remoteAddr: multiaddr(`${RELAY}/p2p-circuit/p2p/${PEER}`), limits: undefined })).to.equal(true)
    expect(isRelayed({ remoteAddr: multiaddr('/ip4/198.18.0.2/tcp/4001'), limits: { bytes: 10n } })).to.equal(true)
    expect(isRelayed({ remoteAddr: multiaddr('/ip4/198.18.0.2/tcp/4001'), limits: undefined })).to.equal(false)
  })

  describe('status of in-process peers', () => {
    let a: ShoalNode
    let b: ShoalNode
    let aId: string
    before(async () => {
      a = await memoryPeer()
      await a.start()
      aId = a.id().peerId
      b = await memoryPeer({ bootstrap: [(await a.status()).addresses[0]] })
      await b.start()
    })
    after(async () => { await stopAll([a, b]) })

    it('reports unknown reachability (no network to learn about), and each connection as direct over memory', async () => {
      await until('B connected to A', async () => (await b.status()).nat.connections.some(c => c.peerId === aId), [{ target: b.libp2p, events: ['connection:open'] }])
      const s = await b.status()
      expect(s.reachability).to.equal('unknown')
      expect(s.nat.reason).to.equal('no-network')
      expect(s.nat.reservations).to.deep.equal([])
      expect(s.nat.relay.serving).to.equal(false)
      const toA = s.nat.connections.find(c => c.peerId === aId)
      expect(toA).to.include({ relayed: false, transport: 'memory', direction: 'outbound' })
      const link = s.nat.links.find(l => l.peerId === aId)
      expect(link?.firstRelayed).to.equal(false)
    })
  })
})
