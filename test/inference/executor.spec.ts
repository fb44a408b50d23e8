import { expect } from 'chai'
import { nodeExecutor } from '../../src/node/executor.js'
import { decodeResult, encodeRequest, fromTyped, typedArray } from '../../src/inference/index.js'
import * as models from '../fixtures/onnx-models.js'

describe('the daemon executor runs onnx as a job kind', function () {
  this.timeout(60_000)

  it('lists onnx, reserves the kind, and takes models from a pluggable source (the job module by default)', async () => {
    const fromStore = new Map([['add', models.addModel([10, 20, 30, 40])]])
    const executor = nodeExecutor({ slots: 1, modelSource: { resolve: async (ref) => ref.module ?? fromStore.get(ref.args[0])! } })
    try {
      expect(executor.kinds()).to.include('onnx')
      expect(() => { executor.handle!('onnx', () => new Uint8Array()) }).to.throw(/belongs to the ONNX runtime/)
      expect(executor.inference!().providers).to.deep.equal(['cpu'])
      const input = encodeRequest({ inputs: [fromTyped('x', 'float32', [1, 4], Float32Array.from([1, 1, 1, 1]))] })
      const limits = { memoryMb: 256, timeoutMs: 30_000, maxOutputBytes: 1 << 20 }
      const out = await executor.run({ kind: 'onnx', input, args: ['add'], deterministic: true, seed: 0, limits }, { signal: new AbortController().signal })
      expect(out.status, out.message).to.equal('ok')
      expect(Array.from(typedArray(decodeResult(out.output).outputs[0]) as Float32Array)).to.deep.equal([11, 21, 31, 41])
      expect(executor.inference!().models).to.have.length(1)
      const plain = nodeExecutor({ slots: 1 })
      const none = await plain.run({ kind: 'onnx', input, args: [], deterministic: true, seed: 0, limits }, { signal: new AbortController().signal })
      await plain.close!()
      expect(none.reason).to.equal('invalid-model')
    } finally {
      await executor.close!()
    }
  })
})
