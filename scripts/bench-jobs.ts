/**
 * What /shoal/job/1.0.0 costs over a bare libp2p request/response, on a
 * 2-peer loopback TCP mesh (Noise + Yamux, real sockets):
 *
 *   npm run bench:jobs -- [--worker child|inproc|both] [--executor wasm|noop|both]
 *                          [--samples N] [--rounds N] [--json]   (--help for all flags)
 *
 * - round trip: a trivial job (a WASI module that echoes stdin, already in the
 *   worker's module cache) against a raw request/response of the same size on
 *   the same connection (`/shoal-bench/echo/1.0.0`: one stream per request,
 *   write the bytes length-prefixed, read them back, close). Job and raw
 *   samples alternate, so drift hits both.
 * - throughput: jobs per second with 64 in flight against raw request/
 *   responses per second with 64 in flight, in alternating rounds.
 * - where a job's time goes: the requester's side of an attempt replayed here
 *   with a timestamp per phase (the worker's side is src/jobs/worker.ts as it
 *   is, seen through the frames it sends), and the executor, a bare worker
 *   thread and the envelope signatures timed alone.
 *
 * The worker runs in a child process (`--worker child`, the default figures:
 * the two peers do not share an event loop) or in this process
 * (`--worker inproc`); `both` measures both ways. The requester only requests
 * (no executor); the worker has `capacity.maxJobs` slots (`--concurrency`, 64). With
 * `--executor noop` the worker runs the protocol as is (src/jobs/worker.ts)
 * over an executor that returns the input at once: the cost of the protocol
 * without the sandbox.
 */
import { fork } from 'node:child_process'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { multiaddr } from '@multiformats/multiaddr'
import { lpStream } from '@libp2p/utils'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import wabtInit from 'wabt'
import { equals as uint8ArrayEquals } from 'uint8arrays/equals'
import { createShoal } from '../src/create.js'
import { nodeExecutor } from '../src/node/executor.js'
import { WORKER_RESOURCE_LIMITS, checkJob, runModule } from '../src/executors/index.js'
import { BID_TIMEOUT_MS, JOB_PROTOCOL, JOB_PROTOCOL_1_1, MAX_OUTPUT_BYTES, DEFAULT_MEMORY_MB } from '../src/jobs/constants.js'
import { ChunkKind, FrameStream, chunkFrames } from '../src/jobs/frames.js'
import { openBid, openResult, sealAck, sealBid } from '../src/jobs/records.js'
import { offerBytes } from '../src/jobs/worker.js'
import { sha256, toHex } from '../src/utils/hash.js'
import type { ShoalNode } from '../src/create.js'
import type { JobExecutor } from '../src/jobs/types.js'
import type { Offer } from '../src/pb/job.js'
import type { PeerId, PeerStore, PrivateKey, Stream } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'

const ECHO_PROTOCOL = '/shoal-bench/echo/1.0.0'
/** the executor's worker entry, as src/executors/pool.ts starts it */
const WASM_WORKER = new URL('../src/executors/wasm-worker.js', import.meta.url)
/** an ES module worker that only says hello: what any thread costs */
const EMPTY_WORKER = new URL(`data:text/javascript,${encodeURIComponent('import { parentPort } from "node:worker_threads"; parentPort.postMessage(1)')}`)
const SELF = fileURLToPath(import.meta.url)
const READY_TIMEOUT_MS = 30_000
/** raw requests get the same stream allowance a worker gives job streams */
const STREAM_LIMIT = 256

const USAGE = `usage: node dist/scripts/bench-jobs.js [options]

  --worker child|inproc|both   where the worker peer runs (default child: its own process)
  --executor wasm|noop|both    wasm: the real executor, a worker thread per job; noop: the job
                               protocol alone, the worker echoes the input on its main thread
                               (default both)
  --samples N                  round-trip samples of each kind (default 300, at least 200 for the report)
  --rounds N                   throughput rounds of each kind (default 7)
  --round-ms N                 length of one throughput round (default 3000)
  --concurrency N              requests in flight during throughput rounds (default 64)
  --payload N                  bytes of input (job) and request (raw) (default 32)
  --breakdown N                job attempts timed phase by phase (default 100; 0 skips)
  --json                       print one JSON object with every figure
  -h, --help`

type Where = 'child' | 'inproc'
/** wasm: the real executor (a worker thread per job); noop: the job protocol alone, output = input on the worker's main thread */
type ExecutorKind = 'wasm' | 'noop'

interface Flags {
  worker: Where[]
  executor: ExecutorKind[]
  samples: number
  rounds: number
  roundMs: number
  concurrency: number
  payload: number
  breakdown: number
  json: boolean
}

function usageError (message: string): never {
  process.stderr.write(`bench-jobs: ${message} (--help for usage)\n`)
  process.exit(2)
}

function parseFlags (): Flags {
  let values
  try {
    ({ values } = parseArgs({
      options: {
        worker: { type: 'string', default: 'child' },
        executor: { type: 'string', default: 'both' },
        samples: { type: 'string', default: '300' },
        rounds: { type: 'string', default: '7' },
        'round-ms': { type: 'string', default: '3000' },
        concurrency: { type: 'string', default: '64' },
        payload: { type: 'string', default: '32' },
        breakdown: { type: 'string', default: '100' },
        json: { type: 'boolean', default: false },
        'serve-worker': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      },
      strict: true,
      allowPositionals: false
    }))
  } catch (err: any) {
    usageError(err.message.split('\n')[0])
  }
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const count = (name: string, text: string, min: number): number => {
    const n = Number(text)
    if (!/^\d+$/.test(text) || n < min) usageError(`--${name} takes a whole number ≥ ${min}, got "${text}"`)
    return n
  }
  const worker: Where[] = values.worker === 'both'
    ? ['child', 'inproc']
    : values.worker === 'child' || values.worker === 'inproc' ? [values.worker] : usageError(`--worker is child, inproc or both, got "${values.worker}"`)
  const executor: ExecutorKind[] = values.executor === 'both'
    ? ['wasm', 'noop']
    : values.executor === 'wasm' || values.executor === 'noop' ? [values.executor] : usageError(`--executor is wasm, noop or both, got "${values.executor}"`)
  return {
    worker,
    executor,
    samples: count('samples', values.samples, 1),
    rounds: count('rounds', values.rounds, 1),
    roundMs: count('round-ms', values['round-ms'], 100),
    concurrency: count('concurrency', values.concurrency, 1),
    payload: count('payload', values.payload, 1),
    breakdown: count('breakdown', values.breakdown, 0),
    json: values.json
  }
}

const progress = (text: string): void => { process.stderr.write(`bench-jobs: ${text}\n`) }

// ---------------------------------------------------------------- the job

/** a WASI command that copies stdin to stdout, 64 KiB at a time */
const ECHO_WAT = `(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "_start")
    (local $n i32)
    (block $done (loop $next
      ;; iovec at 0: buffer at 65536, 65536 bytes; the count lands at 8
      (i32.store (i32.const 0) (i32.const 65536))
      (i32.store (i32.const 4) (i32.const 65536))
      (br_if $done (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
      (local.set $n (i32.load (i32.const 8)))
      (br_if $done (i32.eqz (local.get $n)))
      (i32.store (i32.const 4) (local.get $n))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (br $next)))))`

async function echoModule (): Promise<Uint8Array> {
  const wabt = await wabtInit()
  const m = wabt.parseWat('echo.wat', ECHO_WAT)
  try {
    return m.toBinary({}).buffer
  } finally {
    m.destroy()
  }
}

// ---------------------------------------------------------------- peers

const meshOptions = {
  transports: ['tcp' as const],
  listen: ['/ip4/127.0.0.1/tcp/0'],
  api: false as const,
  localMesh: true
}

/** the job protocol's cost alone: output = input, at once, on the main thread */
function noopExecutor (slots: number): JobExecutor {
  let inUse = 0
  return {
    kinds: () => [],
    slots: () => ({ total: slots, inUse, queued: 0 }),
    run: async (request) => {
      inUse++
      try {
        await Promise.resolve()
        return { status: 'ok', exitCode: 0, output: request.input, stderr: new Uint8Array(), cpuMs: 0, wallMs: 0 }
      } finally {
        inUse--
      }
    }
  }
}

async function startWorker (slots: number, executor: ExecutorKind): Promise<ShoalNode> {
  const node = await createShoal({ ...meshOptions, capacity: { maxJobs: slots }, executor: executor === 'noop' ? noopExecutor(slots) : undefined })
  await node.libp2p.handle(ECHO_PROTOCOL, async (stream) => {
    try {
      const lp = lpStream(stream)
      const request = await lp.read({ signal: AbortSignal.timeout(10_000) })
      await lp.write(request)
      await stream.close()
    } catch (err: any) {
      stream.abort(err)
    }
  }, { maxInboundStreams: STREAM_LIMIT, maxOutboundStreams: STREAM_LIMIT })
  return node
}

/** the child process: a worker peer, told what to do over IPC */
async function serveWorker (): Promise<void> {
  const slots = Number(process.env.BENCH_SLOTS ?? 64)
  const node = await startWorker(slots, process.env.BENCH_EXECUTOR === 'noop' ? 'noop' : 'wasm')
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'cpu') process.send!({ type: 'cpu', usage: process.cpuUsage() })
    if (msg.type === 'stop') void node.stop().finally(() => process.exit(0))
  })
  process.on('disconnect', () => { void node.stop().finally(() => process.exit(0)) })
  process.send!({ type: 'ready', peerId: node.peerId.toString(), addresses: node.libp2p.getMultiaddrs().map(String) })
}

interface WorkerHandle {
  where: Where
  peerId: PeerId
  addresses: string[]
  pid: number
  /** CPU time of the worker's process so far, ms (in-process: the whole process, requester included) */
  cpuMs: () => Promise<number>
  stop: () => Promise<void>
}

async function launchWorker (where: Where, slots: number, executor: ExecutorKind): Promise<WorkerHandle> {
  if (where === 'inproc') {
    const node = await startWorker(slots, executor)
    return {
      where, peerId: node.peerId, addresses: node.libp2p.getMultiaddrs().map(String), pid: process.pid,
      cpuMs: async () => cpuOf(process.cpuUsage()),
      stop: async () => { await node.stop() }
    }
  }
  const child = fork(SELF, ['--serve-worker'], { env: { ...process.env, BENCH_SLOTS: String(slots), BENCH_EXECUTOR: executor }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  const exited = new Promise<void>(resolve => { child.once('exit', () => { resolve() }) })
  const ready = await new Promise<{ peerId: string, addresses: string[] }>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error('the worker process did not start in time')) }, READY_TIMEOUT_MS)
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the worker process exited with code ${code}`)) })
    child.on('message', (msg: any) => { if (msg.type === 'ready') { clearTimeout(timer); resolve(msg) } })
  })
  return {
    where,
    peerId: peerIdFromString(ready.peerId),
    addresses: ready.addresses,
    pid: child.pid!,
    cpuMs: async () => new Promise(resolve => {
      const onMessage = (msg: any): void => {
        if (msg.type !== 'cpu') return
        child.off('message', onMessage)
        resolve(cpuOf(msg.usage))
      }
      child.on('message', onMessage)
      child.send({ type: 'cpu' })
    }),
    stop: async () => {
      child.send({ type: 'stop' })
      const timer = setTimeout(() => { child.kill('SIGKILL') }, 15_000)
      await exited
      clearTimeout(timer)
    }
  }
}

const cpuOf = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000

// ---------------------------------------------------------------- one request of each kind

interface Ops {
  job: () => Promise<void>
  raw: () => Promise<void>
}

function makeOps (requester: ShoalNode, worker: PeerId, module: Uint8Array, payload: number): Ops {
  const workers = [worker.toString()]
  return {
    job: async () => {
      const input = crypto.getRandomValues(new Uint8Array(payload))
      const r = await requester.submit({ module, input, workers, maxAttempts: 1 }).result
      if (r.status !== 'succeeded') throw new Error(`job ${r.status}: ${r.reason ?? ''} ${r.message ?? ''} ${r.attempts.map(a => a.message).join('; ')}`)
      if (r.output == null || !uint8ArrayEquals(r.output, input)) throw new Error('the job echoed something else')
    },
    raw: async () => {
      const request = crypto.getRandomValues(new Uint8Array(payload))
      const signal = AbortSignal.timeout(10_000)
      const stream = await requester.libp2p.dialProtocol(worker, ECHO_PROTOCOL, { signal, maxOutboundStreams: STREAM_LIMIT })
      try {
        const lp = lpStream(stream)
        await lp.write(request, { signal })
        const response = await lp.read({ signal })
        await stream.close({ signal })
        if (!uint8ArrayEquals(response.subarray(), request)) throw new Error('the echo differs')
      } catch (err: any) {
        stream.abort(err)
        throw err
      }
    }
  }
}

// ---------------------------------------------------------------- statistics

interface Summary { n: number, p10: number, median: number, p90: number, mean: number }

function summary (xs: number[]): Summary {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number): number => {
    if (s.length === 0) return NaN
    const i = (s.length - 1) * q
    const lo = Math.floor(i)
    return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo)
  }
  return { n: s.length, p10: at(0.1), median: at(0.5), p90: at(0.9), mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) }
}

const median = (xs: number[]): number => summary(xs).median

// ---------------------------------------------------------------- (a) round trips

async function roundTrips (ops: Ops, samples: number): Promise<{ job: number[], raw: number[], failures: string[] }> {
  const job: number[] = []
  const raw: number[] = []
  const failures: string[] = []
  const time = async (op: () => Promise<void>, into: number[]): Promise<void> => {
    const t0 = performance.now()
    try {
      await op()
      into.push(performance.now() - t0)
    } catch (err: any) {
      failures.push(err.message)
    }
  }
  for (let i = 0; i < samples; i++) {
    // A B, then B A: neither kind always goes first
    if (i % 2 === 0) { await time(ops.job, job); await time(ops.raw, raw) } else { await time(ops.raw, raw); await time(ops.job, job) }
    if ((i + 1) % 50 === 0) progress(`  round trips ${i + 1}/${samples}`)
  }
  return { job, raw, failures }
}

// ---------------------------------------------------------------- (b) throughput

interface Round { ops: number, failed: number, seconds: number, perSecond: number, cpuRequesterMs: number, cpuWorkerMs: number }

async function throughputRound (op: () => Promise<void>, concurrency: number, ms: number, worker: WorkerHandle, failures: string[]): Promise<Round> {
  let ops = 0
  let failed = 0
  const cpu0 = cpuOf(process.cpuUsage())
  const wcpu0 = await worker.cpuMs()
  const start = performance.now()
  const stopAt = start + ms
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < stopAt) {
      try {
        await op()
        ops++
      } catch (err: any) {
        failed++
        if (failures.length < 20) failures.push(err.message)
        // a failing op must not spin
        await new Promise(resolve => setTimeout(resolve, 10))
      }
    }
  }))
  const seconds = (performance.now() - start) / 1000
  const cpuRequesterMs = cpuOf(process.cpuUsage()) - cpu0
  const cpuWorkerMs = (await worker.cpuMs()) - wcpu0
  return { ops, failed, seconds, perSecond: ops / seconds, cpuRequesterMs, cpuWorkerMs }
}

async function throughput (ops: Ops, flags: Flags, worker: WorkerHandle): Promise<{ job: Round[], raw: Round[], failures: string[] }> {
  const job: Round[] = []
  const raw: Round[] = []
  const failures: string[] = []
  const settle = async (): Promise<void> => { await new Promise(resolve => setTimeout(resolve, 250)) }
  for (let r = 0; r < flags.rounds; r++) {
    const order: Array<['job' | 'raw', () => Promise<void>, Round[]]> = [['job', ops.job, job], ['raw', ops.raw, raw]]
    if (r % 2 === 1) order.reverse()
    for (const [name, op, into] of order) {
      await settle()
      const round = await throughputRound(op, flags.concurrency, flags.roundMs, worker, failures)
      into.push(round)
      progress(`  throughput round ${r + 1}/${flags.rounds} ${name}: ${round.perSecond.toFixed(0)}/s (${round.ops} in ${round.seconds.toFixed(2)} s${round.failed > 0 ? `, ${round.failed} failed` : ''})`)
    }
  }
  return { job, raw, failures }
}

// ---------------------------------------------------------------- where a job's time goes

/**
 * The requester's side of one attempt (src/jobs/attempt.ts runAttempt),
 * replayed with a timestamp per phase, in the protocol version the worker
 * speaks (1.1.0: the input goes with the offer). The worker is the real
 * serveJob; its phases show as the waits between the frames it sends: the
 * wait for the bid (decide, sha-256 of the offer, sign the bid, ½ RTT), the
 * wait for the output and result (read and sha-256 the input, the executor,
 * sha-256 the output, sign the result, ½ RTT). Which part of a wait is the
 * worker's CPU shows in the parts timed alone (sign, verify, sha-256).
 */
const PHASES = [
  ['open', 'open the stream (yamux SYN + multistream-select, optimistic)'],
  ['hash', 'requester: sha-256 of the offer (input and module hashes are the service\'s, once per job / once per module)'],
  ['frames', 'requester: encode and write the frames (offer + input in one write on 1.1.0; ack)'],
  ['wait-bid', 'wait for the bid: worker decides, hashes the offer, signs the bid; + RTT'],
  ['verify', 'requester: verify the bid and the result (WebCrypto, off the loop), sha-256 of the output alongside'],
  ['wait-result', 'wait for output + result: worker hashes the input, runs the executor, hashes the output, signs the result'],
  ['sign', 'requester: sign the ack'],
] as const

type PhaseName = typeof PHASES[number][0]

async function timedAttempt (requester: ShoalNode, worker: PeerId, module: Uint8Array, payload: number): Promise<Record<PhaseName | 'total' | 'kept', number>> {
  const { connectionManager, privateKey, peerStore } = (requester.libp2p as unknown as { components: { connectionManager: ConnectionManager, privateKey: PrivateKey, peerStore: PeerStore } }).components
  const input = crypto.getRandomValues(new Uint8Array(payload))
  const v11 = (await peerStore.get(worker)).protocols.includes(JOB_PROTOCOL_1_1)
  const offer: Offer = {
    jobId: crypto.getRandomValues(new Uint8Array(16)), kind: 'wasm', moduleHash: await sha256(module), moduleSize: BigInt(module.byteLength),
    inputHash: await sha256(input), inputSize: BigInt(input.byteLength), args: [],
    limits: { memoryMb: DEFAULT_MEMORY_MB, timeoutMs: 60_000, maxOutputBytes: BigInt(MAX_OUTPUT_BYTES) },
    deadline: BigInt(Date.now() + 60_000), priceMilli: 1_000_000_000n, deterministic: true, seed: 0n, datasets: [], inputFollows: v11 ? true : undefined
  }
  const spent: Partial<Record<PhaseName | 'total' | 'kept', number>> = {}
  let last = performance.now()
  const t0 = last
  const mark = (name: PhaseName): void => { const now = performance.now(); spent[name] = (spent[name] ?? 0) + now - last; last = now }
  const signal = AbortSignal.timeout(60_000)
  const stream: Stream = await connectionManager.openStream(worker, v11 ? JOB_PROTOCOL_1_1 : JOB_PROTOCOL, { signal: AbortSignal.timeout(BID_TIMEOUT_MS) })
  mark('open')
  const fs = new FrameStream(stream)
  try {
    const offerHash = await sha256(offerBytes(offer))
    mark('hash')
    if (v11) await fs.writeMany([{ offer }, ...chunkFrames(ChunkKind.INPUT, input)])
    else await fs.write({ offer })
    mark('frames')
    const answer = await fs.expect('bid', signal, 'decline')
    mark('wait-bid')
    if (answer.bid == null) throw new Error(`declined: ${answer.decline?.message}`)
    const { record: bid } = await openBid(answer.bid.envelope)
    if (!uint8ArrayEquals(bid.offerHash, offerHash)) throw new Error('the bid is for another offer')
    mark('verify')
    if (bid.needModule) throw new Error('the module should be cached by now')
    if (!v11) await fs.sendChunks(ChunkKind.INPUT, input)
    mark('frames')
    const chunks: Uint8Array[] = []
    while (true) {
      const frame = await fs.expect('result', signal, 'progress', 'chunk')
      if (frame.progress != null) continue
      if (frame.chunk != null) { chunks.push(frame.chunk.data); continue }
      mark('wait-result')
      const output = chunks.length === 1 ? chunks[0] : new Uint8Array(chunks.flatMap(c => [...c]))
      const [{ record: result }, outputHash] = await Promise.all([openResult(frame.result!.envelope), sha256(output)])
      const matches = uint8ArrayEquals(result.outputHash, outputHash)
      mark('verify')
      const ack = await sealAck({ jobId: offer.jobId, worker: result.worker, requester: requester.peerId.toMultihash().bytes.slice(), outputHash, accepted: matches, ackedAt: BigInt(Date.now()) }, privateKey)
      mark('sign')
      await fs.write({ ack: { envelope: ack } })
      await stream.close()
      mark('frames')
      if (!matches || !uint8ArrayEquals(output, input)) throw new Error('wrong output')
      break
    }
    spent.total = last - t0
    // the worker's Kept: after the job is done (not part of its time), timed for the record
    await fs.awaitKept(AbortSignal.timeout(10_000))
    spent.kept = performance.now() - last
  } catch (err: any) {
    stream.abort(err)
    throw err
  }
  return spent as Record<PhaseName | 'total' | 'kept', number>
}

/** replayed attempts interleaved with submit() calls, so the two totals compare */
async function breakdown (requester: ShoalNode, worker: PeerId, module: Uint8Array, payload: number, n: number, submit: () => Promise<void>): Promise<Record<string, number>> {
  const samples: Array<Record<string, number>> = []
  const submits: number[] = []
  for (let i = 0; i < n; i++) {
    samples.push(await timedAttempt(requester, worker, module, payload))
    const t = performance.now()
    await submit()
    submits.push(performance.now() - t)
  }
  const medians: Record<string, number> = {}
  for (const key of [...PHASES.map(p => p[0]), 'total', 'kept']) medians[key] = median(samples.map(s => s[key] ?? 0))
  medians.submit = median(submits)
  return medians
}

/** the parts of a job timed alone, in this process, with nothing else running */
async function components (module: Uint8Array, payload: number, n: number): Promise<Record<string, Summary>> {
  const input = crypto.getRandomValues(new Uint8Array(payload))
  const timeIt = async (fn: () => Promise<unknown>, times = n): Promise<Summary> => {
    for (let i = 0; i < 5; i++) await fn()
    const xs: number[] = []
    for (let i = 0; i < times; i++) {
      const t = performance.now()
      await fn()
      xs.push(performance.now() - t)
    }
    return summary(xs)
  }
  const executor = nodeExecutor({ slots: 1 })
  const request = { kind: 'wasm', module, input, args: [], deterministic: true, seed: 0, limits: { memoryMb: DEFAULT_MEMORY_MB, timeoutMs: 60_000, maxOutputBytes: MAX_OUTPUT_BYTES } }
  const executorRun = await timeIt(async () => executor.run(request, { signal: new AbortController().signal }))
  await executor.close?.()
  const checked = checkJob({ module, input })
  const sandbox = await timeIt(async () => runModule(checked, { onOutput: () => {} }))
  const bareThread = await timeIt(async () => {
    const w = new Worker(EMPTY_WORKER)
    await new Promise(resolve => w.once('message', resolve))
    await w.terminate()
  })
  // the executor's own thread (src/executors/pool.ts inWorker), split: start to 'done', then terminate
  const toDone: number[] = []
  const terminate: number[] = []
  for (let i = 0; i < n + 5; i++) {
    const t0 = performance.now()
    const w = new Worker(WASM_WORKER, { workerData: checked, resourceLimits: WORKER_RESOURCE_LIMITS, env: {}, stdin: false })
    await new Promise<void>(resolve => { w.on('message', (msg: { type: string }) => { if (msg.type === 'done') resolve() }) })
    const t1 = performance.now()
    await w.terminate()
    if (i >= 5) { toDone.push(t1 - t0); terminate.push(performance.now() - t1) }
  }
  const { generateKeyPair } = await import('@libp2p/crypto/keys')
  const key = await generateKeyPair('Ed25519')
  const bidRecord = {
    jobId: new Uint8Array(16), worker: peerIdFromPrivate(key), requester: peerIdFromPrivate(key), offerHash: new Uint8Array(32),
    priceMilli: 0n, expiresAt: 0n, needModule: false
  }
  const sealed = await sealBid(bidRecord, key)
  const sign = await timeIt(async () => sealBid(bidRecord, key))
  const verify = await timeIt(async () => openBid(sealed))
  const hash = await timeIt(async () => sha256(input))
  return {
    executorRun,
    wasmThreadToDone: summary(toDone),
    wasmThreadTerminate: summary(terminate),
    emptyThread: bareThread,
    sandboxOnMainThread: sandbox,
    signEnvelope: sign,
    verifyEnvelope: verify,
    sha256Input: hash
  }
}

function peerIdFromPrivate (key: PrivateKey): Uint8Array<ArrayBuffer> {
  return peerIdFromPrivateKey(key).toMultihash().bytes.slice()
}

// ---------------------------------------------------------------- one mode

interface ModeResult {
  worker: Where
  executor: ExecutorKind
  connections: number
  roundTrip: { job: Summary, raw: Summary, ratio: number, failures: number, failureSamples: string[] }
  throughput: {
    concurrency: number
    roundMs: number
    job: { perSecond: Summary, rounds: Round[] }
    raw: { perSecond: Summary, rounds: Round[] }
    ratio: number
    cpuMsPerJob: { requester: number, worker: number }
    cpuMsPerRaw: { requester: number, worker: number }
    failures: number
    failureSamples: string[]
  }
  breakdown?: Record<string, number>
}

async function runMode (where: Where, executor: ExecutorKind, flags: Flags, module: Uint8Array): Promise<ModeResult> {
  progress(`worker ${where === 'child' ? 'in a child process' : 'in this process'}, ${executor} executor: starting two peers on 127.0.0.1 (tcp, noise, yamux)`)
  const worker = await launchWorker(where, flags.concurrency, executor)
  const requester = await createShoal({ ...meshOptions, executor: false, capacity: { advertise: false } })
  try {
    await requester.libp2p.dial(multiaddr(worker.addresses[0]))
    const ops = makeOps(requester, worker.peerId, module, flags.payload)

    progress('warming up (module cache, JIT, connection)')
    for (let i = 0; i < 30; i++) { await ops.job(); await ops.raw() }
    const connections = requester.libp2p.getConnections(worker.peerId).length

    progress(`(a) round trips: ${flags.samples} of each, interleaved`)
    const rt = await roundTrips(ops, flags.samples)
    const job = summary(rt.job)
    const raw = summary(rt.raw)

    progress(`(b) throughput: ${flags.rounds} rounds of each, ${flags.concurrency} in flight, ${flags.roundMs} ms each`)
    const tp = await throughput(ops, flags, worker)
    const jobRate = summary(tp.job.map(r => r.perSecond))
    const rawRate = summary(tp.raw.map(r => r.perSecond))
    const perOp = (rounds: Round[], side: 'cpuRequesterMs' | 'cpuWorkerMs'): number => median(rounds.map(r => r[side] / Math.max(1, r.ops)))

    let phases: Record<string, number> | undefined
    if (flags.breakdown > 0) {
      progress(`where the time goes: ${flags.breakdown} job attempts timed phase by phase`)
      phases = await breakdown(requester, worker.peerId, module, flags.payload, flags.breakdown, ops.job)
    }
    return {
      worker: where,
      executor,
      connections,
      roundTrip: { job, raw, ratio: job.median / raw.median, failures: rt.failures.length, failureSamples: rt.failures.slice(0, 5) },
      throughput: {
        concurrency: flags.concurrency,
        roundMs: flags.roundMs,
        job: { perSecond: jobRate, rounds: tp.job },
        raw: { perSecond: rawRate, rounds: tp.raw },
        ratio: jobRate.median / rawRate.median,
        cpuMsPerJob: { requester: perOp(tp.job, 'cpuRequesterMs'), worker: perOp(tp.job, 'cpuWorkerMs') },
        cpuMsPerRaw: { requester: perOp(tp.raw, 'cpuRequesterMs'), worker: perOp(tp.raw, 'cpuWorkerMs') },
        failures: tp.job.reduce((n, r) => n + r.failed, 0) + tp.raw.reduce((n, r) => n + r.failed, 0),
        failureSamples: tp.failures.slice(0, 5)
      },
      breakdown: phases
    }
  } finally {
    await requester.stop()
    await worker.stop()
  }
}

// ---------------------------------------------------------------- output

const ms = (x: number): string => x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`
const pad = (s: string, n: number): string => s.padEnd(n)
const lpad = (s: string, n: number): string => s.padStart(n)

function modeTitle (m: ModeResult): string {
  const where = m.worker === 'child' ? 'worker in a child process (own event loop)' : 'worker in the requester\'s process (one event loop for both peers)'
  const executor = m.executor === 'wasm' ? 'wasm executor (a worker thread per job)' : 'no-op executor (the protocol alone: output = input, no thread)'
  return `${where}, ${executor}`
}

function printMode (m: ModeResult, flags: Flags): void {
  console.log(`\n== ${modeTitle(m)}; ${m.connections} connection between the peers`)
  console.log(`\n(a) round trip, ${flags.payload}-byte payload, median of ${m.roundTrip.job.n} job / ${m.roundTrip.raw.n} raw samples, interleaved`)
  console.log(`    ${pad('', 34)}${lpad('p10', 10)}${lpad('median', 10)}${lpad('p90', 10)}`)
  for (const [name, s] of [[`job   ${JOB_PROTOCOL}`, m.roundTrip.job], [`raw   ${ECHO_PROTOCOL}`, m.roundTrip.raw]] as const) {
    console.log(`    ${pad(name, 34)}${lpad(ms(s.p10), 10)}${lpad(ms(s.median), 10)}${lpad(ms(s.p90), 10)}`)
  }
  console.log(`    job RTT / raw RTT = ${m.roundTrip.ratio.toFixed(1)}×   (goal ≤ 1.5×: ${m.roundTrip.ratio <= 1.5 ? 'met' : 'NOT met'})`)
  if (m.roundTrip.failures > 0) console.log(`    ${m.roundTrip.failures} failed, e.g. ${m.roundTrip.failureSamples[0]}`)

  const t = m.throughput
  console.log(`\n(b) throughput, ${t.concurrency} in flight, median of ${t.job.rounds.length} rounds of ${t.roundMs} ms each, interleaved`)
  console.log(`    job   ${lpad(t.job.perSecond.median.toFixed(0), 7)} /s   (rounds ${t.job.rounds.map(r => r.perSecond.toFixed(0)).join(', ')})   CPU per job: requester ${ms(t.cpuMsPerJob.requester)}, worker ${m.worker === 'child' ? ms(t.cpuMsPerJob.worker) : '(same process)'}`)
  console.log(`    raw   ${lpad(t.raw.perSecond.median.toFixed(0), 7)} /s   (rounds ${t.raw.rounds.map(r => r.perSecond.toFixed(0)).join(', ')})   CPU per request: requester ${ms(t.cpuMsPerRaw.requester)}, worker ${m.worker === 'child' ? ms(t.cpuMsPerRaw.worker) : '(same process)'}`)
  console.log(`    job throughput / raw throughput = ${(t.ratio * 100).toFixed(1)} %   (goal ≥ 50 %: ${t.ratio >= 0.5 ? 'met' : 'NOT met'})`)
  if (t.failures > 0) console.log(`    ${t.failures} failed, e.g. ${t.failureSamples[0]}`)

  if (m.breakdown != null) {
    console.log(`\n    where a job's time goes: median per phase of ${flags.breakdown} attempts replayed on the requester side (as src/jobs/attempt.ts),`)
    console.log('    one at a time; the worker is src/jobs/worker.ts as it is, seen through the frames it sends')
    for (const [key, what] of PHASES) console.log(`    ${lpad(ms(m.breakdown[key]), 10)}  ${what}`)
    console.log(`    ${lpad(ms(m.breakdown.total), 10)}  total of one attempt to its verified result (median of the sums)`)
    console.log(`    ${lpad(ms(m.breakdown.kept), 10)}  then the worker's Kept (receipt on disk), after the job is done`)
    console.log(`    ${lpad(ms(m.breakdown.submit), 10)}  submit() to result, interleaved with those attempts: the service adds ${ms(m.breakdown.submit - m.breakdown.total)} (hashing module and input, job records, scheduling)`)
  }
}

function printComponents (c: Record<string, Summary>): void {
  console.log('\n== the parts, timed alone in this process before the peers start (median)')
  const rows: Array<[string, string]> = [
    ['executorRun', 'nodeExecutor().run(): one wasm job, start to result (src/executors/pool.ts: a fresh worker thread per job)'],
    ['wasmThreadToDone', '  of which: new Worker(wasm-worker.js) to its "done" message'],
    ['wasmThreadTerminate', '  of which: worker.terminate(), awaited before the result is returned'],
    ['emptyThread', 'an empty ES module worker thread: start, first message, terminate'],
    ['sandboxOnMainThread', 'runModule() without a thread: prepare, compile, instantiate, run'],
    ['signEnvelope', 'seal one record (Ed25519 sign)'],
    ['verifyEnvelope', 'open one record (Ed25519 verify)'],
    ['sha256Input', 'sha-256 of the input (WebCrypto)']
  ]
  for (const [key, what] of rows) console.log(`    ${lpad(ms(c[key].median), 10)}  ${what}`)
}

// ---------------------------------------------------------------- main

async function main (): Promise<void> {
  const flags = parseFlags()
  // the machine may be shared: the load before and after says how much to trust the figures
  const loadBefore = loadavg()
  const module = await echoModule()
  const modes: ModeResult[] = []
  progress('timing the parts alone, before any peer starts')
  const parts = await components(module, flags.payload, 50)
  for (const where of flags.worker) {
    for (const executor of flags.executor) modes.push(await runMode(where, executor, flags, module))
  }
  const host = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}`, loadBefore, loadAfter: loadavg() }
  // the two ratios of every mode, side by side
  const ratios = Object.fromEntries(modes.map(m => [`${m.worker}/${m.executor}`, { roundTrip: m.roundTrip.ratio, throughput: m.throughput.ratio, jobMs: m.roundTrip.job.median, rawMs: m.roundTrip.raw.median }]))
  const notes: string[] = []
  for (const m of modes) {
    const label = `${m.worker}/${m.executor}`
    const b = m.breakdown
    if (b != null && m.executor === 'wasm' && b.execute > b.total / 2) {
      notes.push(`${label}: ${ms(b.execute)} of a ${ms(b.total)} job attempt is the executor: every wasm job starts a fresh worker thread and terminates it before answering (src/executors/pool.ts); that, not the protocol, dominates the round trip`)
    }
    if (m.throughput.ratio < 0.5) {
      const t = m.throughput
      const job = m.worker === 'child' ? `${ms(t.cpuMsPerJob.requester)} CPU on the requester and ${ms(t.cpuMsPerJob.worker)} on the worker` : `${ms(t.cpuMsPerJob.requester)} CPU (both peers${m.executor === 'wasm' ? ' and the job threads' : ''})`
      const raw = ms(t.cpuMsPerRaw.requester + (m.worker === 'child' ? t.cpuMsPerRaw.worker : 0))
      notes.push(`${label}: job throughput is ${(t.ratio * 100).toFixed(1)} % of raw: a job costs ${job}, a raw request ${raw} in all; on ${host.cores} cores that caps the rate`)
    }
    if (m.connections !== 1) notes.push(`${label}: ${m.connections} connections between the peers (expected 1)`)
  }
  if (flags.executor.includes('wasm')) notes.push(`the worker has ${flags.concurrency} slots (capacity.maxJobs) on ${host.cores} cores: at most ${host.cores} job threads make progress at once, and the requester shares the cores`)
  if (flags.json) {
    console.log(JSON.stringify({
      command: process.argv.slice(1).join(' '),
      host,
      transport: 'tcp 127.0.0.1, noise, yamux',
      date: new Date().toISOString(),
      ratios,
      payloadBytes: flags.payload,
      moduleBytes: module.byteLength,
      modes,
      parts,
      notes
    }, null, 2))
    return
  }
  console.log(`Shoal job benchmark: 2 peers on loopback TCP (noise + yamux), ${flags.payload}-byte payload, echo WASI module of ${module.byteLength} bytes (cached on the worker)`)
  console.log(`host: ${host.cores} cores (${host.cpu}), node ${host.node}, ${host.platform}; module ${toHex(await sha256(module)).slice(0, 12)}…`)
  console.log(`load average ${loadBefore.map(x => x.toFixed(2)).join(' ')} before, ${host.loadAfter.map(x => x.toFixed(2)).join(' ')} after`)
  for (const [label, r] of Object.entries(ratios)) console.log(`${label}: round trip ${r.roundTrip.toFixed(2)}× raw (${ms(r.jobMs)} vs ${ms(r.rawMs)}), throughput ${(r.throughput * 100).toFixed(1)} % of raw`)
  for (const m of modes) printMode(m, flags)
  printComponents(parts)
  console.log('\nnotes:')
  for (const n of notes) console.log(`  - ${n}`)
}

if (process.argv.includes('--serve-worker')) {
  await serveWorker()
} else {
  await main()
  process.exit(0)
}
