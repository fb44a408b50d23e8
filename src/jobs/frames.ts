/**
 * The job stream's framing: length-prefixed Frame messages, each bounded,
 * each read with a deadline. Chunked transfers of modules, inputs and outputs.
 */
import { lpStream } from '@libp2p/utils'
import { ChunkKind, Frame } from '../pb/job.js'
import { CHUNK_BYTES, COALESCE_BYTES, MAX_ARGS, MAX_FRAME_BYTES, MAX_JOB_DATASETS } from './constants.js'
import { AttemptFailedError } from './errors.js'
import type { Stream } from '@libp2p/interface'
import type { LengthPrefixedStream } from '@libp2p/utils'

export type FrameKey = keyof Frame

export class FrameStream {
  private readonly lp: LengthPrefixedStream<Stream>

  constructor (readonly stream: Stream) {
    this.lp = lpStream(stream, { maxDataLength: MAX_FRAME_BYTES })
  }

  async write (frame: Frame, signal?: AbortSignal): Promise<void> {
    await this.lp.write(Frame.encode(frame), { signal })
  }

  /** several frames in as few writes as their size allows: one muxer frame, one encrypted message, one packet for a small job */
  async writeMany (frames: Frame[], signal?: AbortSignal): Promise<void> {
    let batch: Uint8Array[] = []
    let bytes = 0
    for (const frame of frames) {
      const encoded = Frame.encode(frame)
      if (batch.length > 0 && bytes + encoded.byteLength > COALESCE_BYTES) {
        await this.lp.writeV(batch, { signal })
        batch = []
        bytes = 0
      }
      batch.push(encoded)
      bytes += encoded.byteLength
    }
    if (batch.length > 0) await this.lp.writeV(batch, { signal })
  }

  /** reads the next frame; a Cancel from the other side ends the attempt */
  async read (signal: AbortSignal): Promise<Frame> {
    let bytes
    try {
      bytes = await this.lp.read({ signal })
    } catch (err: any) {
      if (signal.aborted) throw new AttemptFailedError('timeout', 'the other side did not answer in time')
      if (err.name === 'UnexpectedEOFError' || err.name === 'StreamResetError' || err.name === 'StreamStateError') {
        throw new AttemptFailedError('disconnected', `the stream closed: ${err.message}`)
      }
      if (err.name === 'InvalidDataLengthError' || err.name === 'InvalidDataLengthLengthError') throw new AttemptFailedError('protocol', `frame over ${MAX_FRAME_BYTES} bytes`, 'oversized')
      throw new AttemptFailedError('disconnected', err.message)
    }
    let frame: Frame
    try {
      // repeated fields are capped too: memory follows the limits, not the sender
      frame = Frame.decode(bytes, { limits: { offer: { args: MAX_ARGS, datasets: MAX_JOB_DATASETS } } })
    } catch (err: any) {
      throw new AttemptFailedError('protocol', `a frame that does not decode: ${err.message}`, 'malformed')
    }
    if (frame.cancel != null) throw new AttemptFailedError('cancelled-by-worker', `cancelled by the other side: ${frame.cancel.reason}`)
    return frame
  }

  /** reads the next frame and insists on its kind */
  async expect<K extends FrameKey> (key: K, signal: AbortSignal, ...alternatives: FrameKey[]): Promise<Frame> {
    const frame = await this.read(signal)
    if (frame[key] == null && !alternatives.some(k => frame[k] != null)) {
      throw new AttemptFailedError('protocol', `expected ${[key, ...alternatives].join(' or ')}, got ${Object.keys(frame).filter(k => (frame as any)[k] != null).join(', ') || 'an empty frame'}`, 'unexpected')
    }
    return frame
  }

  async sendChunks (kind: ChunkKind, data: Uint8Array, signal?: AbortSignal): Promise<void> {
    await this.writeMany(chunkFrames(kind, data), signal)
  }

  /** reads chunks of one kind until `last`, refusing more than `expectedSize` bytes and a sender that goes silent */
  async receiveChunks (kind: ChunkKind, expectedSize: number, signal: AbortSignal, idleTimeoutMs?: number): Promise<Uint8Array> {
    // memory grows with what arrives, not with what the other side announced
    const parts: Uint8Array[] = []
    let received = 0
    while (true) {
      // each chunk within the idle timeout, all of them within `signal`
      const { chunk } = await this.expect('chunk', idleTimeoutMs == null ? signal : AbortSignal.any([signal, AbortSignal.timeout(idleTimeoutMs)]))
      if (chunk == null || chunk.kind !== kind) throw new AttemptFailedError('protocol', `expected a ${kind} chunk`, 'unexpected')
      if (received + chunk.data.byteLength > expectedSize) throw new AttemptFailedError('protocol', `${kind} is larger than the ${expectedSize} bytes announced`, 'oversized')
      parts.push(chunk.data)
      received += chunk.data.byteLength
      if (chunk.last) break
    }
    if (received !== expectedSize) throw new AttemptFailedError('protocol', `${kind} is ${received} bytes, ${expectedSize} were announced`, 'truncated')
    if (parts.length === 1) return parts[0]
    const out = new Uint8Array(received)
    let offset = 0
    for (const part of parts) { out.set(part, offset); offset += part.byteLength }
    return out
  }

  /** the requester's last read: true once the worker says it kept the receipt; false when it closes, breaks or times out first; never throws */
  async awaitKept (signal: AbortSignal): Promise<boolean> {
    try {
      while (true) {
        if (Frame.decode(await this.lp.read({ signal })).kept != null) return true
      }
    } catch {
      return false
    }
  }

  async cancel (reason: string): Promise<void> {
    await this.write({ cancel: { reason } }).catch(() => {})
    this.stream.abort(new Error(`cancelled: ${reason}`))
  }
}

/** data as chunk frames of at most CHUNK_BYTES, the last one marked */
export function chunkFrames (kind: ChunkKind, data: Uint8Array): Frame[] {
  if (data.byteLength === 0) return [{ chunk: { kind, data: new Uint8Array(), last: true } }]
  const frames: Frame[] = []
  for (let offset = 0; offset < data.byteLength; offset += CHUNK_BYTES) {
    const end = Math.min(offset + CHUNK_BYTES, data.byteLength)
    frames.push({ chunk: { kind, data: data.subarray(offset, end) as Uint8Array<ArrayBuffer>, last: end === data.byteLength } })
  }
  return frames
}

export { ChunkKind }
