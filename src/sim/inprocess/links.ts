/**
 * The in-process simulation's links: an in-memory transport in the manner
 * of `@libp2p/memory` (the same `/memory/<name>` addresses, an optional
 * per-message latency) whose peers may live in different worker threads of
 * one process. A dial to a peer in the same thread joins two connections
 * directly; a dial to another thread hands a MessagePort to that thread's
 * switchboard and the bytes cross as messages. One event loop cannot carry a
 * hundred full libp2p peers; spread over threads, the process uses every core.
 *
 * An address names its thread: `/memory/<run>-t<thread>-<n>`.
 */
import { ConnectionFailedError, serviceCapabilities, transportSymbol } from '@libp2p/interface'
import { AbstractMultiaddrConnection } from '@libp2p/utils'
import { multiaddr, CODE_P2P } from '@multiformats/multiaddr'
import { TypedEventEmitter } from 'main-event'
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import type { ComponentLogger, CreateListenerOptions, DialTransportOptions, Listener, ListenerEvents, Logger, MultiaddrConnection, PeerId, Transport, Upgrader } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Uint8ArrayList } from 'uint8arraylist'

/** what crosses a link: bytes, the end of the sender's writing, a reset, or a dial refused (with why) */
type Signal = Uint8Array | Uint8ArrayList | 'end' | 'reset' | { refused: string }

const isBytes = (s: Signal): s is Uint8Array | Uint8ArrayList => s instanceof Uint8Array || (typeof s === 'object' && 'subarray' in s)

/** one end of a link: what it sends arrives, in order, at the other end's `receive` */
interface Wire {
  send: (s: Signal) => void
  receive?: (s: Signal) => void
}

/** the thread an address lives in */
export function threadOf (address: string): number {
  const m = /-t(\d+)-/.exec(address)
  if (m == null) throw new ConnectionFailedError(`${address} is not a simulation link address (want /memory/<run>-t<thread>-<n>)`)
  return Number(m[1])
}

/** delivers signals to `wire.receive` after `latencyMs`, in order, with one timer per wire */
function receiver (wire: Wire, latencyMs: number): (s: Signal) => void {
  if (latencyMs <= 0) return (s) => { queueMicrotask(() => wire.receive?.(s)) }
  const queue: Array<{ at: number, s: Signal }> = []
  let timer: NodeJS.Timeout | undefined
  const flush = (): void => {
    timer = undefined
    const now = performance.now()
    while (queue.length > 0 && queue[0].at <= now) wire.receive?.(queue.shift()!.s)
    if (queue.length > 0) timer = setTimeout(flush, Math.max(1, Math.ceil(queue[0].at - now)))
  }
  return (s) => {
    queue.push({ at: performance.now() + latencyMs, s })
    timer ??= setTimeout(flush, latencyMs)
  }
}

/** two wires joined in this thread */
function localPair (latencyMs: number): [Wire, Wire] {
  const a: Wire = { send: () => {} }
  const b: Wire = { send: () => {} }
  a.send = receiver(b, latencyMs)
  b.send = receiver(a, latencyMs)
  return [a, b]
}

/** a wire over a MessagePort to another thread */
function portWire (port: MessagePort, latencyMs: number): Wire {
  const wire: Wire = {
    send: (s) => {
      if (!isBytes(s)) {
        port.postMessage(s)
        if (s !== 'end') port.close()
        return
      }
      // copy out of a possibly shared buffer, then hand the copy over
      const bytes = s instanceof Uint8Array ? s.slice() : s.subarray().slice()
      port.postMessage(bytes, [bytes.buffer])
    }
  }
  const deliver = receiver(wire, latencyMs)
  port.on('message', (s: Signal) => {
    deliver(s)
    if (s !== 'end' && !isBytes(s)) port.close()
  })
  return wire
}

/**
 * One per thread: the listeners in this thread, and a port to every other
 * thread's switchboard for dials that cross.
 */
export class Switchboard {
  private readonly listeners = new Map<string, (wire: Wire, dialer: string) => void>()
  private readonly ports = new Map<number, MessagePort>()

  constructor (readonly thread: number, readonly latencyMs = 0) {}

  /** the port to another thread's switchboard: dials arrive on it */
  connectThread (thread: number, port: MessagePort): void {
    this.ports.set(thread, port)
    port.on('message', (m: { address: string, dialer: string, port: MessagePort }) => {
      const accept = this.listeners.get(m.address)
      const wire = portWire(m.port, this.latencyMs)
      if (accept == null) wire.send({ refused: `no peer listens at ${m.address}` })
      else accept(wire, m.dialer)
    })
  }

  close (): void {
    for (const port of this.ports.values()) port.close()
    this.ports.clear()
  }

  listen (address: string, accept: (wire: Wire, dialer: string) => void): void {
    if (threadOf(address) !== this.thread) throw new ConnectionFailedError(`${address} belongs to thread ${threadOf(address)}, not ${this.thread}`)
    if (this.listeners.has(address)) throw new ConnectionFailedError(`${address} is already in use`)
    this.listeners.set(address, accept)
  }

  unlisten (address: string): void {
    this.listeners.delete(address)
  }

  connect (address: string, dialer: string): Wire {
    const thread = threadOf(address)
    if (thread === this.thread) {
      const accept = this.listeners.get(address)
      if (accept == null) throw new ConnectionFailedError(`no peer listens at ${address}`)
      const [mine, theirs] = localPair(this.latencyMs)
      accept(theirs, dialer)
      return mine
    }
    const port = this.ports.get(thread)
    if (port == null) throw new ConnectionFailedError(`no link to thread ${thread} for ${address}`)
    const channel = new MessageChannel()
    port.postMessage({ address, dialer, port: channel.port2 }, [channel.port2])
    return portWire(channel.port1, this.latencyMs)
  }
}

class LinkConnection extends AbstractMultiaddrConnection {
  constructor (private readonly wire: Wire, remoteAddr: Multiaddr, direction: 'inbound' | 'outbound', log: Logger) {
    super({ remoteAddr, direction, log })
    wire.receive = (s) => {
      if (s === 'end') this.onTransportClosed()
      else if (s === 'reset') this.onRemoteReset()
      else if (isBytes(s)) this.onData(s)
      else this.abort(new ConnectionFailedError(s.refused))
    }
  }

  sendData (data: Uint8ArrayList): { sentBytes: number, canSendMore: boolean } {
    this.wire.send(data)
    return { sentBytes: data.byteLength, canSendMore: true }
  }

  sendReset (): void { this.wire.send('reset') }
  async sendClose (): Promise<void> { this.wire.send('end') }
  sendPause (): void {}
  sendResume (): void {}
}

interface LinkComponents { peerId: PeerId, logger: ComponentLogger }

class LinkListener extends TypedEventEmitter<ListenerEvents> implements Listener {
  private address?: string
  private readonly open = new Set<MultiaddrConnection>()
  private readonly shutdown = new AbortController()
  private readonly log: Logger

  constructor (private readonly board: Switchboard, private readonly upgrader: Upgrader, components: LinkComponents) {
    super()
    this.log = components.logger.forComponent('shoal:sim:links')
  }

  async listen (ma: Multiaddr): Promise<void> {
    const address = ma.toString()
    this.board.listen(address, (wire, dialer) => {
      const maConn = new LinkConnection(wire, multiaddr(`${address}-outgoing/p2p/${dialer}`), 'inbound', this.log)
      this.open.add(maConn)
      maConn.addEventListener('close', () => this.open.delete(maConn), { once: true })
      this.upgrader.upgradeInbound(maConn, { signal: this.shutdown.signal }).catch((err: Error) => { maConn.abort(err) })
    })
    this.address = address
    queueMicrotask(() => { this.safeDispatchEvent('listening') })
  }

  getAddrs (): Multiaddr[] { return this.address == null ? [] : [multiaddr(this.address)] }
  updateAnnounceAddrs (): void {}

  async close (): Promise<void> {
    if (this.address != null) this.board.unlisten(this.address)
    for (const c of this.open) c.abort(new ConnectionFailedError('listener closed'))
    this.shutdown.abort()
    queueMicrotask(() => { this.safeDispatchEvent('close') })
  }
}

class LinkTransport implements Transport {
  readonly [transportSymbol] = true
  readonly [Symbol.toStringTag] = 'shoal:sim-links'
  readonly [serviceCapabilities] = ['@libp2p/transport']
  private readonly log: Logger

  constructor (private readonly components: LinkComponents, private readonly board: Switchboard) {
    this.log = components.logger.forComponent('shoal:sim:links')
  }

  async dial (ma: Multiaddr, options: DialTransportOptions): Promise<any> {
    options.signal.throwIfAborted()
    const hasPeer = ma.getComponents().some(c => c.code === CODE_P2P)
    const wire = this.board.connect((hasPeer ? ma.decapsulate('/p2p') : ma).toString(), this.components.peerId.toString())
    const maConn = new LinkConnection(wire, ma, 'outbound', this.log)
    try {
      return await options.upgrader.upgradeOutbound(maConn, options)
    } catch (err: any) {
      maConn.abort(err)
      throw err
    }
  }

  createListener (options: CreateListenerOptions): Listener {
    return new LinkListener(this.board, options.upgrader, this.components)
  }

  listenFilter (addrs: Multiaddr[]): Multiaddr[] { return addrs.filter(ma => { const c = ma.getComponents(); return c[0]?.name === 'memory' && c.every(x => x.name === 'memory' || x.name === 'p2p') }) }
  dialFilter (addrs: Multiaddr[]): Multiaddr[] { return this.listenFilter(addrs) }
}

/** the transport factory for createShoal's `customTransports` */
export function simLinks (board: Switchboard): (components: LinkComponents) => Transport {
  return (components) => new LinkTransport(components, board)
}
