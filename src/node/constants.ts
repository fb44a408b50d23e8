/** Kademlia protocol id: Shoal peers form their own DHT, apart from IPFS's */
export const DEFAULT_DHT_PROTOCOL = '/shoal/kad/1.0.0'

/** The control API listens here unless told otherwise (loopback only) */
export const DEFAULT_API_PORT = 5080
export const DEFAULT_API_ADDRESS = `127.0.0.1:${DEFAULT_API_PORT}`

export const DEFAULT_MAX_CONNECTIONS = 300

/** known peers redialled from the peer store when a peer restarts */
export const DEFAULT_RECONNECT_PEERS = 16

/** how long one redial of a known peer may take at start-up */
export const RECONNECT_DIAL_TIMEOUT_MS = 5_000

/** files in the data dir that let other commands find a running daemon */
export const API_ADDRESS_FILE = 'api'
export const API_TOKEN_FILE = 'api-token'
export const LOCK_FILE = 'lock'
export const DATASTORE_DIR = 'datastore'

/** datastore key of this peer's private key (protobuf-encoded) */
export const IDENTITY_KEY = '/shoal/identity/private-key'
