import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import { CLS_MODEL, constantOfShapeBomb, customOpModel, externalDataModel, readModel } from '../fixtures/onnx-models.js'
import type { CapacityRow } from '../../src/index.js'
import type { RunningDaemon } from '../fixtures/daemon.js'

/** `shoal infer` end to end: two daemons over loopback TCP, the worker runs ONNX Runtime in its child process */
describe('shoal infer (daemons over loopback TCP)', function () {
  this.timeout(180_000)
  const daemons: RunningDaemon[] = []
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  let a: RunningDaemon
  let b: RunningDaemon

  before(async () => {
    for (let i = 0; i < 3; i++) dirs.push(await tempDir())
    a = await startDaemon(dirs[0].path, ['--local-mesh'])
    b = await startDaemon(dirs[1].path, ['--local-mesh', '--bootstrap', a.addresses[0]])
    daemons.push(a, b)
    const client = await ApiClient.connect({ dataDir: a.dataDir })
    const end = Date.now() + 60_000
    while (!(await client.get<CapacityRow[]>('/capacity')).some(r => r.peerId === b.peerId && r.kinds.includes('onnx'))) {
      if (Date.now() > end) throw new Error('A never saw B offer onnx')
      await sleep(200)
    }
  })
  after(async () => {
    await Promise.all(daemons.map(async d => d.stop()))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('runs a real model from a JSON tensors file and writes the output tensors', async () => {
    const work = dirs[2].path
    const input = join(work, 'in.json')
    await writeFile(input, JSON.stringify({ x: { dtype: 'float32', dims: [1, 3, 48, 192], data: Array.from({ length: 3 * 48 * 192 }, (_, i) => (i % 7) / 7) } }))
    const out = join(work, 'out.json')
    const r = cli(['infer', CLS_MODEL, '--input', input, '--out', out, '--compare', 'argmax', '--json', '--data-dir', a.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    const summary = JSON.parse(r.stdout)
    expect(summary).to.include({ status: 'succeeded', worker: b.peerId })
    expect(summary.backend).to.include({ runtime: 'onnxruntime-node', provider: 'cpu', intraOpThreads: 1, optimization: 'all' })
    const tensors = JSON.parse(await readFile(out, 'utf8'))
    const name = Object.keys(tensors)[0]
    expect(tensors[name].dims).to.deep.equal([1, 2])
    expect(tensors[name].data[0] + tensors[name].data[1]).to.be.closeTo(1, 1e-5)
  })

  it('a wrong-shape input fails with its reason and what to fix', async () => {
    const input = join(dirs[2].path, 'bad.json')
    await writeFile(input, JSON.stringify({ x: { dtype: 'float32', dims: [1, 4, 8, 8], data: new Array(256).fill(0) } }))
    const r = cli(['infer', CLS_MODEL, '--input', input, '--data-dir', a.dataDir])
    expect(r.code).to.equal(1)
    expect(r.stderr).to.match(/wrong-input: input "x" has dims \[1, 4, 8, 8\], the model takes/)
    const usage = cli(['infer', CLS_MODEL, '--input', input, '--compare', 'topk', '--data-dir', a.dataDir])
    expect(usage.code).to.not.equal(0)
    expect(usage.stderr).to.match(/topk needs a whole k/)
  })

  it('hostile models through the mesh fail with their reason, and the worker daemon then runs a good job', async () => {
    const work = dirs[2].path
    const x = join(work, 'x14.json')
    await writeFile(x, JSON.stringify({ x: { dtype: 'float32', dims: [1, 4], data: [1, 2, 3, 4] } }))
    const cases: Array<[string, Uint8Array, string, RegExp]> = [
      ['passwd.onnx', externalDataModel('../../etc/passwd'), x, /external-data: initializer "w" keeps its data outside the model at "\.\.\/\.\.\/etc\/passwd"/],
      ['custom.onnx', customOpModel(), x, /custom-op: .*com\.evil\.ops/],
      ['truncated.onnx', readModel(CLS_MODEL).subarray(0, 300_000), x, /invalid-model: /],
      ['bomb.onnx', constantOfShapeBomb(), x, /memory-bomb: /]
    ]
    for (const [name, bytes, input, reason] of cases) {
      const path = join(work, name)
      await writeFile(path, bytes)
      const r = cli(['infer', path, '--input', input, '--data-dir', a.dataDir])
      expect(r.code, r.stderr).to.equal(1)
      expect(r.stderr).to.match(reason)
    }
    const good = join(work, 'good.json')
    await writeFile(good, JSON.stringify({ x: { dtype: 'float32', dims: [1, 3, 48, 96], data: new Array(3 * 48 * 96).fill(0.5) } }))
    const r = cli(['infer', CLS_MODEL, '--input', good, '--json', '--data-dir', a.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    expect(JSON.parse(r.stdout)).to.include({ status: 'succeeded', worker: b.peerId })
  })
})
