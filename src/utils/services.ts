/**
 * libp2p puts every service on the components object under its name; a
 * Shoal service finds its siblings (gossipsub, the DHT, capacity, jobs,
 * reputation, data) there, by the name the node was assembled with.
 * libp2p's components object throws for a name it does not hold, so an
 * optional sibling (a page has no data service) reads as undefined here.
 */
export function siblingService<T> (components: object, name: string): T | undefined {
  try {
    return (components as Record<string, T | undefined>)[name]
  } catch {
    return undefined
  }
}
