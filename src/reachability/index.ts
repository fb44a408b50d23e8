/**
 * Reachability: whether others can dial this peer (AutoNAT v2), relay
 * reservations while they cannot, and this peer as a relay for others.
 * Platform-free: the daemon and the browser peer both run it.
 */
export * from './service.js'
export { BROWSER_AGENT } from './constants.js'
