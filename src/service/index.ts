/**
 * `shoal()` as a libp2p service, for apps that already run a libp2p node:
 *
 *   const node = await createLibp2p({ ..., services: { dht: kadDHT(...), identify: identify(), shoal: shoal() } })
 *   await node.services.shoal.status()
 */
import { ShoalService } from './service.js'
import type { ShoalServiceComponents, ShoalServiceInit } from './service.js'

export function shoal (init: ShoalServiceInit = {}): (components: ShoalServiceComponents) => ShoalService {
  return (components) => new ShoalService(components, init)
}

export { ShoalService }
export type { ShoalServiceInit, ShoalServiceComponents, ShoalStatus, ShoalServiceEvents } from './service.js'
export type { PeerSummary } from './peers.js'
