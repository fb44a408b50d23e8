/**
 * Reading a module's memory and table limits out of its binary, and capping them.
 *
 * WebAssembly.Module.imports()/exports() do not give limits, so the import
 * (id 2), table (id 4) and memory (id 5) sections are read here. A memory the
 * module defines is capped by rewriting its limits in place to
 * `max = min(max, cap)`: only the memory section's bytes change (a section is
 * length-prefixed and nothing else in a module points at file offsets, so the
 * rest is copied unchanged; DWARF offsets are relative to the code section and
 * stay valid). Every module is capped this way instead of refusing those that
 * declare no maximum. A memory the module imports is given by the executor,
 * with the cap as its maximum. Tables are capped the same way (all together
 * at MAX_TABLE_ENTRIES), since they live on the worker's V8 heap. Modules with
 * GC types (struct/array) are refused: their objects escape both caps.
 *
 * Pure: no Node modules, so a browser peer can use it in a Web Worker.
 */
import { MAX_TABLE_ENTRIES, WASM_PAGE_BYTES } from './constants.js'
import { ExecutorError } from './errors.js'

const MAGIC = [0x00, 0x61, 0x73, 0x6d]
const VERSION = [0x01, 0x00, 0x00, 0x00]
const SECTION_TYPE = 1
const SECTION_IMPORT = 2
const SECTION_TABLE = 4
const SECTION_MEMORY = 5
const MAX_PAGES_32 = 65_536
const MIB = 1024 * 1024

export interface MemoryLimits {
  /** pages of 64 KiB */
  min: number
  max?: number
}

export type ImportKind = 'function' | 'table' | 'memory' | 'global' | 'tag'

export interface ModuleImport {
  module: string
  name: string
  kind: ImportKind
  /** for kind 'memory' */
  limits?: MemoryLimits
}

interface Section {
  /** offset of the section id byte */
  start: number
  /** offset just past the section */
  end: number
}

export interface TableInfo {
  /** the reference type's bytes, copied as they are into a rewritten table section */
  refType: Uint8Array
  min: number
  max?: number
}

export interface ModuleInfo {
  imports: ModuleImport[]
  /** memories the module defines itself (memory section) */
  memories: MemoryLimits[]
  memorySection?: Section
  /** tables the module defines itself (table section) */
  tables: TableInfo[]
  tableSection?: Section
}

/** How the module's one memory (if any) gets its cap. */
export type MemoryPlan =
  | { kind: 'none' }
  /** the module defines its memory; `max` is in the (possibly rewritten) binary */
  | { kind: 'defined', min: number, max: number, rewritten: boolean, capBinding: boolean }
  /** the module imports its memory: the executor creates WebAssembly.Memory({ initial: min, maximum: max }) */
  | { kind: 'imported', module: string, name: string, min: number, max: number, capBinding: boolean }

export interface PreparedModule {
  /** the binary to compile: the input itself, or a copy with memory or table maximums rewritten */
  bytes: Uint8Array
  imports: ModuleImport[]
  memory: MemoryPlan
  capPages: number
  /** the maximum each defined table has now (undefined: no tables) */
  tableMax?: number
}

class Reader {
  pos: number
  constructor (readonly bytes: Uint8Array, start: number, readonly end: number) { this.pos = start }

  byte (): number {
    if (this.pos >= this.end) throw invalid('unexpected end of section')
    return this.bytes[this.pos++]
  }

  /** unsigned LEB128 of at most 32 bits */
  u32 (): number {
    let result = 0
    let shift = 0
    for (let i = 0; i < 5; i++) {
      const b = this.byte()
      result += (b & 0x7f) * 2 ** shift
      if ((b & 0x80) === 0) {
        if (result > 0xffff_ffff) throw invalid('integer too large')
        return result
      }
      shift += 7
    }
    throw invalid('integer too long')
  }

  /** signed LEB128 of at most 33 bits (heap types): only skipped */
  skipS33 (): void {
    for (let i = 0; i < 5; i++) if ((this.byte() & 0x80) === 0) return
    throw invalid('integer too long')
  }

  name (): string {
    const len = this.u32()
    if (this.pos + len > this.end) throw invalid('name runs past its section')
    const bytes = this.bytes.subarray(this.pos, this.pos + len)
    this.pos += len
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      throw invalid('name is not UTF-8')
    }
  }

  /** a value or reference type: one byte, or (ref null? heaptype) */
  skipValType (): void {
    const t = this.byte()
    if (t === 0x63 || t === 0x64) this.skipS33()
  }

  /** table limits: only skipped (table64 allowed, Wasm itself decides) */
  skipTableLimits (): void {
    const flags = this.byte()
    if (flags > 0x07) throw invalid(`unknown table limits flags 0x${flags.toString(16)}`)
    const read64 = (flags & 0x04) !== 0 ? () => this.skipU64() : () => { this.u32() }
    read64()
    if ((flags & 0x01) !== 0) read64()
  }

  tableType (): TableInfo {
    const at = this.pos
    if (this.bytes[at] === 0x40) throw invalid('tables with initialiser expressions are not supported')
    this.skipValType()
    const refType = this.bytes.slice(at, this.pos)
    const flags = this.byte()
    if ((flags & 0x04) !== 0) throw invalid('64-bit tables (table64) are not supported')
    if (flags > 0x01) throw invalid(`unknown table limits flags 0x${flags.toString(16)}`)
    const min = this.u32()
    const max = (flags & 0x01) !== 0 ? this.u32() : undefined
    return { refType, min, max }
  }

  skipU64 (): void {
    for (let i = 0; i < 10; i++) if ((this.byte() & 0x80) === 0) return
    throw invalid('integer too long')
  }

  memoryLimits (): MemoryLimits {
    const flags = this.byte()
    if ((flags & 0x04) !== 0) throw invalid('64-bit memory (memory64) is not supported')
    if ((flags & 0x02) !== 0) throw invalid('shared memory (threads) is not supported')
    if ((flags & 0x08) !== 0) throw invalid('custom page sizes are not supported')
    if (flags > 0x01) throw invalid(`unknown memory limits flags 0x${flags.toString(16)}`)
    const min = this.u32()
    const max = (flags & 0x01) !== 0 ? this.u32() : undefined
    if (min > MAX_PAGES_32 || (max !== undefined && max > MAX_PAGES_32)) throw invalid('memory limits above 4 GiB')
    if (max !== undefined && max < min) throw invalid('memory maximum below its minimum')
    return { min, max }
  }
}

function invalid (message: string): ExecutorError {
  return new ExecutorError('invalid-module', message)
}

/** Reads the type, import, table and memory sections. Throws 'invalid-module' on what is not a module Shoal can run. */
export function inspectModule (bytes: Uint8Array): ModuleInfo {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw invalid('not a WebAssembly module (bad magic number)')
  if (VERSION.some((b, i) => bytes[4 + i] !== b)) throw invalid('unsupported WebAssembly binary version (only version 1 modules run)')
  const info: ModuleInfo = { imports: [], memories: [], tables: [] }
  const top = new Reader(bytes, 8, bytes.length)
  while (top.pos < bytes.length) {
    const start = top.pos
    const id = top.byte()
    const size = top.u32()
    const contentStart = top.pos
    const end = contentStart + size
    if (end > bytes.length) throw invalid(`section ${id} runs past the end of the module`)
    const r = new Reader(bytes, contentStart, end)
    if (id === SECTION_TYPE) {
      checkTypes(r)
    } else if (id === SECTION_IMPORT) {
      readImports(r, info.imports)
    } else if (id === SECTION_TABLE) {
      const count = r.u32()
      for (let i = 0; i < count; i++) info.tables.push(r.tableType())
      info.tableSection = { start, end }
    } else if (id === SECTION_MEMORY) {
      const count = r.u32()
      for (let i = 0; i < count; i++) info.memories.push(r.memoryLimits())
      info.memorySection = { start, end }
    }
    top.pos = end
  }
  return info
}

/** only plain function types: GC types (struct, array, recursion groups, subtypes) are refused */
function checkTypes (r: Reader): void {
  const count = r.u32()
  for (let i = 0; i < count; i++) {
    const form = r.byte()
    if (form !== 0x60) throw invalid('GC types (struct, array, rec, sub) are not supported')
    for (let side = 0; side < 2; side++) {
      const n = r.u32()
      for (let j = 0; j < n; j++) r.skipValType()
    }
  }
}

function readImports (r: Reader, out: ModuleImport[]): void {
  const count = r.u32()
  for (let i = 0; i < count; i++) {
    const module = r.name()
    const name = r.name()
    const kind = r.byte()
    switch (kind) {
      case 0x00: r.u32(); out.push({ module, name, kind: 'function' }); break
      case 0x01: r.skipValType(); r.skipTableLimits(); out.push({ module, name, kind: 'table' }); break
      case 0x02: out.push({ module, name, kind: 'memory', limits: r.memoryLimits() }); break
      case 0x03: r.skipValType(); r.byte(); out.push({ module, name, kind: 'global' }); break
      case 0x04: r.byte(); r.u32(); out.push({ module, name, kind: 'tag' }); break
      default: throw invalid(`unknown import kind 0x${kind.toString(16)} for ${module}.${name}`)
    }
  }
}

/** pages a memory limit of memoryMb allows */
export function capPagesFor (memoryMb: number): number {
  return Math.min(MAX_PAGES_32, Math.floor(memoryMb * MIB / WASM_PAGE_BYTES))
}

const mib = (pages: number): string => `${+(pages * WASM_PAGE_BYTES / MIB).toFixed(2)} MiB`

/**
 * Inspects the module and caps its memory at capPages: a defined memory gets
 * its maximum rewritten in the binary, an imported one gets a plan for the
 * memory to provide. Refuses ('memory') a module whose minimum is above the
 * cap, and ('invalid-module') one with more than one memory.
 */
export function prepareModule (bytes: Uint8Array, capPages: number): PreparedModule {
  const info = inspectModule(bytes)
  const rewrites: Rewrite[] = []
  const tableMax = capTables(info, rewrites)
  const memory = capMemory(info, capPages, rewrites)
  return { bytes: rewrite(bytes, rewrites), imports: info.imports, capPages, memory, tableMax }
}

interface Rewrite extends Section {
  id: number
  content: number[]
}

function capMemory (info: ModuleInfo, capPages: number, rewrites: Rewrite[]): MemoryPlan {
  const memImports = info.imports.filter(i => i.kind === 'memory')
  const total = memImports.length + info.memories.length
  if (total > 1) throw invalid(`module has ${total} memories; Shoal runs modules with at most one`)
  const tooBig = (min: number): ExecutorError =>
    new ExecutorError('memory', `module memory minimum ${mib(min)} exceeds the limit ${mib(capPages)}`)

  if (memImports.length === 1) {
    const imp = memImports[0]
    const { min, max } = imp.limits as MemoryLimits
    if (min > capPages) throw tooBig(min)
    const given = max === undefined ? capPages : Math.min(max, capPages)
    return { kind: 'imported', module: imp.module, name: imp.name, min, max: given, capBinding: given === capPages }
  }
  if (info.memories.length === 1 && info.memorySection !== undefined) {
    const { min, max } = info.memories[0]
    if (min > capPages) throw tooBig(min)
    if (max !== undefined && max <= capPages) return { kind: 'defined', min, max, rewritten: false, capBinding: max === capPages }
    rewrites.push({ ...info.memorySection, id: SECTION_MEMORY, content: [...uleb(1), 0x01, ...uleb(min), ...uleb(capPages)] })
    return { kind: 'defined', min, max: capPages, rewritten: true, capBinding: true }
  }
  return { kind: 'none' }
}

/** each defined table gets at most an equal share of MAX_TABLE_ENTRIES */
function capTables (info: ModuleInfo, rewrites: Rewrite[]): number | undefined {
  const { tables, tableSection } = info
  if (tables.length === 0 || tableSection === undefined) return undefined
  const each = Math.floor(MAX_TABLE_ENTRIES / tables.length)
  const needed = tables.reduce((n, t) => n + t.min, 0)
  if (tables.some(t => t.min > each)) {
    throw new ExecutorError('memory', `module tables need ${needed} entries, above the limit of ${MAX_TABLE_ENTRIES} (${each} per table)`)
  }
  if (tables.every(t => t.max !== undefined && t.max <= each)) return each
  const content = [...uleb(tables.length)]
  for (const t of tables) content.push(...t.refType, 0x01, ...uleb(t.min), ...uleb(Math.min(t.max ?? each, each)))
  rewrites.push({ ...tableSection, id: SECTION_TABLE, content })
  return each
}

/** a copy of the module with some sections replaced; the rest is copied unchanged */
function rewrite (bytes: Uint8Array, rewrites: Rewrite[]): Uint8Array {
  if (rewrites.length === 0) return bytes
  const parts: Array<ArrayLike<number>> = []
  let at = 0
  for (const r of [...rewrites].sort((a, b) => a.start - b.start)) {
    parts.push(bytes.subarray(at, r.start), [r.id, ...uleb(r.content.length)], r.content)
    at = r.end
  }
  parts.push(bytes.subarray(at))
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let pos = 0
  for (const p of parts) { out.set(p, pos); pos += p.length }
  return out
}

/** unsigned LEB128 */
export function uleb (n: number): number[] {
  const out: number[] = []
  do {
    let b = n % 128
    n = Math.floor(n / 128)
    if (n > 0) b |= 0x80
    out.push(b)
  } while (n > 0)
  return out
}
