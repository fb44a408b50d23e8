import { expect } from 'chai'
import { OnnxRunner } from '../../src/node/onnx/pool.js'
import { SlotPool } from '../../src/executors/slots.js'
import { decodeResult, encodeRequest, fromTyped, typedArray } from '../../src/inference/index.js'
import * as models from '../fixtures/onnx-models.js'

/**
 * The daemon's ONNX sandbox: hostile models and inputs each fail the job
 * with their reason, the daemon (this process) stays up, and the next good
 * job runs.
 */
describe('onnx runner (child processes under caps)', function () {
  this.timeout(120_000)
  const limits = { memoryMb: 256, timeoutMs: 30_000, maxOutputBytes: 16 * 2 ** 20 }
  let runner: OnnxRunner
  before(() => { runner = new OnnxRunner({ slots: new SlotPool(1) }) })
  after(async () => { await runner.close() })

  const cls = models.readModel(models.CLS_MODEL)
  const clsInput = encodeRequest({ inputs: [fromTyped('x', 'float32', [1, 3, 48, 192], new Float32Array(3 * 48 * 192).fill(0.25))] })
  const goodJob = async (): Promise<void> => {
    const out = await runner.run({ model: cls, input: clsInput, limits })
    expect(out.status, `${out.reason}: ${out.message}`).to.equal('ok')
    const result = decodeResult(out.output)
    expect(result.outputs[0].dims).to.deep.equal([1, 2])
    const p = typedArray(result.outputs[0]) as Float32Array
    expect(p[0] + p[1]).to.be.closeTo(1, 1e-5)
    expect(result.backend).to.deep.equal({ runtime: 'onnxruntime-node', version: '1.31.1', provider: 'cpu', intraOpThreads: 1, optimization: 'all' })
  }
  const x14 = encodeRequest({ inputs: [fromTyped('x', 'float32', [1, 4], Float32Array.from([1, 1, 1, 1]))] })

  it('runs a real model (PP-OCR angle classifier) and says which backend made the result', async () => {
    await goodJob()
  })

  it('runs Silero VAD (three inputs, an int64 scalar among them, and a recurrent state out)', async () => {
    const vad = models.readModel(models.VAD_MODEL)
    const input = encodeRequest({
      inputs: [
        fromTyped('input', 'float32', [1, 512], Float32Array.from({ length: 512 }, (_, i) => Math.sin(i / 4) * 0.3)),
        fromTyped('state', 'float32', [2, 1, 128], new Float32Array(256)),
        fromTyped('sr', 'int64', [], BigInt64Array.from([16000n]))
      ]
    })
    const out = await runner.run({ model: vad, input, limits })
    expect(out.status, `${out.reason}: ${out.message}`).to.equal('ok')
    const result = decodeResult(out.output)
    expect(result.outputs.map(t => [t.name, t.dims])).to.deep.equal([['output', [1, 1]], ['stateN', [2, 1, 128]]])
    const p = (typedArray(result.outputs[0]) as Float32Array)[0]
    expect(p).to.be.within(0, 1)
    // the PP-OCRv4 recognition model, the largest run here (10.8 MB)
    const rec = await runner.run({ model: models.readModel(models.REC_MODEL), input: encodeRequest({ inputs: [fromTyped('x', 'float32', [1, 3, 48, 320], new Float32Array(3 * 48 * 320).fill(0.1))] }), limits })
    expect(rec.status, `${rec.reason}: ${rec.message}`).to.equal('ok')
    expect(decodeResult(rec.output).outputs[0].dims).to.deep.equal([1, 40, 6625])
  })

  const hostile: Array<[string, () => { model: Uint8Array, input: Uint8Array, limits?: Partial<typeof limits> }, RegExp]> = [
    ['external data at ../../etc/passwd', () => ({ model: models.externalDataModel(), input: x14 }), /^external-data: .*\.\.\/\.\.\/etc\/passwd/],
    ['a custom-op model', () => ({ model: models.customOpModel(), input: x14 }), /^custom-op: /],
    ['a truncated model', () => ({ model: cls.slice(0, 400_000), input: clsInput }), /^invalid-model: /],
    ['a ConstantOfShape bomb (4 TiB from a constant shape)', () => ({ model: models.constantOfShapeBomb(), input: encodeRequest({ inputs: [fromTyped('x', 'float32', [1], Float32Array.from([1]))] }) }), /^memory-bomb: /],
    ['a declared-shape bomb', () => ({ model: models.declaredShapeBomb(), input: x14 }), /^memory-bomb: /],
    ['a wrong-dtype input', () => ({ model: cls, input: encodeRequest({ inputs: [fromTyped('x', 'float64', [1, 3, 48, 192], new Float64Array(3 * 48 * 192))] }) }), /^wrong-input: input "x" is float64/],
    ['a wrong-shape input', () => ({ model: cls, input: encodeRequest({ inputs: [fromTyped('x', 'float32', [1, 4, 48, 192], new Float32Array(4 * 48 * 192))] }) }), /^wrong-input: .*dims \[1, 4, 48, 192\]/],
    ['garbage input bytes', () => ({ model: cls, input: Uint8Array.from([0x0a, 0xff, 0xff]) }), /^bad-tensor: /],
    // the checker cannot see this size (the shape is the job's input): the address-space cap stops it
    ['a run-time bomb of 2 GiB (ConstantOfShape fed by the input)', () => ({ model: models.runtimeBomb(), input: encodeRequest({ inputs: [fromTyped('shape', 'int64', [2], BigInt64Array.from([32768n, 16384n]))] }) }), /^memory: /],
    ['an output over the cap', () => ({ model: models.addModel(), input: x14, limits: { maxOutputBytes: 8 } }), /^output-too-large: /],
    ['a job over its time cap', () => ({ model: models.readModel(models.REC_MODEL), input: encodeRequest({ inputs: [fromTyped('x', 'float32', [8, 3, 48, 2000], new Float32Array(8 * 3 * 48 * 2000))] }), limits: { timeoutMs: 300 } }), /^timeout: /]
  ]
  for (const [what, make, reason] of hostile) {
    it(`${what}: fails the job with its reason, then a good job runs`, async () => {
      const job = make()
      const out = await runner.run({ model: job.model, input: job.input, limits: { ...limits, ...job.limits } })
      expect(out.status).to.equal('failed')
      expect(`${out.reason}: ${out.message}`).to.match(reason)
      await goodJob()
    })
  }

  it('a child killed mid-job (a crash) fails that job only', async () => {
    const rec = models.readModel(models.REC_MODEL)
    const input = encodeRequest({ inputs: [fromTyped('x', 'float32', [4, 3, 48, 1000], new Float32Array(4 * 3 * 48 * 1000))] })
    const pending = runner.run({ model: rec, input, limits })
    // the child is the process that is not us: find it by the runner's own bookkeeping
    await new Promise(resolve => setTimeout(resolve, 50))
    const child = [...(runner as any).all][0]
    await child.ready
    child.proc.kill('SIGSEGV')
    const out = await pending
    expect(out.status).to.equal('failed')
    expect(out.reason).to.equal('crashed')
    await goodJob()
    expect(runner.stats().childrenStarted).to.be.greaterThan(1)
  })
})
