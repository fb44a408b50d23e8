/**
 * Walks a UnixFS DAG (dag-pb nodes, raw leaves) and makes sure every block
 * is held: at most `concurrency` blocks in flight (memory stays flat however
 * large the DAG), raw leaves already held are not even read (a resumed fetch
 * only stats them), and the documented depth and width limits are enforced.
 */
import { MAX_DAG_BLOCKS, MAX_DAG_DEPTH, MAX_DAG_LINKS } from './constants.js'
import { DagLimitError, DataError } from './errors.js'
import type { CID } from 'multiformats/cid'

export const DAG_PB = 0x70
export const RAW = 0x55

export interface WalkDeps {
  /** is the block in the local store? */
  has: (cid: CID) => Promise<boolean>
  /** the block, fetched (and verified and stored) if not held */
  get: (cid: CID) => Promise<Uint8Array>
  /** the links of a dag-pb node */
  links: (block: Uint8Array) => CID[]
}

export interface WalkProgress {
  /** blocks known so far (grows as nodes are read) */
  known: number
  done: number
  /** blocks and bytes fetched from other peers */
  fetched: number
  fetchedBytes: number
  /** blocks that were already held */
  held: number
}

export interface WalkOptions {
  concurrency: number
  signal?: AbortSignal
  onProgress?: (p: WalkProgress) => void
  maxDepth?: number
  maxLinks?: number
  maxBlocks?: number
}

export async function walkDag (root: CID, deps: WalkDeps, options: WalkOptions): Promise<WalkProgress> {
  const maxDepth = options.maxDepth ?? MAX_DAG_DEPTH
  const maxLinks = options.maxLinks ?? MAX_DAG_LINKS
  const maxBlocks = options.maxBlocks ?? MAX_DAG_BLOCKS
  const progress: WalkProgress = { known: 1, done: 0, fetched: 0, fetchedBytes: 0, held: 0 }
  // depth-first order keeps the stack short: a node's links are taken before its siblings'
  const stack: Array<{ cid: CID, depth: number }> = [{ cid: root, depth: 0 }]
  let active = 0
  let failure: unknown

  const visit = async ({ cid, depth }: { cid: CID, depth: number }): Promise<void> => {
    if (cid.code !== DAG_PB && cid.code !== RAW) throw new DataError(`unsupported codec 0x${cid.code.toString(16)} in ${cid.toString()} (UnixFS DAGs are dag-pb and raw)`)
    const held = await deps.has(cid)
    if (held && cid.code === RAW) {
      progress.held++
      return
    }
    const block = await deps.get(cid)
    if (held) progress.held++
    else {
      progress.fetched++
      progress.fetchedBytes += block.byteLength
    }
    if (cid.code !== DAG_PB) return
    const links = deps.links(block)
    if (links.length > maxLinks) throw new DagLimitError('dag-width', `${cid.toString()} has ${links.length} links (at most ${maxLinks})`)
    if (links.length > 0 && depth + 1 > maxDepth) throw new DagLimitError('dag-depth', `the DAG is deeper than ${maxDepth} levels`)
    progress.known += links.length
    if (progress.known > maxBlocks) throw new DagLimitError('dag-width', `the DAG has more than ${maxBlocks} blocks`)
    for (let i = links.length - 1; i >= 0; i--) stack.push({ cid: links[i], depth: depth + 1 })
  }

  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      if (failure != null) {
        if (active === 0) reject(failure)
        return
      }
      if (options.signal?.aborted === true) {
        failure = options.signal.reason ?? new Error('aborted')
        if (active === 0) reject(failure)
        return
      }
      while (active < options.concurrency && stack.length > 0) {
        const next = stack.pop() as { cid: CID, depth: number }
        active++
        visit(next).then(() => {
          progress.done++
          options.onProgress?.(progress)
        }, err => { failure ??= err }).finally(() => {
          active--
          pump()
        })
      }
      if (active === 0 && stack.length === 0) resolve()
    }
    pump()
  })
  return progress
}
