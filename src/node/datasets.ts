/**
 * The data sets an operator mounts (`shoal start --dataset name=path[:private|:public]`,
 * or `jobs.datasets` in the config file): each directory is checked at start
 * and measured the way a job will see it (links out of it, devices and pipes
 * left out), so the advert's size is what jobs can read.
 */
import { resolve } from 'node:path'
import { DirectoryTree } from '../executors/directory-tree.js'
import { ConfigError } from './errors.js'
import type { DatasetConfig } from './config.js'
import type { HeldDataset } from '../jobs/types.js'

/** a mounted data set: what the executor grants and the advert says */
export interface LoadedDataset extends HeldDataset {
  /** the directory, as given (resolved) */
  path: string
}

/** most entries walked to measure one data set: a bigger tree is refused at start */
export const MAX_DATASET_ENTRIES = 1_000_000

/** parses one `--dataset name=path[:private|:public]` flag */
export function parseDatasetFlag (value: string): DatasetConfig {
  const eq = value.indexOf('=')
  if (eq <= 0) throw new ConfigError(`--dataset takes name=path[:private|:public] (e.g. --dataset shard=/srv/shard:private), got "${value}"`)
  const name = value.slice(0, eq)
  let path = value.slice(eq + 1)
  let visibility: 'private' | 'public' = 'private'
  const m = /^(.*):(private|public)$/.exec(path)
  if (m != null) { path = m[1]; visibility = m[2] as 'private' | 'public' }
  if (path.trim() === '') throw new ConfigError(`--dataset ${name}= needs a directory`)
  return { name, path: resolve(path), visibility }
}

/** parses one `--dataset-module name=<sha-256 hex>` flag into the configs given so far */
export function addDatasetModule (datasets: DatasetConfig[], value: string): DatasetConfig[] {
  const eq = value.indexOf('=')
  const name = value.slice(0, eq)
  const hash = value.slice(eq + 1).toLowerCase()
  if (eq <= 0 || !/^[0-9a-f]{64}$/.test(hash)) throw new ConfigError(`--dataset-module takes name=<sha-256 of the module, hex> (e.g. from \`sha256sum job.wasm\`), got "${value}"`)
  const d = datasets.find(d => d.name === name)
  if (d == null) throw new ConfigError(`--dataset-module ${name}=…: no --dataset named "${name}" was given before it`)
  return datasets.map(x => x === d ? { ...d, modules: [...(d.modules ?? []), hash] } : x)
}

/** checks each directory and measures it; throws ConfigError saying what to fix */
export function loadDatasets (configs: DatasetConfig[]): LoadedDataset[] {
  return configs.map(c => {
    let tree: DirectoryTree
    try {
      tree = new DirectoryTree(c.path)
    } catch (err: any) {
      throw new ConfigError(`data set "${c.name}": ${c.path} is not a readable directory (${err.code ?? err.message}); give --dataset ${c.name}=<directory>`)
    }
    return {
      name: c.name,
      path: resolve(c.path),
      size: measure(tree, c.name),
      public: c.visibility === 'public',
      ...(c.modules != null ? { modules: [...c.modules] } : {})
    }
  })
}

function measure (tree: DirectoryTree, name: string): number {
  let bytes = 0
  let entries = 0
  const walk = (path: string[]): void => {
    for (const e of tree.list(path)) {
      if (++entries > MAX_DATASET_ENTRIES) throw new ConfigError(`data set "${name}" has more than ${MAX_DATASET_ENTRIES} entries; mount a smaller directory`)
      if (e.type === 'directory') walk([...path, e.name])
      else bytes += tree.stat([...path, e.name])?.size ?? 0
    }
  }
  walk([])
  return bytes
}
