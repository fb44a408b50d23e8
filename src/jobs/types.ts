import type { Handler as JobHandler, HandlerLimits } from '../executors/handlers.js'

export type { JobHandler, HandlerLimits }

/**
 * What a job is, to the requester, the worker and the executor. No I/O here.
 */

export interface ResourceLimits {
  memoryMb: number
  timeoutMs: number
  maxOutputBytes: number
}

/** what an app or the CLI asks the mesh to run */
export interface JobSpec {
  /** 'wasm' (the default), 'onnx', or a kind a worker registered */
  kind?: string
  /** the WebAssembly module (wasm jobs), or the ONNX model (onnx jobs) */
  module?: Uint8Array
  input?: Uint8Array
  args?: string[]
  /**
   * a number: run this many copies on distinct workers and accept the
   * majority output; 'auto': as many as the workers' reputation calls for,
   * accepted on a reputation-weighted quorum, disagreements settled by
   * running the job here
   */
  replicas?: number | 'auto'
  timeoutMs?: number
  memoryMb?: number
  maxOutputBytes?: number
  /** only workers whose advert carries these labels */
  labels?: Record<string, string>
  /** give up (failed) after this moment, ms since epoch */
  deadline?: number
  /** most credits per job-second */
  maxPrice?: number
  /** false lets the job read the real clock and randomness (not comparable across peers) */
  deterministic?: boolean
  seed?: number
  maxAttempts?: number
  signal?: AbortSignal
  /** pick only these workers (peer ids), in this order: for tests and pinned work */
  workers?: string[]
  /**
   * data sets the job reads, by name (wasm jobs): it runs only on workers
   * that advertise all of them, and sees each read-only at /data/<name>
   */
  datasets?: string[]
  /**
   * the module (or model) by CID, added to this peer's data service: workers
   * fetch it from any holder instead of receiving it on the job stream
   * (`module` may be given too; else the bytes are read from the store)
   */
  moduleCid?: string
  /** the input by CID, likewise */
  inputCid?: string
}

/** a data set a worker's executor can grant to jobs */
export interface HeldDataset {
  name: string
  /** bytes of its files, as a job sees them */
  size: number
  /** public: others may fetch it; private: never served, jobs that name it run here */
  public: boolean
  /** UnixFS root CID, when computed */
  cid?: string
  /** sha-256 (hex) of the modules the operator lets read it; undefined: any wasm module */
  modules?: string[]
}

/** what an executor is asked to run */
export interface ExecRequest {
  kind: string
  module?: Uint8Array
  input: Uint8Array
  args: string[]
  deterministic: boolean
  seed: number
  limits: ResourceLimits
  /** data sets granted to the job, by name (the worker checked it holds them) */
  datasets?: string[]
}

export interface ExecProgress { phase: 'queued' | 'running', fraction?: number, message?: string }

export interface ExecOutcome {
  status: 'ok' | 'failed'
  exitCode?: number
  output: Uint8Array
  stderr: Uint8Array
  /** why the sandbox stopped the job: timeout, memory, trap, output-too-large, invalid-module, … */
  reason?: string
  message?: string
  cpuMs: number
  wallMs: number
}

/**
 * Runs jobs on this peer. Implemented in src/node (worker threads) and
 * src/browser (Web Workers); jobs/ sees only this interface.
 */
export interface JobExecutor {
  run(request: ExecRequest, options: { signal: AbortSignal, onProgress?: (p: ExecProgress) => void }): Promise<ExecOutcome>
  /** job kinds run besides 'wasm' */
  kinds(): string[]
  /** data sets this executor can grant to wasm jobs */
  datasets?(): HeldDataset[]
  slots(): { total: number, inUse: number, queued: number }
  /** registers an app's handler for a job kind (executors that support it) */
  handle?(kind: string, handler: JobHandler, limits?: Partial<HandlerLimits>): void
  close?(): Promise<void>
  /** the onnx kind's execution providers and the models held (hex sha-256), for capacity adverts */
  inference?(): { providers: string[], models: string[] }
}

export type JobStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface AttemptRecord {
  worker: string
  replica: number
  startedAt: number
  endedAt?: number
  outcome?: 'succeeded' | 'failed'
  /** declined, timeout, disconnected, … or the sandbox's reason */
  reason?: string
  message?: string
  outputHash?: string
  /** requester side, once the worker bid: whether the job went over a direct connection or through a relay */
  link?: 'direct' | 'relayed'
}

/** worker side: where the bytes of a part named by CID came from */
export interface CidFetchRecord {
  part: 'module' | 'input'
  cid: string
  /** the file's bytes */
  size: number
  /** block bytes fetched from other peers for this job (0: all held here) */
  fetchedBytes: number
  /** blocks already in this peer's store */
  heldBlocks: number
  /** block bytes per holder peer */
  sources: Array<{ peer: string, bytes: number }>
}

export interface ReplicaResult {
  worker: string
  outputHash: string
  exitCode?: number
  status: 'ok' | 'failed'
  reason?: string
  /** the worker-signed result envelope, base64: evidence for receipts and reports */
  resultEnvelope: string
  bidEnvelope: string
  /**
   * requester side: the worker said Kept after our ack (its receipt is on
   * disk); false when it went away first, so it may hold no receipt
   */
  workerKept?: boolean
}

/** a job as kept in the datastore, on both sides */
export interface JobRecord {
  id: string
  role: 'requester' | 'worker'
  kind: string
  status: JobStatus
  createdAt: number
  finishedAt?: number
  requester: string
  /** the worker whose result was accepted (or ran it, on the worker side) */
  worker?: string
  moduleHash?: string
  inputHash: string
  inputSize: number
  args: string[]
  replicas: number
  attempts: AttemptRecord[]
  results: ReplicaResult[]
  outputHash?: string
  outputSize?: number
  exitCode?: number
  cpuMs?: number
  wallMs?: number
  reason?: string
  message?: string
  /** worker side: the parts named by CID, and where their bytes came from */
  cidFetches?: CidFetchRecord[]
}

export interface JobResult {
  id: string
  status: JobStatus
  worker?: string
  output?: Uint8Array
  outputHash?: string
  exitCode?: number
  stderr?: Uint8Array
  cpuMs?: number
  wallMs?: number
  reason?: string
  message?: string
  attempts: AttemptRecord[]
  results: ReplicaResult[]
}
