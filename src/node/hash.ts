/**
 * sha-256 in Node: bodies up to SYNC_HASH_BYTES on the event loop
 * (node:crypto, a few µs), larger ones through WebCrypto on the libuv pool,
 * so a large input or output does not hold up other jobs.
 */
import { createHash } from 'node:crypto'
import { useSha256Backend, webCryptoSha256 } from '../utils/hash.js'

/** 64 KiB hash in ~0.1 ms: below this the hop to the pool costs more than the hash */
export const SYNC_HASH_BYTES = 64 * 1024

let installed = false

export function useNodeSha256 (): void {
  if (installed) return
  installed = true
  useSha256Backend(async (bytes) => {
    if (bytes.byteLength > SYNC_HASH_BYTES) return webCryptoSha256(bytes)
    const digest = createHash('sha256').update(bytes).digest()
    return new Uint8Array(digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength)) as Uint8Array<ArrayBuffer>
  })
}
