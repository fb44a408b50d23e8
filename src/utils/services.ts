/**
 * libp2p puts every service on the components object under its name; a
 * Shoal service finds its siblings (gossipsub, the DHT, capacity, jobs,
 * reputation) there, by the name the node was assembled with.
 */
export function siblingService<T> (components: object, name: string): T | undefined {
  return (components as Record<string, T | undefined>)[name]
}
