/**
 * `shoal infer <model.onnx> --input <tensors> --out <file>`: runs an ONNX
 * model on the mesh through the local daemon (an `onnx` job: the model is
 * the job's module, the tensors its input), follows it like `shoal run`, and
 * writes the output tensors as JSON (--out *.json) or as the InferenceResult
 * protobuf (any other name).
 */
import { writeFile } from 'node:fs/promises'
import { clientCommand, collect, connect, timeoutSeconds, wholeNumber } from './common.js'
import { UsageError } from './errors.js'
import { shortId } from './output.js'
import { ExitError, Progress, base64, follow, ms, readBytes, readStdin, write } from './run.js'
import { MAX_REPLICAS } from '../api/constants.js'
import { MAX_INPUT_BYTES, MAX_MODULE_BYTES } from '../jobs/constants.js'
import { backendKey, decodeResult, InferenceError, parseCompare, requestFromFile, tensorsToJson } from '../inference/index.js'
import type { Check } from '../inference/index.js'
import type { ClientFlags } from './common.js'
import type { Command } from 'commander'

interface InferFlags extends ClientFlags {
  input?: string
  out?: string
  compare?: string[]
  output?: string[]
  replicas?: number | 'auto'
  timeout?: number
  memory?: number
  worker?: string[]
}

export function inferCommand (program: Command): void {
  clientCommand(program.command('infer').description('run an ONNX model on the mesh (an onnx job) and write its output tensors'))
    .argument('<model>', 'the ONNX model (.onnx); it travels as the job\'s module, cached by hash on workers')
    .requiredOption('--input <file>', 'the input tensors: JSON {"name": {"dtype": "float32", "dims": [1, 3], "data": [...]}} or an InferenceRequest / TensorProto protobuf; - for stdin')
    .option('--out <file>', 'write the output tensors here: JSON if the name ends in .json, else the InferenceResult protobuf (default: JSON on stdout)')
    .option('--compare <how>', 'how replicas on different backends must agree, per output or for all: exact, allclose[:rtol,atol] (default rtol 1e-4, atol 1e-5), argmax, topk:k; "name=how" for one output; repeatable', collect)
    .option('--output <name>', 'compute only this output; repeatable (default: all)', collect)
    .option('--replicas <k|auto>', `run k copies on distinct workers and accept the answer most agree on under --compare (1-${MAX_REPLICAS}), or "auto"`, (v: string) => v === 'auto' ? 'auto' as const : wholeNumber('--replicas', 1, MAX_REPLICAS)(v))
    .option('--timeout <seconds>', 'how long the job may run on its worker (default 60)', timeoutSeconds)
    .option('--memory <MB>', 'most memory one tensor of the model may take, MiB (default 256)', wholeNumber('--memory', 1, 4096))
    .option('--worker <peer id>', 'run only on this worker; repeatable', collect)
    .action(async (model: string, flags: InferFlags) => { await infer(model, flags) })
}

async function infer (modelPath: string, flags: InferFlags): Promise<void> {
  const model = await readBytes(modelPath, 'model', MAX_MODULE_BYTES)
  const file = flags.input === '-' ? await readStdin() : await readBytes(flags.input!, '--input', MAX_INPUT_BYTES)
  let input: Uint8Array
  let checks: Check[] | undefined
  try {
    checks = flags.compare?.map(parseCompare)
    input = requestFromFile(file, { checks, outputs: flags.output })
  } catch (err) {
    if (err instanceof InferenceError) throw new UsageError(`${flags.input}: ${err.message}`)
    throw err
  }
  const client = await connect(flags)
  const json = flags.json === true
  const interrupted = new AbortController()
  const onSignal = (): void => { if (interrupted.signal.aborted) process.exit(130); interrupted.abort() }
  process.on('SIGINT', onSignal)
  let progress: Progress | undefined
  try {
    const { jobId } = await client.post<{ jobId: string }>('/jobs', {
      kind: 'onnx', module: base64(model), input: base64(input), replicas: flags.replicas, timeoutMs: flags.timeout, memoryMb: flags.memory, workers: flags.worker
    })
    progress = new Progress(json ? 'off' : process.stderr.isTTY ? 'tty' : 'lines', jobId)
    const result = await follow(client, jobId, progress, interrupted.signal)
    progress.stop()
    if (result == null) {
      await client.delete(`/jobs/${jobId}`).catch(() => {})
      throw new ExitError(130, `job ${jobId} cancelled`)
    }
    if (result.status !== 'succeeded') {
      if (json) await write(process.stdout, JSON.stringify({ jobId, status: result.status, reason: result.reason, message: result.message, attempts: result.attempts }, null, 2) + '\n')
      throw new ExitError(1, `job ${jobId} failed: ${result.reason ?? 'unknown'}: ${result.message ?? ''}`)
    }
    const output = Buffer.from(result.output ?? '', 'base64')
    const decoded = decodeResult(output)
    const tensors = tensorsToJson(decoded.outputs)
    if (flags.out != null) await writeFile(flags.out, flags.out.endsWith('.json') ? JSON.stringify(tensors) + '\n' : output)
    const agreed = result.results.filter(r => r.status === 'ok').length
    if (json) {
      await write(process.stdout, JSON.stringify({
        jobId, status: result.status, worker: result.worker, backend: decoded.backend, replicas: result.results.length, agreed,
        outputHash: result.outputHash, wallMs: result.wallMs, cpuMs: result.cpuMs, outputs: flags.out == null ? tensors : undefined
      }, null, 2) + '\n')
    } else {
      progress.note(`finished on ${shortId(result.worker ?? '?')} (${backendKey(decoded.backend)}): ${decoded.outputs.map(t => `${t.name} ${t.dtype}[${t.dims.join('×')}]`).join(', ')}, wall ${ms(result.wallMs)}, cpu ${ms(result.cpuMs)}`)
      if (flags.out == null) await write(process.stdout, JSON.stringify(tensors) + '\n')
    }
  } finally {
    progress?.stop()
    process.off('SIGINT', onSignal)
  }
}
