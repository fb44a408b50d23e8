/**
 * How many round trips a job takes, counted on the requester's stream (not
 * timed): a round trip is a run of writes answered by a run of reads. With
 * the module cached, /shoal/job/1.1.0 gets the verified result after one
 * (protocols/README.md 5.13), and the worker's Kept after a second that the
 * job does not wait for; /shoal/job/1.0.0 needs two to the result.
 */
import { createHash } from 'node:crypto'
import { expect } from 'chai'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import { JOB_PROTOCOL, JOB_PROTOCOL_1_1 } from '../../src/jobs/constants.js'
import type { ShoalNode } from '../../src/index.js'
import type { Connection, Stream } from '@libp2p/interface'

/** round trips the documented exchange takes, module cached (protocols/README.md 5.13) */
const ROUND_TRIPS_TO_RESULT = 1
const ROUND_TRIPS_WITH_KEPT = 2
const ROUND_TRIPS_TO_RESULT_1_0 = 2

interface Tape { protocol: string, events: Array<'send' | 'receive'>, closed: Promise<void> }

/** runs of sends answered by a run of receives */
function roundTrips (events: Tape['events']): number {
  let n = 0
  for (let i = 0; i < events.length - 1; i++) if (events[i] === 'send' && events[i + 1] === 'receive') n++
  return n
}

/** every job stream the requester opens to `worker` from now on, as a tape of sends and receives */
function record (requester: ShoalNode, worker: ShoalNode): Tape[] {
  const tapes: Tape[] = []
  for (const connection of requester.libp2p.getConnections(worker.peerId) as Connection[]) {
    const newStream = connection.newStream.bind(connection)
    connection.newStream = (async (protocols: string | string[], options?: any) => {
      const stream: Stream = await newStream(protocols, options)
      if (![JOB_PROTOCOL, JOB_PROTOCOL_1_1].includes(stream.protocol)) return stream
      const tape: Tape = { protocol: stream.protocol, events: [], closed: new Promise(resolve => { stream.addEventListener('close', () => { resolve() }, { once: true }) }) }
      tapes.push(tape)
      const send = stream.send.bind(stream)
      stream.send = (data) => { tape.events.push('send'); return send(data) }
      stream.addEventListener('message', () => { tape.events.push('receive') })
      return stream
    }) as Connection['newStream']
  }
  return tapes
}

describe('job round trips (counted on the stream)', function () {
  this.timeout(60_000)
  const sha256 = exampleJob('sha256')
  let requester: ShoalNode
  let worker: ShoalNode

  beforeEach(async () => {
    worker = await memoryPeer()
    requester = await memoryPeer({ executor: false, capacity: { advertise: false } })
    await requester.libp2p.dial(worker.libp2p.getMultiaddrs()[0])
    await until('the requester to learn the worker\'s protocols', async () => (await requester.libp2p.peerStore.get(worker.peerId)).protocols.includes(JOB_PROTOCOL_1_1),
      [{ target: requester.libp2p, events: ['peer:identify', 'peer:update'] }])
  })
  afterEach(async () => { await stopAll([requester, worker]) })

  const run = async (input: Uint8Array): Promise<{ tape: Tape, atResult: number }> => {
    const tapes = record(requester, worker)
    const r = await requester.submit({ module: sha256, input, workers: [worker.peerId.toString()] }).result
    expect(r.status, r.message).to.equal('succeeded')
    expect(new TextDecoder().decode(r.output)).to.equal(createHash('sha256').update(input).digest('hex'))
    expect(tapes).to.have.length(1)
    return { tape: tapes[0], atResult: roundTrips(tapes[0].events) }
  }

  it(`1.1.0, module cached: ${ROUND_TRIPS_TO_RESULT} round trip to the verified result, ${ROUND_TRIPS_WITH_KEPT} with the worker's Kept`, async () => {
    // the first job carries the module (the bid asks for it): one round trip more
    const first = await run(new TextEncoder().encode('first'))
    expect(first.tape.protocol).to.equal(JOB_PROTOCOL_1_1)
    expect(first.atResult).to.equal(ROUND_TRIPS_TO_RESULT + 1)
    for (let i = 0; i < 3; i++) {
      const { tape, atResult } = await run(crypto.getRandomValues(new Uint8Array(100 + i * 5000)))
      expect(tape.protocol).to.equal(JOB_PROTOCOL_1_1)
      expect(atResult, tape.events.join(' ')).to.be.at.most(ROUND_TRIPS_TO_RESULT)
      // the ack goes out and the worker's Kept comes back on the same stream, after the job is done
      await tape.closed
      expect(roundTrips(tape.events), tape.events.join(' ')).to.equal(ROUND_TRIPS_WITH_KEPT)
    }
  })

  it('a worker that speaks only 1.0.0 still serves the job, in the old exchange', async () => {
    await run(new TextEncoder().encode('warm the cache'))
    // the worker stops offering 1.1.0; the requester learns it from the refusal, not from identify
    await worker.libp2p.unhandle(JOB_PROTOCOL_1_1)
    const { tape, atResult } = await run(new TextEncoder().encode('old'))
    expect(tape.protocol).to.equal(JOB_PROTOCOL)
    expect(atResult).to.equal(ROUND_TRIPS_TO_RESULT_1_0)
  })
})
