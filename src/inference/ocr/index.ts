/**
 * OCR of one page with PaddleOCR's PP-OCRv4 models: platform-free code (no
 * Node-only modules), the models run through a RunModel the caller gives.
 * The `ocr` job kind's runtimes (the daemon's ONNX Runtime child, a page's
 * onnxruntime-web worker) run it; src/workloads/ocr spreads pages over the
 * mesh on top of it.
 */
export { readPage, pageText, DROP_SCORE } from './pipeline.js'
export type { OcrLine, OcrPage, PipelineOptions } from './pipeline.js'
export type { ModelName, RunModel, Tensor } from './types.js'
export type { RgbImage } from './image.js'
export { fromRgba, resize, rotate180, rotate90 } from './image.js'
export { detPreprocess, dbPostprocess, detSize } from './det.js'
export { cropQuad } from './crop.js'
export { clsBatch, recBatch, ctcDecode, characterSet } from './lines.js'
export { packModels, unpackModels, MODELS_MAGIC, MODELS_VERSION } from './models.js'
export type { OcrModels } from './models.js'
export { encodePage, decodePage, samePage, characterErrorRate, editDistance, normaliseText, DEFAULT_BOX_TOLERANCE_PX } from './result.js'
export type { Point, Quad } from './geometry.js'
export { OcrError } from './errors.js'
export { OCR_KIND } from './constants.js'
export { checkPngHeader } from './png.js'
export { PageGrouper } from './compare.js'
export { pageBackend } from './result.js'
export type { PageResult } from './result.js'
