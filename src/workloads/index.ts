/**
 * Real workloads on the mesh, for apps to copy: distributed rendering
 * (tiles as jobs, put back together into a PNG), OCR (a page per job,
 * docs/ocr.md) and federated learning (examples/federated, on the maths in
 * ./federated).
 */
export { render, tileJob, tilePixels, tileOutcome, meshTileRunner, DEFAULT_MAX_ITER } from './render.js'
export type { Scene, RenderSpec, RenderResult, RenderOptions, TileJob, TileOutcome, TileReport, TileRunner, MeshTileOptions } from './render.js'
export { planTiles, assemble, tileBytes, MAX_TILES } from './tiles.js'
export type { Tile } from './tiles.js'
export { encodePng, decodePng, isPng } from './png.js'
export { localTileRunner, readMandelbrotModule, MANDELBROT_WASM } from './local.js'
export { RenderError, FederatedError } from './errors.js'
export { ocrPages, meshPageRunner, pageOutcome, OCR_JOB_KIND, DEFAULT_OCR_CONCURRENCY } from './ocr/mesh.js'
export type { PageInput, OcrJob, PageOutcome, PageRunner, PageReport, OcrRun, OcrOptions, MeshOcrOptions } from './ocr/mesh.js'
export { readPage, pageText, packModels, unpackModels, encodePage, decodePage, samePage, characterErrorRate, OcrError } from '../inference/ocr/index.js'
export type { OcrPage, OcrLine, RunModel, Tensor, ModelName, OcrModels } from '../inference/ocr/index.js'
export { localPageRunner } from './ocr/node/local.js'
export { readOcrModels, readOcrModelBlob } from './ocr/node/models.js'
export { renderOcrReport } from './ocr/report.js'
export type { ReportPage } from './ocr/report.js'
