import { expect } from 'chai'
import { ExecutorRegistry, ExecutorError, SlotPool } from '../../src/executors/index.js'
import type { ExecutionResult } from '../../src/executors/index.js'
import { bytes, text } from './fixtures.js'

const expectFailed = (r: ExecutionResult, reason: string, message?: RegExp): void => {
  expect(r.status, `${r.reason ?? ''}: ${r.message ?? ''}`).to.equal('failed')
  expect(r.reason, r.message).to.equal(reason)
  if (message !== undefined) expect(r.message).to.match(message)
}

describe('executors: registry of custom executors', function () {
  this.timeout(30_000)
  let registry: ExecutorRegistry
  beforeEach(() => { registry = new ExecutorRegistry() })
  afterEach(async () => { await registry.close() })

  it('runs a handler with input, args and progress', async () => {
    registry.handle('image/tiles', ({ input, args, progress }) => {
      progress(0.5, 'half way')
      progress(7)
      return bytes(`${args.join(',')}:${text(input).toUpperCase()}`)
    })
    const seen: Array<[number, string | undefined]> = []
    const r = await registry.run('image/tiles', { input: bytes('tile'), args: ['3', '4'], onProgress: (f, m) => seen.push([f, m]) })
    expect(r).to.include({ status: 'ok', exitCode: 0 })
    expect(text(r.stdout)).to.equal('3,4:TILE')
    expect(seen).to.deep.equal([[0, 'running'], [0.5, 'half way'], [1, undefined]])
    expect(registry.kinds()).to.deep.equal(['image/tiles'])
  })

  it('times out a handler that ignores its signal, and aborts the signal of one that listens', async () => {
    let aborted: unknown
    registry.handle('stuck', () => new Promise<Uint8Array>(() => {}), { timeoutMs: 100 })
    registry.handle('polite', ({ signal }) => new Promise<Uint8Array>((_resolve, reject) => {
      signal.addEventListener('abort', () => { aborted = signal.reason; reject(signal.reason) })
    }), { timeoutMs: 100 })
    expectFailed(await registry.run('stuck'), 'timeout', /longer than 100 ms/)
    expectFailed(await registry.run('polite'), 'timeout')
    expect(aborted).to.be.instanceOf(ExecutorError)
  })

  it('a job may tighten the limits of its kind, never loosen them', async () => {
    registry.handle('stuck', () => new Promise<Uint8Array>(() => {}), { timeoutMs: 10_000 })
    expectFailed(await registry.run('stuck', { limits: { timeoutMs: 50 } }), 'timeout', /50 ms/)
    expectFailed(await registry.run('stuck', { limits: { timeoutMs: 20_000 } }), 'invalid-job', /above the kind's limit/)
  })

  it('caps output and input, and reports handler errors and unknown kinds', async () => {
    registry.handle('big', () => new Uint8Array(2048), { maxOutputBytes: 1024, maxInputBytes: 10 })
    registry.handle('broken', () => { throw new Error('disk on fire') })
    registry.handle('odd', () => 'not bytes' as unknown as Uint8Array)
    registry.handle('picky', () => { throw new ExecutorError('invalid-job', 'tile out of range') })
    expectFailed(await registry.run('big'), 'output-too-large', /1024 bytes/)
    expectFailed(await registry.run('big', { input: new Uint8Array(11) }), 'input-too-large')
    expectFailed(await registry.run('broken'), 'handler-error', /disk on fire/)
    expectFailed(await registry.run('odd'), 'handler-error', /bytes/)
    expectFailed(await registry.run('picky'), 'invalid-job', /tile out of range/)
    expectFailed(await registry.run('nope'), 'unknown-kind', /"nope"/)
  })

  it('refuses bad, reserved and duplicate kinds', () => {
    const h = (): Uint8Array => new Uint8Array(0)
    expect(() => registry.handle('wasm', h)).to.throw(/WebAssembly executor/)
    expect(() => registry.handle('', h)).to.throw(/must match/)
    expect(() => registry.handle('has space', h)).to.throw(/must match/)
    registry.handle('once', h)
    expect(() => registry.handle('once', h)).to.throw(/already registered/)
  })

  it('cancels through the caller\'s signal', async () => {
    const ac = new AbortController()
    registry.handle('forever', ({ signal }) => new Promise<Uint8Array>((_resolve, reject) => {
      signal.addEventListener('abort', () => { reject(signal.reason) })
    }))
    const r = registry.run('forever', { signal: ac.signal, onProgress: () => { ac.abort() } })
    expectFailed(await r, 'cancelled', /requester/)
  })

  it('shares the peer\'s slots: jobs queue behind them', async () => {
    const changes: number[] = []
    const slots = new SlotPool(1, n => changes.push(n))
    const shared = new ExecutorRegistry({ slots })
    try {
      // each call of the handler hands the test a way to finish it
      const started = [0, 1, 2].map(() => Promise.withResolvers<() => void>())
      let calls = 0
      shared.handle('gated', () => new Promise<Uint8Array>(resolve => { started[calls++].resolve(() => { resolve(bytes('done')) }) }))
      const runs = [shared.run('gated'), shared.run('gated'), shared.run('gated')]
      expect(slots.counts()).to.deep.equal({ total: 1, inUse: 1, queued: 2 })
      for (let i = 0; i < 3; i++) {
        const finish = await started[i].promise
        expect(slots.counts()).to.deep.equal({ total: 1, inUse: 1, queued: 2 - i })
        finish()
        await runs[i]
      }
      expect((await Promise.all(runs)).map(r => text(r.stdout))).to.deep.equal(['done', 'done', 'done'])
      expect(changes).to.deep.equal([1, 0])
    } finally {
      await shared.close()
    }
  })

  describe('operator-approved native commands', () => {
    beforeEach(() => {
      registry = new ExecutorRegistry({
        native: [
          { kind: 'cat', command: 'cat' },
          { kind: 'sleepy', command: 'sleep', args: ['10'], limits: { timeoutMs: 300 } },
          // a shell only as the operator's own configured command: it leaves a grandchild holding the pipes
          { kind: 'family', command: 'sh', args: ['-c', 'sleep 10 & sleep 10'], limits: { timeoutMs: 300 } },
          { kind: 'yes', command: 'yes', limits: { maxOutputBytes: 100_000 } },
          { kind: 'fails', command: 'sh', args: ['-c', 'echo oops >&2; exit 3'] },
          { kind: 'echo', command: 'echo', args: ['fixed'] },
          { kind: 'echo-args', command: 'echo', args: ['fixed'], passArgs: true },
          { kind: 'missing', command: '/nonexistent/shoal-test-command' }
        ]
      })
    })

    it('runs cat: input on stdin, output from stdout', async () => {
      const input = bytes('x'.repeat(300_000))
      const r = await registry.run('cat', { input })
      expect(r).to.include({ status: 'ok', exitCode: 0 })
      expect(Buffer.from(r.stdout).equals(Buffer.from(input))).to.equal(true)
    })

    it('kills a command at its timeout', async () => {
      const r = await registry.run('sleepy')
      expectFailed(r, 'timeout', /300 ms/)
      expect(r.wallMs).to.be.lessThan(10_000)
    })

    it('kills the whole process group at the timeout (the result waits for every pipe to close)', async () => {
      const r = await registry.run('family')
      expectFailed(r, 'timeout')
      expect(r.wallMs).to.be.lessThan(10_000)
    })

    it('kills a command that writes past the output cap', async () => {
      expectFailed(await registry.run('yes'), 'output-too-large', /100000 bytes/)
    })

    it('a non-zero exit is a completed job with its exit code and stderr', async () => {
      const r = await registry.run('fails')
      expect(r).to.include({ status: 'ok', exitCode: 3 })
      expect(text(r.stderr)).to.equal('oops\n')
    })

    it('job args reach the command only where the operator allows it', async () => {
      expect(text((await registry.run('echo', { args: ['; rm -rf /'] })).stdout)).to.equal('fixed\n')
      expect(text((await registry.run('echo-args', { args: ['$HOME', '*'] })).stdout)).to.equal('fixed $HOME *\n')
    })

    it('a command that cannot start fails as spawn-failed; unlisted commands do not exist', async () => {
      expectFailed(await registry.run('missing'), 'spawn-failed', /ENOENT/)
      expectFailed(await registry.run('rm'), 'unknown-kind')
    })

    it('cancels a running command', async () => {
      const ac = new AbortController()
      const r = registry.run('cat', { signal: ac.signal, onProgress: () => { ac.abort() } })
      expectFailed(await r, 'cancelled')
    })
  })
})
