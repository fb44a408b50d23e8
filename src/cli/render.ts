/**
 * `shoal render [scene]`: an image rendered tile by tile across the mesh
 * through the local daemon, put back together into a PNG. Prints which peer
 * rendered which tile and how long it took, and the same render on this
 * machine alone, measured right after (--no-baseline skips it).
 */
import { writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import cliProgress from 'cli-progress'
import { clientCommand, connect, jobResult, timeoutSeconds, wholeNumber } from './common.js'
import { UsageError } from './errors.js'
import { formatTable, printJson, shortId } from './output.js'
import { ExitError } from './run.js'
import { MAX_REPLICAS } from '../api/constants.js'
import { DEFAULT_WORKER_MAX_TIMEOUT_MS } from '../jobs/constants.js'
import { DEFAULT_MAX_ITER, MAX_TILES, localTileRunner, readMandelbrotModule, render, tileOutcome } from '../workloads/index.js'
import type { ClientFlags } from './common.js'
import type { ApiClient } from '../api/client.js'
import type { CapacityRow } from '../capacity/rows.js'
import type { RenderResult, RenderSpec, Scene, TileReport, TileRunner } from '../workloads/index.js'
import type { Command } from 'commander'

interface RenderFlags extends ClientFlags {
  width: number
  height: number
  tiles: number
  out: string
  replicas?: number | 'auto'
  maxIter?: number
  module?: string
  kind?: string
  prompt?: string
  seed?: number
  timeout?: number
  concurrency?: number
  baseline: boolean
}

/** what `shoal render --json` prints */
export interface RenderJson {
  out: string
  width: number
  height: number
  kind: string
  replicas: number | 'auto'
  pngBytes: number
  wallMs: number
  peers: number
  /** `aloneMs`: the same tile's run time on this machine alone (with the baseline) */
  tiles: Array<TileReport['tile'] & Omit<TileReport, 'tile'> & { aloneMs?: number }>
  /** the same render on this machine alone, right after; null when skipped or not possible */
  baseline: { wallMs: number, threads: number, identical: boolean, /** each tile's run time here, by tile index */ tileMs: number[] } | null
}

export function renderCommand (program: Command): void {
  clientCommand(program.command('render').description('render an image tile by tile across the mesh and write a PNG'))
    .argument('[scene]', 'what to draw: mandelbrot (a WebAssembly job); with --kind, a native kind draws --prompt instead', 'mandelbrot')
    .requiredOption('--out <file.png>', 'where to write the PNG')
    .option('--width <px>', 'image width', wholeNumber('--width', 1, 65536), 1024)
    .option('--height <px>', 'image height', wholeNumber('--height', 1, 65536), 1024)
    .option('--tiles <n>', 'tiles, each one job, on a near-square grid', wholeNumber('--tiles', 1, MAX_TILES), 16)
    .option('--replicas <k|auto>', `run each tile on k distinct peers and accept the majority output (1-${MAX_REPLICAS}), or auto (default for mandelbrot: 2 when two or more peers run wasm, else 1; for --kind: 1)`, (v: string) => v === 'auto' ? 'auto' as const : wholeNumber('--replicas', 1, MAX_REPLICAS)(v))
    .option('--max-iter <n>', `mandelbrot: iterations before a point counts as inside the set (default ${DEFAULT_MAX_ITER})`, wholeNumber('--max-iter', 1, 1_000_000))
    .option('--module <file.wasm>', 'mandelbrot: the tile job (default: the one `npm run build:jobs` builds)')
    .option('--kind <kind>', 'send each tile to this operator-approved native job kind (e.g. diffusion) instead of the WebAssembly job')
    .option('--prompt <text>', 'with --kind: the prompt sent with each tile')
    .option('--seed <n>', 'with --kind: the seed sent with each tile (default 0)', wholeNumber('--seed', 0, 2 ** 31 - 1))
    .option('--timeout <seconds>', 'how long one tile may run on its worker (default 60)', timeoutSeconds)
    .option('--concurrency <n>', 'tiles in flight at once (default 64)', wholeNumber('--concurrency', 1, MAX_TILES))
    .option('--no-baseline', 'skip rendering it again on this machine alone for comparison')
    .action(async (sceneName: string, flags: RenderFlags) => { await renderImage(sceneName, flags) })
}

async function renderImage (sceneName: string, flags: RenderFlags): Promise<void> {
  const scene = await sceneFrom(sceneName, flags)
  const spec: RenderSpec = { scene, width: flags.width, height: flags.height, tiles: flags.tiles }
  const client = await connect(flags)
  if (scene.kind !== 'wasm') await requireKind(client, scene.kind)
  // the mandelbrot job is deterministic: verify every tile on two peers when there are two
  flags.replicas ??= scene.kind === 'wasm' ? await defaultReplicas(client) : 1
  const json = flags.json === true

  const interrupted = new AbortController()
  const onSignal = (): void => { if (interrupted.signal.aborted) process.exit(130); interrupted.abort() }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const inFlight = new Set<string>()
  let mesh: RenderResult
  let baseline: RenderJson['baseline'] = null
  try {
    const bar = progressBar(json, 'mesh ', spec.tiles)
    try {
      mesh = await render(spec, apiTileRunner(client, flags, inFlight), {
        concurrency: flags.concurrency,
        signal: interrupted.signal,
        onTile: (report, done) => { bar.tick(done, `tile ${report.tile.index} by ${shortId(report.worker)}`) }
      })
    } finally {
      bar.stop()
    }
    await writeFile(flags.out, mesh.png)
    if (flags.baseline && scene.kind === 'wasm') baseline = await renderAlone(spec, mesh, json, interrupted.signal)
  } catch (err) {
    if (!interrupted.signal.aborted) throw err
    await Promise.all([...inFlight].map(async id => client.delete(`/jobs/${id}`).catch(() => {})))
    throw new ExitError(130, `render interrupted; cancelled ${inFlight.size} tile job(s) in flight`)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }

  const peers = new Set(mesh.tiles.map(t => t.worker)).size
  if (json) {
    const out: RenderJson = {
      out: flags.out, width: spec.width, height: spec.height, kind: scene.kind, replicas: flags.replicas, pngBytes: mesh.png.byteLength, wallMs: Math.round(mesh.wallMs), peers,
      tiles: mesh.tiles.map(({ tile, ...rest }) => ({ ...tile, ...rest, aloneMs: baseline?.tileMs[tile.index] })),
      baseline
    }
    printJson(out)
    if (baseline != null && !baseline.identical) throw new ExitError(1, 'the mesh render differs from the render on this machine alone')
    return
  }
  printReport(mesh, spec, flags.out, peers, baseline, flags.baseline)
}

async function sceneFrom (name: string, flags: RenderFlags): Promise<Scene> {
  if (flags.kind != null) {
    if (flags.kind === 'wasm') throw new UsageError('--kind names a native job kind (e.g. diffusion); leave it out to render mandelbrot with the WebAssembly job')
    if (flags.prompt == null || flags.prompt.trim() === '') throw new UsageError(`--kind ${flags.kind} needs --prompt "<what to draw>"`)
    if (flags.module != null || flags.maxIter != null) throw new UsageError('--module and --max-iter are for the mandelbrot job, not a native --kind')
    return { kind: flags.kind, prompt: flags.prompt, seed: flags.seed }
  }
  if (name !== 'mandelbrot') throw new UsageError(`unknown scene "${name}": the built-in scene is mandelbrot; a native kind draws a prompt with --kind <kind> --prompt "<text>"`)
  if (flags.prompt != null || flags.seed != null) throw new UsageError('--prompt and --seed go with --kind <native kind>')
  return { kind: 'wasm', name: 'mandelbrot', module: await readMandelbrotModule(flags.module), maxIter: flags.maxIter }
}

/** a native kind must be advertised by some peer other than this one, or no tile can run */
async function requireKind (client: ApiClient, kind: string): Promise<void> {
  const rows = await client.get<CapacityRow[]>(`/capacity?where=${encodeURIComponent(`kind=${kind}`)}`)
  if (rows.some(r => r.source !== 'self')) return
  throw new UsageError(`no peer advertises job kind "${kind}" (see \`shoal capacity --where kind=${kind}\`): an operator offers one by listing a command under jobs.native in its config`)
}

async function defaultReplicas (client: ApiClient): Promise<number> {
  const rows = await client.get<CapacityRow[]>(`/capacity?where=${encodeURIComponent('runtime=wasm')}`)
  return rows.filter(r => r.source !== 'self').length >= 2 ? 2 : 1
}

/** one tile: submitted through the daemon's API, followed until its result */
function apiTileRunner (client: ApiClient, flags: RenderFlags, inFlight: Set<string>): TileRunner {
  let module: { bytes: Uint8Array, base64: string } | undefined
  return async (job, tile, signal) => {
    if (job.module != null && module?.bytes !== job.module) module = { bytes: job.module, base64: Buffer.from(job.module).toString('base64') }
    const { jobId } = await client.post<{ jobId: string }>('/jobs', {
      kind: job.kind,
      module: job.module != null ? module?.base64 : undefined,
      input: job.input != null ? Buffer.from(job.input).toString('base64') : undefined,
      args: job.args,
      replicas: flags.replicas,
      timeoutMs: flags.timeout
    })
    return tileOutcome(tile, await jobResult(client, jobId, inFlight, signal))
  }
}

/** the same tiles in this process's own executor, one thread per core: what this machine does alone */
async function renderAlone (spec: RenderSpec, mesh: RenderResult, json: boolean, signal: AbortSignal): Promise<NonNullable<RenderJson['baseline']>> {
  const threads = availableParallelism()
  const local = localTileRunner(threads)
  const bar = progressBar(json, 'alone', spec.tiles)
  try {
    const alone = await render(spec, local, { signal, concurrency: threads, onTile: (_r, done) => { bar.tick(done, 'this machine') } })
    return {
      wallMs: Math.round(alone.wallMs),
      threads,
      identical: Buffer.from(alone.pixels).equals(Buffer.from(mesh.pixels)),
      tileMs: alone.tiles.map(t => Math.round(t.wallMs ?? t.elapsedMs))
    }
  } finally {
    bar.stop()
    await local.close()
  }
}

function printReport (mesh: RenderResult, spec: RenderSpec, out: string, peers: number, baseline: RenderJson['baseline'], wanted: boolean): void {
  const replicated = mesh.tiles.some(t => t.agreed.length > 1)
  const alone = baseline != null
  console.log(formatTable(
    ['TILE', 'AT', 'SIZE', 'PEER', 'RUN', 'ROUND TRIP', ...(alone ? ['ALONE'] : []), 'ATTEMPTS', ...(replicated ? ['AGREED'] : [])],
    mesh.tiles.map(t => [
      String(t.tile.index), `${t.tile.x},${t.tile.y}`, `${t.tile.width}x${t.tile.height}`, shortId(t.worker),
      t.wallMs != null ? msText(t.wallMs) : '-', msText(t.elapsedMs), ...(alone ? [msText(baseline.tileMs[t.tile.index])] : []), String(t.attempts),
      ...(replicated ? [t.agreed.map(shortId).join(' ')] : [])
    ])
  ))
  console.log('')
  const byPeer = new Map<string, { tiles: number, ms: number }>()
  for (const t of mesh.tiles) {
    const p = byPeer.get(t.worker) ?? { tiles: 0, ms: 0 }
    byPeer.set(t.worker, { tiles: p.tiles + 1, ms: p.ms + (t.wallMs ?? 0) })
  }
  console.log(formatTable(['PEER', 'TILES', 'RUN (SUM)'], [...byPeer].sort((a, b) => b[1].tiles - a[1].tiles).map(([id, p]) => [shortId(id), String(p.tiles), msText(p.ms)])))
  console.log('')
  console.log(`mesh:  ${spec.width}x${spec.height} in ${mesh.tiles.length} tiles on ${peers} peer(s): ${msText(mesh.wallMs)}`)
  if (baseline != null) {
    const ratio = baseline.wallMs / Math.max(1, mesh.wallMs)
    console.log(`alone: the same tiles on this machine (${baseline.threads} threads): ${msText(baseline.wallMs)}; the mesh took ${ratio >= 1 ? `${ratio.toFixed(2)}x less time` : `${(1 / ratio).toFixed(2)}x more time`}`)
    console.log(`same pixels as alone: ${baseline.identical ? 'yes' : 'NO'}`)
  } else if (wanted && spec.scene.kind !== 'wasm') {
    console.log(`alone: no baseline for native kind "${spec.scene.kind}" (it runs only where an operator approved it)`)
  }
  console.log(`wrote ${out} (${(mesh.png.byteLength / 1024).toFixed(1)} KiB)`)
  if (baseline != null && !baseline.identical) throw new ExitError(1, 'the mesh render differs from the render on this machine alone')
}

/** a bar by tile (or `unit`) on a terminal (from the start), a line per tile elsewhere, nothing with --json */
export function progressBar (json: boolean, label: string, total: number, unit = 'tiles'): { tick: (done: number, note: string) => void, stop: () => void } {
  if (json) return { tick: () => {}, stop: () => {} }
  if (process.stderr.isTTY !== true) {
    return { tick: (done, note) => { process.stderr.write(`${label.trim()}: ${done}/${total} ${unit} (${note})\n`) }, stop: () => {} }
  }
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: `${label} [{bar}] {value}/{total} ${unit} | {note} | {duration_formatted}`, hideCursor: true }, cliProgress.Presets.shades_classic)
  bar.start(total, 0, { note: `waiting for the first ${unit.replace(/s$/, '')}` })
  return {
    tick: (done, note) => { bar.update(done, { note }) },
    stop: () => { bar.stop() }
  }
}

export function msText (ms: number): string {
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

