// A tiny WASI preview 1 runner for tests only: argv, a stdin buffer, captured stdout/stderr and
// proc_exit. No clock, random, environment or files (those calls answer ENOSYS/EBADF). The real
// sandboxed executor lives in src/executors/; this exists so the example jobs can be tested alone.

export interface WasiRunOptions {
  /** The whole command line, argv[0] (the program name) first. */
  args?: string[]
  stdin?: Uint8Array
  /** Most bytes handed over per fd_read call (to exercise short reads); default: as many as asked. */
  readChunk?: number
}

export interface WasiRunResult { exitCode: number, stdout: Uint8Array, stderr: Uint8Array }

const ESUCCESS = 0; const EBADF = 8; const ENOSYS = 52; const ESPIPE = 70

class ProcExit { constructor (readonly code: number) {} }

export function runWasi (module: WebAssembly.Module, opts: WasiRunOptions = {}): WasiRunResult {
  const args = (opts.args ?? ['job']).map(a => Buffer.from(a + '\0'))
  const stdin = opts.stdin ?? new Uint8Array(0)
  let stdinPos = 0
  const out: Buffer[][] = [[], [], []]
  let memory: WebAssembly.Memory | undefined
  const view = (): DataView => new DataView(memory!.buffer)
  const bytes = (): Uint8Array => new Uint8Array(memory!.buffer)
  const iovecs = (ptr: number, len: number): Array<[number, number]> =>
    Array.from({ length: len }, (_, i) => [view().getUint32(ptr + 8 * i, true), view().getUint32(ptr + 8 * i + 4, true)])

  const wasi: Record<string, (...a: number[]) => number | void> = {
    args_sizes_get: (argcPtr, sizePtr) => {
      view().setUint32(argcPtr, args.length, true)
      view().setUint32(sizePtr, args.reduce((n, a) => n + a.length, 0), true)
      return ESUCCESS
    },
    args_get: (argvPtr, bufPtr) => {
      for (const [i, a] of args.entries()) {
        view().setUint32(argvPtr + 4 * i, bufPtr, true)
        bytes().set(a, bufPtr)
        bufPtr += a.length
      }
      return ESUCCESS
    },
    environ_sizes_get: (countPtr, sizePtr) => { view().setUint32(countPtr, 0, true); view().setUint32(sizePtr, 0, true); return ESUCCESS },
    environ_get: () => ESUCCESS,
    fd_read: (fd, iovs, iovsLen, nreadPtr) => {
      if (fd !== 0) return EBADF
      let n = 0
      for (const [ptr, len] of iovecs(iovs, iovsLen)) {
        const take = Math.min(len, stdin.length - stdinPos, (opts.readChunk ?? Infinity) - n)
        bytes().set(stdin.subarray(stdinPos, stdinPos + take), ptr)
        stdinPos += take; n += take
      }
      view().setUint32(nreadPtr, n, true)
      return ESUCCESS
    },
    fd_write: (fd, iovs, iovsLen, nwrittenPtr) => {
      if (fd !== 1 && fd !== 2) return EBADF
      let n = 0
      for (const [ptr, len] of iovecs(iovs, iovsLen)) { out[fd].push(Buffer.from(bytes().slice(ptr, ptr + len))); n += len }
      view().setUint32(nwrittenPtr, n, true)
      return ESUCCESS
    },
    fd_close: () => ESUCCESS,
    fd_fdstat_get: () => ENOSYS,
    fd_seek: () => ESPIPE,
    proc_exit: (code) => { throw new ProcExit(code) },
    clock_time_get: () => ENOSYS,
    random_get: () => ENOSYS,
    sched_yield: () => ESUCCESS,
    poll_oneoff: () => ENOSYS
  }

  const instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi })
  memory = instance.exports.memory as WebAssembly.Memory
  let exitCode = 0
  try {
    (instance.exports._start as () => void)()
  } catch (err) {
    if (!(err instanceof ProcExit)) throw err
    exitCode = err.code
  }
  return { exitCode, stdout: Buffer.concat(out[1]), stderr: Buffer.concat(out[2]) }
}
