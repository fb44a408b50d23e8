/**
 * Data by content address: `data(init)` as a libp2p service (Helia 7 on
 * Shoal's node, the /shoal/blocks/1.0.0 protocol, a store with a quota).
 */
import { DataService } from './service.js'
import type { DataServiceComponents, DataServiceInit } from './service.js'

export function data (init: DataServiceInit = {}): (components: DataServiceComponents) => DataService {
  return (components) => new DataService(components, init)
}

export { DataService, parseCid } from './service.js'
export type { DataServiceInit, DataServiceComponents, DataStats, PinRow, FetchProgress, FetchResult, AddResult, SourceCount } from './service.js'
export type { RefusalReason } from './errors.js'
export { DataError, NotFoundError, DagLimitError, StoreFullError, BadCidError } from './errors.js'
export { BLOCKS_PROTOCOL, IMPORTER, MAX_BLOCK_BYTES, DEFAULT_STORE_MAX_BYTES, MAX_DAG_DEPTH, MAX_DAG_LINKS, MAX_DAG_BLOCKS } from './constants.js'
export { decodeRequest, decodeResponse, encodeRequest, encodeResponse, WireError } from './wire.js'
