/** Shoal's reputation layer: the pure parts (table, maths, policies, simulation) */
export { ReputationTable, type ReputationSnapshot, type RankedPeer, type BanReason } from './table.js'
export { reputationConfig, DEFAULT_REPUTATION, OUTCOMES, type Outcome, type ReputationConfig } from './config.js'
export { eigenTrust, type EigenTrustOptions } from './eigentrust.js'
export {
  replicasFor, firstBatchSize, weightedQuorum, checkPressure, recordVerification, emptyLog, batchRiskClass, replicationConfig,
  DEFAULT_REPLICATION, type ReplicationConfig, type ReplicaPlan, type QuorumVerdict, type WorkerResult, type VerificationLog,
  type JobVerification, type CheckPressure, type RiskClass
} from './replication.js'
export { pickWorkers, DEFAULT_SELECTION, type SelectionConfig, type Candidate } from './selection.js'
export { simulate, DEFAULT_SIMULATION, type SimulationOptions, type SimulationResult, type WindowFigures, type Adversary } from './simulate.js'
export { mulberry32, type Rng } from './rng.js'
export { decayFactor } from './decay.js'
export { ReputationService } from './service.js'
export type { EvidenceSource, JobEvidence, JobReceipt } from './evidence.js'
export type { ReputationServiceInit, ReputationServiceComponents, ReputationRow, StoredReceipt, ReputationStats, ReputationEvents } from './service.js'
export { REPUTATION_TOPIC, REPUTATION_SYNC_PROTOCOL } from './constants.js'
export { openReport, sealReport, ReportRejectedError, type VerifiedReport, type ReportRejectReason } from './reports.js'

import { ReputationService } from './service.js'
import type { ReputationServiceComponents, ReputationServiceInit } from './service.js'

/** the reputation layer as a libp2p service */
export function reputation (init: ReputationServiceInit = {}): (components: ReputationServiceComponents) => ReputationService {
  return (components) => new ReputationService(components, init)
}
