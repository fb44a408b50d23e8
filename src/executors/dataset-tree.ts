/**
 * A data set as a job sees it: a read-only tree of directories and regular
 * files behind a WASI preopened directory. The WASI layer (wasi.ts) checks
 * and normalises every path before it asks a tree (no empty, `.` or `..`
 * components, nothing absolute), so a tree only has to refuse what its own
 * storage could add: a symbolic link that leads out of its root, a device or
 * a pipe. Reading a directory on disk is Node-only and lives in
 * src/executors/directory-tree.ts; an in-memory tree (pages, tests) is here.
 *
 * Pure: no Node modules.
 */

export type TreeNodeType = 'file' | 'directory'

export interface TreeStat {
  type: TreeNodeType
  /** bytes (0 for a directory) */
  size: number
}

/** an open regular file */
export interface TreeFile {
  readonly size: number
  /** reads up to into.length bytes at position; returns how many (0 at the end) */
  read: (position: number, into: Uint8Array) => number
  close: () => void
}

/** why a tree refused a path: 'escape' (a link out of the root), 'unsupported' (not a file or directory) */
export class TreeRefusal extends Error {
  override name = 'TreeRefusal'
  constructor (readonly kind: 'escape' | 'unsupported', message: string) { super(message) }
}

/** paths are lists of checked components, relative to the tree's root ([] is the root) */
export interface ReadOnlyTree {
  /** undefined: nothing there. Throws TreeRefusal */
  stat: (path: readonly string[]) => TreeStat | undefined
  /** the entries of a directory, sorted by name (entries a job may not see are left out) */
  list: (path: readonly string[]) => Array<{ name: string, type: TreeNodeType }>
  /** opens a regular file. Throws TreeRefusal */
  open: (path: readonly string[]) => TreeFile
}

/** how a data set reaches the thread that runs a job: structured-cloneable */
export type DatasetSource =
  /** a directory on this machine's disk (Node hosts) */
  | { kind: 'directory', path: string }
  /** the files themselves, by relative path with `/` separators (pages, tests) */
  | { kind: 'files', files: Array<[string, Uint8Array]> }

/** a data set granted to a job: seen by the module at /data/<name> */
export interface DatasetMount {
  name: string
  source: DatasetSource
}

/** where a job's module finds a data set */
export const DATASET_GUEST_ROOT = '/data'
export const guestPath = (name: string): string => `${DATASET_GUEST_ROOT}/${name}`

export { DATASET_NAME_MAX, isDatasetName } from '../utils/dataset-name.js'

/** a tree over bytes held in memory; directories are implied by the files' paths */
export class MemoryTree implements ReadOnlyTree {
  private readonly files = new Map<string, Uint8Array>()
  private readonly dirs = new Map<string, Map<string, TreeNodeType>>([['', new Map()]])

  constructor (files: Iterable<[string, Uint8Array]>) {
    for (const [path, bytes] of files) {
      const parts = path.split('/').filter(p => p !== '')
      if (parts.length === 0 || parts.some(p => p === '.' || p === '..')) throw new TypeError(`bad file path "${path}"`)
      for (let i = 0; i < parts.length; i++) {
        const dir = parts.slice(0, i).join('/')
        const entries = this.dirs.get(dir) ?? new Map()
        this.dirs.set(dir, entries)
        const type: TreeNodeType = i === parts.length - 1 ? 'file' : 'directory'
        if (entries.get(parts[i]) !== undefined && entries.get(parts[i]) !== type) throw new TypeError(`"${path}" is both a file and a directory`)
        entries.set(parts[i], type)
      }
      this.files.set(parts.join('/'), bytes)
    }
  }

  stat (path: readonly string[]): TreeStat | undefined {
    const key = path.join('/')
    const file = this.files.get(key)
    if (file !== undefined) return { type: 'file', size: file.length }
    return this.dirs.has(key) ? { type: 'directory', size: 0 } : undefined
  }

  list (path: readonly string[]): Array<{ name: string, type: TreeNodeType }> {
    const entries = this.dirs.get(path.join('/'))
    if (entries === undefined) return []
    return [...entries].map(([name, type]) => ({ name, type })).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  }

  open (path: readonly string[]): TreeFile {
    const bytes = this.files.get(path.join('/'))
    if (bytes === undefined) throw new TreeRefusal('unsupported', 'not a file')
    return {
      size: bytes.length,
      read: (position, into) => {
        const chunk = bytes.subarray(position, position + into.length)
        into.set(chunk)
        return chunk.length
      },
      close: () => {}
    }
  }
}

/** opens what a page or a test holds; a directory source needs a host that can read disks */
export function openMemorySource (source: DatasetSource): ReadOnlyTree {
  if (source.kind === 'files') return new MemoryTree(source.files)
  throw new TypeError('this host cannot read directories; give the data set as files')
}
