/**
 * sha-256 through WebCrypto by default: the same in Node, browsers and
 * workers, and off the event loop. Node peers install a backend
 * (src/node/hash.ts) that hashes small bodies on the loop: for a job's
 * offer or a small input the hop to the libuv pool and back costs far more
 * than the hash, and under load its latency grows with the pool's queue.
 */
export type Sha256 = (bytes: Uint8Array) => Promise<Uint8Array<ArrayBuffer>>

export const webCryptoSha256: Sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))

let backend: Sha256 = webCryptoSha256

/** a platform's faster sha-256 (Node: src/node/hash.ts) */
export function useSha256Backend (b: Sha256): void {
  backend = b
}

export async function sha256 (bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return backend(bytes)
}

export function toHex (bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

export function fromHexString (hex: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[0-9a-f]{2})*$/i.test(hex)) throw new TypeError('not a hex string')
  return Uint8Array.from(hex.match(/../g) ?? [], h => parseInt(h, 16))
}
