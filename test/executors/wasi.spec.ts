import { expect } from 'chai'
import { runModule, checkJob } from '../../src/executors/index.js'
import { SeededBytes } from '../../src/executors/prng.js'
import type { HostServices } from '../../src/executors/wasi.js'
import { CLOCK_RANDOM, ERRNOS, HELLO, bytes, text, wat } from './fixtures.js'

/** runs a module in this thread through the pure sandbox, collecting stdout */
async function inThread (module: Uint8Array, job: Parameters<typeof checkJob>[0] extends infer J ? Partial<J> : never = {}, host?: Partial<HostServices>): Promise<{ outcome: Awaited<ReturnType<typeof runModule>>, stdout: string, raw: Uint8Array }> {
  const chunks: Uint8Array[] = []
  const outcome = await runModule(checkJob({ module, ...job }), { onOutput: (fd, b) => { if (fd === 1) chunks.push(b) }, host })
  const raw = new Uint8Array(Buffer.concat(chunks))
  return { outcome, stdout: text(raw), raw }
}

describe('executors: the WASI layer and the sandbox (pure, in this thread)', () => {
  it('the seeded stream is pinned: these bytes are what every peer produces for seed 0 and seed 1', () => {
    const hex = (seed: number): string => {
      const out = new Uint8Array(16)
      new SeededBytes(seed).fill(out)
      return Buffer.from(out).toString('hex')
    }
    expect(hex(0)).to.equal(PINNED_SEED_0)
    expect(hex(1)).to.equal(PINNED_SEED_1)
  })

  it('the seeded stream does not depend on how it is read', () => {
    const whole = new Uint8Array(37)
    new SeededBytes(9).fill(whole)
    const parts = new Uint8Array(37)
    const s = new SeededBytes(9)
    for (const [a, b] of [[0, 1], [1, 6], [6, 7], [7, 37]]) s.fill(parts.subarray(a, b))
    expect(parts).to.deep.equal(whole)
  })

  it('runs a command module to its exit code without a worker', async () => {
    const { outcome, stdout } = await inThread(await wat(HELLO), { args: ['a'], input: bytes('in') })
    expect(outcome).to.deep.include({ kind: 'exit', code: 0 })
    expect(stdout).to.equal('job a\nin')
  })

  it('no data set granted: no files, no sockets, no seeking; each call answers with its errno', async () => {
    const { outcome, raw } = await inThread(await wat(ERRNOS))
    expect(outcome).to.deep.include({ kind: 'exit', code: 0 })
    expect([...raw]).to.deep.equal([
      70, // fd_seek on stdout: ESPIPE
      8, // fd_prestat_get: EBADF, there are no preopened directories
      8, // path_open in fd 3: EBADF, there is no such directory
      0, 0, // fd_fdstat_get on stdout works; its file type is "unknown" (not a tty)
      8, // fd_read on stdout: EBADF
      0, 8, // fd_close(0), then fd_read(0): EBADF
      52, // sock_send: ENOSYS
      28, // clock_time_get on an unknown clock: EINVAL
      28, // poll_oneoff with no subscriptions: EINVAL
      21 // args_get with a pointer past the end of memory: EFAULT
    ])
  })

  it('non-deterministic mode takes its clock and randomness from the host services', async () => {
    const host: Partial<HostServices> = {
      realtimeNs: () => 123n,
      monotonicNs: () => 456n,
      randomFill: (out) => out.fill(0xab)
    }
    const { raw } = await inThread(await wat(CLOCK_RANDOM), { deterministic: false }, host)
    const v = new DataView(raw.buffer, raw.byteOffset)
    expect(v.getBigUint64(0, true)).to.equal(123n)
    expect(v.getBigUint64(8, true)).to.equal(456n)
    expect([...raw.subarray(24)].every(b => b === 0xab)).to.equal(true)
  })
})

// computed by an independent implementation of the algorithm documented in src/executors/prng.ts
const PINNED_SEED_0 = '2037b06a9e34ae0224504996391367e5'
const PINNED_SEED_1 = 'd4197117e52d9681b39a60e37ac1bc7c'
