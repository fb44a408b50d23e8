import { expect } from 'chai'
import fc from 'fast-check'
import { eigenTrust } from '../../src/reputation/eigentrust.js'

const opts = { alpha: 0.15, maxIterations: 200, tolerance: 1e-12 }
const rows = (o: Record<string, Record<string, number>>): Map<string, Map<string, number>> =>
  new Map(Object.entries(o).map(([i, r]) => [i, new Map(Object.entries(r))]))
const sum = (t: Map<string, number>): number => [...t.values()].reduce((a, b) => a + b, 0)

describe('EigenTrust', () => {
  it('is the pre-trust vector when nobody trusts anybody', () => {
    const t = eigenTrust(new Map(), new Map([['me', 1]]), opts)
    expect([...t]).to.deep.equal([['me', 1]])
  })

  it('lets trust flow along positive local trust only, keeping a distribution', () => {
    const t = eigenTrust(rows({
      me: { a: 3, b: 1 },
      a: { c: 1 },
      x: { y: 5 }, // nobody trusts x: x and y get nothing
      y: { x: 5 }
    }), new Map([['me', 1]]), opts)
    expect(sum(t)).to.be.closeTo(1, 1e-12)
    expect(t.get('a')).to.be.above(t.get('b') ?? 0)
    expect(t.get('c')).to.be.above(0)
    expect(t.get('x') ?? 0).to.equal(0)
    expect(t.get('y') ?? 0).to.equal(0)
  })

  it('matches the closed form on a small chain', () => {
    // me → a → (dangling): t_me = α + (1−α)·t_a, t_a = (1−α)·t_me
    const a = 0.2
    const t = eigenTrust(rows({ me: { a: 1 } }), new Map([['me', 1]]), { ...opts, alpha: a })
    const tMe = a / (1 - (1 - a) * (1 - a))
    expect(t.get('me')).to.be.closeTo(tMe, 1e-9)
    expect(t.get('a')).to.be.closeTo((1 - a) * tMe, 1e-9)
  })

  it('bounds what a clique gets by what flows into it', () => {
    const clique = Array.from({ length: 20 }, (_, i) => `s${i}`)
    const graph: Record<string, Record<string, number>> = { me: { h1: 100, h2: 100, s0: 1 } }
    for (const a of clique) graph[a] = Object.fromEntries(clique.filter(b => b !== a).map(b => [b, 1000]))
    const t = eigenTrust(rows(graph), new Map([['me', 1]]), opts)
    const mass = clique.reduce((m, s) => m + (t.get(s) ?? 0), 0)
    // inflow is (1−α)·t_me·1/201 per step; the clique keeps (1−α) of its mass: mass ≤ inflow/α
    const inflow = (1 - opts.alpha) * (t.get('me') ?? 0) / 201
    expect(mass).to.be.at.most(inflow / opts.alpha + 1e-12)
    expect(mass).to.be.below(t.get('h1') ?? 0)
  })

  it('keeps Σt = 1, t ≥ 0, and zero for nodes no path reaches (property)', () => {
    const node = fc.constantFrom('me', 'p', 'a', 'b', 'c', 'd', 'e')
    fc.assert(fc.property(
      fc.array(fc.tuple(node, node, fc.double({ min: -5, max: 50, noNaN: true })), { maxLength: 40 }),
      fc.boolean(),
      (edges, withP) => {
        const g = new Map<string, Map<string, number>>()
        for (const [i, j, s] of edges) {
          if (!g.has(i)) g.set(i, new Map())
          g.get(i)?.set(j, s)
        }
        const p = new Map([['me', 1], ...(withP ? [['p', 1] as [string, number]] : [])])
        const t = eigenTrust(g, p, opts)
        expect(sum(t)).to.be.closeTo(1, 1e-9)
        for (const v of t.values()) expect(v).to.be.at.least(0)
        // reachability from p along positive entries
        const reached = new Set(p.keys())
        for (let changed = true; changed;) {
          changed = false
          for (const [i, r] of g) {
            if (!reached.has(i)) continue
            for (const [j, s] of r) if (s > 0 && !reached.has(j)) { reached.add(j); changed = true }
          }
        }
        for (const [n, v] of t) if (!reached.has(n)) expect(v).to.equal(0)
      }))
  })
})
