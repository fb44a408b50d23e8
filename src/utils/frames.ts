/**
 * The sync protocols' answers: length-prefixed frames until the responder
 * closes its side, at most `limit` of them.
 */
import type { LengthPrefixedStream } from '@libp2p/utils'
import type { MessageStream } from '@libp2p/interface'

export async function readUntilClosed (lp: LengthPrefixedStream<MessageStream>, limit: number, signal: AbortSignal): Promise<Uint8Array[]> {
  const frames: Uint8Array[] = []
  while (frames.length < limit) {
    try {
      frames.push((await lp.read({ signal })).subarray())
    } catch (err: any) {
      if (err.name === 'UnexpectedEOFError') break // the answer is complete
      throw err
    }
  }
  return frames
}
