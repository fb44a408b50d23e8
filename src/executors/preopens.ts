/**
 * The read-only file system a job sees: one preopened directory per data set
 * granted to it (fd 3 up, named /data/<name>), and the files and directories
 * it opens beneath them. What WASI libc and AssemblyScript readers call is
 * here: fd_prestat_get/dir_name, path_open, path_filestat_get, fd_read,
 * fd_pread, fd_seek, fd_tell, fd_filestat_get, fd_fdstat_get, fd_readdir,
 * fd_advise, fd_close. Everything that would change a file answers ROFS;
 * write rights, O_CREAT and O_TRUNC are refused at path_open.
 *
 * Paths are resolved here, never by the host: absolute paths and a `..` that
 * climbs above the preopen's root are NOTCAPABLE, and the tree (see
 * dataset-tree.ts) refuses links that lead outside its root. File types are
 * only files and directories: a module never sees a symbolic link.
 *
 * Pure: no Node modules.
 */
import { TreeRefusal } from './dataset-tree.js'
import type { ReadOnlyTree, TreeFile, TreeStat } from './dataset-tree.js'

const E = {
  SUCCESS: 0, ACCES: 2, BADF: 8, FAULT: 21, INVAL: 28, IO: 29, ISDIR: 31, MFILE: 33, NAMETOOLONG: 37, NOENT: 44, NOTDIR: 54,
  NOTCAPABLE: 76, ROFS: 69, SPIPE: 70
} as const

/** most files and directories a job may hold open at once (preopens included) */
export const MAX_OPEN_FDS = 256
/** longest path a module may pass, bytes */
export const MAX_PATH_BYTES = 4096
const FIRST_FD = 3

const FILETYPE_DIRECTORY = 3
const FILETYPE_REGULAR_FILE = 4
const OFLAGS_CREAT = 1
const OFLAGS_DIRECTORY = 2
const OFLAGS_EXCL = 4
const OFLAGS_TRUNC = 8
const FDFLAGS_APPEND = 1
const WHENCE_SET = 0
const WHENCE_CUR = 1
const WHENCE_END = 2

const bit = (n: number): bigint => 1n << BigInt(n)
const RIGHT_FD_WRITE = bit(6)
const RIGHT_FD_ALLOCATE = bit(8)
const RIGHT_FD_FILESTAT_SET_SIZE = bit(22)
/** what an open file allows: read, seek, tell, advise, stat, poll */
const FILE_RIGHTS = bit(1) | bit(2) | bit(5) | bit(7) | bit(21) | bit(27)
/** what an open directory allows: open beneath it, read it, stat it and what is in it */
const DIR_RIGHTS = bit(13) | bit(14) | bit(18) | bit(21)

/** the module's memory, bounds-checked by the Wasi that owns it (a bad pointer throws its Fault) */
export interface GuestMemory {
  bytes: (ptr: number, len: number) => Uint8Array
  view: (ptr: number, len: number) => DataView
  iovecs: (iovs: number, n: number) => Array<[number, number]>
}

interface OpenDir { kind: 'dir', tree: ReadOnlyTree, path: string[], preopen?: Uint8Array }
interface OpenFile { kind: 'file', tree: ReadOnlyTree, path: string[], file: TreeFile, pos: number }
type Entry = OpenDir | OpenFile

type Fn = (...args: any[]) => number

export class Preopens {
  private readonly fds = new Map<number, Entry>()

  constructor (preopens: Array<{ path: string, tree: ReadOnlyTree }>, private readonly mem: GuestMemory) {
    const enc = new TextEncoder()
    preopens.forEach((p, i) => this.fds.set(FIRST_FD + i, { kind: 'dir', tree: p.tree, path: [], preopen: enc.encode(p.path) }))
  }

  /** bytes left to read in an open file (poll_oneoff); undefined: not an open file */
  readable (fd: number): number | undefined {
    const e = this.fds.get(fd)
    return e?.kind === 'file' ? Math.max(0, e.file.size - e.pos) : undefined
  }

  closeAll (): void {
    for (const e of this.fds.values()) if (e.kind === 'file') e.file.close()
    this.fds.clear()
  }

  /** the WASI functions this class answers (fd ones for fds ≥ 3 only) */
  imports (): Record<string, Fn> {
    const rofs = (fd: number): number => this.fds.has(fd) ? E.ROFS : E.BADF
    return {
      fd_prestat_get: (fd: number, ptr: number) => this.prestat(fd, ptr),
      fd_prestat_dir_name: (fd: number, ptr: number, len: number) => this.prestatName(fd, ptr, len),
      path_open: (dirfd: number, _dirflags: number, pathPtr: number, pathLen: number, oflags: number, rightsBase: bigint, _inheriting: bigint, fdflags: number, fdPtr: number) =>
        this.pathOpen(dirfd, pathPtr, pathLen, oflags, rightsBase, fdflags, fdPtr),
      path_filestat_get: (dirfd: number, _flags: number, pathPtr: number, pathLen: number, ptr: number) => this.pathFilestat(dirfd, pathPtr, pathLen, ptr),
      fd_read: (fd: number, iovs: number, n: number, nreadPtr: number) => this.read(fd, iovs, n, undefined, nreadPtr),
      fd_pread: (fd: number, iovs: number, n: number, offset: bigint, nreadPtr: number) => this.read(fd, iovs, n, offset, nreadPtr),
      fd_seek: (fd: number, offset: bigint, whence: number, ptr: number) => this.seek(fd, offset, whence, ptr),
      fd_tell: (fd: number, ptr: number) => this.seek(fd, 0n, WHENCE_CUR, ptr),
      fd_filestat_get: (fd: number, ptr: number) => this.fdFilestat(fd, ptr),
      fd_fdstat_get: (fd: number, ptr: number) => this.fdstat(fd, ptr),
      fd_readdir: (fd: number, buf: number, len: number, cookie: bigint, usedPtr: number) => this.readdir(fd, buf, len, cookie, usedPtr),
      fd_advise: (fd: number) => this.fds.has(fd) ? E.SUCCESS : E.BADF,
      fd_close: (fd: number) => this.close(fd),
      // a read-only file has no write right (POSIX: EBADF); the rest would change the tree
      fd_write: () => E.BADF,
      fd_pwrite: () => E.BADF,
      fd_allocate: rofs,
      fd_filestat_set_size: rofs,
      fd_filestat_set_times: rofs,
      fd_sync: (fd: number) => this.fds.has(fd) ? E.SUCCESS : E.BADF,
      fd_datasync: (fd: number) => this.fds.has(fd) ? E.SUCCESS : E.BADF,
      path_create_directory: rofs,
      path_filestat_set_times: rofs,
      path_link: rofs,
      path_remove_directory: rofs,
      path_rename: rofs,
      path_symlink: (_oldPtr: number, _oldLen: number, fd: number) => rofs(fd),
      path_unlink_file: rofs,
      // a module never sees a link (links inside a data set are followed), so there is none to read
      path_readlink: (fd: number) => this.fds.get(fd)?.kind === 'dir' ? E.INVAL : E.BADF
    }
  }

  private prestat (fd: number, ptr: number): number {
    const e = this.fds.get(fd)
    if (e?.kind !== 'dir' || e.preopen === undefined) return E.BADF
    const v = this.mem.view(ptr, 8)
    v.setUint8(0, 0) // preopentype: dir
    v.setUint32(4, e.preopen.length, true)
    return E.SUCCESS
  }

  private prestatName (fd: number, ptr: number, len: number): number {
    const e = this.fds.get(fd)
    if (e?.kind !== 'dir' || e.preopen === undefined) return E.BADF
    if ((len >>> 0) < e.preopen.length) return E.NAMETOOLONG
    this.mem.bytes(ptr, e.preopen.length).set(e.preopen)
    return E.SUCCESS
  }

  /** a path the module gave, relative to an open directory, as checked components from the tree's root */
  private resolve (dirfd: number, pathPtr: number, pathLen: number): { dir: OpenDir, path: string[] } | number {
    const dir = this.fds.get(dirfd)
    if (dir === undefined) return E.BADF
    if (dir.kind !== 'dir') return E.NOTDIR
    if ((pathLen >>> 0) > MAX_PATH_BYTES) return E.NAMETOOLONG
    const raw = this.mem.bytes(pathPtr, pathLen).slice()
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw)
    } catch {
      return E.INVAL
    }
    if (text.includes('\0')) return E.INVAL
    // absolute paths name the host's file system, never the data set
    if (text.startsWith('/')) return E.NOTCAPABLE
    const path = [...dir.path]
    for (const part of text.split('/')) {
      if (part === '' || part === '.') continue
      if (part === '..') {
        if (path.length === 0) return E.NOTCAPABLE
        path.pop()
      } else {
        path.push(part)
      }
    }
    return { dir, path }
  }

  private stat (tree: ReadOnlyTree, path: string[]): TreeStat | number {
    try {
      return tree.stat(path) ?? E.NOENT
    } catch (err) {
      return refusal(err)
    }
  }

  private pathOpen (dirfd: number, pathPtr: number, pathLen: number, oflags: number, rightsBase: bigint, fdflags: number, fdPtr: number): number {
    const at = this.resolve(dirfd, pathPtr, pathLen)
    if (typeof at === 'number') return at
    if ((oflags & (OFLAGS_CREAT | OFLAGS_TRUNC)) !== 0 || (fdflags & FDFLAGS_APPEND) !== 0) return E.ROFS
    if ((BigInt.asUintN(64, rightsBase) & (RIGHT_FD_WRITE | RIGHT_FD_ALLOCATE | RIGHT_FD_FILESTAT_SET_SIZE)) !== 0n) return E.ROFS
    const tree = at.dir.tree
    const st = this.stat(tree, at.path)
    if (typeof st === 'number') return st
    if ((oflags & OFLAGS_EXCL) !== 0) return E.ROFS
    if ((oflags & OFLAGS_DIRECTORY) !== 0 && st.type !== 'directory') return E.NOTDIR
    const fd = this.freeFd()
    if (fd === undefined) return E.MFILE
    let entry: Entry
    if (st.type === 'directory') {
      entry = { kind: 'dir', tree, path: at.path }
    } else {
      try {
        entry = { kind: 'file', tree, path: at.path, file: tree.open(at.path), pos: 0 }
      } catch (err) {
        return refusal(err)
      }
    }
    try {
      this.mem.view(fdPtr, 4).setUint32(0, fd, true)
    } catch (err) {
      if (entry.kind === 'file') entry.file.close()
      throw err
    }
    this.fds.set(fd, entry)
    return E.SUCCESS
  }

  private freeFd (): number | undefined {
    if (this.fds.size >= MAX_OPEN_FDS) return undefined
    for (let fd = FIRST_FD; ; fd++) if (!this.fds.has(fd)) return fd
  }

  private pathFilestat (dirfd: number, pathPtr: number, pathLen: number, ptr: number): number {
    const at = this.resolve(dirfd, pathPtr, pathLen)
    if (typeof at === 'number') return at
    const st = this.stat(at.dir.tree, at.path)
    if (typeof st === 'number') return st
    writeFilestat(this.mem.view(ptr, 64), st)
    return E.SUCCESS
  }

  private fdFilestat (fd: number, ptr: number): number {
    const e = this.fds.get(fd)
    if (e === undefined) return E.BADF
    writeFilestat(this.mem.view(ptr, 64), e.kind === 'file' ? { type: 'file', size: e.file.size } : { type: 'directory', size: 0 })
    return E.SUCCESS
  }

  private fdstat (fd: number, ptr: number): number {
    const e = this.fds.get(fd)
    if (e === undefined) return E.BADF
    const v = this.mem.view(ptr, 24)
    v.setUint8(0, e.kind === 'file' ? FILETYPE_REGULAR_FILE : FILETYPE_DIRECTORY)
    v.setUint16(2, 0, true)
    v.setBigUint64(8, e.kind === 'file' ? FILE_RIGHTS : DIR_RIGHTS, true)
    v.setBigUint64(16, e.kind === 'file' ? 0n : FILE_RIGHTS | DIR_RIGHTS, true)
    return E.SUCCESS
  }

  private read (fd: number, iovs: number, n: number, offset: bigint | undefined, nreadPtr: number): number {
    const e = this.fds.get(fd)
    if (e === undefined) return E.BADF
    if (e.kind !== 'file') return E.ISDIR
    if (offset !== undefined && (offset < 0n || offset > BigInt(Number.MAX_SAFE_INTEGER))) return E.INVAL
    let pos = offset === undefined ? e.pos : Number(offset)
    let nread = 0
    for (const [ptr, len] of this.mem.iovecs(iovs, n)) {
      const into = this.mem.bytes(ptr, len)
      let got: number
      try {
        got = e.file.read(pos, into)
      } catch {
        return E.IO
      }
      pos += got
      nread += got
      if (got < len) break
    }
    if (offset === undefined) e.pos = pos
    this.mem.view(nreadPtr, 4).setUint32(0, nread, true)
    return E.SUCCESS
  }

  private seek (fd: number, offset: bigint, whence: number, ptr: number): number {
    const e = this.fds.get(fd)
    if (e === undefined) return E.BADF
    if (e.kind !== 'file') return E.ISDIR
    const base = whence === WHENCE_SET ? 0n : whence === WHENCE_CUR ? BigInt(e.pos) : whence === WHENCE_END ? BigInt(e.file.size) : undefined
    if (base === undefined) return E.INVAL
    const next = base + BigInt.asIntN(64, offset)
    if (next < 0n || next > BigInt(Number.MAX_SAFE_INTEGER)) return E.INVAL
    this.mem.view(ptr, 8).setBigUint64(0, next, true)
    e.pos = Number(next)
    return E.SUCCESS
  }

  /**
   * Directory entries from `cookie` on (the index of the next entry), each a
   * 24-byte dirent and its name, as many as fit; the last one may be cut
   * short, as the WASI spec allows (libc then asks again with a bigger buffer).
   */
  private readdir (fd: number, buf: number, len: number, cookie: bigint, usedPtr: number): number {
    const e = this.fds.get(fd)
    if (e === undefined) return E.BADF
    if (e.kind !== 'dir') return E.NOTDIR
    let entries: Array<{ name: string, type: 'file' | 'directory' }>
    try {
      entries = e.tree.list(e.path)
    } catch (err) {
      return refusal(err)
    }
    const out = this.mem.bytes(buf, len)
    const enc = new TextEncoder()
    let used = 0
    for (let i = Number(BigInt.asUintN(64, cookie)); i < entries.length && used < out.length; i++) {
      const name = enc.encode(entries[i].name)
      const record = new Uint8Array(24 + name.length)
      const v = new DataView(record.buffer)
      v.setBigUint64(0, BigInt(i + 1), true)
      v.setBigUint64(8, BigInt(i + 1), true)
      v.setUint32(16, name.length, true)
      v.setUint8(20, entries[i].type === 'file' ? FILETYPE_REGULAR_FILE : FILETYPE_DIRECTORY)
      record.set(name, 24)
      const take = Math.min(record.length, out.length - used)
      out.set(record.subarray(0, take), used)
      used += take
    }
    this.mem.view(usedPtr, 4).setUint32(0, used, true)
    return E.SUCCESS
  }

  private close (fd: number): number {
    const e = this.fds.get(fd)
    if (e === undefined) return E.BADF
    if (e.kind === 'file') e.file.close()
    this.fds.delete(fd)
    return E.SUCCESS
  }
}

/** filestat: dev, ino, filetype, nlink, size, atim, mtim, ctim; times 0 so jobs stay deterministic */
function writeFilestat (v: DataView, st: TreeStat): void {
  for (let o = 0; o < 64; o += 8) v.setBigUint64(o, 0n, true)
  v.setUint8(16, st.type === 'file' ? FILETYPE_REGULAR_FILE : FILETYPE_DIRECTORY)
  v.setBigUint64(24, 1n, true)
  v.setBigUint64(32, BigInt(st.size), true)
}

function refusal (err: unknown): number {
  if (err instanceof TreeRefusal) return err.kind === 'escape' ? E.NOTCAPABLE : E.ACCES
  return E.IO
}
