/**
 * Jobs: `jobs(init)` as a libp2p service; `submit()` on it sends work into the mesh.
 */
import { JobsService } from './service.js'
import type { JobsServiceComponents, JobsServiceInit } from './service.js'

export function jobs (init: JobsServiceInit = {}): (components: JobsServiceComponents) => JobsService {
  return (components) => new JobsService(components, init)
}

export { JobsService, JobHandle } from './service.js'
export type { JobsServiceInit, JobsServiceComponents, JobEvents, JobsServiceEvents, JobEvidence, JobReceipt } from './service.js'
export type { JobSpec, JobResult, JobRecord, JobStatus, AttemptRecord, ReplicaResult, JobExecutor, ExecRequest, ExecOutcome, ExecProgress, ResourceLimits, JobHandler, HandlerLimits } from './types.js'
export { JOB_PROTOCOL } from './constants.js'
export { AttemptFailedError, JobSpecError, RecordError } from './errors.js'
export type { RecordProblem } from './errors.js'
