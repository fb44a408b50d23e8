import { expect } from 'chai'
import { ResultGrouper, encodeResult, fromTyped, tensorsAgree, topIndices } from '../../src/inference/index.js'
import type { BackendInfo } from '../../src/inference/index.js'

const node: BackendInfo = { runtime: 'onnxruntime-node', version: '1.31.1', provider: 'cpu', intraOpThreads: 1, optimization: 'all' }
const web: BackendInfo = { runtime: 'onnxruntime-web', version: '1.31.1', provider: 'wasm', intraOpThreads: 1, optimization: 'all' }
const result = (values: number[], backend: BackendInfo): Uint8Array => encodeResult({ outputs: [fromTyped('p', 'float32', [2, values.length / 2], Float32Array.from(values))], backend })

describe('onnx result comparison and quorum grouping', () => {
  it('allclose, argmax and topk on tensors', () => {
    const a = fromTyped('p', 'float32', [2, 3], Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.3, 0.2]))
    const b = fromTyped('p', 'float32', [2, 3], Float32Array.from([0.1000001, 0.6999999, 0.2, 0.5, 0.3, 0.2]))
    const c = fromTyped('p', 'float32', [2, 3], Float32Array.from([0.2, 0.6, 0.2, 0.5, 0.25, 0.25]))
    expect(tensorsAgree(a, b, { comparison: 'exact' })).to.equal(false)
    expect(tensorsAgree(a, b, { comparison: 'allclose' })).to.equal(true)
    expect(tensorsAgree(a, c, { comparison: 'allclose' })).to.equal(false)
    expect(tensorsAgree(a, c, { comparison: 'argmax' })).to.equal(true)
    expect(tensorsAgree(a, c, { comparison: 'topk', k: 2 })).to.equal(false)
    expect(tensorsAgree(a, c, { comparison: 'allclose', atol: 0.11 })).to.equal(true)
    expect(topIndices(Float64Array.from([1, 3, 3, 2]), 0, 4, 3)).to.deep.equal([1, 2, 3])
    expect(tensorsAgree(a, fromTyped('p', 'float32', [3, 2], new Float32Array(6)), { comparison: 'allclose', atol: 10 })).to.equal(false)
  })

  it('groups by backend: same backend must be byte-identical, other backends by the declared comparison', async () => {
    const g = new ResultGrouper([{ comparison: 'allclose' }])
    const honest = result([0.1, 0.9, 0.4, 0.6], node)
    const honestWeb = result([0.1000001, 0.8999999, 0.4, 0.6], web)
    const perturbedSameBackend = result([0.1000001, 0.8999999, 0.4, 0.6], node)
    const perturbedFar = result([0.2, 0.8, 0.4, 0.6], web)
    const k1 = g.key('OK', 0, honest, 'h1')
    expect(g.key('OK', 0, honest, 'h1')).to.equal(k1)
    expect(g.key('OK', 0, honestWeb, 'h2')).to.equal(k1)
    // within tolerance but from the same backend as an honest result with other bytes: not the same answer
    expect(g.key('OK', 0, perturbedSameBackend, 'h3')).to.not.equal(k1)
    expect(g.key('OK', 0, perturbedFar, 'h4')).to.not.equal(k1)
    expect(g.key('FAILED', 0, new Uint8Array(), 'h5')).to.equal('FAILED/0/h5')
    // argmax: the far one agrees
    const a = new ResultGrouper([{ comparison: 'argmax' }])
    expect(a.key('OK', 0, perturbedFar, 'h4')).to.equal(a.key('OK', 0, honest, 'h1'))
  })
})
