/** a float tensor as the pipeline hands it to a model runner: row-major data and its shape */
export interface Tensor {
  data: Float32Array
  dims: number[]
}

export type ModelName = 'det' | 'cls' | 'rec'

/**
 * Runs one of the three models on named input tensors and gives its outputs
 * by name. Today: onnxruntime-node in this process (node/ort.ts); once the
 * `onnx` runtime lands, its sandboxed child process, or onnxruntime-web in a
 * page. The pipeline needs nothing else from a runtime.
 */
export type RunModel = (model: ModelName, feeds: Record<string, Tensor>) => Promise<Record<string, Tensor>>
