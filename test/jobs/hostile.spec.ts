import { createHash } from 'node:crypto'
import { expect } from 'chai'
import * as F from '../executors/fixtures.js'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import type { JobSpec, ShoalNode } from '../../src/index.js'

describe('hostile modules sent to a worker over the mesh', function () {
  this.timeout(120_000)
  let requester: ShoalNode
  let worker: ShoalNode
  before(async () => {
    worker = await memoryPeer({ capacity: { maxJobs: 2 } })
    requester = await memoryPeer({ bootstrap: worker.libp2p.getMultiaddrs().map(String), executor: false })
  })
  after(async () => { await stopAll([requester, worker]) })

  const run = async (spec: Omit<JobSpec, 'workers'>) => requester.submit({ ...spec, workers: [worker.peerId.toString()] }).result

  const cases: Array<[string, () => Promise<Uint8Array>, Partial<JobSpec>, string[]]> = [
    ['an infinite loop', async () => F.wat(F.INFINITE_LOOP), { timeoutMs: 1_000 }, ['timeout']],
    ['a memory bomb', async () => F.wat(F.MEMORY_BOMB), { memoryMb: 16 }, ['memory', 'trap']],
    ['a flood of output', async () => F.wat(F.HUGE_OUTPUT), { maxOutputBytes: 1024 * 1024 }, ['output-too-large']],
    ['a trap', async () => F.wat(F.TRAP), {}, ['trap']],
    ['bytes that are not WebAssembly', async () => new TextEncoder().encode('\0asm but not really'), {}, ['invalid-module']],
    ['an import that is not WASI', async () => F.wat(F.MISSING_IMPORT), {}, ['missing-import']]
  ]

  for (const [name, module, limits, reasons] of cases) {
    it(`${name}: fails with its reason, and the worker serves the next job`, async () => {
      const bad = await run({ module: await module(), ...limits })
      expect(bad.status, bad.message).to.equal('failed')
      expect(reasons, `${bad.reason}: ${bad.message}`).to.include(bad.reason)
      expect(bad.message).to.be.a('string').and.not.equal('')
      expect(bad.worker).to.equal(worker.peerId.toString())
      // a sandbox failure is the job's, signed by the worker: not retried elsewhere
      expect(bad.attempts).to.have.length(1)

      const input = crypto.getRandomValues(new Uint8Array(1000))
      const good = await run({ module: exampleJob('sha256'), input })
      expect(good.status).to.equal('succeeded')
      expect(new TextDecoder().decode(good.output)).to.equal(createHash('sha256').update(input).digest('hex'))
    })
  }
})
