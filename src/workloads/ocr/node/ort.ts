/**
 * RunModel on onnxruntime-node in this process.
 *
 * TEMPORARY: the `onnx` job runtime (ONNX Runtime in a sandboxed child
 * process) replaces this for mesh jobs when it lands; this stays for the
 * local baseline and tests. One intra-op thread per session: results do
 * not depend on the machine's core count (replicas compare byte for byte),
 * and parallelism comes from running pages side by side.
 */
import ort from 'onnxruntime-node'
import type { OcrModels } from '../../../inference/ocr/models.js'
import type { ModelName, RunModel, Tensor } from '../../../inference/ocr/types.js'

export const ORT_SESSION_OPTIONS = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  executionProviders: ['cpu']
} as const

export interface OrtModels {
  run: RunModel
  /** what made the results: compared replicas must share it */
  backend: string
  release: () => Promise<void>
}

export async function ortModels (models: Pick<OcrModels, ModelName>): Promise<OrtModels> {
  const names: ModelName[] = ['det', 'cls', 'rec']
  const sessions = await Promise.all(names.map(async n => ort.InferenceSession.create(models[n], ORT_SESSION_OPTIONS as ort.InferenceSession.SessionOptions)))
  const byName = new Map(names.map((n, i) => [n, sessions[i]]))
  const run: RunModel = async (model, feeds) => {
    const session = byName.get(model)!
    const input: Record<string, ort.Tensor> = {}
    for (const [name, t] of Object.entries(feeds)) input[name] = new ort.Tensor('float32', t.data, t.dims)
    const out = await session.run(input)
    const result: Record<string, Tensor> = {}
    for (const [name, t] of Object.entries(out)) {
      result[name] = { data: t.data as Float32Array, dims: [...t.dims] }
      t.dispose?.()
    }
    return result
  }
  return {
    run,
    backend: `onnxruntime-node ${ort.env.versions?.common ?? '?'} cpu threads=1 opt=all`,
    release: async () => { await Promise.all(sessions.map(async s => s.release())) }
  }
}
