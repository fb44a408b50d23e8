/**
 * Why an onnx job is refused or fails. The reason travels in the job's
 * signed result (ResultRecord.reason), with a message for people.
 */
export type InferenceFailure =
  /** a tensor is malformed: unknown dtype, bad dims, data of the wrong size */
  | 'bad-tensor'
  /** a tensor or declared shape would pass the byte caps */
  | 'too-large'
  /** the model bytes are not a whole ModelProto (truncated, garbage, too deep) */
  | 'invalid-model'
  /** the model uses an operator domain outside the allowed ones (custom ops) */
  | 'custom-op'
  /** the model or a tensor refers to data outside itself (external data) */
  | 'external-data'
  /** the model declares shapes or constants that would exhaust the memory cap */
  | 'memory-bomb'
  /** an input's name, dtype or shape does not fit the model */
  | 'wrong-input'
  /** ONNX Runtime refused the model or failed while running it */
  | 'runtime-error'

export class InferenceError extends Error {
  override name = 'InferenceError'
  constructor (readonly reason: InferenceFailure, message: string) {
    super(message)
  }
}
