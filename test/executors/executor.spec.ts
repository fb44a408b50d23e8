import { expect } from 'chai'
import { existsSync, readFileSync } from 'node:fs'
import { Executor, DETERMINISTIC_EPOCH_NS } from '../../src/executors/index.js'
import type { ExecutionResult, WasmJob } from '../../src/executors/index.js'
import * as F from './fixtures.js'

const expectFailed = (r: ExecutionResult, reason: string, message?: RegExp): void => {
  expect(r.status, `${r.reason ?? ''}: ${r.message ?? ''}`).to.equal('failed')
  expect(r.reason, r.message).to.equal(reason)
  if (message !== undefined) expect(r.message).to.match(message)
}

describe('executors: WebAssembly executor', function () {
  this.timeout(30_000)
  let executor: Executor
  let hello: Uint8Array
  before(async () => {
    executor = new Executor({ slots: 2 })
    hello = await F.wat(F.HELLO)
  })
  after(async () => { await executor.close() })

  /** the executor still serves a normal job */
  const stillServes = async (): Promise<void> => {
    const r = await executor.run({ module: hello, args: ['after'] })
    expect(r.status).to.equal('ok')
    expect(F.text(r.stdout)).to.equal('job after\n')
  }

  it('runs a module: argv, env and stdin in, stdout out, exit code 0', async () => {
    const r = await executor.run({ module: hello, args: ['hello', 'world'], env: { B: '2', A: '1' }, input: F.bytes('from stdin') })
    expect(r.status).to.equal('ok')
    expect(r.exitCode).to.equal(0)
    // env arrives sorted by name, whatever the key order of the job
    expect(F.text(r.stdout)).to.equal('job hello world\nA=1\nB=2\nfrom stdin')
    expect(r.stderr.length).to.equal(0)
    expect(r.wallMs).to.be.greaterThan(0)
    expect(r.cpuMs).to.be.a('number').and.greaterThan(0)
    expect(r.memoryBytes).to.equal(2 * 65536)
  })

  it('a non-zero exit is a completed job with its exit code and stderr', async () => {
    const r = await executor.run({ module: await F.wat(F.EXIT_3) })
    expect(r.status).to.equal('ok')
    expect(r.exitCode).to.equal(3)
    expect(F.text(r.stderr)).to.equal('failing\n')
  })

  it('deterministic mode gives the same bytes on every run and executor; a seed changes the random bytes', async () => {
    const module = await F.wat(F.CLOCK_RANDOM)
    const other = new Executor({ slots: 1 })
    try {
      const [a, b, seeded] = await Promise.all([executor.run({ module }), other.run({ module }), executor.run({ module, seed: 42 })])
      expect(a.status).to.equal('ok')
      expect(a.stdout.length).to.equal(56)
      expect(Buffer.from(a.stdout).equals(Buffer.from(b.stdout))).to.equal(true)
      const view = new DataView(a.stdout.buffer, a.stdout.byteOffset)
      expect(view.getBigUint64(0, true)).to.equal(DETERMINISTIC_EPOCH_NS)
      // the virtual clock moves forward on every reading
      expect(view.getBigUint64(16, true) > view.getBigUint64(8, true)).to.equal(true)
      expect(Buffer.from(seeded.stdout.subarray(24)).equals(Buffer.from(a.stdout.subarray(24)))).to.equal(false)
      expect(Buffer.from(seeded.stdout.subarray(0, 24)).equals(Buffer.from(a.stdout.subarray(0, 24)))).to.equal(true)
    } finally {
      await other.close()
    }
  })

  it('non-deterministic mode reads the real clock and crypto randomness', async () => {
    const module = await F.wat(F.CLOCK_RANDOM)
    const before = BigInt(Date.now()) * 1_000_000n
    const [a, b] = await Promise.all([executor.run({ module, deterministic: false }), executor.run({ module, deterministic: false })])
    expect(a.status).to.equal('ok')
    const now = new DataView(a.stdout.buffer, a.stdout.byteOffset).getBigUint64(0, true)
    expect(now >= before - 1_000_000_000n).to.equal(true)
    expect(Buffer.from(a.stdout.subarray(24)).equals(Buffer.from(b.stdout.subarray(24)))).to.equal(false)
  })

  describe('hostile modules fail with a reason, and the executor keeps serving', () => {
    const cases: Array<[string, () => Promise<WasmJob>, string, RegExp]> = [
      ['an infinite loop', async () => ({ module: await F.wat(F.INFINITE_LOOP), limits: { timeoutMs: 500 } }), 'timeout', /longer than 500 ms/],
      ['a memory bomb', async () => ({ module: await F.wat(F.MEMORY_BOMB), limits: { memoryMb: 32 } }), 'memory', /memory limit of 32 MiB/],
      ['huge output', async () => ({ module: await F.wat(F.HUGE_OUTPUT), limits: { maxOutputBytes: 1_000_000 } }), 'output-too-large', /output exceeds 1000000 bytes/],
      ['a trap', async () => ({ module: await F.wat(F.TRAP) }), 'trap', /unreachable/],
      ['a stack overflow', async () => ({ module: await F.wat(F.STACK_OVERFLOW) }), 'trap', /stack overflow/],
      ['invalid bytes', async () => ({ module: F.bytes('#!/bin/sh\nrm -rf /') }), 'invalid-module', /not a WebAssembly module/],
      ['a module that does not validate', async () => ({ module: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x99]) }), 'invalid-module', /./],
      ['a host import', async () => ({ module: await F.wat(F.MISSING_IMPORT) }), 'missing-import', /env\.host_secret/],
      ['a call WASI preview 1 does not have', async () => ({ module: await F.wat(F.NOT_WASI_CALL) }), 'missing-import', /wasi_snapshot_preview1\.open_socket_please/],
      ['GC types', async () => ({ module: F.GC_ARRAY }), 'invalid-module', /GC types/],
      ['tables too big for the worker heap', async () => ({ module: await F.wat('(module (memory (export "memory") 1) (table 10000000 funcref) (func (export "_start")))') }), 'memory', /tables need 10000000 entries/],
      ['tables growing without end', async () => ({ module: await F.wat(F.TABLE_GROWER, { reference_types: true, bulk_memory: true }) }), 'trap', /unreachable/],
      ['no _start', async () => ({ module: await F.wat(F.NO_START) }), 'invalid-module', /_start/],
      ['input over the cap', async () => ({ module: hello, input: new Uint8Array(65 * 1024 * 1024) }), 'input-too-large', /exceeds the limit/],
      ['limits above the ceiling', async () => ({ module: hello, limits: { memoryMb: 100_000 } }), 'invalid-job', /memoryMb/]
    ]
    for (const [name, job, reason, message] of cases) {
      it(`${name} → ${reason}`, async () => {
        const r = await executor.run(await job())
        expectFailed(r, reason, message)
        // a stopped worker's CPU time is read from outside before it is terminated
        if (reason === 'timeout') expect(r.cpuMs).to.be.a('number').and.greaterThan(0)
        await stillServes()
      })
    }

    it('a module without a memory maximum is capped (its maximum is rewritten), not refused', async () => {
      const module = await F.wat(F.NO_MAX)
      const capped = await executor.run({ module, limits: { memoryMb: 1 } })
      expect(capped).to.include({ status: 'ok', exitCode: 0 })
      const roomy = await executor.run({ module, limits: { memoryMb: 2 } })
      expect(roomy).to.include({ status: 'ok', exitCode: 1 })
    })

    it('an imported memory is given with the cap as its maximum', async () => {
      const module = await F.wat(F.IMPORTED_MEMORY)
      expect(F.text((await executor.run({ module, limits: { memoryMb: 1 } })).stdout)).to.equal('imported -1')
      expect(F.text((await executor.run({ module, limits: { memoryMb: 2 } })).stdout)).to.equal('imported ok')
    })

    it('a module whose minimum memory is above the cap is refused before it runs', async () => {
      const r = await executor.run({ module: await F.wat('(module (memory (export "memory") 32) (func (export "_start")))'), limits: { memoryMb: 1 } })
      expectFailed(r, 'memory', /minimum 2 MiB exceeds the limit 1 MiB/)
    })

    it('a bad pointer handed to WASI gets EFAULT instead of crashing anything', async () => {
      const r = await executor.run({ module: await F.wat(F.BAD_POINTER) })
      expect(r).to.include({ status: 'ok', exitCode: 21 })
      expect(r.stdout.length).to.equal(0)
    })
  })

  it('a sleep in deterministic mode takes no time: the virtual clock jumps', async () => {
    const r = await executor.run({ module: await F.wat(F.sleeper(10_000_000_000n)) })
    const v = new DataView(r.stdout.buffer, r.stdout.byteOffset)
    expect(v.getBigUint64(0, true)).to.equal(7n)
    expect(v.getUint32(8, true)).to.equal(1)
    expect(v.getBigUint64(12, true) >= 10_000_000_000n).to.equal(true)
    expect(r.wallMs).to.be.lessThan(10_000)
  })

  it('a sleep in non-deterministic mode waits on the real clock', async () => {
    const r = await executor.run({ module: await F.wat(F.sleeper(20_000_000n)), deterministic: false })
    expect(r.status).to.equal('ok')
    expect(r.wallMs).to.be.at.least(20)
  })

  it('progress reported by the module reaches the caller', async () => {
    const seen: Array<[number, string | undefined]> = []
    const r = await executor.run({ module: await F.wat(F.PROGRESS) }, { onProgress: (f, m) => seen.push([f, m]) })
    expect(r.status).to.equal('ok')
    expect(seen).to.deep.equal([[0, 'running'], [0.5, undefined], [1, undefined]])
  })

  it('with 2 slots and 5 jobs, at most 2 run at once, the rest queue, and all finish', async () => {
    const changes: number[] = []
    const pool = new Executor({ slots: 2, onSlotsChanged: (n) => changes.push(n) })
    try {
      const runs = [1, 2, 3, 4, 5].map(i => pool.run({ module: hello, args: [String(i)] }))
      expect(pool.slots()).to.deep.equal({ total: 2, inUse: 2, queued: 3 })
      const results = await Promise.all(runs)
      expect(results.map(r => F.text(r.stdout))).to.deep.equal([1, 2, 3, 4, 5].map(i => `job ${i}\n`))
      expect(Math.max(...changes)).to.equal(2)
      expect(changes.at(-1)).to.equal(0)
      expect(pool.slots()).to.deep.equal({ total: 2, inUse: 0, queued: 0 })
    } finally {
      await pool.close()
    }
  })

  it('an AbortSignal cancels a running job (its worker is terminated) and a queued one', async () => {
    const pool = new Executor({ slots: 1 })
    try {
      const loop = await F.wat(F.PROGRESS_THEN_LOOP)
      const running = new AbortController()
      const queued = new AbortController()
      // abort once the module reports from inside its loop's prologue
      const first = pool.run({ module: loop }, { signal: running.signal, onProgress: (f) => { if (f > 0) running.abort() } })
      const second = pool.run({ module: loop }, { signal: queued.signal })
      expect(pool.slots().queued).to.equal(1)
      queued.abort()
      expectFailed(await second, 'cancelled', /queued/)
      expectFailed(await first, 'cancelled', /cancelled/)
      expect(pool.slots()).to.deep.equal({ total: 1, inUse: 0, queued: 0 })
      expect((await pool.run({ module: hello })).status).to.equal('ok')
    } finally {
      await pool.close()
    }
  })

  it('close() cancels what runs and what waits', async () => {
    const pool = new Executor({ slots: 1 })
    const loop = await F.wat(F.PROGRESS_THEN_LOOP)
    const { promise: started, resolve } = Promise.withResolvers<void>()
    const running = pool.run({ module: loop }, { onProgress: (f) => { if (f > 0) resolve() } })
    const waiting = pool.run({ module: loop })
    await started
    await pool.close()
    expectFailed(await running, 'cancelled', /executor closed/)
    expectFailed(await waiting, 'cancelled', /executor closed/)
  })

  describe('the AssemblyScript example jobs (when built by npm run build:jobs)', () => {
    const job = (name: string): Uint8Array | undefined => {
      const path = new URL(`../../../examples/jobs/build/${name}.wasm`, import.meta.url)
      return existsSync(path) ? readFileSync(path) : undefined
    }
    it('sha256 and primes run and give the documented answers', async function () {
      const sha = job('sha256')
      const primes = job('primes')
      if (sha === undefined || primes === undefined) this.skip()
      const [h, p] = await Promise.all([executor.run({ module: sha, input: F.bytes('abc') }), executor.run({ module: primes, args: ['1000000'] })])
      expect(F.text(h.stdout)).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
      expect(F.text(p.stdout)).to.equal('78498')
    })
  })
})
