/**
 * A flood of relay reservation requests, for the NAT test: `count` fresh
 * libp2p peers each ask the relay at `relay` for a reservation. Prints one
 * JSON line, { tried, held, refused }, then keeps its peers (and their
 * reservations) until it is killed. Run inside a test namespace.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify } from '@libp2p/identify'
import { FaultTolerance } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { createLibp2p } from 'libp2p'
import type { Libp2p } from '@libp2p/interface'

const [relay, countText] = process.argv.slice(2)
const count = Number(countText ?? '20')

async function oneRequest (): Promise<{ node: Libp2p, held: boolean }> {
  const node = await createLibp2p({
    addresses: { listen: [`${relay}/p2p-circuit`] },
    transports: [tcp(), circuitRelayTransport()],
    transportManager: { faultTolerance: FaultTolerance.NO_FATAL },
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() }
  })
  return { node, held: node.getMultiaddrs().some(ma => ma.toString().includes('/p2p-circuit')) }
}

const results: Array<{ node: Libp2p, held: boolean }> = []
// a few at a time: a flood, but one this small machine can make
for (let i = 0; i < count; i += 5) {
  results.push(...await Promise.all(Array.from({ length: Math.min(5, count - i) }, oneRequest)))
}
const held = results.filter(r => r.held).length
console.log(JSON.stringify({ tried: count, held, refused: count - held }))
process.on('SIGTERM', () => { void Promise.all(results.map(async r => r.node.stop())).finally(() => process.exit(0)) })
setInterval(() => {}, 60_000)
