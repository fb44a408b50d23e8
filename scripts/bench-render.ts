/**
 * What rendering on the mesh costs and gains against rendering alone, side by
 * side in one run:
 *
 *   npm run bench:render -- [--workers 2] [--slots 2] [--width 2048] [--height 2048] [--tiles 64]
 *                           [--max-iter 2000] [--replicas 1] [--runs 3] [--json]
 *
 * An in-process mesh (memory transport): one requester that runs nothing
 * itself and `--workers` peers with `--slots` job slots each. Each run
 * renders the mandelbrot image once across the mesh and once in this
 * process's own executor with one thread per core (what this machine does
 * alone), alternating which goes first, and checks that the pixels match.
 * Reports the medians and their ratio, and the per-tile overhead (round trip
 * minus the worker's run time). All peers share this machine's cores: the
 * figures say what the protocol costs, not what more machines would gain.
 */
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { createShoal } from '../src/create.js'
import { formatTable } from '../src/cli/output.js'
import { localTileRunner, meshTileRunner, readMandelbrotModule, render } from '../src/workloads/index.js'
import type { ShoalNode } from '../src/create.js'
import type { RenderResult, RenderSpec } from '../src/workloads/index.js'

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    slots: { type: 'string', default: '2' },
    width: { type: 'string', default: '2048' },
    height: { type: 'string', default: '2048' },
    tiles: { type: 'string', default: '64' },
    'max-iter': { type: 'string', default: '2000' },
    replicas: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false }
  }
})
if (values.help === true) {
  process.stdout.write('usage: npm run bench:render -- [--workers 2] [--slots 2] [--width 2048] [--height 2048] [--tiles 64] [--max-iter 2000] [--replicas 1] [--runs 3] [--json]\n')
  process.exit(0)
}
const int = (name: keyof typeof values): number => {
  const n = Number(values[name])
  if (!Number.isInteger(n) || n < 1) { process.stderr.write(`--${name} takes a whole number ≥ 1, got "${String(values[name])}"\n`); process.exit(2) }
  return n
}
const workers = int('workers')
const slots = int('slots')
const runs = int('runs')
const replicas = int('replicas')
const threads = availableParallelism()
const spec: RenderSpec = {
  scene: { kind: 'wasm', name: 'mandelbrot', module: await readMandelbrotModule(), maxIter: int('max-iter') },
  width: int('width'),
  height: int('height'),
  tiles: int('tiles')
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2 }
const log = (line: string): void => { if (values.json !== true) process.stderr.write(`${line}\n`) }

const nodes: ShoalNode[] = []
const local = localTileRunner(threads)
try {
  const requester = await createShoal({ transports: ['memory'], listen: ['/memory/bench-render-requester'], api: false, executor: false, capacity: { intervalMs: 5_000 } })
  nodes.push(requester)
  const entry = requester.libp2p.getMultiaddrs().map(String)
  for (let i = 0; i < workers; i++) {
    nodes.push(await createShoal({ transports: ['memory'], listen: [`/memory/bench-render-worker-${i}`], bootstrap: entry, api: false, capacity: { intervalMs: 5_000, maxJobs: slots } }))
  }
  const end = Date.now() + 60_000
  while (requester.capacityTable({ runtime: 'wasm' }).filter(r => r.source !== 'self').length < workers) {
    if (Date.now() > end) throw new Error('the workers\' adverts never arrived')
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  const runner = meshTileRunner(requester, { replicas })
  const mesh: number[] = []
  const alone: number[] = []
  const overhead: number[] = []
  for (let run = 0; run < runs; run++) {
    // alternate the order, so that drift in the machine's load hits both
    const order = run % 2 === 0 ? ['mesh', 'alone'] as const : ['alone', 'mesh'] as const
    const results: Partial<Record<'mesh' | 'alone', RenderResult>> = {}
    for (const which of order) results[which] = await render(spec, which === 'mesh' ? runner : local, { concurrency: which === 'mesh' ? 64 : threads })
    if (!Buffer.from(results.mesh!.pixels).equals(Buffer.from(results.alone!.pixels))) throw new Error('the mesh render differs from the local one')
    mesh.push(results.mesh!.wallMs)
    alone.push(results.alone!.wallMs)
    overhead.push(median(results.mesh!.tiles.map(t => t.elapsedMs - (t.wallMs ?? 0))))
    log(`run ${run + 1}/${runs}: mesh ${Math.round(mesh[run])} ms, alone ${Math.round(alone[run])} ms`)
  }
  const summary = {
    width: spec.width, height: spec.height, tiles: spec.tiles, maxIter: (spec.scene as { maxIter: number }).maxIter, replicas, workers, slots, threads, runs,
    meshMedianMs: Math.round(median(mesh)),
    aloneMedianMs: Math.round(median(alone)),
    meshOverAlone: Number((median(mesh) / median(alone)).toFixed(3)),
    tileOverheadMedianMs: Math.round(median(overhead))
  }
  if (values.json === true) {
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n')
  } else {
    console.log(formatTable(['WHAT', 'MEDIAN'], [
      [`mesh: ${workers} worker(s) x ${slots} slot(s)${replicas > 1 ? `, ${replicas} replicas` : ''}`, `${summary.meshMedianMs} ms`],
      [`alone: this process, ${threads} thread(s)`, `${summary.aloneMedianMs} ms`],
      ['mesh / alone', `${summary.meshOverAlone}x`],
      ['per tile: queued + transfer (round trip - run)', `${summary.tileOverheadMedianMs} ms`]
    ]))
    console.log(`\n${spec.width}x${spec.height}, ${spec.tiles} tiles, max-iter ${summary.maxIter}, ${runs} runs; every peer shares this machine's ${threads} cores`)
  }
} finally {
  await local.close()
  await Promise.all(nodes.map(async n => n.stop()))
}
