// Minimal WASI preview 1 helpers for Shoal's example jobs (AssemblyScript).
//
// The jobs are WASI *command* modules: the compiler exports the top-level code of the entry file as
// `_start` (asc --exportStart _start), which reads stdin / args, writes stdout and returns (exit code
// 0) or calls `exit(code)`. Everything below imports from `wasi_snapshot_preview1` only, and only the
// functions declared here: args_sizes_get, args_get, fd_read, fd_write, proc_exit. No clock, no
// random, no `env.*` imports: `abort` is replaced by `wasiAbort` below through the compiler flag
// `--use abort=examples/jobs/lib/wasi/wasiAbort` (see examples/jobs/asconfig.json).

// ---- the imports -----------------------------------------------------------------------------

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "args_sizes_get")
declare function args_sizes_get(argcPtr: usize, argvBufSizePtr: usize): u32;

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "args_get")
declare function args_get(argvPtr: usize, argvBufPtr: usize): u32;

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_read")
declare function fd_read(fd: u32, iovs: usize, iovsLen: usize, nreadPtr: usize): u32;

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_write")
declare function fd_write(fd: u32, iovs: usize, iovsLen: usize, nwrittenPtr: usize): u32;

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "proc_exit")
declare function proc_exit(code: u32): void;

// ---- constants -------------------------------------------------------------------------------

export const STDIN: u32 = 0;
export const STDOUT: u32 = 1;
export const STDERR: u32 = 2;

/** Exit code for bad arguments or input (like EX_USAGE-ish shells use 2). */
export const EXIT_USAGE: u32 = 2;
/** Exit code when reading stdin or writing stdout fails (EX_IOERR). */
export const EXIT_IO: u32 = 74;
/** Exit code of an AssemblyScript `abort` (failed assertion, bounds check, ...): 128 + SIGABRT. */
export const EXIT_ABORT: u32 = 134;

// One iovec (ptr u32, len u32) and one result word, in static memory.
const IOVEC: usize = memory.data(8, 4);
const RESULT: usize = memory.data(8, 4);

// ---- process ---------------------------------------------------------------------------------

/** Ends the program with `code` (0 = success). Does not return. */
export function exit(code: u32): void {
  proc_exit(code);
  unreachable();
}

/** Writes `message` and a newline to stderr, then exits with `code`. */
export function fail(message: string, code: u32 = EXIT_USAGE): void {
  writeString(STDERR, message + "\n");
  exit(code);
}

/**
 * Replacement for AssemblyScript's `abort` (wired with `--use abort=...`): reports the message on
 * stderr and exits with 134 instead of importing `env.abort`.
 */
export function wasiAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "abort";
  if (message !== null) text += ": " + message;
  if (fileName !== null) text += " at " + fileName + ":" + line.toString() + ":" + column.toString();
  writeString(STDERR, text + "\n");
  exit(EXIT_ABORT);
}

// ---- args ------------------------------------------------------------------------------------

/** The command line, argv[0] (the program name) included, decoded as UTF-8. */
export function args(): string[] {
  if (args_sizes_get(RESULT, RESULT + 4) != 0) fail("args_sizes_get failed", EXIT_IO);
  const argc = load<u32>(RESULT);
  const bufSize = load<u32>(RESULT + 4);
  const ptrs = heap.alloc(<usize>max<u32>(argc, 1) << 2);
  const buf = heap.alloc(<usize>max<u32>(bufSize, 1));
  if (args_get(ptrs, buf) != 0) fail("args_get failed", EXIT_IO);
  const out = new Array<string>(<i32>argc);
  for (let i: u32 = 0; i < argc; i++) {
    const start = <usize>load<u32>(ptrs + (<usize>i << 2));
    let end = start;
    while (end < buf + bufSize && load<u8>(end) != 0) end++;
    out[i] = String.UTF8.decodeUnsafe(start, end - start);
  }
  heap.free(buf);
  heap.free(ptrs);
  return out;
}

// ---- reading ---------------------------------------------------------------------------------

/**
 * Reads up to `len` bytes from `fd` into memory at `ptr`. Returns the number read; 0 means end of
 * input. Exits with EXIT_IO if the host reports an error.
 */
export function readInto(fd: u32, ptr: usize, len: usize): usize {
  store<u32>(IOVEC, <u32>ptr);
  store<u32>(IOVEC + 4, <u32>len);
  const errno = fd_read(fd, IOVEC, 1, RESULT);
  if (errno != 0) fail("read from fd " + fd.toString() + " failed: errno " + errno.toString(), EXIT_IO);
  return <usize>load<u32>(RESULT);
}

/**
 * Reads `fd` until end of input into `buf`, filling it completely unless input ends first. Returns
 * the number of bytes placed (less than buf.length only at end of input).
 */
export function readFull(fd: u32, buf: Uint8Array): i32 {
  const base = buf.dataStart;
  const cap = <usize>buf.length;
  let got: usize = 0;
  while (got < cap) {
    const n = readInto(fd, base + got, cap - got);
    if (n == 0) break;
    got += n;
  }
  return <i32>got;
}

/** Reads all of stdin into a new Uint8Array (bounded by the module's maximum memory). */
export function readStdin(): Uint8Array {
  let cap: usize = 64 * 1024;
  let buf = heap.alloc(cap);
  let len: usize = 0;
  while (true) {
    if (len == cap) {
      cap <<= 1;
      buf = heap.realloc(buf, cap);
    }
    const n = readInto(STDIN, buf + len, cap - len);
    if (n == 0) break;
    len += n;
  }
  const out = new Uint8Array(<i32>len);
  memory.copy(out.dataStart, buf, len);
  heap.free(buf);
  return out;
}

/** Reads all of stdin as UTF-8 text. */
export function readStdinText(): string {
  const bytes = readStdin();
  return String.UTF8.decodeUnsafe(bytes.dataStart, <usize>bytes.length);
}

// ---- writing ---------------------------------------------------------------------------------

/** Writes `len` bytes at `ptr` to `fd`, looping over short writes. Exits with EXIT_IO on error. */
export function writeBytes(fd: u32, ptr: usize, len: usize): void {
  while (len > 0) {
    store<u32>(IOVEC, <u32>ptr);
    store<u32>(IOVEC + 4, <u32>len);
    const errno = fd_write(fd, IOVEC, 1, RESULT);
    const n = <usize>load<u32>(RESULT);
    // Nothing sensible can be reported if stdout/stderr themselves fail.
    if (errno != 0 || n == 0 || n > len) exit(EXIT_IO);
    ptr += n;
    len -= n;
  }
}

/** Writes the bytes of `data` to stdout. */
export function writeStdout(data: Uint8Array): void {
  writeBytes(STDOUT, data.dataStart, <usize>data.length);
}

/** Writes `text` as UTF-8 to `fd` (STDOUT or STDERR). */
export function writeString(fd: u32, text: string): void {
  const bytes = String.UTF8.encode(text);
  writeBytes(fd, changetype<usize>(bytes), <usize>bytes.byteLength);
}

// ---- parsing ---------------------------------------------------------------------------------

/**
 * Parses a non-negative decimal integer (ASCII digits only, surrounding whitespace allowed).
 * Returns -1 if `text` is not one or if it is greater than `limit`.
 */
export function parseUint(text: string, limit: i64): i64 {
  const s = text.trim();
  if (s.length == 0) return -1;
  let value: i64 = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + <i64>(c - 48);
    if (value > limit) return -1;
  }
  return value;
}
