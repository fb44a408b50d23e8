/**
 * This peer's identity: an Ed25519 key kept in the datastore, so a restarted
 * peer keeps its peer id (and with it its place in the DHT and its reputation).
 */
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { Key } from 'interface-datastore'
import { IDENTITY_KEY } from './constants.js'
import type { PrivateKey } from '@libp2p/interface'
import type { Datastore } from 'interface-datastore'

export async function loadOrCreateIdentity (datastore: Datastore): Promise<{ privateKey: PrivateKey, created: boolean }> {
  const key = new Key(IDENTITY_KEY)
  if (await datastore.has(key)) {
    return { privateKey: privateKeyFromProtobuf(await datastore.get(key)), created: false }
  }
  const privateKey = await generateKeyPair('Ed25519')
  await datastore.put(key, privateKeyToProtobuf(privateKey))
  return { privateKey, created: true }
}
