/**
 * Micro-benchmark of the WebAssembly executor alone (no mesh): trivial jobs
 * one after another, and two at a time, on an Executor with 2 slots.
 *
 *   node dist/test/executors/bench-warm.js [--jobs N] [--executor PATH] [--fresh] [--lazy] [--json]
 *
 * --executor: the executors index.js to load (default: this build's), so a
 * copy of an older build can be measured the same way. --fresh: the executor
 * is created with reuseThreads: false (a new thread per job) where it knows
 * that option; --lazy: replaceThreads: 'lazy'. Not a test: mocha only picks up *.spec.js.
 */
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { wat } from './fixtures.js'

/** copies stdin to stdout: the same trivial job as scripts/bench-jobs.ts */
const ECHO_WAT = `(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "_start")
    (local $n i32)
    (block $done (loop $next
      (i32.store (i32.const 0) (i32.const 65536))
      (i32.store (i32.const 4) (i32.const 65536))
      (br_if $done (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
      (local.set $n (i32.load (i32.const 8)))
      (br_if $done (i32.eqz (local.get $n)))
      (i32.store (i32.const 4) (local.get $n))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (br $next)))))`

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '200' },
    executor: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    lazy: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false }
  }
})
const N = Number(values.jobs)
const url = values.executor === undefined ? new URL('../../src/executors/index.js', import.meta.url).href : pathToFileURL(resolve(values.executor)).href
const lib = await import(url)

const q = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] }
const r2 = (x: number | undefined): number | undefined => x === undefined ? undefined : Math.round(x * 1000) / 1000
const stats = (xs: number[]): { p10?: number, median?: number, p90?: number } => ({ p10: r2(q(xs, 0.1)), median: r2(q(xs, 0.5)), p90: r2(q(xs, 0.9)) })
const threadsStarted = (e: any): number | undefined => typeof e.threads === 'function' ? e.threads().started : undefined

const module = await wat(ECHO_WAT)
const input = new TextEncoder().encode('x'.repeat(32))
const make = (): any => new lib.Executor({ slots: 2, ...(values.fresh ? { reuseThreads: false } : {}), ...(values.lazy ? { replaceThreads: 'lazy' } : {}) })

async function sequential (): Promise<Record<string, unknown>> {
  const ex = make()
  try {
    const t0 = performance.now()
    const first = await ex.run({ module, input })
    const firstMs = performance.now() - t0
    const wall: number[] = []
    const inner: number[] = []
    const cpu: number[] = []
    const c0 = process.cpuUsage()
    const t1 = performance.now()
    for (let i = 0; i < N; i++) {
      const t = performance.now()
      const r = await ex.run({ module, input })
      wall.push(performance.now() - t)
      if (r.status !== 'ok' || r.stdout.length !== 32) throw new Error(`job failed: ${r.reason}: ${r.message}`)
      inner.push(r.wallMs)
      if (r.cpuMs !== undefined) cpu.push(r.cpuMs)
    }
    const elapsed = performance.now() - t1
    const c = process.cpuUsage(c0)
    return {
      firstJobMs: r2(firstMs),
      firstJobStatus: first.status,
      callerWallMs: stats(wall),
      resultWallMs: stats(inner),
      resultCpuMs: stats(cpu),
      jobsPerSecond: Math.round(N / elapsed * 1000),
      processCpuMsPerJob: r2((c.user + c.system) / 1000 / N),
      threadsStarted: threadsStarted(ex) ?? `${N + 1} (one per job)`
    }
  } finally {
    await ex.close()
  }
}

async function twoAtATime (): Promise<Record<string, unknown>> {
  const ex = make()
  try {
    await Promise.all([ex.run({ module, input }), ex.run({ module, input })])
    const t0 = performance.now()
    let next = 0
    const lane = async (): Promise<void> => {
      while (next++ < N) {
        const r = await ex.run({ module, input })
        if (r.status !== 'ok') throw new Error(`job failed: ${r.reason}: ${r.message}`)
      }
    }
    await Promise.all([lane(), lane()])
    const elapsed = performance.now() - t0
    return { jobsPerSecond: Math.round(N / elapsed * 1000), threadsStarted: threadsStarted(ex) ?? `${N + 2} (one per job)` }
  } finally {
    await ex.close()
  }
}

async function afterTimeout (): Promise<Record<string, unknown>> {
  const ex = make()
  try {
    await ex.run({ module, input })
    const loop = await wat('(module (memory (export "memory") 1 1) (func (export "_start") (loop $l (br $l))))')
    const timedOut = await ex.run({ module: loop, limits: { timeoutMs: 200 } })
    // the next job comes a little later, as it would from the network
    await new Promise(resolve => setTimeout(resolve, 50))
    const t = performance.now()
    const r = await ex.run({ module, input })
    return { timeoutStatus: `${timedOut.status}/${timedOut.reason}`, timeoutCpuMs: r2(timedOut.cpuMs), nextJobMs: r2(performance.now() - t), nextJobStatus: r.status }
  } finally {
    await ex.close()
  }
}

const report = { executor: url, jobs: N, sequential: await sequential(), twoAtATime: await twoAtATime(), afterTimeout: await afterTimeout() }
console.log(values.json ? JSON.stringify(report) : JSON.stringify(report, null, 2))
