/**
 * Capacity adverts: `capacity(init)` as a libp2p service.
 */
import { CapacityService } from './service.js'
import type { CapacityServiceComponents, CapacityServiceInit } from './service.js'

export function capacity (init: CapacityServiceInit): (components: CapacityServiceComponents) => CapacityService {
  return (components) => new CapacityService(components, init)
}

export { CapacityService, capabilityCid } from './service.js'
export type { CapacityServiceInit, CapacityServiceComponents, CapacityStats, CapacityEvents } from './service.js'
export type { Advert, SignedAdvert } from './advert.js'
export type { TableEntry, AdvertSource } from './table.js'
export type { OfferConfig, Measurement, Probe } from './offer.js'
export type { RejectReason } from './errors.js'
export { matchesFilters } from './table.js'
export { CAPACITY_TOPIC, CAPACITY_SYNC_PROTOCOL, MAX_ADVERT_BYTES } from './constants.js'
export { toCapacityRow, parseWhere, WHERE_FORM } from './rows.js'
export type { CapacityRow } from './rows.js'
