import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { globSource, unixfs } from '@helia/unixfs'
import { MemoryBlockstore } from 'blockstore-core'
import { expect } from 'chai'
import { DATASET_IMPORTER, datasetCid } from '../../src/node/dataset-cid.js'

/** how the data layer's `shoal add <folder>` imports a folder (@helia/unixfs addAll over globSource, wrapped) */
async function asShoalAdd (dir: string): Promise<string> {
  let root
  for await (const e of unixfs({ blockstore: new MemoryBlockstore() } as any).addAll(globSource(dir, '**/*', { hidden: true }), { ...DATASET_IMPORTER, wrapWithDirectory: true } as any)) root = e.cid
  return String(root)
}

describe('data sets: the UnixFS CID a holder advertises', function () {
  this.timeout(30_000)
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoal-cid-'))
    mkdirSync(join(dir, 'set', 'sub'), { recursive: true })
    mkdirSync(join(dir, 'set', 'empty'))
    writeFileSync(join(dir, 'set', 'hello.txt'), 'hello shoal\n')
    writeFileSync(join(dir, 'set', '.hidden'), 'dot')
    // 3 MiB + 17: four raw leaves under one node
    writeFileSync(join(dir, 'set', 'sub', 'big.bin'), Buffer.alloc(3 * 1024 * 1024 + 17, 7))
    writeFileSync(join(dir, 'outside.txt'), 'not in the data set')
  })
  after(() => { rmSync(dir, { recursive: true, force: true }) })

  it('is pinned for a known folder (a change of importer settings must change this test), and equals what `shoal add` makes of it', async () => {
    const cid = await datasetCid(join(dir, 'set'))
    expect(cid).to.equal('bafybeia24npbzf3eseksdbheeu3mytqw7wcphw3do22dvo54lc566xw4va')
    expect(cid).to.equal(await asShoalAdd(join(dir, 'set')))
  })

  it('covers only what a job sees: a link out of the data set is not hashed', async () => {
    const before = await datasetCid(join(dir, 'set'))
    symlinkSync(join(dir, 'outside.txt'), join(dir, 'set', 'link.txt'))
    try {
      expect(await datasetCid(join(dir, 'set'))).to.equal(before)
      expect(await asShoalAdd(join(dir, 'set'))).to.not.equal(before)
    } finally {
      rmSync(join(dir, 'set', 'link.txt'))
    }
  })
})
