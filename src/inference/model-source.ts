/**
 * Where an onnx job's model comes from. Today: the job's module bytes (sent
 * with the job when the worker lacks them, cached by sha-256). Models named
 * by CID (src/data, content-addressed) plug in here later: a source that
 * fetches and verifies the blocks, then hands over the same bytes. Pure
 * interface; the executors (src/node/executor.ts, src/browser/onnx.ts) ask it.
 */
import { InferenceError } from './errors.js'

export interface ModelRef {
  /** the job's module bytes, if it carried any */
  module?: Uint8Array
  /** the job's args (a future source may read a CID from them) */
  args: string[]
}

export interface ModelSource {
  /** the model's bytes for a job; throws InferenceError('invalid-model', …) when there is none */
  resolve: (ref: ModelRef, signal?: AbortSignal) => Promise<Uint8Array>
}

/** the model is the job's module */
export const moduleModelSource: ModelSource = {
  resolve: async (ref) => {
    if (ref.module == null || ref.module.byteLength === 0) throw new InferenceError('invalid-model', 'the job carries no model: send the .onnx file as the job\'s module')
    return ref.module
  }
}
