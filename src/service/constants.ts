/** peer-store metadata key: when we last had a connection to that peer (ms since epoch, decimal) */
export const LAST_SEEN_METADATA = 'shoal/last-seen'

/** the libp2p service name under which the DHT is found, unless told otherwise */
export const DEFAULT_DHT_SERVICE = 'dht'

/** a peer left with no connections retries its entry points this often */
export const DEFAULT_BOOTSTRAP_RETRY_MS = 30_000

/** delays between the extra self-lookups after the first connection (see ShoalService) */
export const DHT_WARMUP_DELAYS_MS = [1_000, 3_000, 7_000, 15_000, 30_000, 60_000, 120_000]
export const DHT_WARMUP_LOOKUP_TIMEOUT_MS = 10_000

/** how often lost peers that are due are redialled (see rejoin.ts) */
export const REJOIN_TICK_MS = 1_000

/** known peers redialled from the peer store when a peer restarts */
export const DEFAULT_RECONNECT_PEERS = 16

/** how long one redial of a known peer may take at start-up */
export const RECONNECT_DIAL_TIMEOUT_MS = 5_000
