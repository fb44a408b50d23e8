/**
 * ONNX inference jobs, the pure parts (no Node modules: the browser page and
 * the requester use them): tensors in ONNX's TensorProto, the model checker,
 * and the comparison that groups replica results across backends.
 */
export * from './constants.js'
export { InferenceError } from './errors.js'
export type { InferenceFailure } from './errors.js'
export * from './tensor.js'
export { tensorsFromJson, tensorsToJson } from './json.js'
export type { JsonTensor } from './json.js'
export { inspectModel, checkInputs, formatBytes } from './model-check.js'
export type { ModelInfo, ModelCheckOptions, ValueSpec } from './model-check.js'
export { ResultGrouper, outputsAgree, tensorsAgree, checkFor, topIndices } from './compare.js'
export { parseCompare, requestFromFile } from './job.js'
export { moduleModelSource } from './model-source.js'
export type { ModelSource, ModelRef } from './model-source.js'
