#!/usr/bin/env node
/**
 * `npm run build:web`: bundles the browser peer (src/browser) with esbuild
 * into dist/web/: the /contribute page (index.html, contribute.js,
 * style.css) and the job worker (shoal-worker.js). Static files: the daemon
 * serves them at /contribute, and they can be hosted anywhere. No CDN, no
 * network access beyond the mesh. Prints each file's size.
 */
import { build } from 'esbuild'
import { cpSync, mkdirSync, statSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist', 'web')
mkdirSync(out, { recursive: true })

const common = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120', 'firefox120', 'safari17'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // the bundle must not reach for Node: a Node-only import is a build error, not a runtime one
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' }
}

await Promise.all([
  build({ ...common, entryPoints: { contribute: join(root, 'src/browser/page.ts') }, outdir: out }),
  build({ ...common, entryPoints: { 'shoal-worker': join(root, 'src/browser/worker.ts') }, outdir: out }),
  // onnxruntime-web's WASM backend, for onnx jobs; its .wasm is copied to ort/ below and served by the daemon
  build({ ...common, entryPoints: { 'shoal-onnx-worker': join(root, 'src/browser/onnx-worker.ts') }, outdir: out })
])
mkdirSync(join(out, 'ort'), { recursive: true })
cpSync(join(root, 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm'), join(out, 'ort', 'ort-wasm-simd-threaded.wasm'))
cpSync(join(root, 'src/browser/contribute'), out, { recursive: true })
// the dashboard's icon, so the browser's favicon request finds one
cpSync(join(root, 'src/api/dashboard/icon.svg'), join(out, 'icon.svg'))

for (const file of ['contribute.js', 'shoal-worker.js', 'shoal-onnx-worker.js', 'ort/ort-wasm-simd-threaded.wasm']) {
  const bytes = statSync(join(out, file)).size
  const gz = gzipSync(readFileSync(join(out, file))).length
  console.log(`${file}: ${(bytes / 1024).toFixed(0)} KiB (${(gz / 1024).toFixed(0)} KiB gzipped)`)
}
