import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect } from 'chai'
import { Executor } from '../../src/executors/index.js'
import { FEATURES, dataset, shard } from '../../examples/federated/data.js'
import { subtract, train } from '../../examples/federated/model.js'
import { decodeWasmReply, encodeWasmRequest } from '../../examples/federated/protocol.js'
import { shardCsv } from '../../examples/federated/shards.js'

const CAT = new Uint8Array(readFileSync(resolve('examples/jobs/build/cat.wasm')))
const TRAIN = new Uint8Array(readFileSync(resolve('examples/jobs/build/fl-train.wasm')))
const text = (b: Uint8Array): string => new TextDecoder().decode(b)

describe('executors: WebAssembly jobs reading granted data sets (AssemblyScript modules, worker threads)', function () {
  this.timeout(30_000)
  let executor: Executor
  let dir: string
  let secret: string
  before(() => {
    executor = new Executor({ slots: 1 })
    dir = mkdtempSync(join(tmpdir(), 'shoal-ds-exec-'))
    secret = mkdtempSync(join(tmpdir(), 'shoal-secret-'))
    writeFileSync(join(secret, 'key'), 'not yours')
    mkdirSync(join(dir, 'set'))
    writeFileSync(join(dir, 'set', 'hello.txt'), 'hello from the data set\n')
    symlinkSync(join(secret, 'key'), join(dir, 'set', 'key'))
  })
  after(async () => {
    await executor.close()
    rmSync(dir, { recursive: true, force: true })
    rmSync(secret, { recursive: true, force: true })
  })

  const granted = [{ name: 'set', source: { kind: 'directory' as const, path: '' } }]
  const grant = (): typeof granted => granted.map(g => ({ ...g, source: { kind: 'directory' as const, path: join(dir, 'set') } }))

  it('a module reads a granted data set through its preopen, on a worker thread', async () => {
    const r = await executor.run({ module: CAT, args: ['/data/set/hello.txt'], datasets: grant() })
    expect(r.status, r.message).to.equal('ok')
    expect(r.exitCode, text(r.stderr)).to.equal(0)
    expect(text(r.stdout)).to.equal('hello from the data set\n')
  })

  it('without the grant the module sees nothing; with it, nothing beyond it (links out, .., absolute host paths)', async () => {
    const none = await executor.run({ module: CAT, args: ['/data/set/hello.txt'] })
    expect(none.exitCode).to.equal(74)
    expect(text(none.stderr)).to.match(/no data set holds \/data\/set\/hello.txt/)
    const out = await executor.run({ module: CAT, args: ['/data/set/key'], datasets: grant() })
    expect(out.exitCode).to.equal(74)
    expect(text(out.stderr)).to.match(/errno 76/) // NOTCAPABLE
    const up = await executor.run({ module: CAT, args: [`/data/set/../../${secret}/key`], datasets: grant() })
    expect(up.exitCode).to.equal(74)
    expect(text(up.stderr)).to.match(/errno 76/)
    expect(text(up.stdout) + text(out.stdout)).to.not.include('not yours')
  })

  it('a data set that went away fails the job clearly, and the thread runs the next job', async () => {
    const r = await executor.run({ module: CAT, args: ['/data/gone/x'], datasets: [{ name: 'gone', source: { kind: 'directory', path: join(dir, 'nope') } }] })
    expect(r.status).to.equal('failed')
    expect(r.reason).to.equal('invalid-job')
    expect(r.message).to.match(/a data set cannot be opened/)
    expect((await executor.run({ module: CAT, args: ['/data/set/hello.txt'], datasets: grant() })).exitCode).to.equal(0)
  })

  it('fl-train (AssemblyScript) trains on its shard as model.ts does: the same update to 1e-9', async () => {
    const { train: rows } = dataset()
    const mine = shard(rows, 3)[1]
    mkdirSync(join(dir, 'shard'))
    writeFileSync(join(dir, 'shard', 'train.csv'), shardCsv(mine))
    const start = Array.from({ length: FEATURES + 1 }, (_, i) => (i - 4) / 10)
    const req = { round: 3, weights: start, epochs: 2, learningRate: 0.1, batchSize: 32, l2: 1e-3, seed: 3 }
    const r = await executor.run({ module: TRAIN, input: encodeWasmRequest(req), args: ['/data/shard/train.csv'], datasets: [{ name: 'shard', source: { kind: 'directory', path: join(dir, 'shard') } }] })
    expect(r.exitCode, text(r.stderr)).to.equal(0)
    const reply = decodeWasmReply(r.stdout, FEATURES + 1)
    expect(reply.count).to.equal(mine.length)
    const expected = subtract(train(start, mine, req), start)
    reply.delta.forEach((v, i) => { expect(Math.abs(v - expected[i]), `weight ${i}: ${v} vs ${expected[i]}`).to.be.below(1e-9) })
  })
})
