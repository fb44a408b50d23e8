export const JOB_PROTOCOL = '/shoal/job/1.0.0'
/**
 * 1.1.0: a small input travels with the offer (one round trip to the result
 * when the worker holds the module); see protocols/README.md. Workers serve
 * both; requesters use 1.1.0 with workers that list it (identify).
 */
export const JOB_PROTOCOL_1_1 = '/shoal/job/1.1.0'

/** signed-envelope domains and payload types of the job records */
export const BID_DOMAIN = 'shoal-job-bid'
export const RESULT_DOMAIN = 'shoal-job-result'
export const ACK_DOMAIN = 'shoal-job-ack'
export const BID_TYPE = new TextEncoder().encode('/shoal/job/bid/1')
export const RESULT_TYPE = new TextEncoder().encode('/shoal/job/result/1')
export const ACK_TYPE = new TextEncoder().encode('/shoal/job/ack/1')

/** most bytes a signed bid, result or ack may take (a result carries up to 4 KiB of stderr and 1 KiB of message) */
export const MAX_RECORD_BYTES = 16 * 1024

/** modules, inputs and outputs travel in chunks of this size */
export const CHUNK_BYTES = 256 * 1024
/** frames written together (one stream write) up to about this many bytes */
export const COALESCE_BYTES = 1024 * 1024
/** 1.1.0: an input of at most this many bytes goes with the offer, before the bid */
export const EAGER_INPUT_BYTES = CHUNK_BYTES
/** no frame may be larger than a chunk plus its envelope */
export const MAX_FRAME_BYTES = CHUNK_BYTES + 16 * 1024

export const MAX_MODULE_BYTES = 32 * 1024 * 1024
/** job kinds whose module travels with the job and is cached by hash: WebAssembly modules, and ONNX models (onnx) */
export const MODULE_KINDS: readonly string[] = ['wasm', 'onnx']
export const MAX_INPUT_BYTES = 64 * 1024 * 1024
/**
 * a module or input named by CID skips the stream ceilings above: it comes
 * through the data service (verified blocks, the store's quota) and is read
 * into memory for the executor, so it is capped at 1 GiB (and a worker's
 * store quota, when smaller)
 */
export const MAX_CID_BYTES = 1024 * 1024 * 1024
/** how long a requester waits for the DHT to take its provide of a CID before offering (workers ask connected peers first anyway) */
export const CID_PROVIDE_WAIT_MS = 5_000
/** the progress message a worker sends once it holds the parts of a job named by CID */
export const DATA_HELD_MESSAGE = 'data held'
/** how often a worker reports a fetch of data named by CID */
export const FETCH_PROGRESS_INTERVAL_MS = 1_000
/** longest a CID may be on the wire */
export const MAX_CID_LENGTH = 128
export const MAX_OUTPUT_BYTES = 16 * 1024 * 1024
/** args travel in the offer frame: together they must fit well inside it */
export const MAX_ARGS = 256
export const MAX_ARG_LENGTH = 4096
export const MAX_ARGS_BYTES = 64 * 1024

export const DEFAULT_TIMEOUT_MS = 60_000
export const DEFAULT_MEMORY_MB = 256

/** what a worker accepts unless its operator says otherwise: the executor's own ceilings */
export const DEFAULT_WORKER_MEMORY_MB = 256
export const DEFAULT_WORKER_MAX_TIMEOUT_MS = 60_000

/** phase timeouts */
export const BID_TIMEOUT_MS = 10_000
export const ACK_TIMEOUT_MS = 10_000
/** a transfer may take this long, plus a second per MiB */
export const TRANSFER_BASE_TIMEOUT_MS = 15_000
/** the requester waits for a result this long beyond the job's own timeout (queueing, output) */
export const RESULT_GRACE_MS = 15_000

/** a bid binds the worker for this long */
export const BID_VALIDITY_MS = 60_000

/** jobs a worker queues beyond its slots before it declines as busy */
export const QUEUE_PER_SLOT = 2

/** the worker's module cache */
export const DEFAULT_BLOB_CACHE_BYTES = 256 * 1024 * 1024

/** how many workers a job tries before it fails */
export const DEFAULT_MAX_ATTEMPTS = 5

/** job records kept in the datastore */
export const JOB_RECORD_PREFIX = '/shoal/jobs/'

/** when every fitting worker is busy, ask again after this long (doubling up to the max) */
export const BUSY_BACKOFF_MIN_MS = 100
export const BUSY_BACKOFF_MAX_MS = 2_000

/**
 * job streams one connection may carry at once, each way: well above the
 * slots and queue, so that a worker answers "busy" instead of the stream
 * being reset
 */
export const MAX_JOB_STREAMS_PER_CONNECTION = 256

/**
 * job streams one peer may have open at a worker at once, over all its
 * connections (the guard counts more as a flood): an honest requester with
 * many jobs opens up to MAX_JOB_STREAMS_PER_CONNECTION offers at once, and
 * may hold two connections (both sides dialled at once)
 */
export const JOB_STREAMS_PER_PEER = 512
/** offers one requester may have waiting for their module and input at once; more are declined as busy */
export const PENDING_TRANSFERS_PER_PEER = 8

/** a worker sends at most one progress frame per this interval (the latest wins) */
export const PROGRESS_INTERVAL_MS = 200

/** most copies of one job a requester may ask for */
export const MAX_REPLICAS = 16

/** how long a job waits for a direct connection to a worker it reaches only through a relay */
export const DIRECT_WAIT_MS = 5_000

/** module + input above this goes to directly reachable workers when any fits (relays carry 4 MiB per connection by default) */
export const LARGE_TRANSFER_BYTES = 1024 * 1024

/** opening a job stream on one connection; past it the next connection (the relayed one) is tried */
export const STREAM_OPEN_TIMEOUT_MS = 5_000

/** data sets one job may name (each a read-only preopen on the worker) */
export const MAX_JOB_DATASETS = 8
