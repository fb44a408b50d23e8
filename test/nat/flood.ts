/**
 * A flood of relay reservation requests, for the NAT test: `count` fresh
 * libp2p peers each ask the relay at `relay` for a reservation. Prints one
 * JSON line, { tried, held, refused }, then keeps its peers (and their
 * reservations) until it is killed. Paced under libp2p's per-host
 * connection rate limit, so what refuses it is the reservation limit. Run
 * inside a test namespace.
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
// four new connections a second: libp2p refuses a host's fifth inbound
// connection within a second (inboundConnectionThreshold) before any
// reservation is asked for, and this flood is meant to reach the relay's
// reservation limit, not that one
const BATCH = 4
for (let i = 0; i < count; i += BATCH) {
  const started = Date.now()
  results.push(...await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, oneRequest)))
  if (i + BATCH < count) await new Promise(resolve => setTimeout(resolve, Math.max(0, started + 1_100 - Date.now())))
}
const held = results.filter(r => r.held).length
console.log(JSON.stringify({ tried: count, held, refused: count - held }))
process.on('SIGTERM', () => { void Promise.all(results.map(async r => r.node.stop())).finally(() => process.exit(0)) })
setInterval(() => {}, 60_000)
