/**
 * Worker threads that read pages (thread-main.ts), for the `ocr` job kind
 * and the local baseline: a page goes to the thread with the fewest pages
 * in hand; a model blob is sent to a thread once and kept there by hash.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { OcrError } from '../../../inference/ocr/errors.js'

export type ThreadRequest =
  | { type: 'load', hash: string, blob: Uint8Array }
  | { type: 'unload', hash: string }
  | { type: 'page', id: number, hash: string, png: Uint8Array }

export type ThreadReply =
  | { type: 'done', id: number, output: Uint8Array, wallMs: number }
  | { type: 'failed', id: number, message: string, ocr: boolean }

/** a page the thread could not read: `ocr` when the page or models were at fault (not the thread) */
export class PageFailedError extends OcrError {
  constructor (message: string, readonly ocr: boolean) { super(message) }
}

interface Slot {
  worker: Worker
  models: Set<string>
  pending: Map<number, { resolve: (r: { output: Uint8Array, wallMs: number }) => void, reject: (err: Error) => void }>
}

const MAIN = new URL('./thread-main.js', import.meta.url)

/** the nice value the reading threads give themselves (0 normal, 19 lowest) */
export const THREAD_NICE = 10

/** a daemon's reading threads: every core but one, which its event loop keeps */
export function defaultThreads (): number {
  return Math.max(1, availableParallelism() - 1)
}

export class OcrThreads {
  private readonly slots: Slot[] = []
  private nextId = 0
  private closed = false

  constructor (readonly size = defaultThreads()) {}

  /** reads one page with the blob `hash` (sending `blob` to the thread if it lacks it) */
  async read (hash: string, blob: Uint8Array, png: Uint8Array, signal?: AbortSignal): Promise<{ output: Uint8Array, wallMs: number }> {
    if (this.closed) throw new OcrError('the OCR threads are closed')
    signal?.throwIfAborted()
    const slot = this.pick()
    if (!slot.models.has(hash)) {
      // a thread keeps one model set: a new one replaces the old
      for (const old of slot.models) slot.worker.postMessage({ type: 'unload', hash: old } satisfies ThreadRequest)
      slot.models.clear()
      slot.worker.postMessage({ type: 'load', hash, blob } satisfies ThreadRequest)
      slot.models.add(hash)
    }
    const id = this.nextId++
    // a thread with pages in hand keeps the process alive; an idle one does not
    slot.worker.ref()
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        slot.pending.delete(id)
        if (slot.pending.size === 0) slot.worker.unref()
        reject(signal!.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      slot.pending.set(id, {
        resolve: (r) => { signal?.removeEventListener('abort', onAbort); resolve(r) },
        reject: (err) => { signal?.removeEventListener('abort', onAbort); reject(err) }
      })
      slot.worker.postMessage({ type: 'page', id, hash, png } satisfies ThreadRequest)
    })
  }

  async close (): Promise<void> {
    this.closed = true
    const slots = this.slots.splice(0)
    await Promise.all(slots.map(async s => {
      for (const p of s.pending.values()) p.reject(new OcrError('the OCR threads were closed'))
      await s.worker.terminate()
    }))
  }

  private pick (): Slot {
    if (this.slots.length < this.size) {
      // start threads as they are needed, each a page in hand before the next starts
      const busy = this.slots.every(s => s.pending.size > 0)
      if (busy || this.slots.length === 0) return this.spawn()
    }
    return this.slots.reduce((a, b) => b.pending.size < a.pending.size ? b : a)
  }

  private spawn (): Slot {
    const worker = new Worker(MAIN)
    const slot: Slot = { worker, models: new Set(), pending: new Map() }
    worker.on('message', (msg: ThreadReply) => {
      const p = slot.pending.get(msg.id)
      if (p == null) return
      slot.pending.delete(msg.id)
      if (slot.pending.size === 0) worker.unref()
      if (msg.type === 'done') p.resolve({ output: msg.output, wallMs: msg.wallMs })
      else p.reject(new PageFailedError(msg.message, msg.ocr))
    })
    const fail = (err: Error): void => {
      const i = this.slots.indexOf(slot)
      if (i >= 0) this.slots.splice(i, 1)
      for (const p of slot.pending.values()) p.reject(new PageFailedError(`the OCR thread died: ${err.message}`, false))
      slot.pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', code => { fail(new Error(`exit code ${code}`)) })
    worker.unref()
    this.slots.push(slot)
    return slot
  }
}
