/**
 * Real workloads on the mesh, for apps to copy: distributed rendering
 * (tiles as jobs, put back together into a PNG) and federated learning
 * (examples/federated, on the maths in ./federated).
 */
export { render, tileJob, tilePixels, tileOutcome, meshTileRunner, DEFAULT_MAX_ITER } from './render.js'
export type { Scene, RenderSpec, RenderResult, RenderOptions, TileJob, TileOutcome, TileReport, TileRunner, MeshTileOptions } from './render.js'
export { planTiles, assemble, tileBytes, MAX_TILES } from './tiles.js'
export type { Tile } from './tiles.js'
export { encodePng, decodePng, isPng } from './png.js'
export { localTileRunner, readMandelbrotModule, MANDELBROT_WASM } from './local.js'
export { RenderError, FederatedError } from './errors.js'
