import { expect } from 'chai'
import { humanLine, jsonLine, watchNode } from '../../src/cli/event-log.js'
import { nodeExecutor } from '../../src/node/executor.js'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import type { LogEvent } from '../../src/cli/event-log.js'
import type { JobExecutor, ShoalNode } from '../../src/index.js'

const PEER_A = '12D3KooWA5us63MBrBcU7mKK3GMFRKbrveDNg5xXjFXFFcrLS1oX'
const PEER_B = '12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN'
const JOB = '0123456789abcdef0123456789abcdef'
const MODULE = 'fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210'
const time = new Date('2026-11-29T08:00:00.000Z')

describe('event log lines', () => {
  it('one human line per event: time, what happened, ids shortened', () => {
    const line = (event: LogEvent['event'], fields: LogEvent['fields']): string => humanLine({ time, event, fields })
    expect(line('peer:joined', { peer: PEER_A })).to.equal('2026-11-29T08:00:00.000Z peer joined 12D3KooW…rLS1oX')
    expect(line('peer:left', { peer: PEER_B })).to.equal('2026-11-29T08:00:00.000Z peer left 12D3KooW…x6nXTN')
    expect(line('job:submitted', { job: JOB, kind: 'wasm', module: MODULE, replicas: 3 }))
      .to.equal('2026-11-29T08:00:00.000Z job submitted 01234567 wasm:fedcba98, 3 replica(s)')
    expect(line('job:finished', { job: JOB, kind: 'wasm', module: MODULE, outcome: 'succeeded', worker: PEER_B, ms: 42 }))
      .to.equal('2026-11-29T08:00:00.000Z job finished 01234567 wasm:fedcba98: succeeded by 12D3KooW…x6nXTN in 42 ms')
    expect(line('job:finished', { job: JOB, kind: 'echo', outcome: 'failed', reason: 'no-worker-succeeded', ms: 7 }))
      .to.equal('2026-11-29T08:00:00.000Z job finished 01234567 echo: failed (no-worker-succeeded) in 7 ms')
    expect(line('job:finished', { job: JOB, kind: 'wasm', outcome: 'cancelled', reason: 'cancelled', ms: 3 }))
      .to.equal('2026-11-29T08:00:00.000Z job finished 01234567 wasm: cancelled in 3 ms')
    expect(line('job:ran', { job: JOB, kind: 'wasm', module: MODULE, requester: PEER_A, outcome: 'succeeded', ms: 120 }))
      .to.equal('2026-11-29T08:00:00.000Z job ran 01234567 wasm:fedcba98 for 12D3KooW…rLS1oX in 120 ms: succeeded')
    expect(line('report:published', { job: JOB, worker: PEER_B, outcome: 'wrong' }))
      .to.equal('2026-11-29T08:00:00.000Z report published: 12D3KooW…x6nXTN wrong on job 01234567')
    expect(line('peer:banned', { peer: PEER_B, reason: 'collusion' }))
      .to.equal('2026-11-29T08:00:00.000Z peer banned 12D3KooW…x6nXTN (collusion)')
  })

  it('one JSON object per line: time, event, then the fields in full, absent ones left out', () => {
    const text = jsonLine({ time, event: 'job:ran', fields: { job: JOB, kind: 'wasm', module: undefined, requester: PEER_A, outcome: 'succeeded', ms: 120 } })
    expect(text).to.not.include('\n')
    expect(JSON.parse(text)).to.deep.equal({ time: '2026-11-29T08:00:00.000Z', event: 'job:ran', job: JOB, kind: 'wasm', requester: PEER_A, outcome: 'succeeded', ms: 120 })
    expect(Object.keys(JSON.parse(text)).slice(0, 2)).to.deep.equal(['time', 'event'])
  })
})

/** runs jobs for real, then corrupts the output: every replica it answers is proven wrong */
function lyingExecutor (): JobExecutor {
  const real = nodeExecutor({ slots: 2 })
  return {
    ...real,
    run: async (req, opts) => {
      const out = await real.run(req, opts)
      return { ...out, output: new Uint8Array([...out.output, 1]) }
    }
  }
}

describe('event log from real peers (watchNode)', function () {
  this.timeout(120_000)
  let nodes: ShoalNode[] = []
  const logs = new Map<ShoalNode, LogEvent[]>()
  const unwatch: Array<() => void> = []
  const events = (node: ShoalNode, name: LogEvent['event']): LogEvent[] => (logs.get(node) ?? []).filter(e => e.event === name)

  before(async () => {
    const requester = await memoryPeer({ capacity: { intervalMs: 5_000, maxJobs: 1 } })
    const watch = (node: ShoalNode): void => {
      logs.set(node, [])
      unwatch.push(watchNode(node, e => { logs.get(node)!.push(e) }))
    }
    watch(requester)
    nodes = [requester]
    for (const executor of [undefined, undefined, lyingExecutor()]) {
      const node = await memoryPeer({ bootstrap: requester.libp2p.getMultiaddrs().map(String), capacity: { intervalMs: 5_000, maxJobs: 2 }, ...(executor != null ? { executor } : {}) })
      watch(node)
      nodes.push(node)
    }
    await until('the requester to see 3 workers', () => requester.capacityTable().filter(r => r.peerId !== requester.peerId.toString()).length === 3,
      [{ target: requester.libp2p.services.capacity, events: ['capacity:update'] }], 60_000)
  })

  after(async () => {
    for (const stop of unwatch) stop()
    await stopAll(nodes)
  })

  it('the requester logs peers joining, each job submitted and finished, and its reports; the workers log each job they ran', async () => {
    const [requester, honest] = nodes
    const workers = nodes.slice(1).map(n => n.peerId.toString())
    const result = await requester.submit({ module: exampleJob('sha256'), input: new TextEncoder().encode('log me'), replicas: 3, workers }).result
    expect(result.status).to.equal('succeeded')
    await until('three reports published', () => events(requester, 'report:published').length === 3,
      [{ target: requester.libp2p.services.reputation, events: ['reputation:published'] }], 30_000)

    expect(events(requester, 'peer:joined').map(e => e.fields.peer)).to.include.members(workers)
    const submitted = events(requester, 'job:submitted')
    expect(submitted.map(e => e.fields)).to.deep.equal([{ job: result.id, kind: 'wasm', module: submitted[0].fields.module, replicas: 3 }])
    expect(submitted[0].fields.module).to.match(/^[0-9a-f]{64}$/)
    const finished = events(requester, 'job:finished')
    expect(finished).to.have.length(1)
    expect(finished[0].fields).to.include({ job: result.id, outcome: 'succeeded', worker: result.worker })
    expect(finished[0].fields.ms).to.be.a('number')
    const reports = events(requester, 'report:published').map(e => `${String(e.fields.worker)} ${String(e.fields.outcome)}`)
    expect(reports).to.have.members([`${workers[0]} success`, `${workers[1]} success`, `${workers[2]} wrong`])
    expect(events(requester, 'job:ran')).to.deep.equal([])

    // job:finished is dispatched before the ack's receipt is kept: wait for the worker's line, not on a timer
    await until('the honest worker to log the job it ran', () => events(honest, 'job:ran').length === 1,
      [{ target: honest.libp2p.services.jobs, events: ['job:finished'] }], 30_000)
    expect(events(honest, 'job:ran')[0].fields).to.include({ job: result.id, kind: 'wasm', requester: requester.peerId.toString(), outcome: 'succeeded' })
    expect(events(honest, 'job:submitted')).to.deep.equal([])
  })

  it('logs a ban once, when proven errors pile up', async () => {
    const [requester] = nodes
    const liar = nodes[3].peerId.toString()
    const workers = nodes.slice(1).map(n => n.peerId.toString())
    // three more wrong answers outvoted by two honest ones: repeated proven errors ban the liar
    for (let i = 0; i < 3; i++) {
      const result = await requester.submit({ module: exampleJob('sha256'), input: new TextEncoder().encode(`job ${i}`), replicas: 3, workers }).result
      expect(result.status).to.equal('succeeded')
    }
    await until('the liar to be banned', () => requester.libp2p.services.reputation.isBanned(liar), [{ target: requester.libp2p.services.reputation, events: ['reputation:banned'] }], 30_000)
    const bans = events(requester, 'peer:banned')
    expect(bans.map(e => e.fields.peer)).to.deep.equal([liar])
    // trust may fall under the ban threshold before the proven errors reach the repeated-wrong rule
    expect(bans[0].fields.reason).to.be.oneOf(['low-trust', 'repeated-wrong'])
  })
})
