/**
 * Fuzzing what arrives on a stream: job frames (protocols/job.proto through
 * FrameStream), sync requests and sync answers. Random bytes, damaged valid
 * frames and huge length prefixes are written raw to one end of a stream
 * pair; the reader must fail with its documented error and a reason, never
 * hang past its deadline, never buffer what a length prefix merely claims.
 */
import { streamPair, lpStream } from '@libp2p/utils'
import { expect } from 'chai'
import fc from 'fast-check'
import { serveSync } from '../../src/capacity/sync.js'
import { MAX_SYNC_REQUEST_BYTES } from '../../src/capacity/sync.js'
import { ProtocolViolationError } from '../../src/guard/errors.js'
import { MAX_ARGS, MAX_FRAME_BYTES } from '../../src/jobs/constants.js'
import { AttemptFailedError } from '../../src/jobs/errors.js'
import { FrameStream } from '../../src/jobs/frames.js'
import { decide } from '../../src/jobs/worker.js'
import { Frame } from '../../src/pb/job.js'
import { SyncRequest } from '../../src/pb/capacity.js'
import { ReportSyncRequest } from '../../src/pb/reputation.js'
import { serveReportSync } from '../../src/reputation/sync.js'
import { MAX_REPORT_SYNC_REQUEST_BYTES } from '../../src/reputation/constants.js'
import { readUntilClosed } from '../../src/utils/frames.js'
import { encodeVarint, hostile, hugeLength, RUNS, settlesCleanly } from './arbitraries.js'
import type { Stream } from '@libp2p/interface'

const ATTEMPT_REASONS = ['protocol', 'disconnected', 'timeout', 'cancelled-by-worker']
const OFFENCES = ['malformed', 'oversized', 'unexpected', 'truncated', 'idle']

/** a valid frame of every kind, each with its length prefix, as a peer would send it */
const FRAMES: Frame[] = [
  { offer: { jobId: new Uint8Array(16).fill(1), kind: 'wasm', moduleHash: new Uint8Array(32).fill(2), moduleSize: 100n, inputHash: new Uint8Array(32).fill(3), inputSize: 10n, args: ['a', 'bb'], limits: { memoryMb: 64, timeoutMs: 1000, maxOutputBytes: 1024n }, deadline: 0n, priceMilli: 5n, deterministic: true, seed: 7n, datasets: ['shard', 'mnist.v1'] } },
  { decline: { reason: 'BUSY' as any, message: 'busy' } },
  { bid: { envelope: new Uint8Array(200).fill(4) } },
  { chunk: { kind: 'INPUT' as any, data: new Uint8Array(64).fill(5), last: true } },
  { progress: { phase: 'RUNNING' as any, fraction: 0.5, message: 'half' } },
  { result: { envelope: new Uint8Array(300).fill(6) } },
  { ack: { envelope: new Uint8Array(150).fill(7) } },
  { cancel: { reason: 'stop' } },
  { kept: { jobId: new Uint8Array(16).fill(8) } }
]
const lp = (bytes: Uint8Array): Uint8Array => {
  const prefix = encodeVarint(bytes.byteLength)
  const out = new Uint8Array(prefix.byteLength + bytes.byteLength)
  out.set(prefix)
  out.set(bytes, prefix.byteLength)
  return out
}
const FRAME_BYTES = FRAMES.map(f => lp(Frame.encode(f)))

/** what a hostile writer puts on the wire: raw bytes, damaged frames, or a huge length prefix with a little data */
const wire = fc.oneof(
  hostile(FRAME_BYTES),
  fc.tuple(hugeLength, fc.uint8Array({ maxLength: 64 })).map(([n, data]) => { const p = encodeVarint(n); const out = new Uint8Array(p.byteLength + data.byteLength); out.set(p); out.set(data, p.byteLength); return out }),
  // ten bytes of 0xff: a length prefix that never ends
  fc.constant(new Uint8Array(12).fill(0xff))
)

/** writes `bytes` raw to the writer's end and closes it */
async function send (writer: Stream, bytes: Uint8Array): Promise<void> {
  if (bytes.byteLength > 0) writer.send(bytes)
  await writer.close().catch(() => {})
}

describe('fuzz: frames and requests on a stream', function () {
  this.timeout(120_000)

  it('job frames: the reader fails with AttemptFailedError and a reason, within its deadline', async () => {
    const seen = new Set<string>()
    await fc.assert(fc.asyncProperty(wire, async bytes => {
      const [writer, reader] = await streamPair()
      const fs = new FrameStream(reader)
      const sending = send(writer, bytes)
      // read until the stream gives out: every frame either decodes or fails cleanly
      for (let i = 0; i < 4; i++) {
        const outcome = await settlesCleanly(async () => fs.read(AbortSignal.timeout(2_000)), AttemptFailedError, e => e.reason, ATTEMPT_REASONS)
        if (outcome !== 'ok') {
          seen.add(outcome)
          break
        }
      }
      await sending
      reader.abort(new Error('done'))
    }), { numRuns: RUNS })
    expect([...seen]).to.include.members(['protocol', 'disconnected'])
  })

  it('job frames: a protocol failure names the offence the guard counts', async () => {
    await fc.assert(fc.asyncProperty(wire, async bytes => {
      const [writer, reader] = await streamPair()
      const fs = new FrameStream(reader)
      const sending = send(writer, bytes)
      try {
        await fs.expect('offer', AbortSignal.timeout(2_000))
      } catch (err: any) {
        expect(err).to.be.instanceOf(AttemptFailedError)
        if (err.reason === 'protocol') expect(OFFENCES).to.include(err.offence)
      }
      await sending
      reader.abort(new Error('done'))
    }), { numRuns: RUNS })
  })

  it('job frames: a length prefix over the limit is refused before its bytes arrive', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: MAX_FRAME_BYTES + 1, max: 2 ** 31 }), async n => {
      const [writer, reader] = await streamPair()
      const fs = new FrameStream(reader)
      // only the prefix is sent, and the writer stays open: the reader must not wait for n bytes
      writer.send(encodeVarint(n))
      const err = await fs.read(AbortSignal.timeout(5_000)).then(() => undefined, (e: unknown) => e)
      expect(err).to.be.instanceOf(AttemptFailedError)
      expect((err as AttemptFailedError).offence).to.equal('oversized')
      writer.abort(new Error('done'))
      reader.abort(new Error('done'))
    }), { numRuns: 50 })
  })

  it('regression: a length prefix longer than the limit\'s own varint is a protocol violation, not a disconnect', async () => {
    // 2^28 takes 5 varint bytes, more than MAX_FRAME_BYTES needs: lpStream throws InvalidDataLengthLengthError,
    // which the reader used to report as 'disconnected' (a hostile worker's garbage looked like a dropped stream)
    const [writer, reader] = await streamPair()
    writer.send(encodeVarint(2 ** 28))
    const err = await new FrameStream(reader).read(AbortSignal.timeout(5_000)).then(() => undefined, (e: unknown) => e) as AttemptFailedError
    expect(err).to.be.instanceOf(AttemptFailedError)
    expect(err.reason).to.equal('protocol')
    expect(err.offence).to.equal('oversized')
    writer.abort(new Error('done'))
    reader.abort(new Error('done'))
  })

  it('offers: whatever decodes, decide() answers without throwing, and never bids on an offer with broken ids', () => {
    const terms = { maxMemoryMb: 256, maxTimeoutMs: 60_000, price: 0 }
    fc.assert(fc.property(hostile([Frame.encode(FRAMES[0])]), bytes => {
      let frame: Frame
      try {
        frame = Frame.decode(bytes, { limits: { offer: { args: MAX_ARGS } } })
      } catch {
        return
      }
      if (frame.offer == null) return
      const decision = decide(frame.offer, { terms, kinds: [], slots: 2, inFlight: 0, shuttingDown: false, now: Date.now() })
      if (decision == null) {
        expect(frame.offer.jobId.byteLength).to.equal(16)
        expect(frame.offer.inputHash.byteLength).to.equal(32)
      } else {
        expect(decision.message).to.be.a('string').and.not.equal('')
      }
    }), { numRuns: RUNS * 3 })
  })

  it('capacity sync requests: serveSync answers or throws ProtocolViolationError with an offence', async () => {
    const valid = lp(SyncRequest.encode({ limit: 5, selfOnly: false }))
    const requests = fc.oneof(hostile([valid]), fc.tuple(hugeLength).map(([n]) => encodeVarint(n)), fc.integer({ min: MAX_SYNC_REQUEST_BYTES + 1, max: 2 ** 31 }).map(encodeVarint))
    const offences = new Set<string>()
    await fc.assert(fc.asyncProperty(requests, async bytes => {
      const [writer, reader] = await streamPair()
      const sending = send(writer, bytes)
      const outcome = await settlesCleanly(async () => serveSync(reader, () => [new Uint8Array(10)], 2_000), ProtocolViolationError, e => e.offence, ['malformed', 'oversized', 'ended', 'idle'])
      offences.add(outcome)
      await sending
      reader.abort(new Error('done'))
      writer.abort(new Error('done'))
    }), { numRuns: RUNS })
    expect([...offences]).to.include.members(['ok', 'malformed', 'oversized', 'ended'])
  })

  it('reputation sync requests: serveReportSync answers within its limits or throws ProtocolViolationError with an offence', async () => {
    const valid = lp(ReportSyncRequest.encode({ limit: 5, before: 1_800_000_000_000n }))
    const requests = fc.oneof(hostile([valid]), fc.integer({ min: MAX_REPORT_SYNC_REQUEST_BYTES + 1, max: 2 ** 31 }).map(encodeVarint))
    const offences = new Set<string>()
    await fc.assert(fc.asyncProperty(requests, async bytes => {
      const [writer, reader] = await streamPair()
      const sending = send(writer, bytes)
      const outcome = await settlesCleanly(async () => serveReportSync(reader, async (limit, before) => {
        // whatever the request said, the store is asked for a bounded answer
        expect(limit).to.be.within(1, 1_000)
        expect(Number.isNaN(before)).to.equal(false)
        return [new Uint8Array(10)]
      }, 2_000), ProtocolViolationError, e => e.offence, ['malformed', 'oversized', 'ended', 'idle'])
      offences.add(outcome)
      await sending
      reader.abort(new Error('done'))
      writer.abort(new Error('done'))
    }), { numRuns: RUNS })
    expect([...offences]).to.include.members(['ok', 'malformed', 'oversized'])
  })

  it('sync answers: the reader keeps at most `limit` frames, each within its size limit', async () => {
    const advertLike = lp(new Uint8Array(100).fill(1))
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(hostile([advertLike]), fc.constant(advertLike)), { maxLength: 20 }), fc.integer({ min: 1, max: 8 }), async (parts, limit) => {
      const [writer, reader] = await streamPair()
      const total = parts.reduce((n, p) => n + p.byteLength, 0)
      const bytes = new Uint8Array(total)
      let offset = 0
      for (const p of parts) { bytes.set(p, offset); offset += p.byteLength }
      const sending = send(writer, bytes)
      try {
        const frames = await readUntilClosed(lpStream(reader, { maxDataLength: 4096 }), limit, AbortSignal.timeout(2_000))
        expect(frames.length).to.be.at.most(limit)
        for (const f of frames) expect(f.byteLength).to.be.at.most(4096)
      } catch (err: any) {
        // a prefix over the limit, or the deadline: the caller resets the stream
        expect(['InvalidDataLengthError', 'InvalidDataLengthLengthError', 'AbortError', 'TimeoutError']).to.include(err.name)
      }
      await sending
      reader.abort(new Error('done'))
    }), { numRuns: RUNS })
  })
})
