/**
 * A data set's UnixFS root CID, computed over exactly what a job sees of it
 * (DirectoryTree: links out of the root, pipes and devices left out) and the
 * way the data layer's `shoal add <folder>` imports a folder, so that a
 * holder of the very same bytes names them alike: @helia/unixfs `addAll` over
 * entries `/<relative path>` (directories too), wrapped in a directory, with
 * the IPIP-499 `unixfs-v1-2025` profile (CID v1, raw leaves, 1 MiB chunks, a
 * balanced DAG of at most 1 024 links). For a folder without links out of it
 * this is the CID `shoal add` prints (its globSource yields the same entries).
 *
 * The blocks are hashed and dropped, never stored: a private data set has no
 * blocks anywhere, so no block protocol or Bitswap can serve it.
 */
import { unixfs } from '@helia/unixfs'
import { DirectoryTree } from '../executors/directory-tree.js'
import type { CID } from 'multiformats/cid'

/** the importer settings, as the data layer names them */
export const DATASET_IMPORTER = { profile: 'unixfs-v1-2025', cidVersion: 1, rawLeaves: true } as const
const CHUNK = 1_048_576

/** keeps nothing: the importer only needs put() to hand back the CID */
const discard = {
  put: async (cid: CID) => cid,
  has: async () => false,
  get: () => { throw new Error('a data set\'s blocks are hashed, never stored') }
}

interface Candidate { path: string, content?: AsyncIterable<Uint8Array> }

function * entries (tree: DirectoryTree, at: string[] = []): Generator<Candidate> {
  for (const e of tree.list(at)) {
    const path = [...at, e.name]
    if (e.type === 'directory') {
      yield { path: `/${path.join('/')}` }
      yield * entries(tree, path)
    } else {
      yield { path: `/${path.join('/')}`, content: read(tree, path) }
    }
  }
}

async function * read (tree: DirectoryTree, path: string[]): AsyncGenerator<Uint8Array> {
  const file = tree.open(path)
  try {
    for (let at = 0; ;) {
      const chunk = new Uint8Array(CHUNK)
      const n = file.read(at, chunk)
      if (n === 0) return
      at += n
      yield chunk.subarray(0, n)
    }
  } finally {
    file.close()
  }
}

export async function datasetCid (dir: string, signal?: AbortSignal): Promise<string> {
  let root: CID | undefined
  const fs = unixfs({ blockstore: discard } as unknown as Parameters<typeof unixfs>[0])
  for await (const entry of fs.addAll(entries(new DirectoryTree(dir)), { ...DATASET_IMPORTER, wrapWithDirectory: true, signal } as any)) root = entry.cid
  if (root == null) throw new Error(`${dir} holds no files`)
  return root.toString()
}
