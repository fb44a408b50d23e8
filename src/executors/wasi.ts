/**
 * Shoal's WASI preview 1 layer: the only thing a job's module can call.
 *
 * Minimal on purpose. There is no network: fd 0 reads the job's input from
 * memory, fds 1 and 2 collect output under a byte cap, and the only file
 * system is the data sets granted to the job, each a read-only preopened
 * directory (fd 3 up, at /data/<name>; see preopens.ts). Every other call
 * returns ENOSYS, and every call that would change a file ERRNO.ROFS. In
 * deterministic mode (the default) the clocks are virtual and random_get is a
 * seeded PRNG, so a module sees nothing of its host that could make two peers
 * disagree.
 *
 * Why not `node:wasi` (documented as not a sandbox) or
 * `@bjorn3/browser_wasi_shim`: the shim reads the host clock and crypto
 * randomness directly, needs an exported memory, busy-waits in poll_oneoff
 * and has no hook for an output cap; replacing those would leave little of it.
 *
 * Pure: no Node modules, so a browser peer can reuse it in a Web Worker.
 */
import { DETERMINISTIC_CLOCK_STEP_NS, DETERMINISTIC_EPOCH_NS } from './constants.js'
import { SeededBytes } from './prng.js'
import { Preopens } from './preopens.js'
import type { ReadOnlyTree } from './dataset-tree.js'

export const WASI_MODULE = 'wasi_snapshot_preview1'

/** every function of WASI preview 1: a module may import any of these, and no others from WASI_MODULE */
export const WASI_PREVIEW1_FUNCTIONS: readonly string[] = [
  'args_get', 'args_sizes_get', 'environ_get', 'environ_sizes_get', 'clock_res_get', 'clock_time_get',
  'fd_advise', 'fd_allocate', 'fd_close', 'fd_datasync', 'fd_fdstat_get', 'fd_fdstat_set_flags',
  'fd_fdstat_set_rights', 'fd_filestat_get', 'fd_filestat_set_size', 'fd_filestat_set_times', 'fd_pread',
  'fd_prestat_get', 'fd_prestat_dir_name', 'fd_pwrite', 'fd_read', 'fd_readdir', 'fd_renumber', 'fd_seek',
  'fd_sync', 'fd_tell', 'fd_write', 'path_create_directory', 'path_filestat_get', 'path_filestat_set_times',
  'path_link', 'path_open', 'path_readlink', 'path_remove_directory', 'path_rename', 'path_symlink',
  'path_unlink_file', 'poll_oneoff', 'proc_exit', 'proc_raise', 'sched_yield', 'random_get', 'sock_accept',
  'sock_recv', 'sock_send', 'sock_shutdown'
]

export const ERRNO = {
  SUCCESS: 0, ACCES: 2, BADF: 8, EXIST: 20, FAULT: 21, INVAL: 28, IO: 29, ISDIR: 31, MFILE: 33, NAMETOOLONG: 37, NOENT: 44,
  NOSYS: 52, NOTDIR: 54, NOTSUP: 58, PERM: 63, ROFS: 69, SPIPE: 70, NOTCAPABLE: 76
} as const

const CLOCK_REALTIME = 0
const CLOCK_THREAD_CPUTIME = 3
const EVENTTYPE_CLOCK = 0
const EVENTTYPE_FD_READ = 1
const EVENTTYPE_FD_WRITE = 2
const SUBCLOCKFLAGS_ABSTIME = 1
/** not a tty (a tty is a character device without seek rights): stdio is buffered fully, as for a pipe */
const FILETYPE_UNKNOWN = 0
const RIGHT_FD_READ = 1n << 1n
const RIGHT_FD_WRITE = 1n << 6n
const RIGHT_POLL_FD_READWRITE = 1n << 27n

/** proc_exit: unwinds the module's stack; the executor reads the code */
export class ProcExit extends Error {
  override name = 'ProcExit'
  constructor (readonly code: number) { super(`exit with code ${code}`) }
}

/** a write that would take stdout + stderr past the cap */
export class OutputLimitExceeded extends Error {
  override name = 'OutputLimitExceeded'
  constructor (readonly limit: number) { super(`output exceeds ${limit} bytes`) }
}

/** an out-of-bounds pointer from the module: the call returns EFAULT */
export class Fault extends Error {}

/** what non-deterministic mode takes from the host; injectable for tests and other hosts */
export interface HostServices {
  realtimeNs: () => bigint
  monotonicNs: () => bigint
  /** blocks the calling (worker) thread */
  sleep: (ns: bigint) => void
  randomFill: (out: Uint8Array) => void
}

export interface WasiInit {
  /** the full argv, argv[0] included */
  argv: string[]
  /** in the order the module sees them */
  env: Array<[string, string]>
  stdin: Uint8Array
  deterministic: boolean
  seed: number
  maxOutputBytes: number
  /** each write to fd 1 or 2, as a copy */
  onOutput: (fd: 1 | 2, bytes: Uint8Array) => void
  /** called once, when a write would exceed the cap (before the write fails) */
  onOutputExceeded?: (limit: number) => void
  host?: Partial<HostServices>
  /** read-only preopened directories, fd 3 up in this order: guest path (e.g. /data/shard) and the tree behind it */
  preopens?: Array<{ path: string, tree: ReadOnlyTree }>
}

export const defaultHost: HostServices = {
  realtimeNs: () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6)),
  monotonicNs: () => BigInt(Math.round(performance.now() * 1e6)),
  sleep: (ns) => {
    // in slices, so that terminating the worker is never held up by a long wait
    const cell = new Int32Array(new SharedArrayBuffer(4))
    const until = performance.now() + Number(ns) / 1e6
    for (let left = until - performance.now(); left > 0; left = until - performance.now()) {
      Atomics.wait(cell, 0, 0, Math.min(left, 50))
    }
  },
  randomFill: (out) => {
    for (let i = 0; i < out.length; i += 65_536) crypto.getRandomValues(out.subarray(i, i + 65_536) as Uint8Array<ArrayBuffer>)
  }
}

type WasiFunction = (...args: any[]) => number | undefined

export class Wasi {
  /** the import object's `wasi_snapshot_preview1` entry */
  readonly imports: Record<string, WasiFunction>
  /** set once the module called proc_exit */
  exitCode?: number
  outputExceeded = false
  outputBytes = 0

  private memory?: WebAssembly.Memory
  private readonly argv: Uint8Array[]
  private readonly env: Uint8Array[]
  private readonly stdin: Uint8Array
  private stdinPos = 0
  private readonly open = [true, true, true]
  private readonly host: HostServices
  /** deterministic mode only: the seeded stream */
  private readonly random?: SeededBytes
  /** deterministic mode: virtual nanoseconds since the start */
  private ticks = 0n
  /** fds 3 and up: the preopened data sets and what the module opened in them */
  private readonly files: Preopens

  constructor (private readonly init: WasiInit) {
    const enc = new TextEncoder()
    this.argv = init.argv.map(a => enc.encode(a))
    this.env = init.env.map(([k, v]) => enc.encode(`${k}=${v}`))
    this.stdin = init.stdin
    this.host = { ...defaultHost, ...init.host }
    if (init.deterministic) this.random = new SeededBytes(init.seed)
    this.files = new Preopens(init.preopens ?? [], {
      bytes: (ptr, len) => this.bytes(ptr, len),
      view: (ptr, len) => this.view(ptr, len),
      iovecs: (iovs, n) => this.iovecs(iovs, n)
    })
    this.imports = this.build()
  }

  /** closes the files the module left open (the host calls it when the job ends) */
  closeFiles (): void {
    this.files.closeAll()
  }

  /** the module's memory, once instantiated (exported as "memory", or the imported one) */
  bind (memory: WebAssembly.Memory): void {
    this.memory = memory
  }

  private build (): Record<string, WasiFunction> {
    const fns: Record<string, WasiFunction> = {}
    for (const name of WASI_PREVIEW1_FUNCTIONS) fns[name] = () => ERRNO.NOSYS
    const own: Record<string, WasiFunction> = {
      args_sizes_get: (countPtr: number, sizePtr: number) => this.sizes(this.argv, countPtr, sizePtr),
      args_get: (ptrs: number, buf: number) => this.strings(this.argv, ptrs, buf),
      environ_sizes_get: (countPtr: number, sizePtr: number) => this.sizes(this.env, countPtr, sizePtr),
      environ_get: (ptrs: number, buf: number) => this.strings(this.env, ptrs, buf),
      clock_res_get: (id: number, ptr: number) => this.clockRes(id, ptr),
      clock_time_get: (id: number, _precision: bigint, ptr: number) => this.clockTime(id, ptr),
      fd_read: (fd: number, iovs: number, n: number, nreadPtr: number) => this.fdRead(fd, iovs, n, nreadPtr),
      fd_write: (fd: number, iovs: number, n: number, nwrittenPtr: number) => this.fdWrite(fd, iovs, n, nwrittenPtr),
      fd_close: (fd: number) => this.isOpen(fd) ? (this.open[fd] = false, ERRNO.SUCCESS) : ERRNO.BADF,
      fd_fdstat_get: (fd: number, ptr: number) => this.fdstat(fd, ptr),
      fd_seek: (fd: number) => this.isOpen(fd) ? ERRNO.SPIPE : ERRNO.BADF,
      fd_tell: (fd: number) => this.isOpen(fd) ? ERRNO.SPIPE : ERRNO.BADF,
      poll_oneoff: (inPtr: number, outPtr: number, n: number, neventsPtr: number) => this.poll(inPtr, outPtr, n, neventsPtr),
      proc_exit: (code: number) => { this.exitCode = code >>> 0; throw new ProcExit(this.exitCode) },
      sched_yield: () => ERRNO.SUCCESS,
      random_get: (ptr: number, len: number) => { this.randomFill(this.bytes(ptr, len)); return ERRNO.SUCCESS }
    }
    for (const [name, fn] of Object.entries(own)) fns[name] = fn
    // fds 3 and up belong to the preopens; stdio keeps the functions above
    const stdio = { ...fns }
    for (const [name, fn] of Object.entries(this.files.imports())) {
      const forStdio = stdio[name]
      fns[name] = name.startsWith('fd_') && name !== 'fd_prestat_get' && name !== 'fd_prestat_dir_name'
        ? (fd: number, ...rest: any[]) => (fd >>> 0) <= 2 ? forStdio(fd, ...rest) : fn(fd, ...rest)
        : fn
    }
    for (const [name, fn] of Object.entries(fns)) fns[name] = this.guard(fn)
    return fns
  }

  /** bad pointers give EFAULT; after proc_exit nothing runs (a module that caught the exit cannot go on) */
  private guard (fn: WasiFunction): WasiFunction {
    return (...args) => {
      if (this.exitCode !== undefined) throw new ProcExit(this.exitCode)
      try {
        return fn(...args)
      } catch (err) {
        if (err instanceof Fault) return ERRNO.FAULT
        throw err
      }
    }
  }

  private mem (): WebAssembly.Memory {
    if (this.memory === undefined) throw new Fault()
    return this.memory
  }

  /** a view of [ptr, ptr+len) of the module's memory, bounds-checked */
  private bytes (ptr: number, len: number): Uint8Array {
    const buf = this.mem().buffer
    const p = ptr >>> 0
    const l = len >>> 0
    if (p + l > buf.byteLength) throw new Fault()
    return new Uint8Array(buf, p, l)
  }

  private view (ptr: number, len: number): DataView {
    const b = this.bytes(ptr, len)
    return new DataView(b.buffer, b.byteOffset, len)
  }

  private setU32 (ptr: number, value: number): void { this.view(ptr, 4).setUint32(0, value, true) }
  private setU64 (ptr: number, value: bigint): void { this.view(ptr, 8).setBigUint64(0, value, true) }

  private isOpen (fd: number): boolean {
    return fd >= 0 && fd <= 2 && this.open[fd]
  }

  private sizes (list: Uint8Array[], countPtr: number, sizePtr: number): number {
    this.setU32(countPtr, list.length)
    this.setU32(sizePtr, list.reduce((n, s) => n + s.length + 1, 0))
    return ERRNO.SUCCESS
  }

  private strings (list: Uint8Array[], ptrs: number, buf: number): number {
    let at = buf >>> 0
    list.forEach((s, i) => {
      this.setU32(ptrs + i * 4, at)
      const dst = this.bytes(at, s.length + 1)
      dst.set(s)
      dst[s.length] = 0
      at += s.length + 1
    })
    return ERRNO.SUCCESS
  }

  private now (id: number): bigint {
    if (this.init.deterministic) {
      const t = this.ticks
      this.ticks += DETERMINISTIC_CLOCK_STEP_NS
      return id === CLOCK_REALTIME ? DETERMINISTIC_EPOCH_NS + t : t
    }
    // CPU-time clocks read the monotonic clock: close enough for a single-threaded job
    return id === CLOCK_REALTIME ? this.host.realtimeNs() : this.host.monotonicNs()
  }

  private clockRes (id: number, ptr: number): number {
    if (id < CLOCK_REALTIME || id > CLOCK_THREAD_CPUTIME) return ERRNO.INVAL
    this.setU64(ptr, this.init.deterministic ? DETERMINISTIC_CLOCK_STEP_NS : 1_000n)
    return ERRNO.SUCCESS
  }

  private clockTime (id: number, ptr: number): number {
    if (id < CLOCK_REALTIME || id > CLOCK_THREAD_CPUTIME) return ERRNO.INVAL
    this.setU64(ptr, this.now(id))
    return ERRNO.SUCCESS
  }

  private randomFill (out: Uint8Array): void {
    if (this.random !== undefined) this.random.fill(out)
    else this.host.randomFill(out)
  }

  private iovecs (iovs: number, n: number): Array<[number, number]> {
    const v = this.view(iovs, (n >>> 0) * 8)
    const out: Array<[number, number]> = []
    for (let i = 0; i < n >>> 0; i++) out.push([v.getUint32(i * 8, true), v.getUint32(i * 8 + 4, true)])
    return out
  }

  private fdRead (fd: number, iovs: number, n: number, nreadPtr: number): number {
    if (fd !== 0 || !this.open[0]) return ERRNO.BADF
    let nread = 0
    for (const [ptr, len] of this.iovecs(iovs, n)) {
      const chunk = this.stdin.subarray(this.stdinPos, this.stdinPos + len)
      this.bytes(ptr, chunk.length).set(chunk)
      this.stdinPos += chunk.length
      nread += chunk.length
      if (chunk.length < len) break
    }
    this.setU32(nreadPtr, nread)
    return ERRNO.SUCCESS
  }

  private fdWrite (fd: number, iovs: number, n: number, nwrittenPtr: number): number {
    if ((fd !== 1 && fd !== 2) || !this.open[fd]) return ERRNO.BADF
    const vecs = this.iovecs(iovs, n)
    const total = vecs.reduce((t, [, len]) => t + len, 0)
    if (this.outputExceeded || this.outputBytes + total > this.init.maxOutputBytes) {
      if (!this.outputExceeded) {
        this.outputExceeded = true
        this.init.onOutputExceeded?.(this.init.maxOutputBytes)
      }
      throw new OutputLimitExceeded(this.init.maxOutputBytes)
    }
    const out = new Uint8Array(total)
    let at = 0
    for (const [ptr, len] of vecs) { out.set(this.bytes(ptr, len), at); at += len }
    this.setU32(nwrittenPtr, total)
    this.outputBytes += total
    if (total > 0) this.init.onOutput(fd, out)
    return ERRNO.SUCCESS
  }

  private fdstat (fd: number, ptr: number): number {
    if (!this.isOpen(fd)) return ERRNO.BADF
    const v = this.view(ptr, 24)
    v.setUint8(0, FILETYPE_UNKNOWN)
    v.setUint16(2, 0, true)
    v.setBigUint64(8, (fd === 0 ? RIGHT_FD_READ : RIGHT_FD_WRITE) | RIGHT_POLL_FD_READWRITE, true)
    v.setBigUint64(16, 0n, true)
    return ERRNO.SUCCESS
  }

  /**
   * Minimal: stdin and stdout/stderr are always ready (they are in memory);
   * clock subscriptions sleep until the earliest one is due (deterministic
   * mode: the virtual clock jumps there at once).
   */
  private poll (inPtr: number, outPtr: number, n: number, neventsPtr: number): number {
    const count = n >>> 0
    if (count === 0) return ERRNO.INVAL
    const subs = this.view(inPtr, count * 48)
    const ready: Array<{ userdata: bigint, type: number, error: number, nbytes: bigint }> = []
    let soonest: { userdata: bigint, wait: bigint } | undefined
    for (let i = 0; i < count; i++) {
      const o = i * 48
      const userdata = subs.getBigUint64(o, true)
      const type = subs.getUint8(o + 8)
      if (type === EVENTTYPE_CLOCK) {
        const id = subs.getUint32(o + 16, true)
        if (id < CLOCK_REALTIME || id > CLOCK_THREAD_CPUTIME) return ERRNO.INVAL
        const timeout = subs.getBigUint64(o + 24, true)
        const abs = (subs.getUint16(o + 40, true) & SUBCLOCKFLAGS_ABSTIME) !== 0
        const wait = abs ? timeout - this.now(id) : timeout
        if (soonest === undefined || wait < soonest.wait) soonest = { userdata, wait }
      } else if (type === EVENTTYPE_FD_READ || type === EVENTTYPE_FD_WRITE) {
        const fd = subs.getUint32(o + 16, true)
        const left = fd > 2 && type === EVENTTYPE_FD_READ ? this.files.readable(fd) : undefined
        const ok = left !== undefined || (type === EVENTTYPE_FD_READ ? fd === 0 && this.open[0] : (fd === 1 || fd === 2) && this.open[fd])
        const nbytes = !ok ? 0n : left !== undefined ? BigInt(left) : type === EVENTTYPE_FD_READ ? BigInt(this.stdin.length - this.stdinPos) : BigInt(Math.max(0, this.init.maxOutputBytes - this.outputBytes))
        ready.push({ userdata, type, error: ok ? ERRNO.SUCCESS : ERRNO.BADF, nbytes })
      } else {
        return ERRNO.INVAL
      }
    }
    if (ready.length === 0 && soonest !== undefined) {
      if (soonest.wait > 0n) {
        if (this.init.deterministic) this.ticks += soonest.wait
        else this.host.sleep(soonest.wait)
      }
      ready.push({ userdata: soonest.userdata, type: EVENTTYPE_CLOCK, error: ERRNO.SUCCESS, nbytes: 0n })
    }
    const events = this.view(outPtr, ready.length * 32)
    ready.forEach((e, i) => {
      const o = i * 32
      events.setBigUint64(o, e.userdata, true)
      events.setUint16(o + 8, e.error, true)
      events.setUint8(o + 10, e.type)
      events.setBigUint64(o + 16, e.nbytes, true)
      events.setUint16(o + 24, 0, true)
    })
    this.setU32(neventsPtr, ready.length)
    return ERRNO.SUCCESS
  }
}
