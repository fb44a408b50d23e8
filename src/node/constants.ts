/** shared with the browser peer and the shoal() service: defined where every platform can take them */
export { DEFAULT_DHT_PROTOCOL, IDENTITY_KEY } from '../peer/constants.js'
export { DEFAULT_RECONNECT_PEERS, RECONNECT_DIAL_TIMEOUT_MS } from '../service/constants.js'

/** The control API listens here unless told otherwise (loopback only) */
export const DEFAULT_API_PORT = 5080
export const DEFAULT_API_ADDRESS = `127.0.0.1:${DEFAULT_API_PORT}`

export const DEFAULT_MAX_CONNECTIONS = 300

/** files in the data dir that let other commands find a running daemon */
export const API_ADDRESS_FILE = 'api'
export const API_TOKEN_FILE = 'api-token'
export const LOCK_FILE = 'lock'
export const DATASTORE_DIR = 'datastore'

/** how long a peer waits, from its first connection, for AutoNAT to confirm an address before it calls itself private */
export const DEFAULT_REACHABILITY_PROBE_MS = 30_000
/** relays a private peer holds reservations on */
export const DEFAULT_RELAY_RESERVATIONS = 2
/** relay server limits: enough for Shoal's control messages and small jobs, not for bulk data */
export const DEFAULT_RELAY_MAX_RESERVATIONS = 32
export const DEFAULT_RELAY_RESERVATION_TTL_MS = 60 * 60_000
export const DEFAULT_RELAY_DURATION_MS = 5 * 60_000
export const DEFAULT_RELAY_DATA_BYTES = 4 * 1024 * 1024
export const BLOCKS_DIR = 'blocks'
