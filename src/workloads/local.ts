/**
 * Rendering on this machine alone: the baseline a mesh render is measured
 * against, and what a test compares it with byte for byte.
 */
import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Executor } from '../executors/index.js'
import { RenderError } from './errors.js'
import type { TileRunner } from './render.js'

/** where `npm run build:jobs` puts the example jobs, from dist/src/workloads */
export const MANDELBROT_WASM = fileURLToPath(new URL('../../../examples/jobs/build/mandelbrot.wasm', import.meta.url))

export async function readMandelbrotModule (path = MANDELBROT_WASM): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (err: any) {
    throw new RenderError(`cannot read the mandelbrot job at ${path} (${err.code ?? err.message}): build it with \`npm run build:jobs\`, or name one with --module`)
  }
}

/**
 * A runner that renders WebAssembly tiles in this process's own executor,
 * `slots` at once (default: one per core). close() it when done.
 */
export function localTileRunner (slots = availableParallelism()): TileRunner & { close: () => Promise<void> } {
  const executor = new Executor({ slots })
  const run: TileRunner = async (job, tile, signal) => {
    if (job.kind !== 'wasm' || job.module == null) throw new RenderError(`only WebAssembly tiles render locally, not kind "${job.kind}"`)
    const result = await executor.run({
      module: job.module,
      input: job.input,
      args: job.args
    }, { signal })
    if (result.status !== 'ok' || result.exitCode !== 0) {
      throw new RenderError(`tile ${tile.index} failed here: ${result.reason ?? `exit code ${result.exitCode}`} ${result.message ?? new TextDecoder().decode(result.stderr)}`)
    }
    return { output: result.stdout, worker: 'local', agreed: ['local'], wallMs: result.wallMs, attempts: 1 }
  }
  return Object.assign(run, { close: async () => { await executor.close() } })
}
