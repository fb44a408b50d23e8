/**
 * Ed25519 on node:crypto key objects, each key imported once: libp2p's keys
 * rebuild the key object from JWK on every call (see src/utils/ed25519.ts).
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
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

export function useNodeEd25519 (): void {
  if (installed) return
  installed = true
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
