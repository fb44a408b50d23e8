/**
 * Pure views of the connection table: what `shoal peers` and `shoal status` show.
 */
import type { Connection } from '@libp2p/interface'

export interface PeerSummary {
  id: string
  /** remote addresses of our open connections to it */
  addresses: string[]
  /** protocols it told us it speaks (identify) */
  protocols: string[]
  /** round trip measured by the connection monitor; null until measured */
  latencyMs: number | null
  direction: 'inbound' | 'outbound'
  /** connection opened, ms since epoch */
  since: number
}

/** Groups connections by peer; the best measured rtt of its connections stands for the peer. */
export function summarisePeers (connections: Connection[], protocolsByPeer: Map<string, string[]>): PeerSummary[] {
  const byPeer = new Map<string, Connection[]>()
  for (const conn of connections) {
    const id = conn.remotePeer.toString()
    byPeer.set(id, [...(byPeer.get(id) ?? []), conn])
  }
  return [...byPeer.entries()].map(([id, conns]) => {
    const rtts = conns.map(c => c.rtt).filter((r): r is number => typeof r === 'number' && Number.isFinite(r))
    return {
      id,
      addresses: [...new Set(conns.map(c => c.remoteAddr.toString()))],
      protocols: [...(protocolsByPeer.get(id) ?? [])].sort(),
      latencyMs: rtts.length > 0 ? Math.min(...rtts) : null,
      direction: conns[0].direction,
      since: Math.min(...conns.map(c => c.timeline.open))
    }
  }).sort((a, b) => a.id.localeCompare(b.id))
}

/** Orders stored peers for redialling: most recently seen first. */
export function pickPeersToRedial<T extends { lastSeen: number }> (peers: T[], count: number): T[] {
  return [...peers].sort((a, b) => b.lastSeen - a.lastSeen).slice(0, count)
}
