/**
 * The jobs an executor has under way, so that closing it can wait for every
 * one of them to end (they end 'cancelled' once the executor's signal aborts).
 */
export class InFlight<T> {
  private readonly running = new Set<Promise<T>>()

  /** resolves as `job` does, counted as under way until then */
  async track (job: Promise<T>): Promise<T> {
    this.running.add(job)
    try {
      return await job
    } finally {
      this.running.delete(job)
    }
  }

  /** resolves once every job under way now has ended, however it ended */
  async settled (): Promise<void> {
    await Promise.allSettled([...this.running])
  }
}
