// Reading the data sets granted to a job (AssemblyScript). Shoal gives each data set a job names as
// a read-only WASI preopened directory at /data/<name> (fd 3 up). `openRead("/data/shard/train.csv")`
// finds the preopen whose name is a prefix of the path and opens the rest beneath it, as WASI libc's
// open() does; `readAll(fd)` reads a file whole. Imports: fd_prestat_get, fd_prestat_dir_name,
// path_open, fd_close (besides fd_read through ./wasi).

import { EXIT_IO, fail, readInto } from "./wasi";

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_prestat_get")
declare function fd_prestat_get(fd: u32, buf: usize): u32;

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_prestat_dir_name")
declare function fd_prestat_dir_name(fd: u32, path: usize, len: usize): u32;

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "path_open")
declare function path_open(dirfd: u32, dirflags: u32, path: usize, pathLen: usize, oflags: u32, rightsBase: u64, rightsInheriting: u64, fdflags: u32, fdPtr: usize): u32;

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "fd_close")
declare function fd_close(fd: u32): u32;

const PRESTAT: usize = memory.data(8, 4);
const FD_OUT: usize = memory.data(4, 4);
/** fd_read | fd_seek | fd_tell | fd_filestat_get: a read-only open */
const RIGHTS_READ: u64 = (1 << 1) | (1 << 2) | (1 << 5) | (1 << 21);
const LOOKUP_SYMLINK_FOLLOW: u32 = 1;

/** The name of preopened directory `fd`, or null when there is none (the end of the list). */
function preopenName(fd: u32): string | null {
  if (fd_prestat_get(fd, PRESTAT) != 0) return null;
  const len = <usize>load<u32>(PRESTAT + 4);
  const buf = heap.alloc(max<usize>(len, 1));
  if (fd_prestat_dir_name(fd, buf, len) != 0) fail("fd_prestat_dir_name failed", EXIT_IO);
  const name = String.UTF8.decodeUnsafe(buf, len);
  heap.free(buf);
  return name;
}

/** Opens `path` (absolute, under a preopened directory) for reading; exits with EXIT_IO naming the errno if it cannot. */
export function openRead(path: string): u32 {
  let dir: u32 = 0;
  let rest = "";
  let best = -1;
  for (let fd: u32 = 3; ; fd++) {
    const name = preopenName(fd);
    if (name === null) break;
    const n = <string>name;
    if (n.length > best && path.startsWith(n + "/")) {
      best = n.length;
      dir = fd;
      rest = path.slice(n.length + 1);
    }
  }
  if (best < 0) fail("no data set holds " + path + " (is the data set granted to this job?)", EXIT_IO);
  const bytes = String.UTF8.encode(rest);
  const errno = path_open(dir, LOOKUP_SYMLINK_FOLLOW, changetype<usize>(bytes), <usize>bytes.byteLength, 0, RIGHTS_READ, 0, 0, FD_OUT);
  if (errno != 0) fail("cannot open " + path + ": errno " + errno.toString(), EXIT_IO);
  return load<u32>(FD_OUT);
}

/** Reads `fd` to its end into a new Uint8Array (bounded by the module's maximum memory). */
export function readAll(fd: u32): Uint8Array {
  let cap: usize = 64 * 1024;
  let buf = heap.alloc(cap);
  let len: usize = 0;
  while (true) {
    if (len == cap) {
      cap <<= 1;
      buf = heap.realloc(buf, cap);
    }
    const n = readInto(fd, buf + len, cap - len);
    if (n == 0) break;
    len += n;
  }
  const out = new Uint8Array(<i32>len);
  memory.copy(out.dataStart, buf, len);
  heap.free(buf);
  return out;
}

/** Reads the file at `path` whole. */
export function readFile(path: string): Uint8Array {
  const fd = openRead(path);
  const bytes = readAll(fd);
  fd_close(fd);
  return bytes;
}
