/**
 * Shoal: a peer-to-peer compute mesh on js-libp2p.
 *
 * - `createShoal(options)` gives an app its own peer;
 * - `shoal(init)` adds Shoal to an app's existing libp2p node as a service;
 * - `capacity(init)` adds capacity adverts (it needs gossipsub as `pubsub`).
 */
export { createShoal } from './create.js'
export type { CreateShoalOptions, ShoalNode } from './create.js'
export { shoal, ShoalService } from './service/index.js'
export type { ShoalServiceInit, ShoalServiceComponents, ShoalStatus, ShoalServiceEvents, PeerSummary } from './service/index.js'
export { defaultConfig, mergeConfig, validateOptions } from './node/config.js'
export type { ShoalConfig, ShoalOptions, DhtConfig, ConnectionsConfig, CapacityConfig, TransportName } from './node/config.js'
export { ConfigError, DataDirLockedError } from './node/errors.js'
export { DEFAULT_DHT_PROTOCOL } from './peer/constants.js'
export type { ShoalLibp2p, ShoalServices } from './node/libp2p.js'
export { capacity, CapacityService, capabilityCid, matchesFilters, toCapacityRow, CAPACITY_TOPIC, CAPACITY_SYNC_PROTOCOL } from './capacity/index.js'
export type { Advert, SignedAdvert, TableEntry, AdvertSource, CapacityRow, CapacityStats, CapacityEvents, CapacityServiceInit, CapacityServiceComponents, OfferConfig, Measurement, Probe, RejectReason } from './capacity/index.js'
export { VERSION } from './version.js'
export { jobs, JobsService, JobHandle, JOB_PROTOCOL, AttemptFailedError, JobSpecError } from './jobs/index.js'
export type { JobSpec, JobResult, JobRecord, JobStatus, AttemptRecord, ReplicaResult, JobExecutor, ExecRequest, ExecOutcome, ExecProgress, ResourceLimits, JobEvents, JobHandler, HandlerLimits } from './jobs/index.js'
export { reputation, ReputationService, ReputationTable, REPUTATION_TOPIC, REPUTATION_SYNC_PROTOCOL } from './reputation/index.js'
export type { ReputationRow, StoredReceipt, ReputationStats, ReputationConfig, Outcome } from './reputation/index.js'
export { guard, GuardService, MisbehaviourTracker, ProtocolViolationError } from './guard/index.js'
export type { GuardInit, GuardStats, GuardEvents, Offence, MisbehaviourConfig } from './guard/index.js'
export { ONNX_KIND, InferenceError, encodeRequest, decodeRequest, encodeResult, decodeResult, fromTyped, typedArray, tensorsFromJson, tensorsToJson, parseCompare, requestFromFile, inspectModel, ResultGrouper, backendKey } from './inference/index.js'
export type { Tensor, DType, Check, CheckKind, BackendInfo, InferenceOutput, InferenceJob, InferenceFailure, ModelInfo, JsonTensor } from './inference/index.js'
