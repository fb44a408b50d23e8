import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { expect } from 'chai'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import { decodePng, localTileRunner, meshTileRunner, planTiles, assemble, render, RenderError } from '../../src/workloads/index.js'
import type { ShoalNode } from '../../src/index.js'
import type { RenderSpec } from '../../src/workloads/index.js'

const STAND_IN = resolve('examples/render/stand-in-diffusion.mjs')
const advertises = (n: ShoalNode, kind: string): number =>
  n.libp2p.services.capacity.list().filter(e => e.source !== 'self' && (kind === 'wasm' ? e.advert.runtimes.includes('wasm') : e.advert.kinds.includes(kind))).length

describe('tiles', () => {
  it('cover every pixel exactly once, on a near-square grid', () => {
    for (const [w, h, n] of [[4096, 4096, 64], [101, 37, 6], [5, 300, 7], [1, 1, 1]]) {
      const tiles = planTiles(w, h, n)
      expect(tiles).to.have.length(n)
      const seen = new Uint8Array(w * h)
      for (const t of tiles) for (let y = t.y; y < t.y + t.height; y++) for (let x = t.x; x < t.x + t.width; x++) seen[y * w + x]++
      expect(seen.every(c => c === 1), `${w}x${h}/${n}`).to.equal(true)
    }
    expect(planTiles(4096, 4096, 64).every(t => t.width === 512 && t.height === 512)).to.equal(true)
  })

  it('refuses tiles that cannot fit and tiles that come back the wrong size', () => {
    expect(() => planTiles(3, 3, 5)).to.throw(RenderError, /use fewer tiles/)
    expect(() => planTiles(0, 3, 1)).to.throw(RenderError, /width/)
    const tiles = planTiles(4, 4, 4)
    expect(() => assemble(4, 4, tiles, tiles.map(() => new Uint8Array(15)))).to.throw(RenderError, /tile 0 .* 15 bytes, expected 16/)
  })
})

describe('the render pipeline', () => {
  it('stops at the first failed tile: no new tiles start, the ones in flight see their signal abort', async () => {
    const started: number[] = []
    const aborted: number[] = []
    const spec: RenderSpec = { scene: { kind: 'diffusion', prompt: 'x' }, width: 8, height: 8, tiles: 8 }
    let error: unknown
    await render(spec, async (_job, tile, signal) => {
      started.push(tile.index)
      if (tile.index === 1) throw new RenderError('tile 1 broke')
      await new Promise<void>(resolve => { signal?.addEventListener('abort', () => { aborted.push(tile.index); resolve() }, { once: true }) })
      throw new Error('aborted')
    }, { concurrency: 2 }).catch(err => { error = err })
    expect(String(error)).to.equal('RenderError: tile 1 broke')
    expect(started).to.deep.equal([0, 1])
    expect(aborted).to.deep.equal([0])
  })
})

describe('distributed rendering on a mesh', function () {
  this.timeout(120_000)
  let nodes: ShoalNode[] = []
  const module = exampleJob('mandelbrot')

  before(async () => {
    const first = await memoryPeer({ capacity: { intervalMs: 5_000 } })
    const entry = first.libp2p.getMultiaddrs().map(String)
    nodes = [
      first,
      await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 5_000 } }),
      // the operator of this peer approved a native image generator (the stand-in) as kind 'diffusion'
      await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 5_000 }, jobs: { native: [{ kind: 'diffusion', command: process.execPath, args: [STAND_IN] }] } })
    ]
    await until('the requester to see two wasm workers and one diffusion worker', () => advertises(first, 'wasm') === 2 && advertises(first, 'diffusion') === 1,
      [{ target: first.libp2p.services.capacity, events: ['capacity:update'] }], 60_000)
  })
  after(async () => { await stopAll(nodes) })

  it('a 4-tile mandelbrot on 3 peers, 2 replicas a tile, equals the single-machine render byte for byte', async () => {
    const spec: RenderSpec = { scene: { kind: 'wasm', name: 'mandelbrot', module, maxIter: 300 }, width: 240, height: 160, tiles: 4 }
    const seen: number[] = []
    const mesh = await render(spec, meshTileRunner(nodes[0], { replicas: 2 }), { onTile: (_r, done) => { seen.push(done) } })

    const local = localTileRunner(1)
    try {
      // the whole image as one job, here
      const alone = await render({ ...spec, tiles: 1 }, local)
      expect(Buffer.from(mesh.pixels).equals(Buffer.from(alone.pixels))).to.equal(true)
      expect(Buffer.from(mesh.png).equals(Buffer.from(alone.png))).to.equal(true)
    } finally {
      await local.close()
    }
    expect(seen).to.deep.equal([1, 2, 3, 4])
    const workers = nodes.slice(1).map(n => n.peerId.toString())
    for (const report of mesh.tiles) {
      expect(workers).to.include(report.worker)
      expect(new Set(report.agreed)).to.deep.equal(new Set(workers))
    }
    // not a blank picture: the set (black) and the escaping region (colours) are both there
    const colours = new Set<number>()
    for (let i = 0; i < mesh.pixels.length; i += 4) colours.add(mesh.pixels[i] << 16 | mesh.pixels[i + 1] << 8 | mesh.pixels[i + 2])
    expect(colours.has(0)).to.equal(true)
    expect(colours.size).to.be.greaterThan(8)
  })

  it('the same pipeline sends a prompt per tile to an operator-approved native kind on the peer that advertises it', async () => {
    const spec: RenderSpec = { scene: { kind: 'diffusion', prompt: 'a lighthouse at dusk', seed: 7 }, width: 96, height: 64, tiles: 4 }
    const mesh = await render(spec, meshTileRunner(nodes[0]))
    expect(mesh.tiles.every(t => t.worker === nodes[2].peerId.toString())).to.equal(true)

    // the stand-in run once on the whole image, directly
    const whole = spawnSync(process.execPath, [STAND_IN], { input: JSON.stringify({ prompt: 'a lighthouse at dusk', seed: 7, width: 96, height: 64, x: 0, y: 0, tileWidth: 96, tileHeight: 64 }) })
    expect(whole.status).to.equal(0)
    expect(Buffer.from(mesh.pixels).equals(Buffer.from(decodePng(whole.stdout, 96, 64)))).to.equal(true)
  })

  it('a tile that fails fails the render, naming the tile', async () => {
    const spec: RenderSpec = { scene: { kind: 'no-such-kind', prompt: 'x' }, width: 8, height: 8, tiles: 2 }
    let error: unknown
    await render(spec, meshTileRunner(nodes[0], { timeoutMs: 5_000 })).catch(err => { error = err })
    expect(error).to.be.instanceOf(RenderError)
    expect(String(error)).to.match(/tile \d .* failed: no-worker-succeeded/)
  })
})
