import { expect } from 'chai'
import fc from 'fast-check'
import { ExecutorError, capPagesFor, inspectModule, prepareModule } from '../../src/executors/index.js'
import { HELLO, wat } from './fixtures.js'

const reasonOf = (fn: () => unknown): string | undefined => {
  try {
    fn()
  } catch (err) {
    if (err instanceof ExecutorError) return `${err.reason}: ${err.message}`
    throw err
  }
  return undefined
}

describe('executors: reading and capping module memory', () => {
  it('reads the imports and the memory limits of a module', async () => {
    const info = inspectModule(await wat(HELLO))
    expect(info.imports.map(i => `${i.module}.${i.name}`)).to.include('wasi_snapshot_preview1.fd_write')
    expect(info.memories).to.deep.equal([{ min: 2, max: 2 }])
  })

  it('rewrites a missing or too high maximum to the cap, and leaves a lower one alone', async () => {
    const cap = capPagesFor(4)
    expect(cap).to.equal(64)
    const none = await wat('(module (memory (export "memory") 1) (func (export "_start")) (data (i32.const 0) "x"))')
    const p = prepareModule(none, cap)
    expect(p.memory).to.deep.equal({ kind: 'defined', min: 1, max: 64, rewritten: true, capBinding: true })
    expect(inspectModule(p.bytes).memories).to.deep.equal([{ min: 1, max: 64 }])
    const { instance } = await WebAssembly.instantiate(p.bytes as Uint8Array<ArrayBuffer>)
    const memory = instance.exports.memory as WebAssembly.Memory
    expect(() => memory.grow(64)).to.throw(RangeError)
    expect(memory.grow(63)).to.equal(1)

    const high = prepareModule(await wat('(module (memory 1 65536))'), cap)
    expect(inspectModule(high.bytes).memories).to.deep.equal([{ min: 1, max: 64 }])

    const low = await wat('(module (memory 1 8))')
    const kept = prepareModule(low, cap)
    expect(kept.bytes).to.equal(low)
    expect(kept.memory).to.deep.include({ max: 8, rewritten: false, capBinding: false })
  })

  it('plans an imported memory with the cap as its maximum', async () => {
    expect(prepareModule(await wat('(module (import "env" "memory" (memory 2)))'), 64).memory)
      .to.deep.equal({ kind: 'imported', module: 'env', name: 'memory', min: 2, max: 64, capBinding: true })
    expect(prepareModule(await wat('(module (import "env" "memory" (memory 2 10)))'), 64).memory)
      .to.deep.include({ max: 10, capBinding: false })
  })

  it('caps tables all together, rewriting their maximums', async () => {
    const one = prepareModule(await wat('(module (table 5 funcref))'), 64)
    expect(one.tableMax).to.equal(1_000_000)
    expect(inspectModule(one.bytes).tables.map(t => [t.min, t.max])).to.deep.equal([[5, 1_000_000]])
    const four = prepareModule(await wat('(module (table 1 funcref) (table 2 10 externref) (table 3 900000 funcref) (table 4 funcref) (memory 1))', { reference_types: true }), 64)
    expect(inspectModule(four.bytes).tables.map(t => [t.min, t.max])).to.deep.equal([[1, 250_000], [2, 10], [3, 250_000], [4, 250_000]])
    expect(inspectModule(four.bytes).memories).to.deep.equal([{ min: 1, max: 64 }])
    expect(WebAssembly.validate(four.bytes as Uint8Array<ArrayBuffer>)).to.equal(true)
    const big = await wat('(module (table 600000 funcref) (table 1 funcref))', { reference_types: true })
    expect(reasonOf(() => prepareModule(big, 64))).to.match(/^memory: module tables need 600001 entries/)
  })

  it('refuses what it cannot cap or run', async () => {
    expect(reasonOf(() => prepareModule(new Uint8Array([1, 2, 3]), 64))).to.match(/^invalid-module: not a WebAssembly module/)
    expect(reasonOf(() => prepareModule(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]), 64))).to.match(/^invalid-module: unsupported .* version/)
    expect(reasonOf(() => prepareModule(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 10, 1]), 64))).to.match(/^invalid-module: section 5 runs past/)
    const big = await wat('(module (memory 65))')
    expect(reasonOf(() => prepareModule(big, 64))).to.equal('memory: module memory minimum 4.06 MiB exceeds the limit 4 MiB')
    const m64 = await wat('(module (memory i64 1))', { memory64: true })
    expect(reasonOf(() => prepareModule(m64, 64))).to.match(/memory64/)
    const shared = await wat('(module (memory 1 2 shared))', { threads: true })
    expect(reasonOf(() => prepareModule(shared, 64))).to.match(/shared memory/)
    const two = await wat('(module (import "env" "m" (memory 1)) (memory 1))', { multi_memory: true })
    expect(reasonOf(() => prepareModule(two, 64))).to.match(/2 memories/)
  })

  it('property: a capped module still compiles, and its maximum is min(its own, cap)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 0, max: 40 }),
      fc.option(fc.integer({ min: 0, max: 65_536 }), { nil: undefined }),
      fc.integer({ min: 1, max: 65_536 }),
      async (min, maxOffset, cap) => {
        const max = maxOffset === undefined ? undefined : Math.min(65_536, min + maxOffset)
        const module = await wat(`(module (memory (export "memory") ${min}${max === undefined ? '' : ` ${max}`})
          (global (export "g") i32 (i32.const 7)) (func (export "_start")) (data (i32.const 0) "shoal"))`)
        if (min > cap) {
          expect(reasonOf(() => prepareModule(module, cap))).to.match(/^memory:/)
          return
        }
        const p = prepareModule(module, cap)
        expect(inspectModule(p.bytes).memories).to.deep.equal([{ min, max: Math.min(max ?? Infinity, cap) }])
        const compiled = new WebAssembly.Module(p.bytes as Uint8Array<ArrayBuffer>)
        expect(WebAssembly.Module.exports(compiled).map(e => e.name)).to.deep.equal(['memory', 'g', '_start'])
      }), { numRuns: 150 })
  })

  it('property: arbitrary bytes after a valid header are refused as invalid-module or read, never anything else', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
      const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...tail])
      const r = reasonOf(() => prepareModule(bytes, 64))
      if (r !== undefined) expect(r).to.match(/^(invalid-module|memory):/)
    }), { numRuns: 2000 })
  })
})
