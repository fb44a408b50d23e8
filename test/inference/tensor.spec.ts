import { expect } from 'chai'
import fc from 'fast-check'
import {
  decodeRequest, decodeResult, encodeRequest, encodeResult, fromTyped, InferenceError, tensorsFromJson, tensorsToJson, typedArray, inspectModel, checkInputs, elementCount
} from '../../src/inference/index.js'
import { InferenceRequest, TensorProto } from '../../src/pb/tensor.js'
import { RUNS, mutated } from '../fuzz/arbitraries.js'
import * as models from '../fixtures/onnx-models.js'

const reasonOf = (fn: () => unknown): string => {
  try { fn() } catch (err) { if (err instanceof InferenceError) return `${err.reason}: ${err.message}`; throw err }
  return 'accepted'
}

const proto = (t: Partial<TensorProto>): TensorProto => ({
  name: 'x', dims: [], dataType: 1, rawData: new Uint8Array(), floatData: new Uint8Array(), int32Data: new Uint8Array(), int64Data: new Uint8Array(),
  doubleData: new Uint8Array(), uint64Data: new Uint8Array(), stringData: [], externalData: [], dataLocation: 0, ...t
}) as TensorProto

const request = (...inputs: TensorProto[]): Uint8Array => InferenceRequest.encode({ inputs, checks: [], outputs: [] })

describe('inference tensors (TensorProto)', () => {
  it('round-trips a named list with checks and the backend', () => {
    const x = fromTyped('x', 'float32', [2, 2], Float32Array.from([1, -2, 3.5, 4]))
    const ids = fromTyped('ids', 'int64', [3], BigInt64Array.from([1n, -1n, 2n ** 40n]))
    const job = decodeRequest(encodeRequest({ inputs: [x, ids], checks: [{ name: 'y', comparison: 'allclose', rtol: 1e-3 }, { comparison: 'topk', k: 3 }], outputs: ['y'] }))
    expect(job.inputs.map(t => t.name)).to.deep.equal(['x', 'ids'])
    expect(Array.from(typedArray(job.inputs[0]) as Float32Array)).to.deep.equal([1, -2, 3.5, 4])
    expect(Array.from(typedArray(job.inputs[1]) as BigInt64Array)).to.deep.equal([1n, -1n, 2n ** 40n])
    expect(job.checks).to.deep.equal([{ name: 'y', comparison: 'allclose', rtol: 1e-3 }, { comparison: 'topk', k: 3 }])
    expect(job.outputs).to.deep.equal(['y'])
    const backend = { runtime: 'onnxruntime-node', version: '1.31.1', provider: 'cpu', intraOpThreads: 1, optimization: 'all' }
    expect(decodeResult(encodeResult({ outputs: [x], backend })).backend).to.deep.equal(backend)
  })

  it('reads the packed typed fields onnx writes (float_data, int64_data)', () => {
    // int64_data [packed = true]: varints 3, 300 and -1 (ten bytes)
    const int64 = Uint8Array.from([3, 0xac, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
    const job = decodeRequest(request(proto({ name: 'a', dataType: 7, dims: [3n], int64Data: int64 }), proto({ name: 'b', dataType: 1, dims: [2n], floatData: new Uint8Array(Float32Array.from([0.5, 2]).buffer) })))
    expect(Array.from(typedArray(job.inputs[0]) as BigInt64Array)).to.deep.equal([3n, 300n, -1n])
    expect(Array.from(typedArray(job.inputs[1]) as Float32Array)).to.deep.equal([0.5, 2])
  })

  it('refuses bad dtypes, sizes, dims, overflow, external data and duplicates with the reason', () => {
    expect(reasonOf(() => decodeRequest(request(proto({ dataType: 8, dims: [1n] }))))).to.match(/^bad-tensor: .*string/)
    expect(reasonOf(() => decodeRequest(request(proto({ dataType: 99 }))))).to.match(/^bad-tensor: .*data_type 99/)
    expect(reasonOf(() => decodeRequest(request(proto({ dims: [2n, 2n], rawData: new Uint8Array(12) }))))).to.match(/^bad-tensor: .*12 bytes of data, dims × float32 need 16/)
    expect(reasonOf(() => decodeRequest(request(proto({ dims: [-1n], rawData: new Uint8Array(4) }))))).to.match(/^bad-tensor: .*dim -1/)
    expect(reasonOf(() => decodeRequest(request(proto({ dims: [2n ** 32n, 2n ** 32n, 2n ** 32n], rawData: new Uint8Array(4) }))))).to.match(/^too-large: /)
    expect(reasonOf(() => decodeRequest(request(proto({ dims: [1n], dataLocation: 1, externalData: [{ key: 'location', value: '../../etc/passwd' }] }))))).to.match(/^external-data: /)
    expect(reasonOf(() => decodeRequest(request(proto({ dims: [1n], rawData: new Uint8Array(4) }), proto({ dims: [1n], rawData: new Uint8Array(4) }))))).to.match(/appears twice/)
    expect(reasonOf(() => decodeRequest(request(proto({ dims: [3n], int64Data: Uint8Array.from([1, 2]), dataType: 7 }))))).to.match(/int64_data holds 2 values, dims need 3/)
    expect(reasonOf(() => decodeRequest(request(proto({ dims: [1n], int64Data: Uint8Array.from([0x80]), dataType: 7 }))))).to.match(/cut short/)
    expect(reasonOf(() => decodeRequest(Uint8Array.from([0x0a, 0xff, 0xff, 0x03])))).to.match(/^bad-tensor: .*not an InferenceRequest/)
    expect(elementCount([0, 2 ** 60], 10)).to.equal(0)
  })

  it('reads and writes the JSON form', () => {
    const tensors = tensorsFromJson({ x: { dtype: 'float32', dims: [1, 2], data: [0.5, -1] }, n: { dtype: 'int64', dims: [], data: ['9007199254740993'] } })
    expect(tensorsToJson(tensors)).to.deep.equal({ x: { dtype: 'float32', dims: [1, 2], data: [0.5, -1] }, n: { dtype: 'int64', dims: [], data: ['9007199254740993'] } })
    expect(reasonOf(() => tensorsFromJson({ x: { dtype: 'float32', dims: [3], data: [1, 2] } }))).to.match(/2 values, dims \[3\] need 3/)
    expect(reasonOf(() => tensorsFromJson({ x: { dtype: 'complex', dims: [1], data: [1] } }))).to.match(/dtype must be one of/)
  })

  it('fuzz: the request and result decoders never throw anything but an InferenceError, and what they accept is consistent', () => {
    const valid = encodeRequest({ inputs: [fromTyped('x', 'float32', [1, 3], Float32Array.from([1, 2, 3])), fromTyped('n', 'int64', [2], BigInt64Array.from([1n, 2n]))], checks: [{ comparison: 'argmax' }] })
    const check = (bytes: Uint8Array): void => {
      for (const decode of [decodeRequest, decodeResult]) {
        try {
          const out = decode(bytes) as { inputs?: Array<{ data: Uint8Array, dims: number[] }>, outputs?: Array<{ data: Uint8Array, dims: number[] }> }
          for (const t of [...(out.inputs ?? []), ...(Array.isArray(out.outputs) ? out.outputs as any[] : [])]) {
            if (t.data != null) expect(t.data.byteLength % Math.max(1, t.dims.reduce((a: number, b: number) => a * b, 1))).to.equal(0)
          }
        } catch (err) {
          expect(err).to.be.instanceOf(InferenceError)
        }
      }
    }
    fc.assert(fc.property(mutated(valid), check), { numRuns: Math.min(RUNS, 2000) })
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), check), { numRuns: Math.min(RUNS, 2000) })
  })
})

describe('inference model check (ModelProto)', () => {
  const opts = { maxTensorBytes: 256 * 2 ** 20 }

  it('passes the real models and reads their inputs', () => {
    for (const path of [models.CLS_MODEL, models.REC_MODEL, models.DET_MODEL, models.VAD_MODEL]) {
      const info = inspectModel(models.readModel(path), opts)
      expect(info.inputs.length).to.be.greaterThan(0)
      expect(info.nodes).to.be.greaterThan(100)
    }
    const rec = inspectModel(models.readModel(models.REC_MODEL), opts)
    expect(rec.inputs).to.deep.equal([{ name: 'x', dtype: 'float32', dims: ['p2o.DynamicDimension.0', 3, 48, 'p2o.DynamicDimension.1'] }])
  })

  it('refuses hostile models, each with its reason', () => {
    expect(reasonOf(() => inspectModel(models.externalDataModel(), opts))).to.match(/^external-data: .*"\.\.\/\.\.\/etc\/passwd"/)
    expect(reasonOf(() => inspectModel(models.externalDataModel('/etc/shadow'), opts))).to.match(/^external-data: /)
    expect(reasonOf(() => inspectModel(models.customOpModel(), opts))).to.match(/^custom-op: .*com\.evil\.ops/)
    expect(reasonOf(() => inspectModel(models.constantOfShapeBomb(), opts))).to.match(/^memory-bomb: .*ConstantOfShape/)
    expect(reasonOf(() => inspectModel(models.declaredShapeBomb(), opts))).to.match(/^memory-bomb: "x" declares/)
    const cls = models.readModel(models.CLS_MODEL)
    expect(reasonOf(() => inspectModel(cls.subarray(0, cls.byteLength >> 1), opts))).to.match(/^invalid-model: /)
    expect(reasonOf(() => inspectModel(new TextEncoder().encode('not a model at all'), opts))).to.match(/^invalid-model: /)
    expect(reasonOf(() => inspectModel(models.addModel(), opts))).to.equal('accepted')
  })

  it('fuzz: a damaged model is refused as invalid-model (or passes the check), never anything else', () => {
    const good = models.addModel()
    fc.assert(fc.property(mutated(good), (bytes) => {
      try { inspectModel(bytes, opts) } catch (err) { expect(err).to.be.instanceOf(InferenceError) }
    }), { numRuns: Math.min(RUNS, 2000) })
  })

  it('refuses inputs that do not fit the model', () => {
    const info = inspectModel(models.readModel(models.REC_MODEL), opts)
    const f32 = (dims: number[]): ReturnType<typeof fromTyped> => fromTyped('x', 'float32', dims, new Float32Array(dims.reduce((a, b) => a * b, 1)))
    expect(reasonOf(() => { checkInputs(info, [f32([1, 3, 48, 8])]) })).to.equal('accepted')
    expect(reasonOf(() => { checkInputs(info, [fromTyped('x', 'float64', [1, 3, 48, 8], new Float64Array(1152))]) })).to.match(/^wrong-input: input "x" is float64, the model takes float32/)
    expect(reasonOf(() => { checkInputs(info, [f32([1, 3, 32, 8])]) })).to.match(/^wrong-input: .*dims \[1, 3, 32, 8\]/)
    expect(reasonOf(() => { checkInputs(info, [f32([3, 48, 8])]) })).to.match(/^wrong-input: .*rank 3/)
    expect(reasonOf(() => { checkInputs(info, []) })).to.match(/^wrong-input: input "x" is missing/)
  })
})
