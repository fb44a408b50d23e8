/**
 * Reading pages in this process alone: the baseline the mesh is measured
 * against, with the same models, pipeline and threads a worker runs.
 */
import { createHash } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { OcrThreads } from './threads.js'
import type { PageRunner } from '../mesh.js'

/** the runner, and how many pages to keep in flight (one thread per core, each session on one thread) */
export function localPageRunner (threads = availableParallelism()): PageRunner & { concurrency: number, close: () => Promise<void> } {
  const pool = new OcrThreads(threads)
  const hashes = new WeakMap<Uint8Array, string>()
  const run: PageRunner = async (job, _index, signal) => {
    let hash = hashes.get(job.module)
    if (hash === undefined) { hash = createHash('sha256').update(job.module).digest('hex'); hashes.set(job.module, hash) }
    const { output, wallMs } = await pool.read(hash, job.module, job.input, signal)
    return { output, worker: 'local', agreed: ['local'], wallMs, attempts: 1 }
  }
  return Object.assign(run, {
    concurrency: threads * 2,
    close: async () => { await pool.close() }
  })
}
