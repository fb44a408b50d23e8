import { expect } from 'chai'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import { cli } from '../fixtures/daemon.js'
import { JOB_PROTOCOL } from '../../src/jobs/constants.js'
import { JobSpecError } from '../../src/jobs/errors.js'
import type { ShoalNode } from '../../src/index.js'
import type { Stream } from '@libp2p/interface'

describe('resource limits from the config', function () {
  this.timeout(60_000)
  const sha256 = exampleJob('sha256')
  let worker: ShoalNode
  let requester: ShoalNode
  before(async () => {
    worker = await memoryPeer({ limits: { maxInputBytes: 4096, jobStreamsPerConnection: 4, blobCacheBytes: 1 << 20 }, capacity: { maxJobs: 1 } })
    requester = await memoryPeer({ limits: { maxInputBytes: 16_384 }, bootstrap: worker.libp2p.getMultiaddrs().map(String), executor: false })
    await until('the requester to hold the worker\'s advert', () => requester.capacityTable().some(r => r.peerId === worker.peerId.toString()),
      [{ target: requester.libp2p.services.capacity, events: ['capacity:update'] }])
  })
  after(async () => { await stopAll([requester, worker]) })

  it('a requester refuses to send more than its own limit; a worker declines inputs over its limit and runs the rest', async () => {
    let error: unknown
    await requester.submit({ module: sha256, input: new Uint8Array(20_000) }).result.catch(err => { error = err })
    expect(error).to.be.instanceOf(JobSpecError)
    expect((error as Error).message).to.match(/limits\.maxInputBytes/)

    const big = await requester.submit({ module: sha256, input: new Uint8Array(8192), maxAttempts: 1 }).result
    expect(big.status).to.equal('failed')
    expect(big.attempts[0]).to.include({ worker: worker.peerId.toString(), reason: 'declined' })
    expect(big.attempts[0].message).to.match(/input over 4096 bytes/)

    const small = await requester.submit({ module: sha256, input: new Uint8Array(1024) }).result
    expect(small.status).to.equal('succeeded')
    expect(worker.libp2p.services.jobs.workerCounters().maxBytes).to.equal(1 << 20)
  })

  it('a connection may hold only the configured number of job streams open at once', async () => {
    const open: Stream[] = []
    try {
      for (let i = 0; i < 6; i++) {
        open.push(await requester.libp2p.dialProtocol(worker.peerId, JOB_PROTOCOL, { maxOutboundStreams: 100, signal: AbortSignal.timeout(5_000) }))
      }
      // the worker resets the streams over its limit as they arrive; the first four stay open
      await until('the streams over the limit to be reset', () => open.filter(s => s.status !== 'open').length === 2,
        open.map(s => ({ target: s, events: ['close'] })), 10_000)
      expect(open.slice(0, 4).map(s => s.status)).to.deep.equal(['open', 'open', 'open', 'open'])
    } finally {
      for (const s of open) s.abort(new Error('done'))
    }
    // the worker still serves the requester once those streams are gone
    const after = await requester.submit({ module: sha256, input: new Uint8Array(10) }).result
    expect(after.status).to.equal('succeeded')
  })

  it('retention flags of `shoal start` are checked: a bad value is a one-line error, exit code 2', () => {
    for (const args of [['--keep-days', '0'], ['--keep-jobs', '1.5'], ['--keep-reports', 'many']]) {
      const r = cli(['start', ...args, '--data-dir', '/nonexistent/shoal-limits-test', '--api', '127.0.0.1:0'])
      expect(r.code, args.join(' ')).to.equal(2)
      expect(r.stderr.trim().split('\n'), args.join(' ')).to.have.length(1)
      expect(r.stderr).to.include(args[0])
    }
  })
})
