/**
 * Before a job moves its module, input and output, try to leave the relay:
 * a worker reached only through a relayed (limited) connection is dialled
 * on its `/webrtc` addresses (signalled through the same relay), for a
 * bounded wait. If that fails the job goes on over the relay, within the
 * relay's limits; if it outgrows them the attempt fails with a clear reason
 * and the job moves to another worker.
 */
import type { PeerId, PeerStore } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'

export interface DirectContext {
  connectionManager: ConnectionManager
  peerStore?: PeerStore
  waitMs: number
  signal?: AbortSignal
  log?: (format: string, ...args: unknown[]) => void
}

/** 'direct' (was or became direct), 'relayed' (still only relayed), 'none' (not connected yet) */
export type LinkKind = 'direct' | 'relayed' | 'none'

export function linkTo (worker: PeerId, connectionManager: ConnectionManager): LinkKind {
  const open = connectionManager.getConnections(worker).filter(c => c.status === 'open')
  if (open.length === 0) return 'none'
  return open.some(c => c.limits == null) ? 'direct' : 'relayed'
}

export async function preferDirect (worker: PeerId, ctx: DirectContext): Promise<LinkKind> {
  const link = linkTo(worker, ctx.connectionManager)
  if (link !== 'relayed' || ctx.peerStore == null) return link
  const peer = await ctx.peerStore.get(worker).catch(() => undefined)
  const webrtc = (peer?.addresses ?? []).map(a => a.multiaddr).filter(ma => ma.getComponents().some(c => c.name === 'webrtc'))
  if (webrtc.length === 0) return link
  const signal = AbortSignal.any([AbortSignal.timeout(Math.max(1, Math.round(ctx.waitMs))), ...(ctx.signal != null ? [ctx.signal] : [])])
  try {
    await ctx.connectionManager.openConnection(webrtc, { signal })
  } catch (err: any) {
    ctx.log?.('no direct connection to %p within %d ms, staying on the relay - %s', worker, ctx.waitMs, err?.message)
  }
  return linkTo(worker, ctx.connectionManager)
}
