/**
 * A data set on disk as a read-only tree (dataset-tree.ts), Node-only like
 * pool.ts and wasm-worker.ts,
 * read with synchronous calls from the worker thread that runs the job: WASI
 * calls are synchronous, and reading from the thread keeps the bytes out of
 * the main thread and off any message channel.
 *
 * Confinement: the WASI layer has already refused absolute paths and `..`
 * above the root; here every path is resolved with realpath and must stay
 * under the root's own realpath, so a symbolic link inside the data set that
 * points outside it (or a link loop) is refused. Only regular files and
 * directories are shown: a FIFO could block the thread, a device read the
 * host. Files are opened O_RDONLY (and O_NOFOLLOW on the last component,
 * which realpath has already resolved).
 */
import { closeSync, constants, fstatSync, openSync, readSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'
import { TreeRefusal, openMemorySource } from './dataset-tree.js'
import type { DatasetSource, ReadOnlyTree, TreeFile, TreeNodeType, TreeStat } from './dataset-tree.js'

export class DirectoryTree implements ReadOnlyTree {
  private readonly root: string

  constructor (root: string) {
    this.root = realpathSync(root)
    if (!statSync(this.root).isDirectory()) throw new TypeError(`${root} is not a directory`)
  }

  /** the real path of a checked path, or undefined when nothing is there */
  private real (path: readonly string[]): string | undefined {
    let real: string
    try {
      real = realpathSync(join(this.root, ...path))
    } catch (err: any) {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined
      if (err.code === 'ELOOP') throw new TreeRefusal('escape', 'a link loop')
      throw err
    }
    if (real !== this.root && !real.startsWith(this.root + sep)) throw new TreeRefusal('escape', 'a link that leads out of the data set')
    return real
  }

  stat (path: readonly string[]): TreeStat | undefined {
    const real = this.real(path)
    if (real === undefined) return undefined
    const st = statSync(real)
    if (st.isDirectory()) return { type: 'directory', size: 0 }
    if (st.isFile()) return { type: 'file', size: st.size }
    throw new TreeRefusal('unsupported', 'neither a file nor a directory')
  }

  list (path: readonly string[]): Array<{ name: string, type: TreeNodeType }> {
    const real = this.real(path)
    if (real === undefined) return []
    const out: Array<{ name: string, type: TreeNodeType }> = []
    for (const name of readdirSync(real).sort()) {
      try {
        const st = this.stat([...path, name])
        if (st !== undefined) out.push({ name, type: st.type })
      } catch (err) {
        // links out of the data set and devices are not shown at all
        if (!(err instanceof TreeRefusal)) throw err
      }
    }
    return out
  }

  open (path: readonly string[]): TreeFile {
    const real = this.real(path)
    if (real === undefined) throw new TreeRefusal('unsupported', 'gone')
    const fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
    const st = fstatSync(fd)
    if (!st.isFile()) {
      closeSync(fd)
      throw new TreeRefusal('unsupported', 'not a regular file')
    }
    let open = true
    return {
      size: st.size,
      read: (position, into) => readSync(fd, into, 0, into.length, position),
      close: () => { if (open) { open = false; closeSync(fd) } }
    }
  }
}

/** the Node host's way to open what a job was granted: directories on disk, or files in memory */
export function openDatasetSource (source: DatasetSource): ReadOnlyTree {
  return source.kind === 'directory' ? new DirectoryTree(source.path) : openMemorySource(source)
}
