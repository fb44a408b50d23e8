/**
 * Data sets a browser page holds, kept in IndexedDB so they outlive a
 * reload: each a name, its files (relative paths → bytes) and whether it is
 * public. A job that names one gets it as a read-only preopened directory in
 * its Web Worker (the files are copied into the worker for the job: the page
 * has no synchronous way to read IndexedDB from inside a WASI call). Names
 * follow the same rule as a daemon's (`isDatasetName`).
 */
import { isDatasetName } from '../utils/dataset-name.js'
import type { HeldDataset } from '../jobs/types.js'

const SETS = 'sets'
const FILES = 'files'
/** a page holds at most this many data sets, and this many bytes in each (IndexedDB quotas are the browser's) */
export const MAX_PAGE_DATASETS = 16
export const MAX_PAGE_DATASET_BYTES = 256 * 1024 * 1024

interface SetRecord { name: string, size: number, public: boolean, paths: string[] }

export class PageDatasets {
  private db?: IDBDatabase
  private sets = new Map<string, SetRecord>()

  constructor (private readonly dbName: string) {}

  async open (): Promise<void> {
    this.db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(this.dbName, 1)
      req.onupgradeneeded = () => {
        req.result.createObjectStore(SETS, { keyPath: 'name' })
        req.result.createObjectStore(FILES)
      }
      req.onsuccess = () => { resolve(req.result) }
      req.onerror = () => { reject(req.error ?? new Error(`cannot open IndexedDB ${this.dbName}`)) }
    })
    const all = await this.request<SetRecord[]>(this.tx(SETS, 'readonly').objectStore(SETS).getAll())
    this.sets = new Map(all.map(r => [r.name, r]))
  }

  close (): void {
    this.db?.close()
  }

  /** what the executor grants and the advert says */
  list (): HeldDataset[] {
    return [...this.sets.values()].map(r => ({ name: r.name, size: r.size, public: r.public })).sort((a, b) => a.name < b.name ? -1 : 1)
  }

  /** stores (or replaces) a data set; throws TypeError saying what is wrong */
  async add (name: string, files: Array<[string, Uint8Array]>, options: { public?: boolean } = {}): Promise<HeldDataset> {
    if (!isDatasetName(name)) throw new TypeError(`a data set name is 1 to 64 letters, digits, ".", "_" or "-", got "${name}"`)
    if (!this.sets.has(name) && this.sets.size >= MAX_PAGE_DATASETS) throw new TypeError(`a page holds at most ${MAX_PAGE_DATASETS} data sets`)
    const paths = files.map(([p]) => p.split('/').filter(x => x !== '').join('/'))
    if (paths.some((p, i) => p === '' || p.split('/').some(x => x === '.' || x === '..') || !(files[i][1] instanceof Uint8Array))) throw new TypeError('each file needs a relative path (no . or ..) and bytes')
    if (new Set(paths).size !== paths.length) throw new TypeError('a file path is given twice')
    const size = files.reduce((n, [, b]) => n + b.byteLength, 0)
    if (size > MAX_PAGE_DATASET_BYTES) throw new TypeError(`a page's data set holds at most ${MAX_PAGE_DATASET_BYTES} bytes`)
    const record: SetRecord = { name, size, public: options.public ?? true, paths }
    const tx = this.tx([SETS, FILES], 'readwrite')
    const old = this.sets.get(name)
    for (const p of old?.paths ?? []) tx.objectStore(FILES).delete(`${name}/${p}`)
    paths.forEach((p, i) => { tx.objectStore(FILES).put(files[i][1], `${name}/${p}`) })
    tx.objectStore(SETS).put(record)
    await this.done(tx)
    this.sets.set(name, record)
    return { name, size, public: record.public }
  }

  async remove (name: string): Promise<boolean> {
    const old = this.sets.get(name)
    if (old == null) return false
    const tx = this.tx([SETS, FILES], 'readwrite')
    for (const p of old.paths) tx.objectStore(FILES).delete(`${name}/${p}`)
    tx.objectStore(SETS).delete(name)
    await this.done(tx)
    this.sets.delete(name)
    return true
  }

  /** the files of a data set, for one job */
  async files (name: string): Promise<Array<[string, Uint8Array]>> {
    const record = this.sets.get(name)
    if (record == null) throw new Error(`data set "${name}" is not held here`)
    const store = this.tx(FILES, 'readonly').objectStore(FILES)
    return Promise.all(record.paths.map(async p => [p, await this.request<Uint8Array>(store.get(`${name}/${p}`))] as [string, Uint8Array]))
  }

  private tx (stores: string | string[], mode: IDBTransactionMode): IDBTransaction {
    if (this.db == null) throw new Error('the data set store is not open')
    return this.db.transaction(stores, mode)
  }

  private async request<T> (req: IDBRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      req.onsuccess = () => { resolve(req.result as T) }
      req.onerror = () => { reject(req.error ?? new Error('IndexedDB request failed')) }
    })
  }

  private async done (tx: IDBTransaction): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => { resolve() }
      tx.onerror = () => { reject(tx.error ?? new Error('IndexedDB transaction failed')) }
      tx.onabort = () => { reject(tx.error ?? new Error('IndexedDB transaction aborted')) }
    })
  }
}
