/**
 * The capacity topic's validator against hand-crafted bad adverts, between
 * two real peers: B publishes them straight from its gossipsub, A must refuse
 * each one for the right reason, keep B's last good advert, and go on
 * accepting B's good adverts.
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { RecordEnvelope } from '@libp2p/peer-record'
import { expect } from 'chai'
import { encodeAdvert, sealAdvert } from '../../src/capacity/advert.js'
import { CAPACITY_TOPIC, MAX_ADVERT_BYTES } from '../../src/capacity/constants.js'
import { makeAdvert } from '../fixtures/adverts.js'
import { memoryPeerWithKey } from '../fixtures/keyed-peer.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import type { Advert } from '../../src/capacity/advert.js'
import type { RejectReason } from '../../src/capacity/errors.js'
import type { CapacityService } from '../../src/capacity/service.js'
import type { TableEntry } from '../../src/capacity/table.js'
import type { ShoalNode } from '../../src/index.js'
import type { KeyedPeer } from '../fixtures/keyed-peer.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { PrivateKey } from '@libp2p/interface'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

/** what the GossipSub class has beyond the exported GossipSub interface */
interface GossipInternals { getScore: (peerId: string) => number, getMeshPeers: (topic: string) => string[] }
const internals = (pubsub: GossipSub): GossipInternals => pubsub as unknown as GossipInternals

describe('capacity topic validator, with real peers', function () {
  this.timeout(120_000)

  let a: ShoalNode
  let b: KeyedPeer
  let keyC: PrivateKey
  let capA: CapacityService
  let pubsubA: GossipSub
  let pubsubB: GossipSub
  let bId: string
  /** every refusal A announced, in order */
  const rejects: Array<{ reason: RejectReason, from?: string }> = []
  /** every advert B published itself (hex of the sealed bytes) */
  const publishedByB = new Set<string>()

  const heldOfB = (): TableEntry | undefined => capA.list().find(e => e.advert.peerId === bId)
  const scoreOfB = (): number => internals(pubsubA).getScore(bId)
  const heartbeat = (): Array<{ target: EventTarget, events: string[] }> => [{ target: pubsubA, events: ['gossipsub:heartbeat'] }]

  /** waits for `n` more gossipsub heartbeats on A (the score is recomputed at most once per heartbeat) */
  async function heartbeats (n: number): Promise<void> {
    let seen = 0
    const count = (): void => { seen++ }
    pubsubA.addEventListener('gossipsub:heartbeat', count)
    try {
      await until(`${n} heartbeats on A`, () => seen >= n, heartbeat(), 10_000)
    } finally {
      pubsubA.removeEventListener('gossipsub:heartbeat', count)
    }
  }

  /** a fresh advert of B's, figures as B would send them, a sequence above anything A holds */
  function nextOfB (overrides: Partial<Advert> = {}): Advert {
    const held = heldOfB()
    if (held == null) throw new Error('A holds no advert of B')
    const now = Date.now()
    return { ...held.advert, seq: Math.max(held.advert.seq, now) + 1_000, issuedAt: now, expiresAt: now + 30_000, ...overrides }
  }

  /**
   * B publishes `bytes` on the topic; A must refuse them for `reason` (and
   * nothing else), still hold one of B's own adverts, and have penalised B in
   * gossip scoring exactly when the reason is not one relayed in good faith.
   */
  async function offend (bytes: Uint8Array, reason: RejectReason, penalised: boolean): Promise<void> {
    // one offence at a time: a penalty still in force could push B under the graylist threshold,
    // and A would then drop B's next message unread
    await until('A to hold nothing against B in gossip scoring', () => scoreOfB() >= 0, heartbeat(), 30_000)
    const statsBefore = capA.getStats()
    const heldBefore = heldOfB()
    const rejectsBefore = rejects.length

    const { recipients } = await pubsubB.publish(CAPACITY_TOPIC, bytes)
    expect(recipients.map(String), 'B sent it to A').to.include(a.peerId.toString())
    await until(`A to refuse B's advert as ${reason}`, () => rejects.length > rejectsBefore, [{ target: capA, events: ['capacity:reject'] }], 15_000)

    expect(rejects.slice(rejectsBefore)).to.deep.equal([{ reason, from: bId }])
    const statsAfter = capA.getStats()
    expect(statsAfter.rejected).to.deep.equal({ ...statsBefore.rejected, [reason]: (statsBefore.rejected[reason] ?? 0) + 1 })
    expect(statsAfter.received).to.be.greaterThan(statsBefore.received)

    // A still holds B's last good advert: one B published itself, not the offending one
    const held = heldOfB()
    expect(held, 'A still holds an advert of B').to.not.equal(undefined)
    expect(publishedByB.has(hex(held!.bytes)), 'the advert A holds is one B published').to.equal(true)
    if (!publishedByB.has(hex(bytes))) expect(hex(held!.bytes)).to.not.equal(hex(bytes))
    expect(held!.advert.seq).to.be.at.least(heldBefore!.advert.seq)

    if (penalised) {
      await until('A to penalise B in gossip scoring', () => scoreOfB() < 0, heartbeat(), 10_000)
    } else {
      await heartbeats(2)
      expect(scoreOfB(), 'no penalty for a refusal relayed in good faith').to.be.at.least(0)
    }
  }

  before(async () => {
    keyC = await generateKeyPair('Ed25519')
    // DHT client mode on both: with the default config, libp2p's connection monitor aborts a
    // memory-transport connection ~10 s after it opens (kad-dht's routing-table ping leaves the
    // only /ipfs/ping/1.0.0 outbound slot taken), and gossipsub forgets the peer's score across
    // the reconnect. Neither peer needs the DHT here.
    const dht = { clientMode: true }
    a = await memoryPeer({ dht, capacity: { intervalMs: 60_000 } })
    capA = a.libp2p.services.capacity
    pubsubA = a.libp2p.services.pubsub
    capA.addEventListener('capacity:reject', (evt) => { rejects.push(evt.detail) })

    b = await memoryPeerWithKey({ dht, bootstrap: a.libp2p.getMultiaddrs().map(String), capacity: { intervalMs: 60_000 } })
    bId = b.node.peerId.toString()
    pubsubB = b.node.libp2p.services.pubsub
    const capB = b.node.libp2p.services.capacity
    capB.addEventListener('capacity:update', (evt) => { if (evt.detail.advert.peerId === bId) publishedByB.add(hex(evt.detail.bytes)) })
    const own = capB.list().find(e => e.advert.peerId === bId)
    if (own != null) publishedByB.add(hex(own.bytes))

    const gossip = [pubsubA, pubsubB].map(target => ({ target, events: ['subscription-change', 'gossipsub:graft', 'gossipsub:heartbeat'] }))
    await until('A and B to know each other as subscribers of the topic, and to mesh',
      () => pubsubA.getSubscribers(CAPACITY_TOPIC).some(p => p.toString() === bId) &&
        pubsubB.getSubscribers(CAPACITY_TOPIC).some(p => p.equals(a.peerId)) &&
        internals(pubsubA).getMeshPeers(CAPACITY_TOPIC).includes(bId) &&
        internals(pubsubB).getMeshPeers(CAPACITY_TOPIC).includes(a.peerId.toString()),
      gossip, 30_000)
    await until('A and B to hold each other\'s advert',
      () => heldOfB() != null && capB.list().some(e => e.advert.peerId === a.peerId.toString()),
      [{ target: capA, events: ['capacity:update'] }, { target: capB, events: ['capacity:update'] }], 30_000)
    // B published its first advert before it knew A, and A got it by sync, not gossip: once B is
    // out of A's mesh, B would offer it by IHAVE and A would fetch it and ignore it as a replay.
    // Let it age out of B's message cache (5 heartbeats) so that only our adverts get refused.
    let beats = 0
    const beat = (): void => { beats++ }
    pubsubB.addEventListener('gossipsub:heartbeat', beat)
    await until('B\'s first advert to leave its message cache', () => beats >= 5, [{ target: pubsubB, events: ['gossipsub:heartbeat'] }], 15_000)
    pubsubB.removeEventListener('gossipsub:heartbeat', beat)
    expect(rejects, 'no refusals while joining').to.deep.equal([])
  })

  after(async () => {
    await b?.stop()
    await stopAll([a])
  })

  // refusals of adverts anyone may relay in good faith: ignored, not punished

  it('ignores an expired advert signed by B', async () => {
    const now = Date.now()
    const expired = await sealAdvert(nextOfB({ issuedAt: now - 60_000, expiresAt: now - 1_000 }), b.privateKey)
    await offend(expired, 'expired', false)
  })

  it('ignores a replay: the exact bytes of B\'s advert that A holds, published again by B', async () => {
    // the same bytes from the same peer are still a new gossip message (new seqno), so A sees them
    const captured = heldOfB()!.bytes
    await offend(captured, 'replay', false)
  })

  it('ignores a replay: an advert signed by B with the sequence A already holds, other figures', async () => {
    const held = heldOfB()!.advert
    const replay = await sealAdvert(nextOfB({ seq: held.seq, slotsFree: 0, price: held.price + 1 }), b.privateKey)
    await offend(replay, 'replay', false)
    expect(heldOfB()!.advert.price).to.equal(held.price)
  })

  // refusals that only a faulty or malicious publisher causes: rejected and punished

  it('rejects garbage bytes as malformed', async () => {
    await offend(new TextEncoder().encode('free compute for everyone, trust me'), 'malformed', true)
  })

  it('rejects an advert above the size limit as oversized (gossipsub itself carries it)', async () => {
    const kinds = Array.from({ length: 40 }, (_, i) => `kind-${i}-${'x'.repeat(100)}`)
    const big = await sealAdvert(nextOfB({ kinds }), b.privateKey)
    expect(big.byteLength).to.be.greaterThan(MAX_ADVERT_BYTES)
    await offend(big, 'oversized', true)
    expect(heldOfB()!.advert.kinds).to.not.deep.equal(kinds)
  })

  it('rejects a bare advert with no envelope as unsigned', async () => {
    await offend(encodeAdvert(nextOfB(), b.node.peerId), 'unsigned', true)
  })

  it('rejects an advert of B\'s with a forged signature as bad-signature', async () => {
    const forged = nextOfB({ slotsTotal: 1_000, slotsFree: 1_000 })
    const envelope = RecordEnvelope.createFromProtobuf(await sealAdvert(forged, b.privateKey))
    const signature = envelope.signature.slice()
    signature[5] ^= 0x10
    const bytes = new RecordEnvelope({ publicKey: envelope.publicKey, payloadType: envelope.payloadType, payload: envelope.payload, signature }).marshal()
    await offend(bytes, 'bad-signature', true)
    expect(heldOfB()!.advert.slotsTotal).to.not.equal(1_000)
  })

  it('rejects an advert signed by a third peer C but published by B as signer-mismatch', async () => {
    const cId = peerIdFromPrivateKey(keyC).toString()
    const now = Date.now()
    const ofC = await sealAdvert(makeAdvert(cId, { seq: now, issuedAt: now, expiresAt: now + 30_000 }), keyC)
    await offend(ofC, 'signer-mismatch', true)
    expect(capA.list().some(e => e.advert.peerId === cId), 'C is not tabled').to.equal(false)
  })

  it('rejects an advert signed by B with implausible figures as invalid-field', async () => {
    const bad = await sealAdvert(nextOfB({ slotsTotal: 2, slotsFree: 50 }), b.privateKey)
    await offend(bad, 'invalid-field', true)
    expect(heldOfB()!.advert.slotsFree).to.not.equal(50)
  })

  it('counted each refusal once, under its reason', () => {
    expect(capA.getStats().rejected).to.deep.equal({
      expired: 1,
      replay: 2,
      malformed: 1,
      oversized: 1,
      unsigned: 1,
      'bad-signature': 1,
      'signer-mismatch': 1,
      'invalid-field': 1
    })
  })

  it('still accepts B\'s next good advert through gossip', async () => {
    const before = heldOfB()!
    const accepted = capA.getStats().accepted
    b.node.libp2p.services.capacity.setSlotsInUse(1)
    await until('A to hold B\'s advert with one slot in use',
      () => { const held = heldOfB(); return held != null && held.advert.slotsFree === held.advert.slotsTotal - 1 },
      [{ target: capA, events: ['capacity:update'] }], 30_000)
    const held = heldOfB()!
    expect(held.source).to.equal('gossip')
    expect(held.advert.seq).to.be.greaterThan(before.advert.seq)
    expect(publishedByB.has(hex(held.bytes))).to.equal(true)
    expect(capA.getStats().accepted).to.be.greaterThan(accepted)
    // B has not lost its place in A's gossip either
    expect(pubsubA.getSubscribers(CAPACITY_TOPIC).some(p => p.toString() === bId)).to.equal(true)
  })
})
