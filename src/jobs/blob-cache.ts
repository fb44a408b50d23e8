/**
 * Modules held by content hash, least recently used dropped first, bounded
 * in bytes: a module sent twice to the same worker moves once.
 */
export class BlobCache {
  private readonly blobs = new Map<string, Uint8Array>()
  private readonly arriving = new Map<string, Promise<Uint8Array>>()
  private bytes = 0

  /**
   * A blob on its way here (another job is receiving it): offers for the same
   * blob wait for it instead of asking for it again, so a worker handed many
   * jobs with one large module at once moves it once.
   */
  incoming (hash: string): Promise<Uint8Array> | undefined {
    return this.arriving.get(hash)
  }

  /** marks `hash` as on its way until `arrival` settles; resolve it with the verified blob */
  expect (hash: string, arrival: Promise<Uint8Array>): void {
    this.arriving.set(hash, arrival)
    const done = (): void => { if (this.arriving.get(hash) === arrival) this.arriving.delete(hash) }
    arrival.then(done, done)
  }

  constructor (private readonly maxBytes: number) {}

  get (hash: string): Uint8Array | undefined {
    const blob = this.blobs.get(hash)
    if (blob != null) {
      // refresh its place in the LRU order
      this.blobs.delete(hash)
      this.blobs.set(hash, blob)
    }
    return blob
  }

  has (hash: string): boolean {
    return this.blobs.has(hash)
  }

  put (hash: string, blob: Uint8Array): void {
    if (blob.byteLength > this.maxBytes || this.blobs.has(hash)) return
    this.blobs.set(hash, blob)
    this.bytes += blob.byteLength
    for (const [oldest, old] of this.blobs) {
      if (this.bytes <= this.maxBytes) break
      this.blobs.delete(oldest)
      this.bytes -= old.byteLength
    }
  }

  stats (): { entries: number, bytes: number, maxBytes: number } {
    return { entries: this.blobs.size, bytes: this.bytes, maxBytes: this.maxBytes }
  }
}
