/**
 * shoal add / get / pins / unpin end to end: two daemons over loopback TCP,
 * the CLI as users run it.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import { cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import type { AddResult, FetchResult, PinRow } from '../../src/data/index.js'
import type { RunningDaemon } from '../fixtures/daemon.js'

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

describe('shoal add, get, pins, unpin (daemons over loopback TCP)', function () {
  this.timeout(180_000)
  const daemons: RunningDaemon[] = []
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  after(async () => {
    for (const d of daemons) await d.stop()
    for (const d of dirs) await d.remove()
  })

  it('adds a file and a folder on one daemon and gets them on another', async () => {
    const [da, db, work] = [await tempDir(), await tempDir(), await tempDir()]
    dirs.push(da, db, work)
    const a = await startDaemon(da.path, ['--quiet'])
    daemons.push(a)
    const b = await startDaemon(db.path, ['--quiet', '--bootstrap', a.addresses.find(x => x.includes('/tcp/')) as string])
    daemons.push(b)
    const bytes = randomBytes(3 * 1024 * 1024 + 5)
    await writeFile(join(work.path, 'weights.bin'), bytes)
    await mkdir(join(work.path, 'set', 'sub'), { recursive: true })
    await writeFile(join(work.path, 'set', 'a.txt'), 'alpha\n')
    await writeFile(join(work.path, 'set', 'sub', 'b.txt'), 'beta\n')

    const added = cli(['add', join(work.path, 'weights.bin'), '--data-dir', a.dataDir, '--json'])
    expect(added.code, added.stderr).to.equal(0)
    const file = JSON.parse(added.stdout) as AddResult & { name: string }
    expect(file.cid).to.match(/^bafy/)
    expect(file.name).to.equal('weights.bin')
    const plain = cli(['add', join(work.path, 'set'), '--data-dir', a.dataDir])
    expect(plain.code, plain.stderr).to.equal(0)
    const folderCid = plain.stdout.trim()
    expect(folderCid).to.match(/^bafy/)

    const got = cli(['get', file.cid, '--out', join(work.path, 'copy.bin'), '--data-dir', b.dataDir, '--json'])
    expect(got.code, got.stderr).to.equal(0)
    const result = JSON.parse(got.stdout) as FetchResult
    expect(result.fetchedBlocks).to.equal(result.blocks)
    expect(result.sources.map(s => s.peer)).to.deep.equal([a.peerId])
    expect(sha(await readFile(join(work.path, 'copy.bin')))).to.equal(sha(bytes))
    const again = JSON.parse(cli(['get', file.cid, '--data-dir', b.dataDir, '--json']).stdout) as FetchResult
    expect(again.fetchedBlocks, 'held blocks are not fetched again').to.equal(0)

    const tree = cli(['get', folderCid, '--out', join(work.path, 'tree'), '--data-dir', b.dataDir])
    expect(tree.code, tree.stderr).to.equal(0)
    expect(await readFile(join(work.path, 'tree', 'sub', 'b.txt'), 'utf8')).to.equal('beta\n')
    expect(await readFile(join(work.path, 'tree', 'a.txt'), 'utf8')).to.equal('alpha\n')

    const pins = JSON.parse(cli(['pins', '--data-dir', b.dataDir, '--json']).stdout) as PinRow[]
    expect(pins.map(p => p.cid)).to.have.members([file.cid, folderCid])
    expect(pins.find(p => p.cid === file.cid)?.size).to.be.greaterThan(bytes.byteLength)
    const table = cli(['pins', '--data-dir', b.dataDir])
    expect(table.stdout).to.include('SIZE').and.include(file.cid)

    expect(cli(['unpin', file.cid, '--data-dir', b.dataDir]).code).to.equal(0)
    const left = JSON.parse(cli(['pins', '--data-dir', b.dataDir, '--json']).stdout) as PinRow[]
    expect(left.map(p => p.cid)).to.deep.equal([folderCid])
    const notPinned = cli(['unpin', file.cid, '--data-dir', b.dataDir])
    expect(notPinned.code).to.not.equal(0)
    expect(notPinned.stderr).to.include('not pinned')
    const bad = cli(['get', 'not-a-cid', '--data-dir', b.dataDir])
    expect(bad.code).to.not.equal(0)
    expect(bad.stderr).to.include('is not a CID')
  })
})
