/**
 * The import graph of src/, read from the source text: every `import … from`,
 * `export … from`, side-effect `import '…'` and literal `import('…')`, type-only
 * ones included (a type import ties layers together as much as a value one).
 * Relative specifiers are resolved to the .ts files they name; anything else
 * is a package or a Node built-in and kept as written.
 *
 * A small scanner rather than the TypeScript compiler: the import syntax the
 * project uses is regular, and this reads the whole of src/ in milliseconds.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'

export interface Import {
  /** the importing file, relative to the repository root, with forward slashes */
  from: string
  /** the resolved .ts file for relative imports; the specifier for packages and built-ins */
  to: string
  /** true for `./` and `../` specifiers */
  local: boolean
  /** 1-based line of the import */
  line: number
}

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

/** the specifiers a TypeScript source imports from, with their lines; comments are skipped */
export function importSpecifiers (source: string): Array<{ specifier: string, line: number }> {
  // blank out comments, keeping line breaks so line numbers stay true
  const text = source.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`\\])\/\/[^\n]*/g, (m, lead: string | undefined) => (lead ?? '') + m.slice((lead ?? '').length).replace(/[^\n]/g, ' '))
  const out: Array<{ specifier: string, line: number }> = []
  for (const m of text.matchAll(IMPORT_RE)) {
    const specifier = m[1] ?? m[2]
    const line = text.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0)
    out.push({ specifier, line })
  }
  return out
}

function tsFiles (dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return tsFiles(path)
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : []
  })
}

const posix = (p: string): string => p.split(sep).join('/')

/** resolves `./x.js` (or a folder with index.ts) against the importing file */
function resolveLocal (root: string, fromFile: string, specifier: string): string {
  const base = join(dirname(join(root, fromFile)), specifier)
  const candidates = [base.replace(/\.js$/, '.ts'), base + '.ts', join(base, 'index.ts'), base]
  const found = candidates.find(c => existsSync(c) && statSync(c).isFile())
  return posix(relative(root, found ?? candidates[0]))
}

/** every import of every .ts file under `dir` (relative to `root`) */
export function importGraph (root: string, dir = 'src'): Import[] {
  return tsFiles(join(root, dir)).flatMap(file => {
    const from = posix(relative(root, file))
    return importSpecifiers(readFileSync(file, 'utf8')).map(({ specifier, line }) => {
      const local = specifier.startsWith('./') || specifier.startsWith('../')
      return { from, to: local ? resolveLocal(root, from, specifier) : specifier, local, line }
    })
  })
}

/** the import cycles among files (each cycle once, as a path that returns to its start) */
export function fileCycles (imports: Import[]): string[][] {
  const edges = new Map<string, Set<string>>()
  for (const i of imports) if (i.local) edges.set(i.from, (edges.get(i.from) ?? new Set()).add(i.to))
  // Tarjan's strongly connected components; a component of more than one file holds a cycle
  let index = 0
  const stack: string[] = []
  const on = new Set<string>()
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const components: string[][] = []
  const visit = (v: string): void => {
    idx.set(v, index); low.set(v, index); index++
    stack.push(v); on.add(v)
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0)) } else if (on.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0))
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = []
      let w: string | undefined
      do { w = stack.pop(); if (w != null) { on.delete(w); component.push(w) } } while (w !== v && w != null)
      if (component.length > 1 || (edges.get(v)?.has(v) ?? false)) components.push(component.sort())
    }
  }
  for (const v of edges.keys()) if (!idx.has(v)) visit(v)
  return components
}
