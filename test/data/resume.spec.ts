/**
 * A fetch killed halfway (the daemon SIGKILLed) resumes after a restart
 * without fetching the blocks it already held: real daemons, blockstore-fs.
 */
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { readApiFiles } from '../../src/node/data-dir.js'
import { seededBytes } from '../fixtures/data.js'
import { startDaemon, tempDir } from '../fixtures/daemon.js'
import type { DataStats, FetchResult } from '../../src/data/index.js'
import type { RunningDaemon } from '../fixtures/daemon.js'

const MiB = 1024 * 1024
const SIZE = 96 * MiB

async function client (d: RunningDaemon): Promise<ApiClient> {
  const files = await readApiFiles(d.dataDir)
  if (files == null) throw new Error('no API files')
  return new ApiClient(files.address, files.token)
}

async function events<T> (api: ApiClient, path: string, body: unknown): Promise<T> {
  for await (const { event, data } of api.events(path, undefined, body)) {
    if (event === 'error') throw new Error((data as any).message)
    if (event === 'done') return data as T
  }
  throw new Error('the answer ended early')
}

describe('data: a fetch killed halfway resumes', function () {
  this.timeout(600_000)
  const daemons: RunningDaemon[] = []
  const dirs: Array<{ remove: () => Promise<void> }> = []
  after(async () => {
    for (const d of daemons) await d.stop('SIGKILL')
    for (const d of dirs) await d.remove()
  })

  it('fetches only the blocks it lacked after a SIGKILL and a restart', async () => {
    const dirA = await tempDir(); dirs.push(dirA)
    const dirB = await tempDir(); dirs.push(dirB)
    const a = await startDaemon(dirA.path, ['--quiet'])
    daemons.push(a)
    const file = join(dirA.path, 'seeded.bin')
    await pipeline(Readable.from(seededBytes('resume', SIZE)), createWriteStream(file))
    const added = await events<{ cid: string, blocks: number }>(await client(a), '/data/add', { path: file })
    const bootstrap = ['--bootstrap', a.addresses.find(x => x.includes('/tcp/')) as string, '--quiet']
    let b = await startDaemon(dirB.path, bootstrap)
    daemons.push(b)
    let apiB = await client(b)
    // the fetch runs in B; the client's own answer stream dies with B
    const fetching = events<FetchResult>(apiB, '/data/get', { cid: added.cid }).catch(() => undefined)
    let held = 0
    const deadline = Date.now() + 300_000
    while (held < added.blocks / 3) {
      if (Date.now() > deadline) throw new Error(`B held only ${held} blocks after 300 s`)
      await sleep(50)
      held = (await apiB.get<DataStats>('/data/stats')).storedBlocks
    }
    await b.stop('SIGKILL')
    await fetching
    expect(held, 'killed halfway, not after the end').to.be.below(added.blocks)

    b = await startDaemon(dirB.path, bootstrap)
    daemons.push(b)
    apiB = await client(b)
    const heldAtRestart = (await apiB.get<DataStats>('/data/stats')).storedBlocks
    expect(heldAtRestart).to.be.at.least(held)
    expect(heldAtRestart).to.be.below(added.blocks)
    const result = await events<FetchResult>(apiB, '/data/get', { cid: added.cid })
    const stats = await apiB.get<DataStats>('/data/stats')
    const fetchedNow = Object.values(stats.fetched).reduce((n, s) => n + s.blocks, 0)
    // only what was missing crossed the network, and nothing twice
    // (a block written in the instant of the kill may be on disk before its record: held all the same)
    expect(result.heldBlocks).to.be.within(heldAtRestart, heldAtRestart + 8)
    expect(result.fetchedBlocks).to.equal(added.blocks - result.heldBlocks)
    expect(fetchedNow).to.equal(result.fetchedBlocks)
    expect(stats.storedBlocks).to.equal(added.blocks)
    const out = join(dirB.path, 'out.bin')
    await events(apiB, '/data/get', { cid: added.cid, out })
    const { sha256Of } = await import('../fixtures/data.js')
    const { createReadStream } = await import('node:fs')
    expect(await sha256Of(createReadStream(out))).to.deep.equal(await sha256Of(seededBytes('resume', SIZE)))
  })
})
