/**
 * The slots a peer advertises: a counting semaphore with a FIFO queue in
 * front. The WebAssembly executor and the registry of custom executors can
 * share one, so that the advertised number holds for every kind of job.
 */
import { ExecutorError } from './errors.js'
import type { SlotCounts } from './types.js'

/** gives the slot back; calling it again does nothing */
export type Release = () => void

interface Waiter {
  grant: (release: Release) => void
}

export class SlotPool {
  private used = 0
  private size: number
  private readonly waiters: Waiter[] = []

  /** onChanged: told each time the number of slots in use changes */
  constructor (total: number, private readonly onChanged?: (inUse: number) => void) {
    if (!Number.isInteger(total) || total < 1) throw new TypeError(`slots must be a positive integer, not ${total}`)
    this.size = total
  }

  get total (): number {
    return this.size
  }

  /**
   * Changes the number of slots (0 holds every new job in the queue). Jobs
   * running keep their slots; when it grows, those waiting get the new ones.
   */
  resize (total: number): void {
    if (!Number.isInteger(total) || total < 0) throw new TypeError(`slots must be a whole number, not ${total}`)
    this.size = total
    while (this.used < this.size && this.waiters.length > 0) {
      this.set(this.used + 1)
      this.waiters.shift()?.grant(this.release())
    }
  }

  counts (): SlotCounts {
    return { total: this.total, inUse: this.used, queued: this.waiters.length }
  }

  /**
   * Waits for a free slot, in arrival order. Rejects with
   * ExecutorError('cancelled') when the signal aborts first (an ExecutorError
   * given as the abort reason is used as it is).
   */
  async acquire (signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted === true) throw cancelled(signal)
    if (this.used < this.total && this.waiters.length === 0) {
      this.set(this.used + 1)
      return this.release()
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => { signal?.removeEventListener('abort', onAbort); resolve(release) }
      }
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter)
        if (i >= 0) this.waiters.splice(i, 1)
        reject(cancelled(signal as AbortSignal))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiters.push(waiter)
    })
  }

  private release (): Release {
    let done = false
    return () => {
      if (done) return
      done = true
      // the slot passes straight to the next in line (in use does not change), unless the pool shrank
      const next = this.used <= this.size ? this.waiters.shift() : undefined
      if (next !== undefined) next.grant(this.release())
      else this.set(this.used - 1)
    }
  }

  private set (n: number): void {
    this.used = n
    this.onChanged?.(n)
  }
}

function cancelled (signal: AbortSignal): ExecutorError {
  return signal.reason instanceof ExecutorError ? signal.reason : new ExecutorError('cancelled', 'cancelled while queued')
}
