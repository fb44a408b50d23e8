/** Messages between the daemon and an ONNX Runtime child process (IPC, structured clone). */
import type { BackendInfo, Tensor } from '../../inference/tensor.js'

export interface RunMessage {
  type: 'run'
  id: number
  /** sha-256 hex of the model: the child keeps sessions by it */
  modelKey: string
  /** absent when the parent knows this child holds the session already */
  model?: Uint8Array
  inputs: Tensor[]
  /** empty: all outputs */
  outputs: string[]
  maxOutputBytes: number
}

/** an `ocr` job: one page read with the blob's det, cls and rec models (checked by the parent) */
export interface OcrRunMessage {
  type: 'ocr'
  id: number
  /** sha-256 hex of the model blob: the child keeps its three sessions by it */
  modelKey: string
  /** absent when the parent knows this child holds the sessions already */
  blob?: Uint8Array
  png: Uint8Array
  maxOutputBytes: number
}

export type ParentMessage = RunMessage | OcrRunMessage

export type ChildMessage =
  | { type: 'ready', backend: BackendInfo }
  | { type: 'result', id: number, output: Uint8Array, cpuMs: number }
  | { type: 'failed', id: number, reason: string, message: string, retire: boolean }
