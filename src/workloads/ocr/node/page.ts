/** one page from PNG bytes to its reading, with models in this process */
import { characterSet } from '../../../inference/ocr/lines.js'
import { readPage } from '../../../inference/ocr/pipeline.js'
import { decodePageImage } from '../../../node/onnx/png.js'
import { ortModels } from './ort.js'
import type { OcrModels } from '../../../inference/ocr/models.js'
import type { OcrPage, PipelineOptions } from '../../../inference/ocr/pipeline.js'
import type { OrtModels } from './ort.js'

export interface LocalOcr {
  read: (png: Uint8Array, options?: PipelineOptions) => Promise<OcrPage>
  backend: string
  close: () => Promise<void>
}

export async function localOcr (models: OcrModels): Promise<LocalOcr> {
  const chars = characterSet(models.keys)
  const ort: OrtModels = await ortModels(models)
  return {
    read: async (png, options) => readPage(decodePageImage(png), ort.run, chars, options),
    backend: ort.backend,
    close: ort.release
  }
}
