/** the gossipsub topic adverts travel on */
export const CAPACITY_TOPIC = 'shoal/capacity/1'
/** the stream protocol a joining peer pulls the current table with */
export const CAPACITY_SYNC_PROTOCOL = '/shoal/capacity-sync/1.0.0'

/** signed-envelope domain and payload type (libp2p RFC 0002) */
export const ADVERT_DOMAIN = 'shoal-capacity'
export const ADVERT_PAYLOAD_TYPE = new TextEncoder().encode('/shoal/capacity/1')

/** an advert (its whole envelope) above this is rejected unread */
export const MAX_ADVERT_BYTES = 4096
/** limits on repeated fields and strings inside an advert */
export const MAX_LABELS = 32
export const MAX_GPUS = 16
export const MAX_RUNTIMES = 16
export const MAX_KINDS = 64
/** onnx execution providers and models held in one advert (fields 60, 61) */
export const MAX_ONNX_PROVIDERS = 8
export const MAX_MODELS = 16
export const MAX_PROVIDER_LENGTH = 32
export const MAX_LABEL_KEY_LENGTH = 64
export const MAX_LABEL_VALUE_LENGTH = 128
export const MAX_NAME_LENGTH = 128
export const MAX_CORES = 65_536
/** data sets an advert may name (each a name of at most DATASET_NAME_MAX characters) */
export const MAX_DATASETS = 16
/** the largest data set size an advert may claim, bytes (uint64 values stay below 2^53 in JS) */
export const MAX_DATASET_BYTES = Number.MAX_SAFE_INTEGER

/** adverts are republished this often by default, and on material change */
export const DEFAULT_ADVERT_INTERVAL_MS = 10_000
/** an advert lives for this many periods: a peer missing two in a row drops out */
export const ADVERT_TTL_PERIODS = 2.5
/** the validator refuses adverts that claim to live longer than this */
export const MAX_ADVERT_TTL_MS = 10 * 60_000
/** how far in the future an advert's issue time may be (clock skew) */
export const MAX_CLOCK_SKEW_MS = 30_000
/** changes published at once never come faster than this */
export const MIN_REPUBLISH_MS = 1_000

/** how many peers a joining peer pulls the table from */
export const SYNC_PEERS = 3
/** most adverts one sync answer carries */
export const SYNC_MAX_ADVERTS = 2_000
export const SYNC_TIMEOUT_MS = 10_000
/** sync streams one peer may have open at once (the guard counts more as a flood) */
export const SYNC_STREAMS_PER_PEER = 4
/** sync streams one peer may open per minute: a peer syncs once per connection, and looks up a few adverts */
export const SYNC_STREAMS_PER_MINUTE = 30

/** capability keys are provided in the DHT under sha256("shoal/capability/" + key) */
export const CAPABILITY_PREFIX = 'shoal/capability/'
/** provider records are refreshed this often */
export const PROVIDE_INTERVAL_MS = 20 * 60_000
/** first provide after start; then checked this often (no peers yet, or new keys) */
export const PROVIDE_FIRST_DELAY_MS = 5_000
export const PROVIDE_CHECK_MS = 30_000
/** the longest republish period whose adverts others still accept (TTL = 2.5 periods ≤ MAX_ADVERT_TTL_MS) */
export const MAX_ADVERT_INTERVAL_MS = 240_000

/**
 * the highest price (credits per job-second) an advert carries: protons-runtime 7
 * mis-encodes uint64 values in [2^31, 2^32), so every uint64 Shoal writes stays below 2^31
 */
export const MAX_PRICE = 1_000_000
/** addresses an advert may carry, and the longest one (bytes) */
export const MAX_ADDRS = 8
export const MAX_ADDR_BYTES = 256
