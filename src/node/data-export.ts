/**
 * Writes a fetched CID to this host's disk: a file streamed block by block
 * (memory stays flat), a directory as a tree of files.
 */
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { unixfs } from '@helia/unixfs'
import { parseCid } from '../data/index.js'
import type { DataService } from '../data/index.js'

export async function exportCid (data: DataService, cid: string, out: string, signal?: AbortSignal): Promise<void> {
  const fs = unixfs(data.heliaNode())
  const root = parseCid(cid)
  const stat = await fs.stat(root, { signal, offline: true } as any)
  if (stat.type === 'directory') {
    await mkdir(out, { recursive: true })
    for await (const entry of fs.ls(root, { signal, offline: true } as any)) {
      await exportCid(data, entry.cid.toString(), join(out, entry.name), signal)
    }
    return
  }
  await mkdir(dirname(out), { recursive: true })
  await pipeline(Readable.from(fs.cat(root, { signal, offline: true } as any)), createWriteStream(out), { signal })
}
