/** the API's version prefix: breaking changes get a new one */
export const API_PREFIX = '/v1'

/**
 * request bodies above this are refused with 413 before they are read whole:
 * room for a 64 MiB job input in base64 (about 85.4 MiB) plus a small module
 */
export const MAX_BODY_BYTES = 96 * 1024 * 1024

/** modules posted through POST /v1/jobs kept by hash, so later jobs may name one by "moduleHash" */
export const API_MODULE_CACHE_BYTES = 128 * 1024 * 1024

/** a comment line on every event stream this often, so idle streams stay open and dead clients are noticed */
export const SSE_KEEPALIVE_MS = 15_000

/** jobs submitted through the API whose handles (events, output, cancel) the daemon holds at once */
export const MAX_HELD_JOBS = 1024
/** a finished job's handle (and its output) is dropped this long after its result */
export const HELD_JOB_TTL_MS = 10 * 60_000
/** DELETE /v1/jobs/:id waits this long for the cancelled job to wind down */
export const CANCEL_WAIT_MS = 10_000
/** most workers one job may be pinned to (`workers`, `shoal run --worker`) */
export const MAX_PINNED_WORKERS = 16
/** most replicas one job may ask for */
export const MAX_REPLICAS = 16
/** GET /v1/jobs: default and most records */
export const DEFAULT_JOBS_LIMIT = 100
export const MAX_JOBS_LIMIT = 1000

/** the dashboard's files are served at `/` and under this path, without a token (they hold no data) */
export const DASHBOARD_PATH = '/dashboard/'
/** the browser peer's page (src/browser, built by `npm run build:web`) is served under this path, without a token */
export const CONTRIBUTE_PATH = '/contribute/'
/** the live feed sends each section at most this often, however fast it changes */
export const LIVE_THROTTLE_MS = 1000
/** and re-reads the sections no event announces (latency, ages, trust decay) this often while anyone watches */
export const LIVE_TICK_MS = 5000
/** jobs and receipts in the live feed's snapshots */
export const LIVE_JOBS = 30
export const LIVE_RECEIPTS = 20
/** an event stream whose client reads slower than this much unsent data piles up is closed (it reconnects to a fresh snapshot) */
export const MAX_SSE_BUFFER_BYTES = 4 * 1024 * 1024
