/**
 * The protocol code runs in a page: capacity/, jobs/, reputation/, service/, guard/,
 * reachability/, peer/ and the executor's core bundle for the browser with no
 * Node-only module (esbuild fails to resolve `node:*` and Node builtins on
 * platform browser), and nothing of src/node at all.
 */
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { expect } from 'chai'

/** executor modules that are the daemon's side (worker_threads, child_process): behind JobExecutor in src/node */
const NODE_SIDE_EXECUTORS = new Set(['pool.ts', 'native.ts', 'wasm-worker.ts', 'index.ts', 'registry.ts', 'directory-tree.ts'])


const sources = (dir: string, skip = new Set<string>()): string[] =>
  readdirSync(resolve('src', dir)).filter(f => f.endsWith('.ts') && !skip.has(f)).map(f => resolve('src', dir, f))

async function bundle (entryPoints: string[]): Promise<string[]> {
  const result = await build({ entryPoints, bundle: true, write: false, platform: 'browser', format: 'esm', outdir: 'out', metafile: true, logLevel: 'silent' })
  return Object.keys(result.metafile.inputs)
}

describe('browser bundle: protocol code without Node-only modules', function () {
  this.timeout(60_000)

  for (const dir of ['capacity', 'jobs', 'reputation', 'service', 'guard', 'utils', 'reachability', 'peer']) {
    it(`src/${dir}/ bundles for the browser`, async () => {
      const inputs = await bundle(sources(dir))
      expect(inputs.filter(i => i.startsWith('src/node/') || i.startsWith('src/api/') || i.startsWith('src/cli/'))).to.deep.equal([])
    })
  }

  it('the executor core (sandbox, WASI, limits, validation) bundles for the browser', async () => {
    await bundle(sources('executors', NODE_SIDE_EXECUTORS))
  })

  it('the browser peer and its job worker take nothing from src/node', async () => {
    const inputs = await bundle([join('src', 'browser', 'page.ts'), join('src', 'browser', 'worker.ts')])
    expect(inputs.filter(i => i.startsWith('src/node/'))).to.deep.equal([])
    expect(inputs.filter(i => /^src\/(api|cli|daemon|create)/.test(i) || /src\/executors\/(pool|native|wasm-worker|registry)\.ts/.test(i))).to.deep.equal([])
    // app handlers for custom kinds run in a page: the handler registry is in, native commands are not
    expect(inputs).to.include('src/executors/handlers.ts')
  })
})
