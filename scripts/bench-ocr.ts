/**
 * OCR pages per second on a mesh against one process alone, side by side in
 * one run:
 *
 *   npm run bench:ocr -- [--workers 2] [--pages 14] [--rounds 2] [--replicas 1] [--runs 3] [--json]
 *
 * An in-process mesh (memory transport) of 1 + `--workers` peers (3 by
 * default): a requester that runs nothing itself, and workers offering the
 * `ocr` kind (pages read in their ONNX Runtime sandbox children, one per slot). The pages are the
 * test set (text drawn with DejaVu fonts by ImageMagick, some turned 180°),
 * `--rounds` times over. Each run reads them once through the mesh
 * (ocrPages + meshPageRunner, the model blob moved once per worker) and once
 * in this process alone (the same threads and pipeline, one thread per
 * core), alternating which goes first, after one warm-up of each (model
 * loading is not measured), and checks both read the same text. Reports the
 * medians in pages/s and their ratio. All peers share this machine's cores:
 * the figures say what the mesh costs, not what more machines would gain.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createShoal } from '../src/create.js'
import { formatTable } from '../src/cli/output.js'
import { characterErrorRate, localPageRunner, meshPageRunner, ocrPages, readOcrModelBlob } from '../src/workloads/index.js'
import { haveImageMagick, makeTestPages } from '../test/fixtures/ocr-pages.js'
import type { ShoalNode } from '../src/create.js'
import type { OcrRun, PageInput } from '../src/workloads/index.js'

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    pages: { type: 'string', default: '14' },
    rounds: { type: 'string', default: '2' },
    replicas: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false }
  }
})
if (values.help === true) {
  process.stdout.write('usage: npm run bench:ocr -- [--workers 2] [--pages 14] [--rounds 2] [--replicas 1] [--runs 3] [--json]\n')
  process.exit(0)
}
const int = (name: keyof typeof values): number => {
  const n = Number(values[name])
  if (!Number.isInteger(n) || n < 1) { process.stderr.write(`--${name} takes a whole number ≥ 1, got "${String(values[name])}"\n`); process.exit(2) }
  return n
}
const workers = int('workers')
const runs = int('runs')
const replicas = int('replicas')
const rounds = int('rounds')
const threads = availableParallelism()
if (!haveImageMagick()) { process.stderr.write('bench:ocr draws its pages with ImageMagick and DejaVu fonts: apt-get install imagemagick fonts-dejavu-core\n'); process.exit(2) }

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2 }
const log = (line: string): void => { if (values.json !== true) process.stderr.write(`${line}\n`) }

const dir = await mkdtemp(join(tmpdir(), 'shoal-bench-ocr-'))
const nodes: ShoalNode[] = []
const local = localPageRunner(threads)
try {
  const drawn = makeTestPages(dir, int('pages'))
  const once: PageInput[] = await Promise.all(drawn.map(async p => ({ name: p.name, png: new Uint8Array(await readFile(p.file)) })))
  const pages = Array.from({ length: rounds }, () => once).flat()
  const truth = Array.from({ length: rounds }, () => drawn.map(p => p.lines.join('\n'))).flat()
  const models = await readOcrModelBlob()

  const requester = await createShoal({ transports: ['memory'], listen: ['/memory/bench-ocr-requester'], api: false, executor: false, capacity: { intervalMs: 2_000 } })
  nodes.push(requester)
  const entry = requester.libp2p.getMultiaddrs().map(String)
  for (let i = 0; i < workers; i++) {
    nodes.push(await createShoal({ transports: ['memory'], listen: [`/memory/bench-ocr-worker-${i}`], bootstrap: entry, api: false, capacity: { intervalMs: 2_000 }, jobs: { ocr: true } }))
  }
  const end = Date.now() + 60_000
  while (requester.capacityTable({ kind: 'ocr' }).filter(r => r.source !== 'self').length < workers) {
    if (Date.now() > end) throw new Error('the workers\' adverts never arrived')
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  const mesh = meshPageRunner(requester, { replicas })
  const meshConcurrency = workers * threads * 2
  const read = async (which: 'mesh' | 'alone', input: PageInput[]): Promise<OcrRun> => {
    const run = await ocrPages(input, models, which === 'mesh' ? mesh : local, { concurrency: which === 'mesh' ? meshConcurrency : local.concurrency })
    if (run.failed > 0) throw new Error(`${which}: ${run.failed} page(s) failed: ${run.pages.find(p => p.error != null)?.error}`)
    return run
  }
  // warm-up: every worker gets the models and loads them in its threads, and so does this process
  log('warm-up (models moved and loaded)')
  await read('mesh', pages)
  await read('alone', once)

  const meshRate: number[] = []
  const aloneRate: number[] = []
  let cer = 0
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? ['mesh', 'alone'] as const : ['alone', 'mesh'] as const
    const results: Partial<Record<'mesh' | 'alone', OcrRun>> = {}
    for (const which of order) results[which] = await read(which, pages)
    if (results.mesh!.pages.some((p, i) => p.text !== results.alone!.pages[i].text)) throw new Error('the mesh read other text than this process alone')
    cer = characterErrorRate(results.mesh!.pages.map((p, i) => ({ truth: truth[i], read: p.text ?? '' })))
    meshRate.push(pages.length / (results.mesh!.wallMs / 1000))
    aloneRate.push(pages.length / (results.alone!.wallMs / 1000))
    log(`run ${run + 1}/${runs}: mesh ${meshRate[run].toFixed(2)} pages/s, alone ${aloneRate[run].toFixed(2)} pages/s`)
  }
  const summary = {
    pages: pages.length, workers, peers: workers + 1, replicas, threads, runs,
    meshPagesPerSecond: Number(median(meshRate).toFixed(3)),
    alonePagesPerSecond: Number(median(aloneRate).toFixed(3)),
    meshOverAlone: Number((median(meshRate) / median(aloneRate)).toFixed(3)),
    cer: Number(cer.toFixed(4))
  }
  if (values.json === true) {
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n')
  } else {
    console.log(formatTable(['WHAT', 'MEDIAN'], [
      [`mesh: requester + ${workers} worker(s)${replicas > 1 ? `, ${replicas} replicas` : ''}`, `${summary.meshPagesPerSecond} pages/s`],
      [`alone: this process, ${threads} thread(s)`, `${summary.alonePagesPerSecond} pages/s`],
      ['mesh / alone', `${summary.meshOverAlone}x`]
    ]))
    console.log(`\n${pages.length} pages a run (${drawn.length} drawn, ${rounds} rounds), ${runs} runs, CER ${(cer * 100).toFixed(2)}%; every peer shares this machine's ${threads} cores`)
  }
} finally {
  await local.close()
  await Promise.all(nodes.map(async n => n.stop()))
  await rm(dir, { recursive: true, force: true })
}
