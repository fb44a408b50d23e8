/**
 * The layers of docs/architecture.md as data, and the check of an import
 * graph against them (test/architecture/layers.spec.ts runs it on src/).
 */
import { builtinModules } from 'node:module'
import type { Import } from './imports.js'

/**
 * From the bottom up: code may import its own layer and the layers below it,
 * never one above. A path names a folder (with its subfolders) or one file;
 * the longest match wins, so a file can sit in another layer than its folder.
 */
/** executor modules that are the daemon's side (worker_threads, child_process), behind JobExecutor */
export const NODE_SIDE_EXECUTORS = ['src/executors/pool.ts', 'src/executors/native.ts', 'src/executors/wasm-worker.ts', 'src/executors/registry.ts', 'src/executors/index.ts']

export const LAYERS: Array<{ name: string, paths: string[] }> = [
  { name: 'generated code and helpers', paths: ['src/pb', 'src/utils', 'src/version.ts'] },
  { name: 'guard and executors', paths: ['src/guard', 'src/executors'] },
  // the job protocol's vocabulary: signed records, their errors and constants (reputation checks reports with them)
  { name: 'job records', paths: ['src/jobs/constants.ts', 'src/jobs/errors.ts', 'src/jobs/records.ts'] },
  { name: 'limits and retention', paths: ['src/limits.ts'] },
  // data and inference are being added in parallel (content-addressed data; ONNX tensors and checks)
  { name: 'capacity, reputation, data and inference', paths: ['src/capacity', 'src/reputation', 'src/data', 'src/inference'] },
  { name: 'jobs', paths: ['src/jobs'] },
  { name: 'reachability and the shoal() service', paths: ['src/reachability', 'src/service'] },
  { name: 'the platform-free peer', paths: ['src/peer'] },
  // the executors' Node side (worker threads, child processes) stands with the Node assembly that wires it
  { name: 'platform assemblies', paths: ['src/node', 'src/browser', ...NODE_SIDE_EXECUTORS] },
  { name: 'createShoal()', paths: ['src/create.ts'] },
  { name: 'control API, workloads and the library entry', paths: ['src/api', 'src/workloads', 'src/index.ts'] },
  { name: 'daemon and simulator', paths: ['src/daemon.ts', 'src/sim'] },
  { name: 'CLI', paths: ['src/cli'] }
]

/** code that runs in a page and in the simulator too: no Node built-ins */
export const PLATFORM_FREE = ['src/pb', 'src/utils', 'src/guard', 'src/limits.ts', 'src/capacity', 'src/reputation', 'src/data', 'src/inference', 'src/jobs', 'src/reachability', 'src/service', 'src/peer', 'src/browser']

/** the two platform assemblies stand side by side: neither imports the other */
const SIDE_BY_SIDE: Array<[string, string]> = [['src/browser', 'src/node'], ['src/node', 'src/browser'], ...NODE_SIDE_EXECUTORS.map((e): [string, string] => ['src/browser', e])]

const within = (file: string, path: string): boolean => file === path || file.startsWith(path + '/')

export function layerOf (file: string): number | undefined {
  let best: { rank: number, length: number } | undefined
  LAYERS.forEach((layer, rank) => {
    for (const path of layer.paths) {
      if (within(file, path) && (best == null || path.length > best.length)) best = { rank, length: path.length }
    }
  })
  return best?.rank
}

const NODE_BUILTINS = new Set(builtinModules)
const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0])

/** every broken rule among these imports, as one line each */
export function violations (imports: Import[]): string[] {
  const out: string[] = []
  for (const i of imports) {
    const where = `${i.from}:${i.line} imports ${i.to}`
    if (!i.local) {
      if (isBuiltin(i.to) && PLATFORM_FREE.some(p => within(i.from, p))) {
        out.push(`${where}: a Node built-in in platform-free code (it runs in pages and the simulator); put Node-only code under src/node/ behind an interface`)
      }
      continue
    }
    for (const [a, b] of SIDE_BY_SIDE) {
      if (within(i.from, a) && within(i.to, b)) out.push(`${where}: ${a} must not import ${b}; take what both need from src/peer/ or lower`)
    }
    const from = layerOf(i.from)
    const to = layerOf(i.to)
    if (from == null) { out.push(`${i.from}: in no layer of docs/architecture.md; add its folder to LAYERS in test/architecture/layers.ts and to the doc`); continue }
    if (to == null) { out.push(`${where}: the target is in no layer of docs/architecture.md`); continue }
    if (to > from) {
      out.push(`${where}: "${LAYERS[from].name}" must not import "${LAYERS[to].name}", a layer above it; invert the dependency (an interface below, implemented above) or move the shared part down`)
    }
  }
  return [...new Set(out)]
}
