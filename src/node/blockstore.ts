/**
 * A daemon's blocks: blockstore-fs under `<dataDir>/blocks` (one file per
 * block; measured 0.7 s to import 256 MiB against 4.4 s for blockstore-level).
 */
import { join } from 'node:path'
import { FsBlockstore } from 'blockstore-fs'
import { BLOCKS_DIR } from './constants.js'
import type { Blockstore } from 'interface-blockstore'

export interface OpenBlockstore { blockstore: Blockstore | undefined, close: () => Promise<void> }

/** blockstore-fs in the data dir; none (the data service keeps blocks in memory) without one */
export async function openBlockstore (dataDir: string | undefined): Promise<OpenBlockstore> {
  if (dataDir == null) return { blockstore: undefined, close: async () => {} }
  const blockstore = new FsBlockstore(join(dataDir, BLOCKS_DIR))
  await blockstore.open()
  return { blockstore, close: async () => { await blockstore.close() } }
}
