/**
 * A hostile peer (bare libp2p, speaking the wire by hand) attacks a real
 * Shoal peer on every Shoal protocol and topic. After each attack: the
 * target is up, an honest peer still runs a job on it and syncs from it,
 * the attacker's streams were closed or reset (with a reason where the
 * protocol has a frame for one), the target's open streams and pending
 * jobs are back to their baseline, and the attacker is banned and cut off.
 */
import { createHash } from 'node:crypto'
import { lpStream } from '@libp2p/utils'
import { expect } from 'chai'
import { CAPACITY_SYNC_PROTOCOL, CAPACITY_TOPIC } from '../../src/capacity/constants.js'
import { JOB_PROTOCOL, PENDING_TRANSFERS_PER_PEER } from '../../src/jobs/constants.js'
import { Frame } from '../../src/pb/job.js'
import { SyncRequest } from '../../src/pb/capacity.js'
import { ReportSyncRequest } from '../../src/pb/reputation.js'
import { REPORT_SYNC_STREAMS_PER_MINUTE, REPUTATION_SYNC_PROTOCOL, REPUTATION_TOPIC } from '../../src/reputation/constants.js'
import { readUntilClosed } from '../../src/utils/frames.js'
import { hostilePeer } from '../fixtures/hostile-peer.js'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import type { HostilePeer } from '../fixtures/hostile-peer.js'
import type { ShoalNode } from '../../src/index.js'
import type { Stream, StreamHandler } from '@libp2p/interface'

const PROTOCOLS = [JOB_PROTOCOL, CAPACITY_SYNC_PROTOCOL, REPUTATION_SYNC_PROTOCOL]

const offer = (overrides: Record<string, unknown> = {}): Uint8Array => Frame.encode({
  offer: {
    jobId: crypto.getRandomValues(new Uint8Array(16)), kind: 'wasm', moduleHash: new Uint8Array(32).fill(1), moduleSize: 1000n,
    inputHash: new Uint8Array(32).fill(2), inputSize: 10n, args: [], limits: { memoryMb: 16, timeoutMs: 1000, maxOutputBytes: 1024n },
    deadline: 0n, priceMilli: 1_000_000n, deterministic: true, seed: 0n, datasets: [], ...overrides
  }
})

describe('a hostile peer attacks a Shoal peer', function () {
  this.timeout(120_000)
  let target: ShoalNode
  let honest: ShoalNode
  let attacker: HostilePeer | undefined

  before(async () => {
    target = await memoryPeer({ capacity: { maxJobs: 2 } })
    // short idle timeouts keep the test quick; the default is 10 s
    target.libp2p.services.guard.idleTimeoutMs = 1_500
    honest = await memoryPeer({ bootstrap: target.libp2p.getMultiaddrs().map(String), executor: false })
    await until('the honest peer sees the target\'s advert', () => honest.capacityTable().some(r => r.peerId === target.peerId.toString()), [{ target: honest.libp2p.services.capacity, events: ['capacity:update'] }])
  })
  after(async () => { await stopAll([honest, target]) })
  afterEach(async () => { await attacker?.stop(); attacker = undefined })

  const guard = () => target.libp2p.services.guard
  const openStreams = (): number => Object.values(guard().stats().openStreams).reduce((a, b) => a + b, 0)

  async function newAttacker (handlers: Record<string, StreamHandler> = {}): Promise<HostilePeer> {
    attacker = await hostilePeer(target.libp2p.getMultiaddrs(), [CAPACITY_TOPIC, REPUTATION_TOPIC], handlers)
    return attacker
  }

  /** the checks after every attack */
  async function targetStillServes (a: HostilePeer, { banned = true } = {}): Promise<void> {
    const id = a.peerId.toString()
    if (banned) {
      await until('the attacker is banned', () => guard().isBanned(id), [{ target: guard(), events: ['guard:ban', 'guard:offence'] }])
      await until('the attacker is cut off', () => target.libp2p.getConnections(a.peerId).length === 0, [{ target: target.libp2p, events: ['connection:close'] }])
      // the gater keeps it out
      const redial = await a.node.dial(target.libp2p.getMultiaddrs()).then(() => 'connected', (err: Error) => err.name)
      if (redial === 'connected') await until('the redial is dropped', () => target.libp2p.getConnections(a.peerId).length === 0, [{ target: target.libp2p, events: ['connection:close'] }])
    }
    // resources back to the baseline
    await until('the target holds no attacker streams', () => openStreams() === 0, [{ target: target.libp2p, events: ['connection:close'] }, { target: guard(), events: ['guard:offence'] }], 15_000)
    await until('no job is left pending', () => target.libp2p.services.jobs.workerCounters().inFlight === 0 && target.libp2p.services.jobs.workerCounters().awaitingInput === 0, [{ target: target.libp2p.services.jobs, events: ['job:update'] }], 15_000)
    // an honest peer runs a job and syncs
    const input = crypto.getRandomValues(new Uint8Array(500))
    const result = await honest.submit({ module: exampleJob('sha256'), input, workers: [target.peerId.toString()] }).result
    expect(result.status, result.message).to.equal('succeeded')
    expect(new TextDecoder().decode(result.output)).to.equal(createHash('sha256').update(input).digest('hex'))
    const stream = await honest.libp2p.dialProtocol(target.peerId, CAPACITY_SYNC_PROTOCOL)
    const lp = lpStream(stream, { maxDataLength: 4096 })
    await lp.write(SyncRequest.encode({ limit: 10, selfOnly: true }))
    expect(await readUntilClosed(lp, 10, AbortSignal.timeout(10_000))).to.have.length(1)
    // close our side too: a half-open stream would keep counting against the connection's limit
    await stream.close()
    expect(guard().isBanned(honest.peerId.toString())).to.equal(false)
    expect(guard().points(honest.peerId.toString())).to.equal(0)
  }

  it('garbage bytes on every protocol: each stream is reset, the job stream with a reason', async () => {
    const a = await newAttacker()
    const garbage = new TextEncoder().encode('\x05hello, this is not protobuf at all \xff\xff\xff')
    const streams: Stream[] = []
    // the target hangs up once the points add up: open until it does
    for (let i = 0; i < 4; i++) {
      for (const protocol of PROTOCOLS) {
        const s = await a.tryOpen(protocol)
        if (s == null) continue
        a.send(s, garbage)
        streams.push(s)
      }
    }
    expect(streams.length).to.be.greaterThan(3)
    const first = await a.readFrame(streams[0])
    expect(first, 'the job stream says why before it hangs up').to.not.equal(undefined)
    const decline = Frame.decode(first!).decline
    expect(decline?.reason).to.equal('BAD_OFFER')
    expect(decline?.message).to.match(/decode/)
    for (const s of streams) expect(await a.ended(s)).to.not.equal('open')
    await targetStillServes(a)
    expect(guard().stats().offences.malformed).to.be.greaterThan(0)
  })

  it('oversized length prefixes: refused before the bytes arrive', async () => {
    const a = await newAttacker()
    const streams: Stream[] = []
    for (let i = 0; i < 2; i++) {
      for (const protocol of PROTOCOLS) {
        const s = await a.tryOpen(protocol)
        if (s == null) continue
        // 2^31 bytes announced, none sent
        a.send(s, Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x08]))
        streams.push(s)
      }
    }
    expect(streams.length).to.be.greaterThan(3)
    for (const s of streams) expect(await a.ended(s)).to.not.equal('open')
    await targetStillServes(a)
    expect(guard().stats().offences.oversized).to.be.greaterThan(0)
  })

  it('results and acks for jobs it was never given, and frames out of order', async () => {
    const a = await newAttacker()
    const frames = [
      Frame.encode({ result: { envelope: new Uint8Array(100).fill(1) } }),
      Frame.encode({ ack: { envelope: new Uint8Array(100).fill(2) } }),
      Frame.encode({ chunk: { kind: 'INPUT' as any, data: new Uint8Array(10), last: true } }),
      Frame.encode({})
    ]
    // an offer, then an ack where the module should come: the worker cancels with its reason
    {
      const s = await a.open(JOB_PROTOCOL)
      await a.sendFrame(s, offer())
      const bid = Frame.decode((await a.readFrame(s))!)
      expect(bid.bid).to.not.equal(undefined)
      await a.sendFrame(s, Frame.encode({ ack: { envelope: new Uint8Array(10) } }))
      const cancel = Frame.decode((await a.readFrame(s))!)
      expect(cancel.cancel?.reason).to.match(/expected chunk/)
      expect(await a.ended(s)).to.not.equal('open')
    }
    for (const f of frames) {
      const s = await a.tryOpen(JOB_PROTOCOL)
      if (s == null) break
      await a.sendFrame(s, f)
      const answer = await a.readFrame(s)
      // the last one may find the target already hanging up
      if (answer != null) expect(Frame.decode(answer).decline?.message).to.match(/expected offer/)
      expect(await a.ended(s)).to.not.equal('open')
    }
    await targetStillServes(a)
    expect(guard().stats().offences.unexpected).to.be.greaterThan(0)
  })

  it('streams left open and idle: reset at the idle timeout', async () => {
    const a = await newAttacker()
    const streams: Stream[] = []
    for (const protocol of PROTOCOLS) for (let i = 0; i < 4; i++) streams.push(await a.open(protocol))
    expect(openStreams()).to.be.greaterThan(0)
    for (const s of streams) expect(await a.ended(s)).to.not.equal('open')
    await targetStillServes(a)
    expect(guard().stats().offences.idle).to.be.greaterThan(0)
  })

  it('offers it never follows through: at most a few wait at once, and the rest are declined as busy', async () => {
    const a = await newAttacker()
    const answers: string[] = []
    let most = 0
    const watch = setInterval(() => { most = Math.max(most, target.libp2p.services.jobs.workerCounters().awaitingInput) }, 5)
    try {
      // bid, then silence, again and again until the target hangs up
      for (let round = 0; round < 4 && !guard().isBanned(a.peerId.toString()); round++) {
        await Promise.all(Array.from({ length: PENDING_TRANSFERS_PER_PEER + 4 }, async () => {
          const s = await a.tryOpen(JOB_PROTOCOL)
          if (s == null) return
          await a.sendFrame(s, offer()).catch(() => {})
          const frame = await a.readFrame(s).catch(() => undefined)
          if (frame == null) return
          const f = Frame.decode(frame)
          answers.push(f.bid != null ? 'bid' : `decline:${f.decline?.reason}`)
          await a.ended(s)
        }))
      }
    } finally {
      clearInterval(watch)
    }
    expect(answers).to.include('bid')
    expect(answers).to.include('decline:BUSY')
    expect(most).to.be.at.most(PENDING_TRANSFERS_PER_PEER)
    await targetStillServes(a)
    expect(guard().stats().offences.abandoned).to.be.greaterThan(0)
  })

  it('a thousand streams at once: the target caps them per peer and bans the flood', async () => {
    const a = await newAttacker()
    const opened = await Promise.allSettled(Array.from({ length: 1_000 }, async (_, i) => a.open(PROTOCOLS[i % PROTOCOLS.length])))
    expect(opened.some(o => o.status === 'fulfilled')).to.equal(true)
    await targetStillServes(a)
    expect(guard().stats().offences.flood).to.be.greaterThan(0)
  })

  it('gossip: garbage and adverts signed by others are rejected, and the attacker is cut off', async () => {
    const a = await newAttacker()
    await until('the attacker hears the target on both topics', () => a.node.services.pubsub.getSubscribers(CAPACITY_TOPIC).some(p => p.equals(target.peerId)) && a.node.services.pubsub.getSubscribers(REPUTATION_TOPIC).some(p => p.equals(target.peerId)), [{ target: a.node.services.pubsub, events: ['subscription-change'] }])
    const rejectedBefore = Object.values(target.capacityStats().rejected).reduce((x, y) => x + (y ?? 0), 0)
    // someone else's advert, as the attacker's own message: signer-mismatch
    const honestAdvert = honest.libp2p.services.capacity.list().find(e => e.advert.peerId === honest.peerId.toString())
    if (honestAdvert != null) await a.publish(CAPACITY_TOPIC, honestAdvert.bytes)
    for (let i = 0; i < 30 && !guard().isBanned(a.peerId.toString()); i++) {
      await a.publish(i % 2 === 0 ? CAPACITY_TOPIC : REPUTATION_TOPIC, crypto.getRandomValues(new Uint8Array(64 + i))).catch(() => {})
    }
    // gossipsub scores it down, and the guard bans it
    await until('the attacker is banned or graylisted', () => guard().isBanned(a.peerId.toString()) || (target.libp2p.services.pubsub as unknown as { score: { score: (id: string) => number } }).score.score(a.peerId.toString()) < -80, [{ target: guard(), events: ['guard:offence', 'guard:ban'] }])
    expect(Object.values(target.capacityStats().rejected).reduce((x, y) => x + (y ?? 0), 0)).to.be.greaterThan(rejectedBefore)
    if (honestAdvert != null) expect(target.capacityStats().rejected['signer-mismatch']).to.be.greaterThan(0)
    expect(guard().stats().offences['invalid-gossip']).to.be.greaterThan(0)
    await targetStillServes(a)
  })

  it('sync answers full of garbage and others\' replayed adverts: the bad ones are refused, the answer counted against the attacker', async () => {
    const honestAdvert = honest.libp2p.services.capacity.list().find(e => e.advert.peerId === honest.peerId.toString())!
    const answer = (frames: Uint8Array[]): StreamHandler => async (stream) => {
      const lp = lpStream(stream, { maxDataLength: 64 })
      await lp.read()
      for (const f of frames) await lp.write(f)
      await stream.close()
    }
    const rejectedBefore = structuredClone(target.capacityStats().rejected)
    const reputationRejectedBefore = target.libp2p.services.reputation.getStats().rejected['malformed'] ?? 0
    const a = await newAttacker({
      // a relayed advert of someone else is fine in a sync answer; an old one is a replay (ignored); garbage is not
      [CAPACITY_SYNC_PROTOCOL]: answer([honestAdvert.bytes, new Uint8Array(300).fill(7), crypto.getRandomValues(new Uint8Array(100))]),
      [REPUTATION_SYNC_PROTOCOL]: answer([new Uint8Array(300).fill(9)])
    })
    const id = a.peerId.toString()
    await until('both sync answers are judged', () => (guard().stats().peers.find(p => p.peer === id)?.offences['invalid-sync'] ?? 0) >= 2, [{ target: guard(), events: ['guard:offence'] }])
    const rejected = target.capacityStats().rejected
    expect((rejected.malformed ?? 0) - (rejectedBefore.malformed ?? 0)).to.equal(2)
    expect((rejected.replay ?? 0) - (rejectedBefore.replay ?? 0)).to.equal(1)
    expect(target.libp2p.services.reputation.getStats().rejected['malformed']).to.equal(reputationRejectedBefore + 1)
    // one offence per bad answer: not banned for two
    expect(guard().isBanned(id)).to.equal(false)
    expect(target.capacityTable().some(r => r.peerId === id)).to.equal(false)
    await targetStillServes(a, { banned: false })
  })

  it('a hostile worker: garbage bids and oversized frames fail the attempt, and the requester bans it', async () => {
    let served = 0
    const a = await newAttacker({
      [JOB_PROTOCOL]: async (stream) => {
        const lp = lpStream(stream, { maxDataLength: 1 << 20 })
        await lp.read()
        // a bid whose envelope is junk, or a length prefix of 2^31
        if (served++ % 2 === 0) await lp.write(Frame.encode({ bid: { envelope: new Uint8Array(64).fill(3) } }))
        else stream.send(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x08]))
      }
    })
    const id = a.peerId.toString()
    const reasons: string[] = []
    for (let i = 0; i < 6 && !guard().isBanned(id); i++) {
      const result = await target.submit({ module: exampleJob('sha256'), input: new Uint8Array(10), workers: [id] }).result
      expect(result.status).to.equal('failed')
      reasons.push(...result.attempts.map(at => at.reason ?? ''))
    }
    expect(reasons).to.include('bad-signature')
    expect(reasons).to.include('protocol')
    expect(guard().stats().peers.find(p => p.peer === id)?.offences).to.include.keys('bad-record', 'oversized')
    await targetStillServes(a)
  })

  it('replayed reports are ignored and not counted twice; tampered ones are rejected and held against the relay', async () => {
    const a = await newAttacker()
    await until('the attacker hears the target on the reputation topic', () => a.node.services.pubsub.getSubscribers(REPUTATION_TOPIC).some(p => p.equals(target.peerId)), [{ target: a.node.services.pubsub, events: ['subscription-change'] }])
    // the reports the target keeps, pulled by hand over the sync protocol
    const s = await a.open(REPUTATION_SYNC_PROTOCOL)
    const lp = lpStream(s, { maxDataLength: 16 * 1024 })
    await lp.write(ReportSyncRequest.encode({ limit: 5, before: 0n }))
    const reports = await readUntilClosed(lp, 5, AbortSignal.timeout(10_000))
    expect(reports.length, 'the honest jobs before left reports').to.be.greaterThan(0)
    const stats = () => target.libp2p.services.reputation.getStats()
    const before = stats()
    for (const r of reports) await a.publish(REPUTATION_TOPIC, r)
    await until('the replays are judged', () => (stats().rejected.duplicate ?? 0) - (before.rejected.duplicate ?? 0) === reports.length, [{ target: target.libp2p.services.reputation, events: ['reputation:reject'] }])
    expect(stats().accepted).to.equal(before.accepted)
    expect(guard().points(a.peerId.toString()), 'replays may be relayed in good faith').to.equal(0)
    // the same report with one byte changed no longer verifies
    const tampered = reports[0].slice()
    tampered[tampered.length - 10] ^= 0xff
    await a.publish(REPUTATION_TOPIC, tampered)
    await until('the tampered report counts against the attacker', () => guard().points(a.peerId.toString()) > 0, [{ target: guard(), events: ['guard:offence'] }])
    expect(stats().accepted).to.equal(before.accepted)
    await targetStillServes(a, { banned: false })
  })

  it('sync requests one after another, over the per-minute rate: answered up to the rate, then refused until banned', async () => {
    const a = await newAttacker()
    let answered = 0
    for (let i = 0; i < 40 && !guard().isBanned(a.peerId.toString()); i++) {
      const s = await a.tryOpen(REPUTATION_SYNC_PROTOCOL)
      if (s == null) break
      const lp = lpStream(s, { maxDataLength: 16 * 1024 })
      await lp.write(ReportSyncRequest.encode({ limit: 1, before: 0n })).catch(() => {})
      const frames = await readUntilClosed(lp, 1, AbortSignal.timeout(10_000)).catch(() => undefined)
      // a refused stream is reset unanswered; an answered one carries the report the honest jobs above left
      if (frames != null && frames.length > 0) answered++
      await a.ended(s)
      await s.close().catch(() => {})
    }
    // fixed one-minute windows: on a slow machine one may roll over during the test
    expect(answered).to.be.at.most(2 * REPORT_SYNC_STREAMS_PER_MINUTE)
    expect(answered).to.be.greaterThan(0)
    expect(guard().stats().peers.find(p => p.peer === a.peerId.toString())?.offences.flood).to.be.greaterThan(0)
    await targetStillServes(a)
  })
})
