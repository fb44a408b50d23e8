/**
 * The layers of docs/architecture.md, held against the real import graph of
 * src/: an import that breaks a rule fails here, naming the file, the line,
 * the rule and what to do instead.
 */
import { resolve } from 'node:path'
import { builtinModules } from 'node:module'
import { expect } from 'chai'
import { fileCycles, importGraph, importSpecifiers } from './imports.js'
import type { Import } from './imports.js'

/**
 * From the bottom up: code may import its own layer and the layers below it,
 * never one above. A path names a folder (with its subfolders) or one file;
 * the longest match wins, so a file can sit in another layer than its folder.
 */
export const LAYERS: Array<{ name: string, paths: string[] }> = [
  { name: 'generated code and helpers', paths: ['src/pb', 'src/utils', 'src/version.ts'] },
  { name: 'guard and executors', paths: ['src/guard', 'src/executors'] },
  // the job protocol's vocabulary: signed records, their errors and constants (reputation checks reports with them)
  { name: 'job records', paths: ['src/jobs/constants.ts', 'src/jobs/errors.ts', 'src/jobs/records.ts'] },
  { name: 'limits and retention', paths: ['src/limits.ts'] },
  { name: 'capacity, reputation and data', paths: ['src/capacity', 'src/reputation', 'src/data'] },
  { name: 'jobs', paths: ['src/jobs'] },
  { name: 'reachability and the shoal() service', paths: ['src/reachability', 'src/service'] },
  { name: 'the platform-free peer', paths: ['src/peer'] },
  { name: 'platform assemblies', paths: ['src/node', 'src/browser'] },
  { name: 'createShoal()', paths: ['src/create.ts'] },
  { name: 'control API, workloads and the library entry', paths: ['src/api', 'src/workloads', 'src/index.ts'] },
  { name: 'daemon and simulator', paths: ['src/daemon.ts', 'src/sim'] },
  { name: 'CLI', paths: ['src/cli'] }
]

/** code that runs in a page and in the simulator too: no Node built-ins */
export const PLATFORM_FREE = ['src/pb', 'src/utils', 'src/guard', 'src/limits.ts', 'src/capacity', 'src/reputation', 'src/data', 'src/jobs', 'src/reachability', 'src/service', 'src/peer', 'src/browser']

/** the two platform assemblies stand side by side: neither imports the other */
const SIDE_BY_SIDE: Array<[string, string]> = [['src/browser', 'src/node'], ['src/node', 'src/browser']]

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
    if (from == null) { out.push(`${i.from}: in no layer of docs/architecture.md; add its folder to LAYERS in test/architecture/layers.spec.ts and to the doc`); continue }
    if (to == null) { out.push(`${where}: the target is in no layer of docs/architecture.md`); continue }
    if (to > from) {
      out.push(`${where}: "${LAYERS[from].name}" must not import "${LAYERS[to].name}", a layer above it; invert the dependency (an interface below, implemented above) or move the shared part down`)
    }
  }
  return [...new Set(out)]
}

describe('architecture: the layers hold', () => {
  const imports = importGraph(resolve('.'))

  it('reads the import graph of src/', () => {
    expect(imports.filter(i => i.local).length).to.be.greaterThan(300)
    // a sample the reader must see: type-only, re-exports and imports spread over lines
    expect(imports).to.deep.include({ from: 'src/index.ts', to: 'src/create.ts', local: true, line: imports.find(i => i.from === 'src/index.ts' && i.to === 'src/create.ts')?.line })
  })

  it('every file is in a layer, and every import goes to its own layer or one below', () => {
    expect(violations(imports)).to.deep.equal([])
  })

  it('no import cycles among the files of src/', () => {
    expect(fileCycles(imports)).to.deep.equal([])
  })

  describe('the rules catch what they should', () => {
    const at = (from: string, to: string, local = true): Import => ({ from, to, local, line: 1 })

    it('protocol and service code into src/node', () => {
      for (const from of ['src/jobs/service.ts', 'src/reputation/service.ts', 'src/capacity/service.ts', 'src/data/store.ts']) {
        expect(violations([at(from, 'src/node/limits.ts')])).to.have.length(1)
      }
    })

    it('the browser peer into src/node, and src/node into the browser', () => {
      expect(violations([at('src/browser/peer.ts', 'src/node/constants.ts')]).join('\n')).to.match(/src\/browser must not import src\/node/)
      expect(violations([at('src/node/libp2p.ts', 'src/browser/peer.ts')]).join('\n')).to.match(/src\/node must not import src\/browser/)
    })

    it('reputation into the jobs service, but not into the job records', () => {
      expect(violations([at('src/reputation/service.ts', 'src/jobs/service.ts')])).to.have.length(1)
      expect(violations([at('src/reputation/reports.ts', 'src/jobs/records.ts')])).to.deep.equal([])
      expect(violations([at('src/jobs/service.ts', 'src/reputation/selection.ts')])).to.deep.equal([])
    })

    it('Node built-ins in platform-free code', () => {
      expect(violations([at('src/jobs/store.ts', 'node:fs', false)])).to.have.length(1)
      expect(violations([at('src/jobs/store.ts', 'crypto', false)])).to.have.length(1)
      expect(violations([at('src/node/datastore.ts', 'node:fs', false)])).to.deep.equal([])
      expect(violations([at('src/jobs/store.ts', '@libp2p/interface', false)])).to.deep.equal([])
    })

    it('a file in no layer', () => {
      expect(violations([at('src/nowhere/x.ts', 'src/utils/hash.ts')]).join('\n')).to.match(/in no layer/)
    })

    it('a cycle', () => {
      expect(fileCycles([at('src/api/a.ts', 'src/api/b.ts'), at('src/api/b.ts', 'src/api/c.ts'), at('src/api/c.ts', 'src/api/a.ts')])).to.deep.equal([['src/api/a.ts', 'src/api/b.ts', 'src/api/c.ts']])
    })

    it('the scanner reads every form of import the code uses', () => {
      const found = importSpecifiers([
        "import { a } from './a.js'",
        "import type { B } from '../b.js'",
        'import {',
        '  c,',
        '  d',
        "} from './cd.js'",
        "export { e } from './e.js'",
        "export * from './f.js'",
        "import './side-effect.js'",
        "const g = await import('./g.js')",
        "// import { no } from './commented.js'",
        "/* import { no } from './block.js' */",
        "const url = 'http://example.org/x'"
      ].join('\n'))
      expect(found.map(f => f.specifier)).to.deep.equal(['./a.js', '../b.js', './cd.js', './e.js', './f.js', './side-effect.js', './g.js'])
      expect(found.map(f => f.line)).to.deep.equal([1, 2, 3, 7, 8, 9, 10])
    })
  })
})
