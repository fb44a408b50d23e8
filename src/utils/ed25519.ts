/**
 * Ed25519 signatures with each key imported once.
 *
 * libp2p's Ed25519 keys rebuild a key object from JWK on every sign and
 * verify (in Node). Here the private key is imported once per key and public
 * keys are kept in a small LRU. By default `crypto.subtle` does the work (off
 * the event loop in browsers and workers); Node peers install a backend on
 * node:crypto key objects (src/node/ed25519.ts), whose sign and verify take
 * ~0.05 ms on the loop, less than a hop to the libuv pool and back, and keep
 * the order in which messages are checked. Where WebCrypto has no Ed25519
 * (older browsers) the libp2p key does the work, as before. Same signatures
 * whichever does.
 */
import { toString as uint8ArrayToString } from 'uint8arrays/to-string'
import type { PrivateKey, PublicKey } from '@libp2p/interface'

/** public keys of recent peers kept imported */
const PUBLIC_KEY_CACHE = 1024

const subtle = globalThis.crypto?.subtle
const privateKeys = new WeakMap<PrivateKey, Promise<CryptoKey | undefined>>()
const publicKeys = new Map<string, Promise<CryptoKey | undefined>>()

async function importPrivate (key: PrivateKey): Promise<CryptoKey | undefined> {
  if (subtle == null || key.type !== 'Ed25519') return undefined
  try {
    return await subtle.importKey('jwk', {
      kty: 'OKP', crv: 'Ed25519', d: uint8ArrayToString(key.raw.subarray(0, 32), 'base64url'), x: uint8ArrayToString(key.publicKey.raw, 'base64url')
    }, { name: 'Ed25519' }, false, ['sign'])
  } catch {
    return undefined
  }
}

async function importPublic (raw: Uint8Array): Promise<CryptoKey | undefined> {
  if (subtle == null) return undefined
  try {
    return await subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify'])
  } catch {
    return undefined
  }
}

export interface Ed25519Backend {
  sign: (key: PrivateKey, data: Uint8Array) => Promise<Uint8Array>
  verify: (key: PublicKey, signature: Uint8Array, data: Uint8Array) => Promise<boolean>
}

let backend: Ed25519Backend = { sign: webCryptoSign, verify: webCryptoVerify }

/** a platform's faster signer (Node: src/node/ed25519.ts) */
export function useEd25519Backend (b: Ed25519Backend): void {
  backend = b
}

export async function sign (key: PrivateKey, data: Uint8Array): Promise<Uint8Array> {
  return backend.sign(key, data)
}

export async function verify (key: PublicKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  return backend.verify(key, signature, data)
}

async function webCryptoSign (key: PrivateKey, data: Uint8Array): Promise<Uint8Array> {
  let imported = privateKeys.get(key)
  if (imported == null) {
    imported = importPrivate(key)
    privateKeys.set(key, imported)
  }
  const cryptoKey = await imported
  if (cryptoKey == null) return key.sign(data)
  return new Uint8Array(await subtle.sign('Ed25519', cryptoKey, data as Uint8Array<ArrayBuffer>))
}

async function webCryptoVerify (key: PublicKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  if (key.type !== 'Ed25519') return key.verify(data, signature)
  const id = uint8ArrayToString(key.raw, 'base64')
  let imported = publicKeys.get(id)
  if (imported == null) {
    imported = importPublic(key.raw)
    publicKeys.set(id, imported)
    if (publicKeys.size > PUBLIC_KEY_CACHE) publicKeys.delete(publicKeys.keys().next().value!)
  } else {
    // refresh its place in the LRU order
    publicKeys.delete(id)
    publicKeys.set(id, imported)
  }
  const cryptoKey = await imported
  if (cryptoKey == null) return key.verify(data, signature)
  try {
    return await subtle.verify('Ed25519', cryptoKey, signature as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>)
  } catch {
    return false
  }
}
