/** what the page and a job's Web Worker say to each other (executor.ts ↔ worker.ts) */
import type { Tensor } from '../inference/tensor.js'
import type { CompiledModule, SandboxOutcome } from '../executors/sandbox.js'
import type { CheckedJob } from '../executors/validate.js'

/** page → worker: a job, with its module already compiled when the page's cache holds it */
export interface BrowserJobMessage {
  job: CheckedJob
  compiled?: CompiledModule
  /** send the compiled module back (`compiled`) for the page's cache */
  keep: boolean
}

/** worker → page */
export type BrowserWorkerMessage =
  | { type: 'output', fd: 1 | 2, bytes: Uint8Array }
  | { type: 'output-exceeded', limit: number }
  | { type: 'progress', fraction: number }
  /** the module compiled for this job (asked for with `keep`): the page caches it */
  | { type: 'compiled', compiled: CompiledModule }
  /** cpuMs: the worker's wall time running the job (browsers expose no per-thread CPU time); cached: the module came compiled */
  | { type: 'done', outcome: SandboxOutcome, cpuMs: number, cached: boolean }

/** page → onnx worker: a checked onnx job (the model only when this worker has no session for it) */
export interface OnnxJobMessage {
  modelKey: string
  model?: Uint8Array
  inputs: Tensor[]
  outputs: string[]
  maxOutputBytes: number
}

/** page → onnx worker: an `ocr` page, the blob's models checked (the blob only when this worker has no sessions for it) */
export interface OcrJobMessage {
  type: 'ocr'
  modelKey: string
  blob?: Uint8Array
  png: Uint8Array
  maxOutputBytes: number
}

/** onnx worker → page */
export type OnnxWorkerMessage =
  | { type: 'result', output: Uint8Array, cpuMs: number }
  | { type: 'failed', reason: string, message: string }
