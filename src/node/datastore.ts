/**
 * The datastore behind the identity, the peer store and Shoal's records:
 * LevelDB in the data dir for daemons, memory for throwaway peers.
 */
import { join } from 'node:path'
import { MemoryDatastore } from 'datastore-core'
import { LevelDatastore } from 'datastore-level'
import { DATASTORE_DIR } from './constants.js'
import type { Datastore } from 'interface-datastore'

export interface OpenDatastore { datastore: Datastore, close: () => Promise<void> }

export async function openDatastore (dataDir: string | undefined): Promise<OpenDatastore> {
  if (dataDir == null) {
    return { datastore: new MemoryDatastore(), close: async () => {} }
  }
  const datastore = new LevelDatastore(join(dataDir, DATASTORE_DIR))
  await datastore.open()
  return { datastore, close: async () => { await datastore.close() } }
}
