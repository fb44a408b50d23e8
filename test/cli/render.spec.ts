import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import { exampleJob } from '../fixtures/jobs.js'
import { localTileRunner, render } from '../../src/workloads/index.js'
import type { RenderJson } from '../../src/cli/render.js'
import type { CapacityRow } from '../../src/index.js'
import type { RunningDaemon } from '../fixtures/daemon.js'

const STAND_IN = resolve('examples/render/stand-in-diffusion.mjs')

describe('shoal render end to end (daemons over loopback TCP)', function () {
  this.timeout(120_000)
  const daemons: RunningDaemon[] = []
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  let a: RunningDaemon
  let b: RunningDaemon
  let work: string

  before(async () => {
    for (let i = 0; i < 3; i++) dirs.push(await tempDir())
    work = dirs[2].path
    // B's operator approved the stand-in image generator as job kind 'diffusion'
    const config = join(work, 'b.json')
    await writeFile(config, JSON.stringify({ jobs: { native: [{ kind: 'diffusion', command: process.execPath, args: [STAND_IN] }] } }))
    a = await startDaemon(dirs[0].path, ['--local-mesh'])
    b = await startDaemon(dirs[1].path, ['--local-mesh', '--bootstrap', a.addresses[0], '--config', config])
    daemons.push(a, b)
    const client = await ApiClient.connect({ dataDir: a.dataDir })
    const end = Date.now() + 30_000
    while (true) {
      const rows = await client.get<CapacityRow[]>('/capacity')
      if (rows.some(r => r.peerId === b.peerId && r.kinds.includes('diffusion'))) break
      if (Date.now() > end) throw new Error('A never held B\'s advert')
      await sleep(200)
    }
  })

  after(async () => {
    await Promise.all(daemons.map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('`shoal render mandelbrot --tiles 4 --json` writes the same PNG as a render on one machine, and says who rendered what', async () => {
    const out = join(work, 'm.png')
    const r = cli(['render', 'mandelbrot', '--width', '120', '--height', '80', '--tiles', '4', '--max-iter', '200', '--out', out, '--json', '--data-dir', a.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    const report = JSON.parse(r.stdout) as RenderJson
    expect(report.tiles).to.have.length(4)
    // one worker in this mesh: no second peer to verify on
    expect(report.replicas).to.equal(1)
    expect(report.tiles.every(t => t.worker === b.peerId)).to.equal(true)
    expect(report.baseline?.identical).to.equal(true)
    expect(report.tiles.every(t => typeof t.aloneMs === 'number')).to.equal(true)

    const local = localTileRunner(1)
    try {
      const alone = await render({ scene: { kind: 'wasm', name: 'mandelbrot', module: exampleJob('mandelbrot'), maxIter: 200 }, width: 120, height: 80, tiles: 1 }, local)
      expect(Buffer.from(await readFile(out)).equals(Buffer.from(alone.png))).to.equal(true)
    } finally {
      await local.close()
    }
  })

  it('prints a table by tile, progress on stderr, and the comparison with this machine alone', () => {
    const r = cli(['render', '--width', '64', '--height', '64', '--tiles', '2', '--out', join(work, 'n.png'), '--data-dir', a.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.match(/^TILE\s+AT\s+SIZE\s+PEER\s+RUN\s+ROUND TRIP\s+ALONE\s+ATTEMPTS$/m)
    expect(r.stdout).to.match(/^1\s+32,0\s+32x64\s+12D3KooW…\S{6}\s+\d+ ms\s+\d+ ms\s+\d+ ms\s+1$/m)
    expect(r.stdout).to.match(/^mesh: {2}64x64 in 2 tiles on 1 peer\(s\)/m)
    expect(r.stdout).to.match(/^same pixels as alone: yes$/m)
    expect(r.stderr).to.match(/^mesh: 2\/2 tiles \(tile \d by 12D3KooW/m)
  })

  it('`--kind diffusion --prompt` sends the tiles to the peer that advertises the native kind', async () => {
    const out = join(work, 'd.png')
    const r = cli(['render', '--kind', 'diffusion', '--prompt', 'a lighthouse', '--width', '64', '--height', '48', '--tiles', '4', '--out', out, '--json', '--data-dir', a.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    const report = JSON.parse(r.stdout) as RenderJson
    expect(report.kind).to.equal('diffusion')
    expect(report.baseline).to.equal(null)
    expect(report.tiles.map(t => t.worker)).to.deep.equal([b.peerId, b.peerId, b.peerId, b.peerId])
    expect((await readFile(out)).subarray(1, 4).toString()).to.equal('PNG')
  })

  it('a kind no peer advertises, or a bad flag, is a usage error that says what to do', () => {
    const r = cli(['render', '--kind', 'dall-e', '--prompt', 'x', '--out', join(work, 'x.png'), '--data-dir', a.dataDir])
    expect(r.code).to.equal(2)
    expect(r.stderr).to.match(/no peer advertises job kind "dall-e".*jobs\.native/)
    const s = cli(['render', 'julia', '--out', join(work, 'x.png'), '--data-dir', a.dataDir])
    expect(s.code).to.equal(2)
    expect(s.stderr).to.match(/unknown scene "julia"/)
    const t = cli(['render', '--tiles', '0', '--out', join(work, 'x.png'), '--data-dir', a.dataDir])
    expect(t.code).to.equal(2)
    expect(t.stderr).to.match(/--tiles takes a whole number/)
  })
})
