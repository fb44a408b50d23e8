/** The ONNX Runtime sandbox's fixed settings and caps (see docs/inference.md). */

/**
 * Session options, the same for every job so that results are reproducible
 * and replicas on one backend match byte for byte: one intra-op thread (a
 * job is one slot, i.e. one core), sequential execution, every graph
 * optimisation, the CPU provider only.
 */
export const ORT_SESSION_OPTIONS = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  logSeverityLevel: 3
} as const

/**
 * The child's address-space cap (RLIMIT_AS) is this plus the job's memory
 * limit. Measured with Node 26.10 and onnxruntime-node 1.31.1 on x64 Linux:
 * bare Node needs 1152 MiB of address space (1088 fails), loading
 * libonnxruntime needs 1440 (1408 fails: "failed to map segment"), and the
 * PP-OCRv4 recognition model (10.8 MB) loads and runs on a 1×3×48×320 input
 * at 1504 (1472 fails). Most of it is reservations, not memory used; 1536
 * leaves ~100 MiB over loading ORT, and the job's own limit goes on top.
 */
export const CHILD_BASE_ADDRESS_SPACE_MB = 1536

/** sessions a child keeps loaded, least recently used out */
export const SESSIONS_PER_CHILD = 4
/** a child idle this long is ended */
export const IDLE_CHILD_MS = 60_000
/** how long a child may take to start and load ORT before the job fails */
export const CHILD_START_TIMEOUT_MS = 20_000
/** checked models' facts kept by hash */
export const MODEL_INFO_CACHE = 32

/**
 * The children's nice value (0 normal, 19 lowest): inference that fills the
 * cores must leave the daemon's event loop room (libp2p closes a connection
 * whose ping goes unanswered for 5 s, and the jobs on it).
 */
export const CHILD_NICE = 10
