import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { expect } from 'chai'
import { MemoryTree, isDatasetName } from '../../src/executors/dataset-tree.js'
import { ERRNO, Wasi } from '../../src/executors/wasi.js'
import { DirectoryTree } from '../../src/executors/directory-tree.js'
import type { ReadOnlyTree } from '../../src/executors/dataset-tree.js'

/** a Wasi over a fresh memory, with helpers to call it the way a module would */
function guest (trees: Array<[string, ReadOnlyTree]>): {
  wasi: Wasi
  call: (name: string, ...args: Array<number | bigint>) => number
  str: (ptr: number, s: string) => number
  u32: (ptr: number) => number
  u64: (ptr: number) => bigint
  mem: () => Uint8Array
  open: (dirfd: number, path: string, opts?: { oflags?: number, rights?: bigint, fdflags?: number }) => { errno: number, fd: number }
  read: (fd: number, len: number) => { errno: number, text: string }
} {
  const memory = new WebAssembly.Memory({ initial: 2 })
  const wasi = new Wasi({
    argv: ['job'], env: [], stdin: new Uint8Array(), deterministic: true, seed: 0, maxOutputBytes: 1024, onOutput: () => {},
    preopens: trees.map(([path, tree]) => ({ path, tree }))
  })
  wasi.bind(memory)
  const mem = (): Uint8Array => new Uint8Array(memory.buffer)
  const view = (): DataView => new DataView(memory.buffer)
  const call = (name: string, ...args: Array<number | bigint>): number => wasi.imports[name](...args) as number
  const str = (ptr: number, s: string): number => { const b = new TextEncoder().encode(s); mem().set(b, ptr); return b.length }
  const u32 = (ptr: number): number => view().getUint32(ptr, true)
  const u64 = (ptr: number): bigint => view().getBigUint64(ptr, true)
  const open = (dirfd: number, path: string, opts: { oflags?: number, rights?: bigint, fdflags?: number } = {}): { errno: number, fd: number } => {
    const len = str(4096, path)
    view().setUint32(64, 0xffff, true)
    const errno = call('path_open', dirfd, 1, 4096, len, opts.oflags ?? 0, opts.rights ?? (1n << 1n) | (1n << 2n), 0n, opts.fdflags ?? 0, 64)
    return { errno, fd: u32(64) }
  }
  const read = (fd: number, len: number): { errno: number, text: string } => {
    view().setUint32(0, 8192, true)
    view().setUint32(4, len, true)
    const errno = call('fd_read', fd, 0, 1, 16)
    return { errno, text: new TextDecoder().decode(mem().slice(8192, 8192 + (errno === 0 ? u32(16) : 0))) }
  }
  return { wasi, call, str, u32, u64, mem, open, read }
}

const trees: Array<[string, () => ReadOnlyTree]> = []
let dir: string
let outside: string

describe('executors: data sets as read-only WASI preopened directories', () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoal-ds-'))
    outside = mkdtempSync(join(tmpdir(), 'shoal-outside-'))
    writeFileSync(join(outside, 'secret.txt'), 'host secret')
    const root = join(dir, 'set')
    mkdirSync(join(root, 'sub'), { recursive: true })
    writeFileSync(join(root, 'rows.csv'), 'a,b\n1,2\n')
    writeFileSync(join(root, 'sub', 'more.txt'), 'more')
    symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.txt'))
    symlinkSync(outside, join(root, 'leakdir'))
    symlinkSync('rows.csv', join(root, 'alias.csv'))
    symlinkSync('loop', join(root, 'loop'))
    execFileSync('mkfifo', [join(root, 'pipe')])
    trees.length = 0
    trees.push(['on disk', () => new DirectoryTree(root)])
    trees.push(['in memory', () => new MemoryTree([['rows.csv', new TextEncoder().encode('a,b\n1,2\n')], ['sub/more.txt', new TextEncoder().encode('more')], ['alias.csv', new TextEncoder().encode('a,b\n1,2\n')]])])
  })
  after(() => {
    rmSync(dir, { recursive: true, force: true })
    rmSync(outside, { recursive: true, force: true })
  })

  it('data set names: letters, digits, . _ -, at most 64, not starting with . or -', () => {
    for (const ok of ['shard', 'mnist-10k', 'a.b_c', '0'.repeat(64)]) expect(isDatasetName(ok), ok).to.equal(true)
    for (const bad of ['', '.', '..', '-x', 'a/b', 'a b', 'é', '0'.repeat(65), '../x']) expect(isDatasetName(bad), bad).to.equal(false)
  })

  for (const [label, make] of [['on disk', 0], ['in memory', 1]] as const) {
    describe(label, () => {
      it('libc finds the preopen at fd 3 by its name, and nothing at fd 4', () => {
        const g = guest([['/data/set', trees[make][1]()]])
        expect(g.call('fd_prestat_get', 3, 200)).to.equal(ERRNO.SUCCESS)
        expect(g.mem()[200]).to.equal(0)
        expect(g.u32(204)).to.equal('/data/set'.length)
        expect(g.call('fd_prestat_dir_name', 3, 300, 9)).to.equal(ERRNO.SUCCESS)
        expect(new TextDecoder().decode(g.mem().slice(300, 309))).to.equal('/data/set')
        expect(g.call('fd_prestat_dir_name', 3, 300, 4)).to.equal(ERRNO.NAMETOOLONG)
        expect(g.call('fd_prestat_get', 4, 200)).to.equal(ERRNO.BADF)
      })

      it('opens, reads, seeks, stats and lists; closes', () => {
        const g = guest([['/data/set', trees[make][1]()]])
        const f = g.open(3, 'rows.csv')
        expect(f.errno).to.equal(ERRNO.SUCCESS)
        expect(f.fd).to.equal(4)
        expect(g.read(f.fd, 2)).to.deep.equal({ errno: 0, text: 'a,' })
        expect(g.read(f.fd, 100)).to.deep.equal({ errno: 0, text: 'b\n1,2\n' })
        expect(g.read(f.fd, 100)).to.deep.equal({ errno: 0, text: '' })
        expect(g.call('fd_seek', f.fd, -4n, 2, 40)).to.equal(0)
        expect(g.u64(40)).to.equal(4n)
        expect(g.read(f.fd, 100).text).to.equal('1,2\n')
        expect(g.call('fd_seek', f.fd, -1n, 0, 40)).to.equal(ERRNO.INVAL)
        expect(g.call('fd_filestat_get', f.fd, 500)).to.equal(0)
        expect(g.mem()[516]).to.equal(4) // regular file
        expect(g.u64(532)).to.equal(8n)
        expect(g.call('fd_fdstat_get', f.fd, 500)).to.equal(0)
        expect(g.mem()[500]).to.equal(4)
        // the same through a sub-directory and a path with . and ..
        expect(g.read(g.open(3, './sub/../sub/more.txt').fd, 10).text).to.equal('more')
        const sub = g.open(3, 'sub', { oflags: 2 })
        expect(sub.errno).to.equal(0)
        expect(g.read(g.open(sub.fd, 'more.txt').fd, 10).text).to.equal('more')
        expect(g.read(g.open(sub.fd, '../rows.csv').fd, 3).text).to.equal('a,b')
        // a link inside the data set to a file inside it is followed
        expect(g.read(g.open(3, 'alias.csv').fd, 3).text).to.equal('a,b')
        const len = g.str(900, 'sub/more.txt')
        expect(g.call('path_filestat_get', 3, 0, 900, len, 500)).to.equal(0)
        expect(g.u64(532)).to.equal(4n)
        expect(g.call('fd_close', f.fd)).to.equal(0)
        expect(g.read(f.fd, 1).errno).to.equal(ERRNO.BADF)
        expect(g.call('fd_close', f.fd)).to.equal(ERRNO.BADF)
      })

      it('fd_readdir lists the data set, entries a job may not see left out, and resumes at a cookie', () => {
        const g = guest([['/data/set', trees[make][1]()]])
        const names = (fd: number, cookie: bigint, size: number): string[] => {
          expect(g.call('fd_readdir', fd, 2000, size, cookie, 40)).to.equal(0)
          const used = g.u32(40)
          const out: string[] = []
          const v = new DataView(g.mem().buffer)
          for (let at = 2000; at + 24 <= 2000 + used;) {
            const n = v.getUint32(at + 16, true)
            if (at + 24 + n > 2000 + used) break
            out.push(new TextDecoder().decode(g.mem().slice(at + 24, at + 24 + n)))
            at += 24 + n
          }
          return out
        }
        expect(names(3, 0n, 4096)).to.deep.equal(['alias.csv', 'rows.csv', 'sub'])
        expect(names(3, 1n, 4096)).to.deep.equal(['rows.csv', 'sub'])
        // a small buffer is filled to the end, the last entry cut short (libc asks again)
        expect(g.call('fd_readdir', 3, 2000, 30, 0n, 40)).to.equal(0)
        expect(g.u32(40)).to.equal(30)
      })

      it('path traversal is refused: absolute paths, .. above the root, from a sub-directory too', () => {
        const g = guest([['/data/set', trees[make][1]()]])
        for (const path of ['/etc/passwd', '..', '../x', 'sub/../../x', '../../../../etc/passwd', `/data/set/rows.csv`]) {
          expect(g.open(3, path).errno, path).to.equal(ERRNO.NOTCAPABLE)
        }
        const sub = g.open(3, 'sub', { oflags: 2 })
        expect(g.open(sub.fd, '../../x').errno).to.equal(ERRNO.NOTCAPABLE)
        expect(g.open(3, 'rows.csv\0.txt').errno).to.equal(ERRNO.INVAL)
        expect(g.open(3, 'nope').errno).to.equal(ERRNO.NOENT)
        expect(g.open(3, 'rows.csv', { oflags: 2 }).errno).to.equal(ERRNO.NOTDIR)
        expect(g.open(99, 'rows.csv').errno).to.equal(ERRNO.BADF)
        // a file is no directory to open beneath
        const f = g.open(3, 'rows.csv')
        expect(g.open(f.fd, 'x').errno).to.equal(ERRNO.NOTDIR)
      })

      it('nothing can be written, created, truncated, renamed, linked or removed', () => {
        const g = guest([['/data/set', trees[make][1]()]])
        expect(g.open(3, 'rows.csv', { rights: 1n << 6n }).errno).to.equal(ERRNO.ROFS) // O_WRONLY / O_RDWR
        expect(g.open(3, 'new.txt', { oflags: 1 }).errno).to.equal(ERRNO.ROFS) // O_CREAT
        expect(g.open(3, 'rows.csv', { oflags: 8 }).errno).to.equal(ERRNO.ROFS) // O_TRUNC
        expect(g.open(3, 'rows.csv', { fdflags: 1 }).errno).to.equal(ERRNO.ROFS) // O_APPEND
        const f = g.open(3, 'rows.csv')
        new DataView(g.mem().buffer).setUint32(0, 8192, true)
        new DataView(g.mem().buffer).setUint32(4, 3, true)
        expect(g.call('fd_write', f.fd, 0, 1, 16)).to.equal(ERRNO.BADF)
        expect(g.call('fd_pwrite', f.fd, 0, 1, 0n, 16)).to.equal(ERRNO.BADF)
        expect(g.call('fd_filestat_set_size', f.fd, 0n)).to.equal(ERRNO.ROFS)
        expect(g.call('fd_allocate', f.fd, 0n, 10n)).to.equal(ERRNO.ROFS)
        const p = g.str(900, 'rows.csv')
        const q = g.str(950, 'x.csv')
        expect(g.call('path_unlink_file', 3, 900, p)).to.equal(ERRNO.ROFS)
        expect(g.call('path_rename', 3, 900, p, 3, 950, q)).to.equal(ERRNO.ROFS)
        expect(g.call('path_symlink', 900, p, 3, 950, q)).to.equal(ERRNO.ROFS)
        expect(g.call('path_link', 3, 0, 900, p, 3, 950, q)).to.equal(ERRNO.ROFS)
        expect(g.call('path_create_directory', 3, 950, q)).to.equal(ERRNO.ROFS)
        expect(g.call('path_remove_directory', 3, 900, p)).to.equal(ERRNO.ROFS)
        expect(g.call('path_filestat_set_times', 3, 0, 900, p, 0n, 0n, 0)).to.equal(ERRNO.ROFS)
        expect(g.call('path_readlink', 3, 900, p, 1000, 100, 40)).to.equal(ERRNO.INVAL)
        // and the file is as it was
        expect(g.read(g.open(3, 'rows.csv').fd, 100).text).to.equal('a,b\n1,2\n')
      })

      it('bad pointers fault, and a job cannot open more than its share of files', () => {
        const g = guest([['/data/set', trees[make][1]()]])
        expect(g.call('path_open', 3, 0, 10_000_000, 4, 0, 2n, 0n, 0, 64)).to.equal(ERRNO.FAULT)
        expect(g.call('fd_prestat_dir_name', 3, 200_000, 9)).to.equal(ERRNO.FAULT)
        let last = 0
        for (let i = 0; i < 300; i++) last = g.open(3, 'rows.csv').errno
        expect(last).to.equal(ERRNO.MFILE)
        g.wasi.closeFiles()
        expect(g.read(4, 1).errno).to.equal(ERRNO.BADF)
      })
    })
  }

  it('on disk: links out of the data set, link loops and pipes are neither opened nor listed', () => {
    const g = guest([['/data/set', trees[0][1]()]])
    expect(g.open(3, 'leak.txt').errno).to.equal(ERRNO.NOTCAPABLE)
    expect(g.open(3, 'leakdir', { oflags: 2 }).errno).to.equal(ERRNO.NOTCAPABLE)
    expect(g.open(3, 'leakdir/secret.txt').errno).to.equal(ERRNO.NOTCAPABLE)
    expect(g.open(3, 'loop').errno).to.equal(ERRNO.NOTCAPABLE)
    // a FIFO would block the thread: refused without opening it
    expect(g.open(3, 'pipe').errno).to.equal(ERRNO.ACCES)
    expect(new DirectoryTree(join(dir, 'set')).list([]).map(e => e.name)).to.deep.equal(['alias.csv', 'rows.csv', 'sub'])
  })

  it('two data sets are two preopens; a job sees only the ones it was granted', () => {
    const a = new MemoryTree([['a.txt', new TextEncoder().encode('A')]])
    const b = new MemoryTree([['b.txt', new TextEncoder().encode('B')]])
    const g = guest([['/data/a', a], ['/data/b', b]])
    expect(g.read(g.open(4, 'b.txt').fd, 1).text).to.equal('B')
    expect(g.open(3, 'b.txt').errno).to.equal(ERRNO.NOENT)
    const none = guest([])
    expect(none.call('fd_prestat_get', 3, 200)).to.equal(ERRNO.BADF)
    expect(none.open(3, 'a.txt').errno).to.equal(ERRNO.BADF)
  })
})
