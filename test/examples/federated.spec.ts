import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect } from 'chai'
import { createShoal } from '../../src/index.js'
import { startParticipant } from '../../examples/federated/daemons.js'
import { SHARD_DATASET, SHARD_GUEST_PATH, writeShard } from '../../examples/federated/shards.js'
import type { ParticipantDaemon } from '../../examples/federated/daemons.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import { aggregate, median, trimmedMean, weightedMean } from '../../examples/federated/aggregate.js'
import { coordinatorMesh, participants, runFederated } from '../../examples/federated/coordinator.js'
import { FEATURES, dataset, generate, shard } from '../../examples/federated/data.js'
import { accuracy, trainCentrally } from '../../examples/federated/model.js'
import { joinFederation, poison } from '../../examples/federated/participant.js'
import { TRAIN_KIND, decodeReply, decodeRequest, encode } from '../../examples/federated/protocol.js'
import { FederatedError } from '../../src/workloads/index.js'
import type { Mesh } from '../../examples/federated/coordinator.js'
import type { TrainReply } from '../../examples/federated/protocol.js'
import type { ShoalNode } from '../../src/index.js'

const SETTINGS = { epochs: 1, learningRate: 0.1, batchSize: 32, l2: 1e-3 }
const ROUNDS = 10

describe('federated learning: the pure parts', () => {
  it('aggregators: weighted mean by example count; median and trimmed mean per coordinate, blind to counts', () => {
    const updates = [{ delta: [1, 10], count: 1 }, { delta: [3, 20], count: 3 }, { delta: [-100, 1000], count: 1000 }]
    expect(weightedMean([updates[0], updates[1]])).to.deep.equal([2.5, 17.5])
    expect(aggregate(updates, 'median')).to.deep.equal([1, 20])
    expect(aggregate(updates, 'trimmed-mean')).to.deep.equal([1, 20])
    expect(median([1, 2, 3, 4])).to.equal(2.5)
    expect(trimmedMean([0, 1, 2, 3, 100], 0.2)).to.equal(2)
    expect(() => aggregate([], 'fedavg')).to.throw(RangeError)
  })

  it('the data set is the same for the same seed, and shards split it with a label skew', () => {
    expect(generate(5, 1)).to.deep.equal(generate(5, 1))
    expect(generate(5, 1)).to.not.deep.equal(generate(5, 2))
    const { train } = dataset()
    const shards = shard(train, 4)
    expect(shards.reduce((n, s) => n + s.length, 0)).to.equal(train.length)
    const positive = shards.map(s => s.filter(r => r.y === 1).length / s.length)
    for (let i = 1; i < 4; i++) expect(positive[i]).to.be.greaterThan(positive[i - 1])
  })

  it('training messages carry exactly the model and settings, replies exactly an update and a count; anything else is refused', () => {
    const req = { round: 1, weights: [0, 0, 0], ...SETTINGS, seed: 1 }
    expect(decodeRequest(encode(req))).to.deep.equal(req)
    expect(() => decodeRequest(encode({ ...req, rows: [[1, 2]] } as any))).to.throw(/unknown field "rows"/)
    expect(() => decodeReply(encode({ delta: [1, 2], count: 5 }), 3)).to.throw(/delta has 2 values/)
    expect(() => decodeReply(new TextEncoder().encode('{"delta":[1,2,"x"],"count":1}'), 3)).to.throw(/finite numbers/)
  })
})

describe('federated learning over a mesh: a coordinator and 4 participants', function () {
  this.timeout(120_000)
  const { train, test } = dataset()
  const shards = shard(train, 4)
  const central = trainCentrally(train, FEATURES, ROUNDS, SETTINGS)
  const centralAccuracy = accuracy(central[ROUNDS - 1], test)
  let nodes: ShoalNode[] = []
  let coordinator: ShoalNode
  /** participant 2 poisons its updates while this is set */
  let poisoning = false
  /** participant 3 fails mid-training while this is set */
  let crashing = false
  const sent: Uint8Array[] = []
  const received: Uint8Array[] = []
  /** the coordinator's view of the mesh, recording every job input it sends and every output it gets */
  let mesh: Mesh

  before(async () => {
    coordinator = await memoryPeer({ capacity: { intervalMs: 5_000 } })
    const entry = coordinator.libp2p.getMultiaddrs().map(String)
    nodes = [coordinator]
    for (let i = 0; i < 4; i++) {
      const node = await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 5_000 } })
      joinFederation(node, shards[i], {
        tamper: (r: TrainReply) => {
          if (crashing && i === 3) throw new Error('out of memory (simulated)')
          return poisoning && i === 2 ? poison(r) : r
        }
      })
      nodes.push(node)
    }
    await until('the coordinator to see 4 participants', () => participants(coordinatorMesh(coordinator)).length === 4,
      [{ target: coordinator.libp2p.services.capacity, events: ['capacity:update'] }], 60_000)
    mesh = {
      capacityTable: (filters) => coordinator.capacityTable(filters),
      reputation: () => coordinator.reputation(),
      trust: (peer) => coordinator.libp2p.services.reputation.trust(peer),
      submit: (spec) => {
        sent.push(spec.input ?? new Uint8Array())
        const handle = coordinator.submit(spec)
        void handle.result.then(r => { if (r.output != null) received.push(r.output) }, () => {})
        return handle
      }
    }
  })
  after(async () => { await stopAll(nodes) })

  const run = async (aggregator: 'fedavg' | 'median' | 'trimmed-mean', extra = {}): Promise<ReturnType<typeof runFederated>> =>
    runFederated(mesh, { features: FEATURES, rounds: ROUNDS, minParticipants: 3, aggregator, train: SETTINGS, evaluate: w => accuracy(w, test), retryDelayMs: 0, ...extra })

  it(`federated averaging reaches within 2 accuracy points of central training in ${ROUNDS} rounds`, async () => {
    const { rounds } = await run('fedavg')
    expect(rounds).to.have.length(ROUNDS)
    expect(rounds.every(r => r.updates.length === 4 && r.dropped.length === 0 && r.suspects.length === 0)).to.equal(true)
    expect(rounds[0].updates.map(u => u.count).sort()).to.deep.equal(shards.map(s => s.length).sort())
    const last = rounds[ROUNDS - 1].accuracy!
    expect(centralAccuracy).to.be.greaterThan(0.8)
    expect(Math.abs(last - centralAccuracy), `federated ${last}, central ${centralAccuracy}`).to.be.at.most(0.02)
  })

  it('no shard row ever leaves its peer: the coordinator sends only the model and settings and gets back only updates and counts', async () => {
    sent.length = 0
    received.length = 0
    await run('fedavg')
    expect(sent.length).to.equal(4 * ROUNDS)
    expect(received.length).to.equal(4 * ROUNDS)
    const numbers = new Set<number>()
    const texts = [...sent, ...received].map(b => new TextDecoder().decode(b))
    for (const bytes of sent) {
      const req = decodeRequest(bytes)
      expect(req.weights).to.have.length(FEATURES + 1)
      req.weights.forEach(v => numbers.add(v))
    }
    for (const bytes of received) {
      const reply = decodeReply(bytes, FEATURES + 1)
      expect(shards.map(s => s.length)).to.include(reply.count)
      reply.delta.forEach(v => numbers.add(v))
    }
    // each message is a few hundred bytes, whatever the size of a shard (about 600 rows of 8 features)
    expect(Math.max(...[...sent, ...received].map(b => b.byteLength))).to.be.below(1024)
    for (const row of train) {
      for (const v of row.x) {
        expect(numbers.has(v), `feature value ${v} in a message`).to.equal(false)
        expect(texts.some(t => t.includes(JSON.stringify(v)))).to.equal(false)
      }
    }
  })

  it('with one participant sending poisoned updates, federated averaging breaks but the robust aggregators stay within 2 points', async () => {
    poisoning = true
    try {
      const poisoned = await run('fedavg')
      expect(poisoned.rounds[ROUNDS - 1].accuracy!).to.be.below(centralAccuracy - 0.2)
      for (const how of ['median', 'trimmed-mean'] as const) {
        const { rounds } = await run(how)
        const last = rounds[ROUNDS - 1].accuracy!
        expect(Math.abs(last - centralAccuracy), `${how}: federated ${last}, central ${centralAccuracy}`).to.be.at.most(0.02)
        // and the coordinator names the poisoner
        expect(rounds.every(r => r.suspects.length === 1 && r.suspects[0] === nodes[3].peerId.toString())).to.equal(true)
      }
    } finally {
      poisoning = false
    }
  })

  it('a participant that drops is left out of the round; below the minimum, the round is retried, then fails clearly', async () => {
    const flaky = nodes[4].peerId.toString()
    crashing = true
    try {
      const { rounds } = await run('fedavg', { rounds: 2 })
      for (const r of rounds) {
        expect(r.updates).to.have.length(3)
        expect(r.dropped).to.have.length(1)
        expect(r.dropped[0].peer).to.equal(flaky)
        expect(r.dropped[0].reason).to.match(/out of memory \(simulated\)/)
      }
      let error: unknown
      await run('fedavg', { rounds: 1, minParticipants: 4, roundRetries: 1 }).catch(err => { error = err })
      expect(error).to.be.instanceOf(FederatedError)
      expect(String(error)).to.match(/round 1 got 3 update\(s\), fewer than the minimum of 4; dropped: \S{6} \(.*out of memory.*\); gave up after 2 tries/)
    } finally {
      crashing = false
    }

    // a participant that leaves the mesh is no longer asked
    await nodes[4].stop()
    await until('the coordinator to forget the participant that left', () => !participants(mesh).includes(flaky),
      [{ target: coordinator.libp2p.services.capacity, events: ['capacity:update'] }], 30_000)
    const { rounds } = await run('fedavg', { rounds: 1 })
    expect(rounds[0].updates).to.have.length(3)
  })
})

describe('federated learning with fresh participants: newcomers aggregated robustly, suspects quarantined', function () {
  this.timeout(120_000)
  const { train, test } = dataset()
  const shards = shard(train, 4)
  const central = accuracy(trainCentrally(train, FEATURES, ROUNDS, SETTINGS)[ROUNDS - 1], test)
  let nodes: ShoalNode[] = []
  after(async () => { await stopAll(nodes) })

  it('fedavg with a trust floor: round 1 (all newcomers) uses the trimmed mean and names the poisoner, who is then left out', async () => {
    const coordinator = await memoryPeer({ capacity: { intervalMs: 5_000 } })
    nodes = [coordinator]
    const entry = coordinator.libp2p.getMultiaddrs().map(String)
    for (let i = 0; i < 4; i++) {
      const node = await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 5_000 } })
      joinFederation(node, shards[i], i === 1 ? { tamper: poison } : {})
      nodes.push(node)
    }
    const mesh = coordinatorMesh(coordinator)
    await until('the coordinator to see 4 participants', () => participants(mesh).length === 4,
      [{ target: coordinator.libp2p.services.capacity, events: ['capacity:update'] }], 60_000)
    const poisoner = nodes[2].peerId.toString()
    // nobody has worked for the coordinator yet: every participant is a newcomer, under the floor
    expect(participants(mesh).every(p => mesh.trust(p) < 0.5)).to.equal(true)

    const { rounds } = await runFederated(mesh, {
      features: FEATURES, rounds: ROUNDS, minParticipants: 3, aggregator: 'fedavg', trustFloor: 0.5, quarantineAfter: 1, train: SETTINGS, evaluate: w => accuracy(w, test)
    })
    expect(rounds[0].aggregator).to.equal('trimmed-mean')
    expect(rounds[0].suspects).to.deep.equal([poisoner])
    for (const r of rounds.slice(1)) {
      expect(r.updates.map(u => u.peer)).to.not.include(poisoner)
      expect(r.dropped).to.deep.equal([{ peer: poisoner, reason: 'quarantined: its updates were suspect' }])
    }
    const last = rounds[ROUNDS - 1].accuracy!
    expect(Math.abs(last - central), `federated ${last}, central ${central}`).to.be.at.most(0.02)
  })
})

describe('federated learning across 3 real daemons, each holding its shard as a private data set (WebAssembly trainer)', function () {
  this.timeout(300_000)
  const { train, test } = dataset()
  const shards = shard(train, 3)
  // central training as the example computes it: the same model and settings on the pooled rows, round for round
  const central = accuracy(trainCentrally(train, FEATURES, ROUNDS, SETTINGS)[ROUNDS - 1], test)
  const trainer = new Uint8Array(readFileSync(resolve('examples/jobs/build/fl-train.wasm')))
  const recorder = resolve('dist/test/fixtures/traffic-recorder.js')
  let coordinator: ShoalNode
  let daemons: ParticipantDaemon[] = []
  let work: string
  const logs: string[] = []
  /** every job input the coordinator sent and every output it got, by participant */
  const sent = new Map<string, Uint8Array[]>()
  const received = new Map<string, Uint8Array[]>()
  let mesh: Mesh

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'shoal-fl-'))
    coordinator = await createShoal({ transports: ['tcp'], listen: ['/ip4/127.0.0.1/tcp/0'], api: false, localMesh: true, executor: false, capacity: { intervalMs: 5_000 } })
    const entry = coordinator.libp2p.getMultiaddrs().map(String)
    daemons = await Promise.all(shards.map(async (rows, i) => {
      logs[i] = join(work, `traffic-${i}.bin`)
      return startParticipant({
        dataDir: join(work, `p${i}`),
        shardDir: writeShard(join(work, `shard-${i}`), rows),
        bootstrap: entry,
        trainer,
        nodeArgs: ['--import', recorder],
        env: { SHOAL_TRAFFIC_LOG: logs[i] },
        timeoutMs: 60_000
      })
    }))
    const inner = coordinatorMesh(coordinator)
    mesh = {
      ...inner,
      submit: (spec) => {
        const peer = spec.workers![0]
        sent.set(peer, [...sent.get(peer) ?? [], spec.input ?? new Uint8Array()])
        const handle = coordinator.submit(spec)
        void handle.result.then(r => { if (r.output != null) received.set(peer, [...received.get(peer) ?? [], r.output]) }, () => {})
        return handle
      }
    }
    await until('the coordinator to see 3 holders of the "shard" data set', () => participants(mesh, { module: trainer }).length === 3,
      [{ target: coordinator.libp2p.services.capacity, events: ['capacity:update'] }], 60_000)
  })
  after(async () => {
    await Promise.all(daemons.map(async d => d.stop()))
    await coordinator?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  it(`reaches within 2 accuracy points of central training in ${ROUNDS} rounds; no JS handler anywhere, the daemons run the module on their own rows`, async () => {
    expect(participants(mesh, { module: trainer }).sort()).to.deep.equal(daemons.map(d => d.peerId).sort())
    // nobody registered the JS job kind: the only way to train is the module on the data set
    expect(coordinator.capacityTable({ kind: TRAIN_KIND })).to.have.length(0)
    const { rounds } = await runFederated(mesh, {
      features: FEATURES, rounds: ROUNDS, minParticipants: 3, aggregator: 'fedavg', train: SETTINGS, evaluate: w => accuracy(w, test), trainer: { module: trainer }, retryDelayMs: 0
    })
    expect(rounds).to.have.length(ROUNDS)
    expect(rounds.every(r => r.updates.length === 3 && r.dropped.length === 0)).to.equal(true)
    expect(rounds[0].updates.map(u => u.count).sort()).to.deep.equal(shards.map(s => s.length).sort())
    const last = rounds[ROUNDS - 1].accuracy!
    console.log(`      central ${(central * 100).toFixed(2)}%, federated over 3 daemons ${(last * 100).toFixed(2)}%`)
    expect(central).to.be.greaterThan(0.8)
    expect(Math.abs(last - central), `federated ${last}, central ${central}`).to.be.at.most(0.02)
  })

  it('a module the operators did not approve cannot read a shard: declined (DATASET_REFUSED)', async () => {
    const cat = new Uint8Array(readFileSync(resolve('examples/jobs/build/cat.wasm')))
    const r = await coordinator.submit({ module: cat, args: [SHARD_GUEST_PATH], datasets: [SHARD_DATASET], workers: [daemons[0].peerId], maxAttempts: 1 }).result
    expect(r.status).to.equal('failed')
    expect(r.attempts[0].message).to.match(/DATASET_REFUSED/)
    expect(r.output ?? new Uint8Array()).to.have.length(0)
  })

  it('a recorder of all traffic finds no training row leaving any participant, and does find the updates they sent', async () => {
    // the recorders write what each daemon sent when it exits
    for (const d of daemons) expect(await d.stop()).to.equal(0)
    for (let i = 0; i < 3; i++) {
      const peer = daemons[i].peerId
      const traffic = readFileSync(logs[i])
      // positive control: the recorder sees plaintext: each update this participant returned is in it, byte for byte
      const updates = received.get(peer) ?? []
      expect(updates).to.have.length(ROUNDS)
      for (const u of updates) expect(traffic.indexOf(Buffer.from(u)), 'an update in the recorded traffic').to.be.at.least(0)
      // no row: not as text (the CSV's cells, its header) ...
      const latin = traffic.toString('latin1')
      const tokens = new Set(latin.match(/-?\d+\.\d+(e-?\d+)?/g) ?? [])
      expect(latin.includes('x1,x2,x3'), 'the shard\'s header').to.equal(false)
      // ... nor as float64 bytes
      const values = new Set<bigint>()
      const cell = Buffer.alloc(8)
      for (const row of shards[i]) {
        for (const v of row.x) {
          expect(tokens.has(String(v)), `feature value ${v} of participant ${i} as text`).to.equal(false)
          cell.writeDoubleLE(v)
          values.add(cell.readBigUInt64LE())
        }
      }
      let hits = 0
      for (let at = 0; at + 8 <= traffic.length; at++) if (values.has(traffic.readBigUInt64LE(at))) hits++
      expect(hits, `feature values of participant ${i} as float64 bytes`).to.equal(0)
      console.log(`      participant ${i}: ${traffic.length} bytes recorded, ${shards[i].length} rows held, none found`)
    }
    // and what the coordinator exchanged: a model (settings + 9 weights: 128 bytes) out, an update (count + 9 values: 80 bytes) back
    for (const list of sent.values()) for (const b of list) expect(b.byteLength).to.equal(128)
    for (const list of received.values()) for (const b of list) expect(b.byteLength).to.equal(80)
  })
})
