/**
 * What a failed read on an inbound stream says about the remote peer, and
 * how many streams of each protocol each peer holds open right now.
 */
import { ProtocolViolationError } from './errors.js'

/**
 * A read that failed because of the remote peer becomes a
 * ProtocolViolationError (silence past the deadline, a length prefix over
 * the limit, a message cut short); a broken connection stays what it was:
 * that is nobody's offence.
 */
export function classifyReadError (err: any, signal: AbortSignal, limit: number): Error {
  if (signal.aborted) return new ProtocolViolationError('idle', 'nothing arrived before the deadline')
  if (err?.name === 'InvalidDataLengthError' || err?.name === 'InvalidDataLengthLengthError') return new ProtocolViolationError('oversized', `a length prefix over the ${limit} bytes allowed`)
  if (err?.name === 'UnexpectedEOFError') return new ProtocolViolationError('ended', 'the stream ended before a whole message')
  return err instanceof Error ? err : new Error(String(err))
}

/** counts open inbound streams per protocol and peer */
export class StreamCounter {
  private readonly open = new Map<string, Map<string, number>>()

  /** takes a place for `peer` on `protocol` unless it already holds `cap`; returns the release, or undefined when full */
  acquire (protocol: string, peer: string, cap: number): (() => void) | undefined {
    const byPeer = this.open.get(protocol) ?? new Map<string, number>()
    this.open.set(protocol, byPeer)
    const held = byPeer.get(peer) ?? 0
    if (held >= cap) return undefined
    byPeer.set(peer, held + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const n = (byPeer.get(peer) ?? 1) - 1
      if (n <= 0) byPeer.delete(peer)
      else byPeer.set(peer, n)
    }
  }

  /** open streams per protocol (all peers) */
  totals (): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [protocol, byPeer] of this.open) out[protocol] = [...byPeer.values()].reduce((a, b) => a + b, 0)
    return out
  }

  held (protocol: string, peer: string): number {
    return this.open.get(protocol)?.get(peer) ?? 0
  }
}

/** reads the first message of an inbound stream, within the idle timeout; failures the remote caused are ProtocolViolationErrors */
export async function readFirst (lp: { read: (options: { signal: AbortSignal }) => Promise<{ subarray: () => Uint8Array }> }, idleTimeoutMs: number, maxBytes: number): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(idleTimeoutMs)
  try {
    return (await lp.read({ signal })).subarray()
  } catch (err) {
    throw classifyReadError(err, signal, maxBytes)
  }
}

/** decodes a message, or says it does not */
export function decodeOrViolation<T> (decode: (bytes: Uint8Array) => T, bytes: Uint8Array, what: string): T {
  try {
    return decode(bytes)
  } catch (err: any) {
    throw new ProtocolViolationError('malformed', `${what} that does not decode (${err.message})`)
  }
}

/** counts streams opened per protocol and peer in fixed windows; memory is cleared as each window rolls over */
export class StreamRate {
  private windowStart = 0
  private readonly opened = new Map<string, number>()

  constructor (private readonly windowMs: number) {}

  /** counts one more stream; false when `peer` has opened more than `limit` in this window */
  allow (protocol: string, peer: string, limit: number, now: number): boolean {
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now
      this.opened.clear()
    }
    const key = `${protocol} ${peer}`
    const n = (this.opened.get(key) ?? 0) + 1
    this.opened.set(key, n)
    return n <= limit
  }
}
