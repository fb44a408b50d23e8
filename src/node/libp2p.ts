/**
 * Assembles the libp2p node a Shoal peer runs on, from a ShoalConfig.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify, identifyPush } from '@libp2p/identify'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper, removePublicAddressesMapper } from '@libp2p/kad-dht'
import { memory } from '@libp2p/memory'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p } from 'libp2p'
import { shoal } from '../service/index.js'
import { VERSION } from '../version.js'
import type { ShoalConfig, TransportName } from './config.js'
import type { ShoalService } from '../service/index.js'
import type { Identify, IdentifyPush } from '@libp2p/identify'
import type { KadDHT } from '@libp2p/kad-dht'
import type { Libp2p, PrivateKey } from '@libp2p/interface'
import type { Ping } from '@libp2p/ping'
import type { Datastore } from 'interface-datastore'

export interface ShoalServices {
  identify: Identify
  identifyPush: IdentifyPush
  ping: Ping
  dht: KadDHT
  shoal: ShoalService
  [key: string]: unknown
}

export type ShoalLibp2p = Libp2p<ShoalServices>

const TRANSPORTS: Record<TransportName, () => any> = {
  tcp: () => tcp(),
  ws: () => webSockets(),
  memory: () => memory()
}

const DHT_ADDRESS_FILTERS = {
  all: passthroughMapper,
  public: removePrivateAddressesMapper,
  private: removePublicAddressesMapper
}

export async function createShoalLibp2p (config: ShoalConfig, privateKey: PrivateKey, datastore: Datastore): Promise<ShoalLibp2p> {
  return createLibp2p<ShoalServices>({
    start: false,
    privateKey,
    datastore,
    nodeInfo: { name: 'shoal', version: VERSION },
    addresses: { listen: config.listen, announce: config.announce },
    transports: config.transports.map(name => TRANSPORTS[name]()),
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: {
      maxConnections: config.connections.max,
      allow: config.connections.allow
    },
    services: {
      identify: identify(),
      identifyPush: identifyPush(),
      ping: ping(),
      dht: kadDHT({
        protocol: config.dht.protocol,
        clientMode: config.dht.clientMode,
        peerInfoMapper: DHT_ADDRESS_FILTERS[config.dht.addresses],
        logPrefix: 'shoal:dht',
        datastorePrefix: '/shoal/dht',
        metricsPrefix: 'shoal_dht'
      }),
      shoal: shoal({ reconnectPeers: config.connections.reconnect, bootstrap: config.bootstrap })
    }
  })
}
