/**
 * What every Shoal peer is made of, whatever it runs on: its services' names
 * and types, its identity, the DHT it speaks. Platform-free: the daemon
 * (src/node) and the browser peer (src/browser) assemble libp2p from here.
 */
export { DEFAULT_DHT_PROTOCOL, IDENTITY_KEY } from './constants.js'
export { loadOrCreateIdentity } from './identity.js'
export type { ShoalLibp2p, ShoalServices } from './services.js'
