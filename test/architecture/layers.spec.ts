/**
 * The layers of docs/architecture.md, held against the real import graph of
 * src/: an import that breaks a rule fails here, naming the file, the line,
 * the rule and what to do instead. The rules are in ./layers.ts.
 */
import { resolve } from 'node:path'
import { expect } from 'chai'
import { fileCycles, importGraph, importSpecifiers } from './imports.js'
import { violations } from './layers.js'
import type { Import } from './imports.js'

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
