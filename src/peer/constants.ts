/** Kademlia protocol id: Shoal peers form their own DHT, apart from IPFS's */
export const DEFAULT_DHT_PROTOCOL = '/shoal/kad/1.0.0'

/** datastore key of this peer's private key (protobuf-encoded) */
export const IDENTITY_KEY = '/shoal/identity/private-key'
