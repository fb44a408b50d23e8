/**
 * Ed25519 on node:crypto key objects, each key imported once: libp2p's keys
 * rebuild the key object from JWK on every call (see src/utils/ed25519.ts).
 *
 * The same cache serves libp2p itself (gossipsub's message signatures, Noise
 * handshakes, peer records): @libp2p/crypto 5's Ed25519 key classes get a
 * sign and verify that use it. Same signatures, same sync results; a fix
 * worth making upstream (cache the KeyObject on the key instance).
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import { toString as uint8ArrayToString } from 'uint8arrays/to-string'
import { useEd25519Backend } from '../utils/ed25519.js'
import type { KeyObject } from 'node:crypto'
import type { PrivateKey, PublicKey } from '@libp2p/interface'

const PUBLIC_KEY_CACHE = 1024
/** DER SubjectPublicKeyInfo header of an Ed25519 key: the 32 raw bytes follow */
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00])

const privateKeys = new WeakMap<PrivateKey, KeyObject>()
const publicKeys = new Map<string, KeyObject>()

function privateKeyObject (key: PrivateKey): KeyObject {
  let obj = privateKeys.get(key)
  if (obj == null) {
    obj = createPrivateKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519', d: uint8ArrayToString(key.raw.subarray(0, 32), 'base64url'), x: uint8ArrayToString(key.publicKey.raw, 'base64url') } })
    privateKeys.set(key, obj)
  }
  return obj
}

function publicKeyObject (key: PublicKey): KeyObject {
  const id = uint8ArrayToString(key.raw, 'base64')
  let obj = publicKeys.get(id)
  if (obj != null) {
    publicKeys.delete(id)
  } else {
    const der = new Uint8Array(SPKI_PREFIX.length + key.raw.byteLength)
    der.set(SPKI_PREFIX)
    der.set(key.raw, SPKI_PREFIX.length)
    obj = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' })
    if (publicKeys.size >= PUBLIC_KEY_CACHE) publicKeys.delete(publicKeys.keys().next().value!)
  }
  publicKeys.set(id, obj)
  return obj
}

let installed = false

/** @libp2p/crypto's Ed25519 classes, signing and verifying with the cached key objects */
function patchLibp2pKeys (): void {
  // any key will do: only its classes are wanted
  const sample = privateKeyFromRaw(new Uint8Array(64).fill(1))
  if (sample.type !== 'Ed25519') return
  const privateProto = Object.getPrototypeOf(sample)
  const publicProto = Object.getPrototypeOf(sample.publicKey)
  if (typeof privateProto.sign !== 'function' || typeof publicProto.verify !== 'function') return
  privateProto.sign = function (this: PrivateKey, message: Uint8Array | { subarray: () => Uint8Array }, options?: { signal?: AbortSignal }): Uint8Array {
    options?.signal?.throwIfAborted()
    return sign(null, message instanceof Uint8Array ? message : message.subarray(), privateKeyObject(this))
  }
  publicProto.verify = function (this: PublicKey, data: Uint8Array | { subarray: () => Uint8Array }, sig: Uint8Array, options?: { signal?: AbortSignal }): boolean {
    options?.signal?.throwIfAborted()
    if (sig.byteLength !== 64) throw new TypeError('"sig" must be 64 bytes in length.')
    return verify(null, data instanceof Uint8Array ? data : data.subarray(), publicKeyObject(this), sig)
  }
}

export function useNodeEd25519 (): void {
  if (installed) return
  installed = true
  patchLibp2pKeys()
  useEd25519Backend({
    sign: async (key, data) => key.type === 'Ed25519' ? sign(null, data, privateKeyObject(key)) : key.sign(data),
    verify: async (key, signature, data) => {
      if (key.type !== 'Ed25519') return key.verify(data, signature)
      try {
        return verify(null, data, publicKeyObject(key), signature)
      } catch {
        return false
      }
    }
  })
}
