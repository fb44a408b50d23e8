/**
 * The libp2p node of a Shoal peer, as every assembly builds it: the daemon's
 * (src/node/libp2p.ts) and the browser's (src/browser/peer.ts) carry the same
 * services under the same names, so code above them takes either.
 */
import type { CapacityService } from '../capacity/index.js'
import type { DataService } from '../data/index.js'
import type { GuardService } from '../guard/index.js'
import type { JobsService } from '../jobs/index.js'
import type { ReachabilityService } from '../reachability/index.js'
import type { ReputationService } from '../reputation/index.js'
import type { ShoalService } from '../service/index.js'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Identify, IdentifyPush } from '@libp2p/identify'
import type { Libp2p } from '@libp2p/interface'
import type { KadDHT } from '@libp2p/kad-dht'
import type { Ping } from '@libp2p/ping'

export interface ShoalServices {
  identify: Identify
  identifyPush: IdentifyPush
  ping: Ping
  dht: KadDHT
  pubsub: GossipSub
  capacity: CapacityService
  jobs: JobsService
  reputation: ReputationService
  shoal: ShoalService
  guard: GuardService
  reachability: ReachabilityService
  /** data by content address (Node peers; pages go without it for now) */
  data?: DataService
  [key: string]: unknown
}

export type ShoalLibp2p = Libp2p<ShoalServices>
