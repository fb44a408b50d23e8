/**
 * Before a job moves its module, input and output, try to leave the relay:
 * a worker reached only through a relayed (limited) connection is dialled
 * on its `/webrtc` addresses (signalled through the same relay), for a
 * bounded wait. If that fails the job goes on over the relay, within the
 * relay's limits; if it outgrows them the attempt fails with a clear reason
 * and the job moves to another worker.
 */
import type { Connection, PeerId, PeerStore } from '@libp2p/interface'
import type { ConnectionManager, TransportManager } from '@libp2p/interface-internal'
import type { Multiaddr } from '@multiformats/multiaddr'

export interface DirectContext {
  connectionManager: ConnectionManager
  /**
   * dials the /webrtc addresses itself, outside libp2p's dial queue: the
   * queue gives each address 6 s (addressDialTimeout), less than ICE may
   * need, and its dials of /webrtc addresses are refused by Shoal's gater
   * (one dialler per pair: the requester, here)
   */
  transportManager?: TransportManager
  peerStore?: PeerStore
  waitMs: number
  signal?: AbortSignal
  log?: (format: string, ...args: unknown[]) => void
  /** peer → when a direct dial last failed: not retried within `retryMs`, so a hard NAT costs one wait, not one per job */
  failures?: Map<string, number>
  retryMs?: number
  /** direct dials under way, per peer: one at a time, shared by the jobs that wait on it */
  dials?: Map<string, DirectDial>
}

/** a direct dial is given this long (ICE through NATs can be slow), whatever the job waits */
const DIRECT_DIAL_TIMEOUT_MS = 30_000
/** one ICE attempt, at most: the recipient side gives up after libp2p's inbound upgrade timeout (10 s) anyway */
const DIRECT_ATTEMPT_TIMEOUT_MS = 15_000
const DIRECT_DIAL_ATTEMPTS = 3
/** a peer's own (non-relay) addresses get this long in all on a first contact... */
const FIRST_DIAL_DIRECT_MS = 3_000
/** ...and this long to themselves before the relay is dialled too */
const OWN_ADDRESSES_HEAD_START_MS = 300
/** after a failed direct dial, jobs to that peer use the relay without trying again for this long */
const DIRECT_RETRY_MS = 60_000

/** a direct dial under way: jobs wait for it only within `waitMs` of its start, together */
export interface DirectDial { done: Promise<void>, startedAt: number }

/** 'direct' (was or became direct), 'relayed' (still only relayed), 'none' (not connected yet) */
export type LinkKind = 'direct' | 'relayed' | 'none'

export function linkTo (worker: PeerId, connectionManager: ConnectionManager): LinkKind {
  const open = connectionManager.getConnections(worker).filter(c => c.status === 'open')
  if (open.length === 0) return 'none'
  return open.some(c => c.limits == null) ? 'direct' : 'relayed'
}

/** the open connection to a peer to put a stream on: a direct one if there is one */
export function bestConnection (worker: PeerId, connectionManager: ConnectionManager): Connection | undefined {
  const open = connectionManager.getConnections(worker).filter(c => c.status === 'open')
  return open.find(c => c.limits == null) ?? open[0]
}

/**
 * A connection to the worker for a job: an existing one, or a new dial
 * (which may end on a relay: libp2p never reuses a limited connection by
 * itself, so the caller opens its stream on the connection returned here);
 * a relayed one is first given a bounded chance to become direct.
 */
export async function jobConnection (worker: PeerId, ctx: DirectContext & { signal: AbortSignal }): Promise<{ connection: Connection, link: LinkKind }> {
  let connection = bestConnection(worker, ctx.connectionManager) ?? await firstConnection(worker, ctx)
  if (connection.limits != null) {
    await preferDirect(worker, ctx)
    connection = bestConnection(worker, ctx.connectionManager) ?? connection
  }
  return { connection, link: connection.limits != null ? 'relayed' : 'direct' }
}

/** the dialler wants every address of one dial to name the same peer: the last /p2p/ */
function withPeer (ma: Multiaddr, peer: PeerId): Multiaddr {
  const last = ma.getComponents().at(-1)
  return last?.name === 'p2p' && last.value === peer.toString() ? ma : ma.encapsulate(`/p2p/${peer.toString()}`)
}

/**
 * A first connection. To a peer that announces relay addresses (a private
 * peer), its own addresses are tried first (a LAN peer answers on them at
 * once) and the relay a moment later, or as soon as they fail, whichever
 * connects first: a private peer's own addresses usually lead nowhere, and
 * a dial to them can hang for seconds - the relay is not kept waiting for
 * that. WebRTC then upgrades a relayed connection.
 */
async function firstConnection (worker: PeerId, ctx: DirectContext & { signal: AbortSignal }): Promise<Connection> {
  const peer = await ctx.peerStore?.get(worker).catch(() => undefined)
  const addrs = (peer?.addresses ?? []).map(a => withPeer(a.multiaddr, worker))
  const relayed = addrs.filter(ma => { const names = ma.getComponents().map(c => c.name); return names.includes('p2p-circuit') && !names.includes('webrtc') })
  const others = addrs.filter(ma => !ma.getComponents().some(c => c.name === 'p2p-circuit'))
  if (relayed.length === 0) return ctx.connectionManager.openConnection(worker, { signal: ctx.signal })
  if (others.length === 0) return dialEach(relayed, ctx, ctx.signal)
  let reached = false
  let ownFailed = (): void => {}
  const failed = new Promise<void>(resolve => { ownFailed = resolve })
  const own = ctx.connectionManager.openConnection(others, { signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(FIRST_DIAL_DIRECT_MS)]) })
    .then(c => { reached = true; return c }, (err: unknown) => { ownFailed(); throw err })
  const viaRelay = (async () => {
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([new Promise(resolve => { timer = setTimeout(resolve, OWN_ADDRESSES_HEAD_START_MS) }), failed])
    clearTimeout(timer)
    if (reached) throw new Error('reached on its own addresses')
    return dialEach(relayed, ctx, ctx.signal)
  })()
  try {
    return await Promise.any([own, viaRelay])
  } catch (err: any) {
    throw err instanceof AggregateError ? err.errors.at(-1) : err
  }
}

/**
 * Each address in turn, through the transport manager when there is one:
 * outside libp2p's dial queue, which would join this dial to any other dial
 * to the peer under way (a DHT query's, say, stuck on an address that leads
 * nowhere) and give each address at most 6 s (addressDialTimeout); and
 * outside Shoal's gater, which keeps /webrtc addresses out of that queue.
 * Else through the dial queue. The new connection reaches the connection
 * manager through its connection:open event.
 */
async function dialEach (addrs: Multiaddr[], ctx: DirectContext, signal: AbortSignal): Promise<Connection> {
  if (ctx.transportManager == null) return ctx.connectionManager.openConnection(addrs, { signal })
  let lastError: unknown
  for (const addr of addrs) {
    try {
      return await ctx.transportManager.dial(addr, { signal })
    } catch (err) {
      lastError = err
      if (signal.aborted) break
    }
  }
  throw lastError ?? new Error('no address answered')
}

/** one direct dial, retried after a short random pause (a lost ICE race, a relay hiccup) */
async function dialDirect (worker: PeerId, addrs: Multiaddr[], ctx: DirectContext): Promise<void> {
  const deadline = Date.now() + DIRECT_DIAL_TIMEOUT_MS
  let lastError: unknown
  for (let attempt = 0; attempt < DIRECT_DIAL_ATTEMPTS && Date.now() < deadline; attempt++) {
    if (linkTo(worker, ctx.connectionManager) === 'direct') return
    try {
      await dialEach(addrs, ctx, AbortSignal.timeout(Math.max(1, Math.min(DIRECT_ATTEMPT_TIMEOUT_MS, deadline - Date.now()))))
      return
    } catch (err) {
      lastError = err
      if (linkTo(worker, ctx.connectionManager) === 'direct') return
      await new Promise(resolve => setTimeout(resolve, 300 + Math.floor(Math.random() * 1200)))
    }
  }
  if (linkTo(worker, ctx.connectionManager) !== 'direct') throw lastError ?? new Error('no direct connection')
}

export async function preferDirect (worker: PeerId, ctx: DirectContext): Promise<LinkKind> {
  const link = linkTo(worker, ctx.connectionManager)
  if (link !== 'relayed' || ctx.peerStore == null) return link
  const id = worker.toString()
  const failedAt = ctx.failures?.get(id)
  if (failedAt != null && Date.now() - failedAt < (ctx.retryMs ?? DIRECT_RETRY_MS)) return link
  let dial = ctx.dials?.get(id)
  if (dial == null) {
    const peer = await ctx.peerStore.get(worker).catch(() => undefined)
    const webrtc = (peer?.addresses ?? []).map(a => withPeer(a.multiaddr, worker)).filter(ma => ma.getComponents().some(c => c.name === 'webrtc'))
    if (webrtc.length === 0) return link
    // the dial outlives this job's wait: ICE may finish after it, and the next job goes direct
    const done = dialDirect(worker, webrtc, ctx)
      .then(() => { ctx.failures?.delete(id) })
      .catch((err: any) => {
        ctx.failures?.set(id, Date.now())
        ctx.log?.('no direct connection to %p, staying on the relay - %s', worker, err?.message)
      })
      .finally(() => { ctx.dials?.delete(id) })
    dial = { done, startedAt: Date.now() }
    ctx.dials?.set(id, dial)
  }
  // every job waits until `waitMs` after the dial began, not `waitMs` each: a
  // hard NAT costs the jobs of that moment one wait, not one per job
  const waitMs = dial.startedAt + ctx.waitMs - Date.now()
  if (waitMs <= 0) return linkTo(worker, ctx.connectionManager)
  let timer: ReturnType<typeof setTimeout> | undefined
  const waited = new Promise<void>(resolve => { timer = setTimeout(resolve, Math.max(1, Math.round(waitMs))) })
  const aborted = new Promise<void>(resolve => { ctx.signal?.addEventListener('abort', () => { resolve() }, { once: true }) })
  await Promise.race([dial.done, waited, aborted])
  clearTimeout(timer)
  return linkTo(worker, ctx.connectionManager)
}
