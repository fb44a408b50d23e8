/**
 * The data layer's settings: the importer's DAG shape (a change of any of
 * these changes every CID, so a test pins the CID of a known file), the
 * block protocol's limits, and the fetcher's pacing.
 */

export const BLOCKS_PROTOCOL = '/shoal/blocks/1.0.0'

/**
 * The importer: the IPIP-499 `unixfs-v1-2025` profile, named and spelt out so
 * a library default cannot move Shoal's CIDs: CID v1, raw leaves, fixed-size
 * chunks of 1 MiB, a balanced DAG of at most 1 024 links per node. Kubo makes
 * the same CIDs with `ipfs add --cid-version=1 --raw-leaves --chunker=size-1048576`
 * (`Import.UnixFSChunker`, 1 024 links per node: the `unixfs-v1-2025` profile).
 */
export const IMPORTER = {
  profile: 'unixfs-v1-2025',
  cidVersion: 1,
  rawLeaves: true,
  chunkSize: 1_048_576,
  layout: 'balanced',
  maxChildrenPerNode: 1_024
} as const

/** the largest block served or accepted; bigger ones are refused (`oversized`). Bitswap's own limit is 2 MiB too */
export const MAX_BLOCK_BYTES = 2 * 1024 * 1024
/** a response frame: the block plus its CID and the protobuf tags */
export const MAX_RESPONSE_BYTES = MAX_BLOCK_BYTES + 1024
/** CIDs in one request frame */
export const MAX_WANTS_PER_REQUEST = 256
/** a request frame: 256 CIDs of at most 100 bytes each, with tags */
export const MAX_REQUEST_BYTES = MAX_WANTS_PER_REQUEST * 104
/** a holder answers at most this many wants of one peer at a time; more is a `flood` */
export const MAX_WANTS_IN_FLIGHT_PER_PEER = 512
/** block streams a peer may hold open to us at once (over all its connections) */
export const BLOCK_STREAMS_PER_PEER = 4
/** new block streams a peer may open per minute */
export const BLOCK_STREAMS_PER_MINUTE = 120
/** a holder with nothing asked of it closes the stream after this long */
export const HOLDER_IDLE_TIMEOUT_MS = 60_000

/**
 * blocks asked of one holder at once; the next want goes to whichever holder
 * frees a slot first. The answers may all arrive before they are read, so the
 * stream's read buffer is sized for them (WANTS_PER_HOLDER + 1 responses)
 */
export const WANTS_PER_HOLDER = 8
/** a holder that sends nothing for this long while it owes blocks is dropped, its wants re-asked elsewhere */
export const HOLDER_STALL_MS = 5_000
/** blocks fetched at once while walking a DAG: bounds memory (at most this many blocks in flight) */
export const FETCH_CONCURRENCY = 32
/** providers asked for from the DHT for one root */
export const MAX_PROVIDERS = 20
/** how long the DHT is searched for providers */
export const FIND_PROVIDERS_TIMEOUT_MS = 15_000

/** DAG limits: a deeper DAG is refused (`dag-depth`); a node with more links too (`dag-width`) */
export const MAX_DAG_DEPTH = 32
export const MAX_DAG_LINKS = 65_536
/** blocks in one DAG at most (1 TiB of 1 MiB chunks) */
export const MAX_DAG_BLOCKS = 1_048_576

/** the store's default quota, bytes: 10 GiB */
export const DEFAULT_STORE_MAX_BYTES = 10 * 1024 ** 3
/** when over the quota, GC deletes unpinned blocks, least recently used first, until the store is at this share of it */
export const GC_LOW_WATER = 0.9
/** blocks used this recently are never collected (a fetch in progress keeps its own blocks) */
export const GC_GRACE_MS = 120_000
/** last-use times are written to the datastore at most this often */
export const LRU_FLUSH_MS = 5_000

/** Helia's datastore namespace inside Shoal's */
export const HELIA_DATASTORE_PREFIX = '/shoal/helia'
/** last use and size per block, inside Helia's namespace */
export const LRU_PREFIX = '/shoal-lru'
