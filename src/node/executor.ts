/**
 * The daemon's job executor: WebAssembly in worker threads, ONNX models in
 * ONNX Runtime child processes (src/node/onnx), app-registered handlers and
 * operator-approved native commands (src/executors), sharing one pool of
 * slots, seen by the jobs service as a JobExecutor.
 */
import { Executor, ExecutorRegistry, SlotPool } from '../executors/index.js'
import { MAX_CID_BYTES } from '../jobs/constants.js'
import type { ExecutionResult, Handler, HandlerLimits, NativeCommand } from '../executors/index.js'
import { ONNX_KIND } from '../inference/constants.js'
import { InferenceError } from '../inference/errors.js'
import { moduleModelSource } from '../inference/model-source.js'
import { OCR_KIND } from '../inference/ocr/constants.js'
import type { ModelSource } from '../inference/model-source.js'
import { OnnxRunner } from './onnx/pool.js'
import type { ExecOutcome, ExecRequest, JobExecutor } from '../jobs/types.js'
import type { LoadedDataset } from './datasets.js'

export interface NodeExecutorInit {
  /** jobs run at once; the rest queue */
  slots: number
  /** operator-approved native commands, each a job kind */
  native?: NativeCommand[]
  /** data sets jobs may name (loadDatasets) */
  datasets?: LoadedDataset[]
  /** run onnx jobs (default true) */
  onnx?: boolean
  /** run ocr jobs, pages read in the same ONNX Runtime children (default false; needs onnx) */
  ocr?: boolean
  /** where onnx models come from (default: the job's module bytes) */
  modelSource?: ModelSource
}

export function nodeExecutor (init: NodeExecutorInit): JobExecutor & { onnx?: OnnxRunner } {
  const slots = new SlotPool(init.slots)
  // an input named by CID may be up to MAX_CID_BYTES (the jobs layer keeps stream inputs to 64 MiB itself)
  const wasm = new Executor({ slots, ceilings: { maxInputBytes: MAX_CID_BYTES } })
  const registry = new ExecutorRegistry({ slots, native: init.native })
  const datasets = init.datasets ?? []
  const onnx = init.onnx === false ? undefined : new OnnxRunner({ slots })
  const ocr = onnx != null && init.ocr === true
  const own = [...(onnx != null ? [ONNX_KIND] : []), ...(ocr ? [OCR_KIND] : [])]
  return {
    onnx,
    kinds: () => [...new Set([...own, ...registry.kinds()])].sort(),
    datasets: () => datasets.map(({ path, ...held }) => held),
    slots: () => slots.counts(),
    handle: (kind: string, handler: Handler, limits?: Partial<HandlerLimits>) => {
      if (own.includes(kind)) throw new TypeError(`job kind "${kind}" belongs to the ONNX runtime`)
      registry.handle(kind, handler, limits)
    },
    close: async () => { await Promise.all([wasm.close(), registry.close(), onnx?.close()]) },
    inference: onnx != null ? () => ({ providers: onnx.providers(), models: onnx.models() }) : undefined,
    run: async (request: ExecRequest, { signal, onProgress }): Promise<ExecOutcome> => {
      const progress = (fraction: number, message?: string): void => { onProgress?.({ phase: 'running', fraction, message }) }
      // the worker checked the offer against what it holds; this only guards a caller that did not
      const missing = (request.datasets ?? []).find(name => !datasets.some(d => d.name === name))
      if (missing != null) return { status: 'failed', reason: 'invalid-job', message: `data set "${missing}" is not held here`, output: new Uint8Array(), stderr: new Uint8Array(), cpuMs: 0, wallMs: 0 }
      if (request.kind === ONNX_KIND && onnx != null) {
        let model: Uint8Array
        try {
          model = await (init.modelSource ?? moduleModelSource).resolve({ module: request.module, args: request.args }, signal)
        } catch (err: any) {
          return { status: 'failed', reason: err instanceof InferenceError ? err.reason : 'invalid-model', message: String(err?.message ?? err), output: new Uint8Array(), stderr: new Uint8Array(), cpuMs: 0, wallMs: 0 }
        }
        return onnx.run({ model, input: request.input, limits: request.limits }, { signal, onProgress: progress })
      }
      if (request.kind === OCR_KIND && ocr) {
        const refuse = (message: string): ExecOutcome => ({ status: 'failed', reason: 'invalid-job', message, output: new Uint8Array(), stderr: new Uint8Array(), cpuMs: 0, wallMs: 0 })
        if (request.module == null || request.module.byteLength === 0) return refuse('an ocr job carries the model blob as its module (det + cls + rec + keys; see packModels)')
        if (request.args.length > 0) return refuse(`an ocr job takes no args, got ${request.args.length}`)
        return onnx.runOcr({ blob: request.module, png: request.input, limits: request.limits }, { signal, onProgress: progress })
      }
      const result = request.kind === 'wasm'
        ? await wasm.run({
          module: request.module ?? new Uint8Array(),
          input: request.input,
          args: request.args,
          deterministic: request.deterministic,
          seed: request.seed,
          limits: request.limits,
          // the worker checked that it holds them; the thread reads them from disk
          datasets: (request.datasets ?? []).map(name => ({ name, source: { kind: 'directory' as const, path: datasets.find(d => d.name === name)!.path } }))
        }, { signal, onProgress: progress })
        // a handler keeps the limits it was registered with; the requester's timeout still bounds its wait
        : await registry.run(request.kind, { input: request.input, module: request.module, args: request.args, signal, onProgress: progress })
      return toOutcome(result)
    }
  }
}

function toOutcome (result: ExecutionResult): ExecOutcome {
  return {
    status: result.status,
    exitCode: result.exitCode,
    output: result.stdout,
    stderr: result.stderr,
    reason: result.reason,
    message: result.message,
    cpuMs: result.cpuMs ?? 0,
    wallMs: result.wallMs
  }
}
