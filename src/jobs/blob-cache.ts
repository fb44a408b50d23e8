/**
 * Modules held by content hash, least recently used dropped first, bounded
 * in bytes: a module sent twice to the same worker moves once.
 */
export class BlobCache {
  private readonly blobs = new Map<string, Uint8Array>()
  private bytes = 0

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
