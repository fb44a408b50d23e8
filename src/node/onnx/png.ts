/** a page's PNG bytes to RGB (pngjs); any colour type and bit depth pngjs reads */
import pngjs from 'pngjs'
import { OcrError } from '../../inference/ocr/errors.js'
import { fromRgba } from '../../inference/ocr/image.js'
import { checkPngHeader } from '../../inference/ocr/png.js'
import type { RgbImage } from '../../inference/ocr/image.js'

export function decodePageImage (bytes: Uint8Array): RgbImage {
  checkPngHeader(bytes)
  let png: pngjs.PNG
  try {
    png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch (err) {
    throw new OcrError(`not a readable PNG: ${(err as Error).message}`)
  }
  return fromRgba(new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height)
}
