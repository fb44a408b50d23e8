/**
 * Compiled modules kept by a worker thread between jobs, so that a module run
 * again on the same thread skips capping, checking and compiling. Only the
 * compiled code is kept: each job still gets its own Instance, Memory, tables,
 * globals and WASI state.
 *
 * The key is the sha-256 of the module as sent plus the memory cap in pages,
 * since the cap is written into the binary that was compiled. Least recently
 * used first out, bounded by entries and by the bytes of the binaries.
 *
 * Pure: the hash function is given (node:crypto in the worker thread).
 */
import type { CompiledModule, CompiledModules } from './sandbox.js'

export interface ModuleCacheLimits {
  /** compiled modules kept at most */
  entries: number
  /** their binaries' bytes together at most; a bigger module is compiled but not kept */
  bytes: number
}

export class ModuleCache implements CompiledModules {
  private readonly map = new Map<string, CompiledModule>()
  private bytesHeld = 0

  constructor (readonly limits: ModuleCacheLimits, private readonly hash: (bytes: Uint8Array) => string) {}

  /** compiled modules held */
  get size (): number { return this.map.size }
  /** their binaries' bytes together */
  get bytes (): number { return this.bytesHeld }

  /** undefined: this module is not to be cached (no room for it at all) */
  key (bytes: Uint8Array, capPages: number): string | undefined {
    if (this.limits.entries < 1 || bytes.length > this.limits.bytes) return undefined
    return `${this.hash(bytes)}/${capPages}`
  }

  get (key: string): CompiledModule | undefined {
    const hit = this.map.get(key)
    if (hit === undefined) return undefined
    // most recently used last
    this.map.delete(key)
    this.map.set(key, hit)
    return hit
  }

  set (key: string, compiled: CompiledModule): void {
    if (compiled.size > this.limits.bytes) return
    const old = this.map.get(key)
    if (old !== undefined) { this.map.delete(key); this.bytesHeld -= old.size }
    this.map.set(key, compiled)
    this.bytesHeld += compiled.size
    // least recently used first out
    for (const [k, v] of this.map) {
      if (this.map.size <= this.limits.entries && this.bytesHeld <= this.limits.bytes) break
      this.map.delete(k)
      this.bytesHeld -= v.size
    }
  }

  clear (): void {
    this.map.clear()
    this.bytesHeld = 0
  }
}
