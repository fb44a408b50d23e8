/**
 * The gossip overlay of the algorithm engine: a random graph of average
 * degree `degree` (gossipsub's mesh), each link with its own latency.
 * A message spreads along every link of an online peer (eager push), so a
 * peer receives it after the shortest path's latency: Dijkstra from the
 * publisher over the peers online at that moment.
 */
import { EventQueue } from '../events.js'
import type { Rng } from '../../reputation/rng.js'

export class Overlay {
  /** per node: [neighbour, latency, neighbour, latency, …] */
  private readonly links: number[][]

  constructor (readonly size: number, degree: number, latencyMs: number, rng: Rng) {
    this.links = Array.from({ length: size }, () => [])
    const half = Math.max(1, Math.ceil(degree / 2))
    for (let i = 0; i < size; i++) {
      for (let k = 0; k < half && size > 1; k++) {
        let j = Math.floor(rng() * (size - 1))
        if (j >= i) j++
        // one-way latency plus a little validation time at the receiver
        const ms = latencyMs * (0.5 + rng()) + 0.5
        this.links[i].push(j, ms)
        this.links[j].push(i, ms)
      }
    }
  }

  /** the latency of the first link of `node` (its entry point), for discovery */
  firstLinkMs (node: number): number {
    return this.links[node][1] ?? 0
  }

  /** delays to every online peer reached from `source` (not the source itself) */
  spread (source: number, online: (node: number) => boolean): number[] {
    const best = new Float64Array(this.size).fill(Infinity)
    const queue = new EventQueue<number>()
    best[source] = 0
    queue.push(0, source)
    const delays: number[] = []
    for (let next = queue.pop(); next != null; next = queue.pop()) {
      const { at, event: node } = next
      if (at > best[node]) continue
      if (node !== source) delays.push(at)
      const l = this.links[node]
      for (let k = 0; k < l.length; k += 2) {
        const to = l[k]
        const t = at + l[k + 1]
        if (t < best[to] && online(to)) { best[to] = t; queue.push(t, to) }
      }
    }
    return delays
  }
}
