/** a page's PNG bytes to RGB (pngjs); any colour type and bit depth pngjs reads */
import pngjs from 'pngjs'
import { OcrError } from '../errors.js'
import { checkSize, fromRgba } from '../image.js'
import type { RgbImage } from '../image.js'

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** the PNG signature and the IHDR size, checked before anything allocates for the pixels */
export function checkPngHeader (bytes: Uint8Array): { width: number, height: number } {
  if (bytes.byteLength < 24 || !SIGNATURE.every((b, i) => bytes[i] === b)) throw new OcrError('the page is not a PNG (only PNG is read; convert other formats first, e.g. `convert page.jpg page.png`)')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const size = { width: view.getUint32(16), height: view.getUint32(20) }
  checkSize(size.width, size.height)
  return size
}

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
