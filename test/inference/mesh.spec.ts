import { expect } from 'chai'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import { nodeExecutor } from '../../src/node/executor.js'
import { decodeRequest, decodeResult, encodeRequest, encodeResult, fromTyped, typedArray } from '../../src/inference/index.js'
import type { BackendInfo } from '../../src/inference/index.js'
import type { JobExecutor, ShoalNode } from '../../src/index.js'
import type { JobEvidence } from '../../src/jobs/service.js'
import * as models from '../fixtures/onnx-models.js'

/** a real onnx worker whose float outputs are changed by `change` (and, if given, labelled with another backend) */
function altered (change: (x: number) => number, backend?: BackendInfo): JobExecutor {
  const real = nodeExecutor({ slots: 1 })
  return {
    ...real,
    run: async (req, opts) => {
      const out = await real.run(req, opts)
      if (out.status !== 'ok' || req.kind !== 'onnx') return out
      const result = decodeResult(out.output)
      const outputs = result.outputs.map(t => t.dtype === 'float32' ? fromTyped(t.name, t.dtype, t.dims, (typedArray(t) as Float32Array).map(change)) : t)
      return { ...out, output: encodeResult({ outputs, backend: backend ?? result.backend }) }
    }
  }
}

const OTHER_BACKEND: BackendInfo = { runtime: 'onnxruntime-web', version: '1.31.1', provider: 'wasm', intraOpThreads: 1, optimization: 'all' }

/**
 * Replicas of an onnx job on real peers: the quorum groups results by the
 * comparison the job declares, so a result from another backend within the
 * tolerance agrees, and a worker whose outputs are off beyond it loses the
 * vote and is reported wrong.
 */
describe('onnx jobs on the mesh: verification across backends', function () {
  this.timeout(180_000)
  const nodes: ShoalNode[] = []
  after(async () => { await stopAll(nodes) })

  it('a perturbed worker beyond the tolerance loses the vote and is reported; an honest other backend agrees', async () => {
    const requester = await memoryPeer({ capacity: { intervalMs: 2_000 } })
    nodes.push(requester)
    const entry = requester.libp2p.getMultiaddrs().map(String)
    const honest = await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 2_000, maxJobs: 1 }, executor: nodeExecutor({ slots: 1 }) })
    // another backend: differences of a few ulps, as native CPU against WASM
    const otherBackend = await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 2_000, maxJobs: 1 }, executor: altered(x => x * (1 + 2e-7), OTHER_BACKEND) })
    const perturbed = await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 2_000, maxJobs: 1 }, executor: altered(x => x + 0.01) })
    nodes.push(honest, otherBackend, perturbed)
    await until('the requester sees 3 onnx workers', () => requester.libp2p.services.capacity.list().filter(e => e.source !== 'self' && (e.advert.onnxProviders ?? []).includes('cpu')).length === 3,
      [{ target: requester.libp2p.services.capacity, events: ['capacity:update'] }], 60_000)

    const model = models.readModel(models.CLS_MODEL)
    const input = encodeRequest({ inputs: [fromTyped('x', 'float32', [2, 3, 48, 192], Float32Array.from({ length: 2 * 3 * 48 * 192 }, (_, i) => Math.sin(i) * 0.5))], checks: [{ comparison: 'allclose' }] })
    const evidence = new Promise<JobEvidence>(resolve => { requester.libp2p.services.jobs.addEventListener('job:evidence', (e) => { resolve(e.detail) }, { once: true }) })
    const workers = [honest, otherBackend, perturbed].map(n => n.peerId.toString())
    const result = await requester.submit({ kind: 'onnx', module: model, input, replicas: 3, workers, timeoutMs: 60_000 }).result
    expect(result.status, `${result.reason}: ${result.message}`).to.equal('succeeded')
    expect(result.worker).to.not.equal(perturbed.peerId.toString())
    const e = await evidence
    const agreed = Object.fromEntries(e.replicas.map(r => [r.worker, r.agreed]))
    expect(agreed).to.deep.equal({ [workers[0]]: true, [workers[1]]: true, [workers[2]]: false })
    // the requester's table holds the wrong result against the perturbed worker, none against the honest ones
    const rep = requester.libp2p.services.reputation
    const rows = Object.fromEntries(rep.rows().map(r => [r.peerId, r]))
    expect([rows[workers[0]].bad, rows[workers[1]].bad]).to.deep.equal([0, 0])
    expect(rows[workers[2]].bad, 'a wrong result counts against the perturbed worker').to.be.greaterThan(0)
    expect(rows[workers[1]].good).to.be.greaterThan(0)
    expect(rep.trust(workers[2])).to.be.below(rep.trust(workers[0]))
    expect(rep.trust(workers[2])).to.be.below(rep.trust(workers[1]))

    // argmax: the same perturbed outputs keep the same answer, so all three agree
    const argmaxInput = encodeRequest({ inputs: decodeRequest(input).inputs, checks: [{ comparison: 'argmax' }] })
    const second = await requester.submit({ kind: 'onnx', module: model, input: argmaxInput, replicas: 3, workers, timeoutMs: 60_000 }).result
    expect(second.status, `${second.reason}: ${second.message}`).to.equal('succeeded')
  })
})

