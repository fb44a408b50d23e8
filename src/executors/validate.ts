/**
 * Checking a WebAssembly job against the executor's ceilings and turning it
 * into what a worker runs. Pure: throws ExecutorError('invalid-job' or
 * 'input-too-large'), so a bad job fails before it takes a slot.
 */
import {
  DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_MODULE_BYTES, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_MEMORY_MB, DEFAULT_SEED,
  DEFAULT_TIMEOUT_MS, JOB_ARGV0, MAX_ARGS_ENV_BYTES, MAX_MEMORY_MB
} from './constants.js'
import { ExecutorError } from './errors.js'
import type { JobLimits, WasmJob } from './types.js'
import { isDatasetName } from '../utils/dataset-name.js'
import type { DatasetMount } from './dataset-tree.js'

/** what an executor allows at most; a job's limits default to these */
export interface Ceilings extends JobLimits {
  maxInputBytes: number
  maxModuleBytes: number
}

export const DEFAULT_CEILINGS: Ceilings = {
  memoryMb: DEFAULT_MEMORY_MB,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
  maxInputBytes: DEFAULT_MAX_INPUT_BYTES,
  maxModuleBytes: DEFAULT_MAX_MODULE_BYTES
}

/** a job with every default filled in and every field checked */
export interface CheckedJob {
  module: Uint8Array
  input: Uint8Array
  argv: string[]
  /** sorted by name: the order does not depend on how the job was decoded */
  env: Array<[string, string]>
  deterministic: boolean
  seed: number
  limits: JobLimits
  /** read-only preopened directories, fd 3 up in this order */
  datasets: DatasetMount[]
}

const bad = (message: string): ExecutorError => new ExecutorError('invalid-job', message)

function limit (name: keyof JobLimits, asked: number | undefined, ceiling: number, max = Infinity): number {
  if (asked === undefined) return ceiling
  if (typeof asked !== 'number' || !Number.isFinite(asked) || asked <= 0) throw bad(`limits.${name} must be a positive number`)
  if (asked > ceiling || asked > max) throw bad(`limits.${name} ${asked} is above this executor's ceiling of ${Math.min(ceiling, max)}`)
  return asked
}

export function checkJob (job: WasmJob, ceilings: Ceilings = DEFAULT_CEILINGS): CheckedJob {
  if (!(job.module instanceof Uint8Array)) throw bad('module must be bytes')
  if (job.module.length > ceilings.maxModuleBytes) throw bad(`module of ${job.module.length} bytes exceeds the limit of ${ceilings.maxModuleBytes} bytes`)
  const input = job.input ?? new Uint8Array(0)
  if (!(input instanceof Uint8Array)) throw bad('input must be bytes')
  if (input.length > ceilings.maxInputBytes) {
    throw new ExecutorError('input-too-large', `input of ${input.length} bytes exceeds the limit of ${ceilings.maxInputBytes} bytes`)
  }
  const args = job.args ?? []
  if (!Array.isArray(args) || args.some(a => typeof a !== 'string')) throw bad('args must be strings')
  const env = Object.entries(job.env ?? {}).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
  for (const [k, v] of env) {
    if (typeof v !== 'string') throw bad(`env ${k} must be a string`)
    if (k === '' || k.includes('=')) throw bad(`env name "${k}" must be non-empty and without "="`)
  }
  const strings = [...args, ...env.flat()]
  if (strings.some(s => s.includes('\0'))) throw bad('args and env must not contain NUL characters')
  if (strings.reduce((n, s) => n + s.length * 3 + 1, 0) > MAX_ARGS_ENV_BYTES) throw bad(`args and env exceed ${MAX_ARGS_ENV_BYTES} bytes`)
  const seed = job.seed ?? DEFAULT_SEED
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) throw bad('seed must be an integer in [0, 2^32)')
  const datasets = job.datasets ?? []
  if (!Array.isArray(datasets) || datasets.some(d => !isDatasetName(d?.name) || (d.source?.kind !== 'directory' && d.source?.kind !== 'files'))) {
    throw bad('datasets must be named (letters, digits, ".", "_", "-", at most 64) and have a source')
  }
  if (new Set(datasets.map(d => d.name)).size !== datasets.length) throw bad('a data set is granted twice')
  const l = job.limits ?? {}
  return {
    datasets,
    module: job.module,
    input,
    argv: [JOB_ARGV0, ...args],
    env,
    deterministic: job.deterministic ?? true,
    seed,
    limits: {
      memoryMb: limit('memoryMb', l.memoryMb, ceilings.memoryMb, MAX_MEMORY_MB),
      timeoutMs: limit('timeoutMs', l.timeoutMs, ceilings.timeoutMs),
      maxOutputBytes: limit('maxOutputBytes', l.maxOutputBytes, ceilings.maxOutputBytes)
    }
  }
}
