/** Limits and defaults of onnx jobs (see protocols/README.md, "ONNX inference jobs"). */

/** the job kind */
export const ONNX_KIND = 'onnx'

/** tensors in one input or output list */
export const MAX_TENSORS = 64
/** rank of a tensor */
export const MAX_RANK = 16
/** one tensor's data (the job stream caps input at 64 MiB and output at 16 MiB anyway) */
export const MAX_TENSOR_BYTES = 64 * 1024 * 1024
export const MAX_NAME_LENGTH = 1024

/** allclose defaults: numpy's rtol, and an atol that covers native CPU against WASM (measured differences up to ~3e-6) */
export const DEFAULT_RTOL = 1e-4
export const DEFAULT_ATOL = 1e-5
export const DEFAULT_TOPK = 5

/**
 * Operator domains a model may use. '' and 'ai.onnx' are the standard
 * operators, 'ai.onnx.ml' the classic-ML ones; 'com.microsoft' holds ORT's
 * own contrib operators (fused attention, quantised matmul…), which ORT's
 * optimiser writes into models and which ship inside ORT itself, so they
 * need no library from outside. Any other domain names a custom-op library
 * that a worker would have to load: refused.
 */
export const ALLOWED_DOMAINS: readonly string[] = ['', 'ai.onnx', 'ai.onnx.ml', 'com.microsoft']

/** nesting of subgraphs (If/Loop/Scan bodies) the checker follows */
export const MAX_GRAPH_DEPTH = 16
/** nodes over the whole model, subgraphs included */
export const MAX_NODES = 200_000
