import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { readApiFiles } from '../../src/node/data-dir.js'
import { datasetCid } from '../../src/node/dataset-cid.js'
import { cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import { sample, scrape } from '../fixtures/metrics.js'
import type { RunJson } from '../../src/cli/run.js'
import type { CapacityRow } from '../../src/index.js'
import type { RunningDaemon } from '../fixtures/daemon.js'

const CAT = resolve('examples/jobs/build/cat.wasm')
const TRAIN = resolve('examples/jobs/build/fl-train.wasm')
const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

async function poll<T> (what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs
  while (true) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(200)
  }
}

describe('data sets: shoal start --dataset, jobs that name them (daemons over loopback TCP)', function () {
  // CLI processes are slow to start on a loaded machine: the last test starts four
  this.timeout(300_000)
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  const daemons: RunningDaemon[] = []
  let a: RunningDaemon
  let b: RunningDaemon
  let c: RunningDaemon
  let rowsDir: string
  let otherDir: string

  const run = (args: string[]): { json: RunJson, code: number | null, stderr: string } => {
    const r = cli(['run', ...args, '--data-dir', a.dataDir, '--json'])
    return { json: JSON.parse(r.stdout) as RunJson, code: r.code, stderr: r.stderr }
  }

  before(async () => {
    for (let i = 0; i < 4; i++) dirs.push(await tempDir())
    const work = dirs[3].path
    rowsDir = join(work, 'rows')
    otherDir = join(work, 'other')
    mkdirSync(join(rowsDir, 'sub'), { recursive: true })
    mkdirSync(otherDir)
    writeFileSync(join(rowsDir, 'hello.txt'), 'held by B only\n')
    writeFileSync(join(rowsDir, 'sub', 'more.txt'), '12345')
    writeFileSync(join(work, 'outside.txt'), 'the host file next to the data set')
    symlinkSync(join(work, 'outside.txt'), join(rowsDir, 'escape.txt'))
    writeFileSync(join(otherDir, 'hello.txt'), 'held by C\n')
    a = await startDaemon(dirs[0].path, ['--local-mesh', '--metrics-public'])
    b = await startDaemon(dirs[1].path, ['--local-mesh', '--metrics-public', '--bootstrap', a.addresses[0], '--dataset', `rows=${rowsDir}:private`])
    c = await startDaemon(dirs[2].path, ['--local-mesh', '--metrics-public', '--bootstrap', a.addresses[0], '--dataset', `other=${otherDir}`,
      '--dataset-module', `other=${sha256Hex(readFileSync(TRAIN))}`])
    daemons.push(a, b, c)
    const client = await ApiClient.connect({ dataDir: a.dataDir })
    await poll('A to hold B\'s and C\'s adverts with their data sets', async () => {
      const rows = await client.get<CapacityRow[]>('/capacity')
      return rows.some(r => r.peerId === b.peerId && r.datasets.length === 1) && rows.some(r => r.peerId === c.peerId && r.datasets.length === 1) ? true : undefined
    })
  })
  after(async () => {
    await Promise.all(daemons.map(async d => d.stop()))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('the operator sees what is mounted; adverts carry name, size, visibility and CID (no bytes, no paths)', async () => {
    expect(b.stdout()).to.include('data set rows: 20 bytes, private (never served; jobs that name it run here), any wasm module may read it')
    expect(c.stdout()).to.include('data set other: 10 bytes, private (never served; jobs that name it run here), 1 approved module(s)')
    const client = await ApiClient.connect({ dataDir: a.dataDir })
    // the CID is hashed after start, over what a job sees (the link out is not in it), and advertised then
    const cid = await datasetCid(rowsDir)
    const rows = await poll('B\'s advert with the data set\'s CID', async () => {
      const rows = await client.get<CapacityRow[]>('/capacity?where=dataset=rows')
      return rows[0]?.datasets[0]?.cid != null ? rows : undefined
    })
    expect(rows.map(r => r.peerId)).to.deep.equal([b.peerId])
    expect(rows[0].datasets).to.deep.equal([{ name: 'rows', size: 20, public: false, cid }])
    expect(JSON.stringify(await client.get('/capacity'))).to.not.include(rowsDir)
  })

  it('a job naming a data set runs on its holder and reads it read-only through the preopen', () => {
    const r = run([CAT, '--dataset', 'rows', '--arg', '/data/rows/hello.txt', '--arg', '/data/rows/sub/more.txt'])
    expect(r.json.status, r.stderr).to.equal('succeeded')
    expect(r.json.worker).to.equal(b.peerId)
    expect(Buffer.from(r.json.output!, 'base64').toString()).to.equal('held by B only\n12345')
  })

  it('the holder refuses a link out of the data set; a job without the grant sees nothing', () => {
    const out = run([CAT, '--dataset', 'rows', '--arg', '/data/rows/escape.txt'])
    expect(out.json.exitCode).to.equal(74)
    expect(Buffer.from(out.json.output ?? '', 'base64').toString()).to.not.include('host file')
    const ungranted = run([CAT, '--worker', b.peerId, '--arg', '/data/rows/hello.txt'])
    expect(ungranted.json.exitCode).to.equal(74)
    expect(ungranted.json.output ?? '').to.equal('')
  })

  it('a worker that does not hold the data set declines with a clear reason; no worker holds an unknown one', () => {
    const pinned = run([CAT, '--dataset', 'rows', '--worker', c.peerId, '--arg', '/data/rows/hello.txt'])
    expect(pinned.json.status).to.equal('failed')
    expect(pinned.json.attempts[0].message).to.match(/declined \(NO_DATASET\): this peer does not hold data set "rows"/)
    const unknown = run([CAT, '--dataset', 'nowhere', '--arg', '/data/nowhere/x'])
    expect(unknown.json.status).to.equal('failed')
    expect(unknown.json.attempts).to.have.length(0)
  })

  it('an operator\'s module allow-list: other modules are declined (DATASET_REFUSED), counted in /metrics', async () => {
    const r = run([CAT, '--dataset', 'other', '--arg', '/data/other/hello.txt'])
    expect(r.json.status).to.equal('failed')
    expect(r.json.attempts[0].worker).to.equal(c.peerId)
    expect(r.json.attempts[0].message).to.match(/declined \(DATASET_REFUSED\): this peer's operator lets only approved modules read data set "other"/)
    const metrics = await scrape((await readApiFiles(c.dataDir))!.address)
    expect(sample(metrics, 'shoal_jobs_declined_total', { reason: 'dataset-refused' })).to.equal(1)
    expect(sample(metrics, 'shoal_jobs_declined_total', { reason: 'no-dataset' })).to.equal(1)
  })

  it('bad --dataset flags and directories fail at start with what to fix', () => {
    const noEq = cli(['start', '--data-dir', dirs[3].path, '--dataset', 'rows'])
    expect(noEq.code).to.not.equal(0)
    expect(noEq.stderr).to.include('--dataset takes name=path[:private|:public]')
    const badName = cli(['start', '--data-dir', dirs[3].path, '--dataset', `../x=${rowsDir}`])
    expect(badName.code).to.not.equal(0)
    expect(badName.stderr).to.match(/jobs.datasets/)
    const missing = cli(['start', '--data-dir', dirs[3].path, '--api', '127.0.0.1:0', '--listen', '/ip4/127.0.0.1/tcp/0', '--dataset', `gone=${join(dirs[3].path, 'nope')}`])
    expect(missing.code).to.not.equal(0)
    expect(missing.stderr).to.include('data set "gone"')
    expect(missing.stderr).to.include('is not a readable directory')
    const module = cli(['start', '--data-dir', dirs[3].path, '--dataset', `rows=${rowsDir}`, '--dataset-module', 'rows=abc'])
    expect(module.stderr).to.include('--dataset-module takes name=<sha-256')
  })
})
