/**
 * Distributed rendering: an image split into tiles, each tile a job on the
 * mesh, the tiles put back together into a PNG.
 *
 * Two kinds of tile job:
 * - `mandelbrot`: the example WebAssembly job (examples/jobs/mandelbrot.ts),
 *   deterministic, so replicas on different peers can be compared;
 * - a native kind an operator approved (`jobs.native` in a peer's config),
 *   e.g. a local diffusion command on a GPU: it gets a JSON request on stdin
 *   (prompt, seed, image size and the tile's rectangle) and writes the tile
 *   as a PNG (or raw RGBA) on stdout.
 *
 * The pipeline takes a TileRunner, so the same code renders through an
 * embedded ShoalNode, through the daemon's control API (the CLI), or in this
 * process alone (the baseline).
 */
import { RenderError } from './errors.js'
import { decodePng, encodePng, isPng } from './png.js'
import { assemble, planTiles, tileBytes } from './tiles.js'
import type { Tile } from './tiles.js'
import type { ShoalNode } from '../create.js'
import type { JobResult } from '../jobs/types.js'

export const DEFAULT_MAX_ITER = 500
export const DEFAULT_CONCURRENCY = 64

/** what to draw */
export type Scene =
  | { kind: 'wasm', name: 'mandelbrot', module: Uint8Array, maxIter?: number }
  /** an operator-approved native job kind, e.g. 'diffusion' */
  | { kind: string, prompt: string, seed?: number }

export interface RenderSpec {
  scene: Scene
  width: number
  height: number
  tiles: number
}

/** one tile as a job */
export interface TileJob {
  kind: string
  module?: Uint8Array
  args: string[]
  input?: Uint8Array
}

/** what a runner reports for one finished tile */
export interface TileOutcome {
  output: Uint8Array
  /** the peer whose result was accepted ('local' for this process) */
  worker: string
  /** the peers whose outputs agreed with the accepted one (replicas) */
  agreed: string[]
  wallMs?: number
  attempts: number
}

export type TileRunner = (job: TileJob, tile: Tile, signal?: AbortSignal) => Promise<TileOutcome>

export interface TileReport extends Omit<TileOutcome, 'output'> {
  tile: Tile
  /** from handing the tile to the runner to its result, as the requester saw it */
  elapsedMs: number
}

export interface RenderResult {
  width: number
  height: number
  /** RGBA, rows top to bottom */
  pixels: Uint8Array
  png: Uint8Array
  tiles: TileReport[]
  /** the whole render, first tile sent to last tile back */
  wallMs: number
}

export interface RenderOptions {
  /** tiles in flight at once (default 64) */
  concurrency?: number
  onTile?: (report: TileReport, done: number, total: number) => void
  signal?: AbortSignal
}

/** the job that renders one tile of the scene */
export function tileJob (spec: RenderSpec, tile: Tile): TileJob {
  const { scene } = spec
  if (isMandelbrot(scene)) {
    const maxIter = scene.maxIter ?? DEFAULT_MAX_ITER
    return { kind: 'wasm', module: scene.module, args: [spec.width, spec.height, tile.x, tile.y, tile.width, tile.height, maxIter].map(String) }
  }
  const request = { prompt: scene.prompt, seed: scene.seed ?? 0, width: spec.width, height: spec.height, x: tile.x, y: tile.y, tileWidth: tile.width, tileHeight: tile.height }
  return { kind: scene.kind, args: [], input: new TextEncoder().encode(JSON.stringify(request)) }
}

/** a tile job's output as the tile's RGBA pixels: raw RGBA as is, a PNG decoded (native commands) */
export function tilePixels (tile: Tile, output: Uint8Array): Uint8Array {
  if (output.byteLength === tileBytes(tile)) return output
  if (isPng(output)) return decodePng(output, tile.width, tile.height)
  throw new RenderError(`tile ${tile.index} came back with ${output.byteLength} bytes: neither ${tile.width}x${tile.height} RGBA (${tileBytes(tile)} bytes) nor a PNG`)
}

/** renders every tile with `run`, at most `concurrency` at once, and puts the image together */
export async function render (spec: RenderSpec, run: TileRunner, options: RenderOptions = {}): Promise<RenderResult> {
  const tiles = planTiles(spec.width, spec.height, spec.tiles)
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY)
  const pixels: Uint8Array[] = new Array(tiles.length)
  const reports: TileReport[] = new Array(tiles.length)
  // the first tile that fails stops the others: no new tiles, the ones in flight cancelled
  const stop = new AbortController()
  const signal = options.signal != null ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  const started = performance.now()
  let next = 0
  let done = 0
  const lane = async (): Promise<void> => {
    while (next < tiles.length) {
      signal.throwIfAborted()
      const tile = tiles[next++]
      const t0 = performance.now()
      const outcome = await run(tileJob(spec, tile), tile, signal)
      pixels[tile.index] = tilePixels(tile, outcome.output)
      const { output: _output, ...rest } = outcome
      reports[tile.index] = { ...rest, tile, elapsedMs: performance.now() - t0 }
      options.onTile?.(reports[tile.index], ++done, tiles.length)
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, tiles.length) }, async () => lane().catch(err => {
      stop.abort(err)
      throw err
    })))
  } catch (err) {
    // the first failure, not a lane's "aborted" that followed it
    throw stop.signal.aborted ? stop.signal.reason : err
  }
  const wallMs = performance.now() - started
  const image = assemble(spec.width, spec.height, tiles, pixels)
  return { width: spec.width, height: spec.height, pixels: image, png: encodePng(image, spec.width, spec.height), tiles: reports, wallMs }
}

export interface MeshTileOptions {
  /** copies of each tile on distinct peers, the majority output accepted (default 1) */
  replicas?: number | 'auto'
  timeoutMs?: number
  labels?: Record<string, string>
}

/** a runner that sends each tile into the mesh through an embedded peer */
export function meshTileRunner (node: ShoalNode, options: MeshTileOptions = {}): TileRunner {
  return async (job, tile, signal) => {
    const result = await node.submit({ ...job, replicas: options.replicas, timeoutMs: options.timeoutMs, labels: options.labels, signal }).result
    return tileOutcome(tile, result)
  }
}

/** a job result as a tile outcome; a failed job fails the render, naming the tile */
export function tileOutcome (tile: Tile, result: Pick<JobResult, 'status' | 'output' | 'worker' | 'outputHash' | 'exitCode' | 'wallMs' | 'reason' | 'message' | 'attempts' | 'results'>): TileOutcome {
  if (result.status !== 'succeeded' || result.output == null) {
    throw new RenderError(`tile ${tile.index} (${tile.width}x${tile.height} at ${tile.x},${tile.y}) ${result.status}: ${result.reason ?? 'no output'}${result.message != null ? `: ${result.message}` : ''}`)
  }
  if (result.exitCode != null && result.exitCode !== 0) throw new RenderError(`tile ${tile.index}: the job exited with ${result.exitCode}`)
  return {
    output: result.output,
    worker: result.worker ?? '?',
    agreed: result.results.filter(r => r.outputHash === result.outputHash).map(r => r.worker),
    wallMs: result.wallMs,
    attempts: result.attempts.length
  }
}

function isMandelbrot (scene: Scene): scene is Extract<Scene, { name: 'mandelbrot' }> {
  return scene.kind === 'wasm'
}
