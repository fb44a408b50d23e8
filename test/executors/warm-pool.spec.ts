import { expect } from 'chai'
import { execFile } from 'node:child_process'
import { Executor, ModuleCache } from '../../src/executors/index.js'
import type { CompiledModule, ExecutionResult } from '../../src/executors/index.js'
import * as F from './fixtures.js'

const W = 'wasi_snapshot_preview1'
const FD_WRITE = `(import "${W}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))`
const WRITE = `
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))`
const SECRET = '0x5ec2e75ec2e75ec2'

/**
 * stdout: the 8 bytes at 4096 and the value of a mutable global plus one (4
 * bytes); then it leaves a secret at 4096 and in the global. A fresh instance
 * and memory print 12 bytes: eight zeros, then 1.
 */
const peekThenPoke = (memory: string): string => `(module
  ${FD_WRITE}
  ${memory}
  (global $g (mut i32) (i32.const 0))
  ${WRITE}
  (func (export "_start")
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i64.store (i32.const 5000) (i64.load (i32.const 4096)))
    (i32.store (i32.const 5008) (global.get $g))
    (call $write (i32.const 1) (i32.const 5000) (i32.const 12))
    (i64.store (i32.const 4096) (i64.const ${SECRET}))
    (global.set $g (i32.const 0x5ec2e7))))`

/** leaves a secret at 4096, grows its memory and leaves one past the first MiB too, then exits 0 (or traps) */
const writer = (end: 'exit' | 'trap'): string => `(module
  (memory (export "memory") 1)
  (func (export "_start")
    (i64.store (i32.const 4096) (i64.const ${SECRET}))
    (drop (memory.grow (i32.const 16)))
    (i64.store (i32.const 1048576) (i64.const ${SECRET}))
    ${end === 'trap' ? 'unreachable' : ''}))`

/** a different module: prints the 8 bytes at 4096, and 8 bytes at 1 MiB after growing its memory like the writer */
const READER = `(module
  ${FD_WRITE}
  (memory (export "memory") 1)
  ${WRITE}
  (func (export "_start")
    (drop (memory.grow (i32.const 16)))
    (i64.store (i32.const 5000) (i64.load (i32.const 4096)))
    (i64.store (i32.const 5008) (i64.load (i32.const 1048576)))
    (call $write (i32.const 1) (i32.const 5000) (i32.const 16))))`

/** about 100 ms of CPU */
const BURN = `(module
  (memory (export "memory") 1 1)
  (func (export "_start") (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 150000000))))))`

/** grows its memory to 40 MiB and exits 0 */
const BIG_MEMORY = `(module
  (memory (export "memory") 1)
  (func (export "_start") (drop (memory.grow (i32.const 639)))))`

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const ok = (r: ExecutionResult): ExecutionResult => {
  expect(r.status, `${r.reason ?? ''}: ${r.message ?? ''}`).to.equal('ok')
  return r
}

describe('executors: warm threads', function () {
  this.timeout(30_000)
  let hello: Uint8Array
  const executors: Executor[] = []
  const make = (init: Partial<ConstructorParameters<typeof Executor>[0]> = {}): Executor => {
    const e = new Executor({ slots: 1, ...init })
    executors.push(e)
    return e
  }
  before(async () => { hello = await F.wat(F.HELLO) })
  afterEach(async () => { await Promise.all(executors.splice(0).map(async e => { await e.close() })) })

  it('many sequential jobs run on one thread, and compile their module once', async () => {
    const e = make({ slots: 2 })
    for (let i = 0; i < 100; i++) expect(F.text(ok(await e.run({ module: hello, args: [String(i)] })).stdout)).to.equal(`job ${i}\n`)
    expect(e.threads()).to.include({ started: 1, live: 1, idle: 1, reused: 99, compiled: 1, cached: 99 })
    // two at a time: two threads, no more
    await Promise.all([0, 1].map(async () => { for (let i = 0; i < 20; i++) ok(await e.run({ module: hello })) }))
    expect(e.threads()).to.include({ started: 2, live: 2, idle: 2 })
  })

  it('a reused thread gives the same bytes as a fresh one: the virtual clock and the PRNG restart with each job', async () => {
    const module = await F.wat(F.CLOCK_RANDOM)
    const warm = make()
    const fresh = make({ reuseThreads: false })
    for (const seed of [0, 42]) {
      const runs = [await warm.run({ module, seed }), await warm.run({ module, seed }), await warm.run({ module: hello }), await warm.run({ module, seed })]
      const once = ok(await fresh.run({ module, seed }))
      expect(once.stdout.length).to.equal(56)
      for (const r of [runs[0], runs[1], runs[3]]) expect(hex(ok(r).stdout)).to.equal(hex(once.stdout))
    }
    expect(warm.threads()).to.include({ started: 1, reused: 7 })
    expect(fresh.threads()).to.include({ started: 2, reused: 0, idle: 0 })
  })

  it('a job cannot see what the previous job left in memory or in a global, even with the compiled module reused', async () => {
    const e = make()
    for (const memory of ['(memory (export "memory") 1 1)', '(memory (export "memory") 1)', '(import "env" "memory" (memory 1))']) {
      const module = await F.wat(peekThenPoke(memory))
      for (let i = 0; i < 3; i++) expect(hex(ok(await e.run({ module })).stdout), memory).to.equal('0000000000000000' + '01000000')
    }
    // another module at the same addresses, after one that exited and after one that trapped
    for (const end of ['exit', 'trap'] as const) {
      const w = await e.run({ module: await F.wat(writer(end)) })
      expect(w.status).to.equal(end === 'exit' ? 'ok' : 'failed')
      expect(hex(ok(await e.run({ module: await F.wat(READER) })).stdout)).to.equal('00'.repeat(16))
    }
    expect(e.threads()).to.include({ started: 1, reused: 12 })
  })

  for (const replaceThreads of ['eager', 'lazy'] as const) {
    it(`a job after a timeout runs on a new thread and succeeds (replaceThreads: ${replaceThreads})`, async () => {
      const e = make({ replaceThreads })
      ok(await e.run({ module: hello }))
      const t = await e.run({ module: await F.wat(F.INFINITE_LOOP), limits: { timeoutMs: 300 } })
      expect(t).to.include({ status: 'failed', reason: 'timeout' })
      expect(e.threads()).to.include({ started: replaceThreads === 'eager' ? 2 : 1 })
      expect(F.text(ok(await e.run({ module: hello, args: ['after'] })).stdout)).to.equal('job after\n')
      expect(e.threads()).to.include({ started: 2, live: 1, idle: 1 })
    })
  }

  it('a thread is kept after a clean end (exit code, trap, refused module) and replaced after a limit or a cancel', async () => {
    const e = make({ replaceThreads: 'lazy' })
    const started = (): number => e.threads().started
    ok(await e.run({ module: hello }))
    const kept: Array<[string, Uint8Array, string]> = [
      ['non-zero exit', await F.wat(F.EXIT_3), 'ok'],
      ['trap', await F.wat(F.TRAP), 'trap'],
      ['stack overflow', await F.wat(F.STACK_OVERFLOW), 'trap'],
      ['invalid module', F.bytes('not wasm'), 'invalid-module'],
      ['missing import', await F.wat(F.MISSING_IMPORT), 'missing-import']
    ]
    for (const [name, module, how] of kept) {
      const r = await e.run({ module })
      expect(r.reason ?? r.status, name).to.equal(how)
      expect(started(), name).to.equal(1)
    }
    const replaced: Array<[string, () => Promise<ExecutionResult>, string]> = [
      ['memory', async () => e.run({ module: await F.wat(F.MEMORY_BOMB), limits: { memoryMb: 32 } }), 'memory'],
      ['output', async () => e.run({ module: await F.wat(F.HUGE_OUTPUT), limits: { maxOutputBytes: 100_000 } }), 'output-too-large'],
      ['cancel', async () => {
        const ac = new AbortController()
        return e.run({ module: await F.wat(F.PROGRESS_THEN_LOOP) }, { signal: ac.signal, onProgress: (f) => { if (f > 0) ac.abort() } })
      }, 'cancelled']
    ]
    for (const [name, run, how] of replaced) {
      const before = started()
      const r = await run()
      expect(r.reason ?? r.status, name).to.equal(how)
      ok(await e.run({ module: hello }))
      expect(started(), name).to.equal(before + 1)
      expect(e.threads().live, name).to.equal(1)
    }
  })

  it('a thread left idle with much memory of finished jobs not collected is replaced soon', async () => {
    const e = make({ dirtyIdleMs: 150 })
    ok(await e.run({ module: hello }))
    ok(await e.run({ module: await F.wat(BIG_MEMORY) }))
    // kept while jobs keep coming (V8 collects as the thread runs)
    ok(await e.run({ module: hello }))
    expect(e.threads()).to.include({ started: 1, reused: 2 })
    await new Promise(resolve => setTimeout(resolve, 500))
    // then terminated and replaced; a clean idle thread stays
    expect(e.threads()).to.include({ started: 2, live: 1, idle: 1 })
    ok(await e.run({ module: hello }))
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(e.threads()).to.include({ started: 2, live: 1, idle: 1 })
  })

  it('cpuMs is each job\'s own CPU time, not the thread\'s', async () => {
    const e = make()
    const burn = ok(await e.run({ module: await F.wat(BURN) }))
    expect(burn.cpuMs).to.be.greaterThan(20)
    const small: number[] = []
    for (let i = 0; i < 20; i++) small.push(ok(await e.run({ module: hello })).cpuMs as number)
    expect(Math.max(...small)).to.be.lessThan(burn.cpuMs as number / 4)
    expect(small.reduce((a, b) => a + b, 0)).to.be.greaterThan(0)
    // read from outside for a stopped job, less what the thread had used before it
    const t = await e.run({ module: await F.wat(F.INFINITE_LOOP), limits: { timeoutMs: 200 } })
    expect(t.reason).to.equal('timeout')
    expect(t.cpuMs).to.be.greaterThan(0)
    expect(t.cpuMs).to.be.lessThan(t.wallMs + 50)
    expect(e.threads()).to.include({ started: 2 })
  })

  it('the module cache keys on the memory cap too (the cap is written into the binary)', async () => {
    const e = make()
    const module = await F.wat(F.NO_MAX)
    expect(ok(await e.run({ module, limits: { memoryMb: 1 } })).exitCode).to.equal(0)
    expect(ok(await e.run({ module, limits: { memoryMb: 2 } })).exitCode).to.equal(1)
    expect(ok(await e.run({ module, limits: { memoryMb: 1 } })).exitCode).to.equal(0)
    expect(e.threads()).to.include({ started: 1, compiled: 2, cached: 1 })
  })

  it('a thread is replaced after its thousandth job', async () => {
    const e = make({ replaceThreads: 'lazy' })
    const module = await F.wat('(module (memory (export "memory") 1 1) (func (export "_start")))')
    for (let i = 0; i < 1001; i++) ok(await e.run({ module }))
    expect(e.threads()).to.include({ started: 2 })
  })

  it('close() terminates idle threads, threads idle too long go, and idle threads do not keep the process alive', async () => {
    const e = make({ slots: 2 })
    await Promise.all([e.run({ module: hello }), e.run({ module: hello })])
    expect(e.threads()).to.include({ live: 2, idle: 2 })
    await e.close()
    expect(e.threads()).to.include({ live: 0, idle: 0 })
    expect((await e.run({ module: hello })).reason).to.equal('cancelled')

    // threads idle too long go
    const brief = make({ slots: 2, idleThreadMs: 100 })
    await Promise.all([brief.run({ module: hello }), brief.run({ module: hello })])
    expect(brief.threads()).to.include({ live: 2, idle: 2 })
    await new Promise(resolve => setTimeout(resolve, 400))
    expect(brief.threads()).to.include({ live: 0, idle: 0 })
    ok(await brief.run({ module: hello }))
    expect(brief.threads()).to.include({ started: 3, live: 1, idle: 1 })

    // a process that runs a job and never closes its executor still exits
    const script = `
      const { Executor } = await import(process.env.EXECUTORS)
      const e = new Executor({ slots: 2 })
      const r = await e.run({ module: Buffer.from(process.env.MODULE, 'base64') })
      console.log(r.status, e.threads().idle)`
    const started = performance.now()
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], {
        timeout: 15_000,
        env: { EXECUTORS: new URL('../../src/executors/index.js', import.meta.url).href, MODULE: Buffer.from(hello).toString('base64') }
      }, (err, out) => { if (err !== null) reject(err); else resolve(out) })
    })
    expect(stdout.trim()).to.equal('ok 1')
    expect(performance.now() - started).to.be.lessThan(10_000)
  })
})

describe('executors: the compiled-module cache', () => {
  const compiled = (size: number): CompiledModule => ({ module: {} as WebAssembly.Module, memory: { kind: 'none' }, capPages: 1, size })
  const bytes = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill)
  const hash = (b: Uint8Array): string => `${b.length}:${b[0]}`

  it('keeps the most recently used, by entries and by bytes', () => {
    const c = new ModuleCache({ entries: 2, bytes: 100 }, hash)
    const key = (n: number, fill: number, cap = 1): string => c.key(bytes(n, fill), cap) as string
    c.set(key(10, 1), compiled(10))
    c.set(key(10, 2), compiled(10))
    expect(c.get(key(10, 1))).to.not.equal(undefined) // now 2 is the least recently used
    c.set(key(10, 3), compiled(10))
    expect([c.get(key(10, 1)), c.get(key(10, 2)), c.get(key(10, 3))].map(x => x !== undefined)).to.deep.equal([true, false, true])
    expect(key(10, 1, 1)).to.not.equal(key(10, 1, 2))
    // 1 was used before 3: it goes to make room for 90 bytes
    c.set(key(90, 4), compiled(90))
    expect([c.size, c.bytes]).to.deep.equal([2, 100])
    expect([c.get(key(10, 1)), c.get(key(10, 3)), c.get(key(90, 4))].map(x => x !== undefined)).to.deep.equal([false, true, true])
    // too big to keep at all
    expect(c.key(bytes(101, 5), 1)).to.equal(undefined)
    c.set('x', compiled(101))
    expect(c.get('x')).to.equal(undefined)
    expect(new ModuleCache({ entries: 0, bytes: 100 }, hash).key(bytes(1, 1), 1)).to.equal(undefined)
  })
})
