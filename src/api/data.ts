/**
 * The control API's data endpoints: add a file or folder from this host's
 * disk, fetch a CID (optionally writing it out), list pins, unpin, collect.
 * Adding and fetching answer with server-sent events: `progress` now and
 * then, then `done` (the result) or `error`.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename, isAbsolute } from 'node:path'
import { globSource } from '@helia/unixfs'
import { HttpError } from './errors.js'
import { exportCid } from '../node/data-export.js'
import { BadCidError, parseCid } from '../data/index.js'
import { EventStream } from './replies.js'
import type { ShoalNode } from '../create.js'

/** progress events at most this often */
const PROGRESS_EVERY_MS = 200

function body (value: unknown): Record<string, unknown> {
  if (value == null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'send a JSON object')
  return value as Record<string, unknown>
}

function absolutePath (value: unknown, key: string): string {
  if (typeof value !== 'string' || !isAbsolute(value)) throw new HttpError(400, `"${key}" must be an absolute path on the daemon's host`)
  return value
}

function throttle<T> (send: (event: string, data: unknown) => void): (data: T) => void {
  let last = 0
  return (data) => {
    const now = Date.now()
    if (now - last < PROGRESS_EVERY_MS) return
    last = now
    send('progress', data)
  }
}

/** POST /v1/data/add {path, name?}: a file or a folder on the daemon's disk */
export async function addPath (node: ShoalNode, raw: unknown): Promise<EventStream> {
  const b = body(raw)
  const path = absolutePath(b.path, 'path')
  const info = await stat(path).catch(() => { throw new HttpError(404, `no file or folder at ${path}`) })
  const name = typeof b.name === 'string' ? b.name : basename(path)
  return new EventStream(async (send, signal) => {
    const progress = throttle<{ bytes: number, total: number }>(send)
    try {
      const result = info.isDirectory()
        ? await node.data.addAll(globSource(path, '**/*', { hidden: true }), { name, signal, onProgress: (bytes) => { progress({ bytes, total: 0 }) } })
        : await node.data.add(createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Uint8Array>, { name, signal, onProgress: (bytes) => { progress({ bytes, total: info.size }) } })
      send('done', { ...result, name })
    } catch (err: any) {
      send('error', { message: err.message })
    }
  })
}

/** POST /v1/data/get {cid, out?}: fetches the whole DAG from its holders, then writes it to `out` */
export function getCid (node: ShoalNode, raw: unknown): EventStream {
  const b = body(raw)
  if (typeof b.cid !== 'string') throw new HttpError(400, 'send {"cid": "bafy…"}')
  try {
    parseCid(b.cid)
  } catch (err: any) {
    if (err instanceof BadCidError) throw new HttpError(400, err.message)
    throw err
  }
  const out = b.out != null ? absolutePath(b.out, 'out') : undefined
  return new EventStream(async (send, signal) => {
    const progress = throttle(send)
    try {
      const result = await node.data.get(b.cid as string, { signal, onProgress: (p) => { progress(p) } })
      if (out != null) await exportCid(node.data, result.cid, out, signal)
      send('done', { ...result, ...(out != null ? { out } : {}) })
    } catch (err: any) {
      send('error', { message: err.message })
    }
  })
}

export async function unpin (node: ShoalNode, cid: string): Promise<{ cid: string, unpinned: boolean }> {
  try {
    const result = await node.data.unpin(cid)
    if (!result.unpinned) throw new HttpError(404, `${cid} is not pinned here (see \`shoal pins\`)`)
    return result
  } catch (err: any) {
    if (err instanceof BadCidError) throw new HttpError(400, err.message)
    throw err
  }
}
