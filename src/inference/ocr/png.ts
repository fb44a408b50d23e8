/** the PNG signature and the IHDR size, checked before anything allocates for the pixels (pure: daemons and pages) */
import { OcrError } from './errors.js'
import { checkSize } from './image.js'

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

export function checkPngHeader (bytes: Uint8Array): { width: number, height: number } {
  if (bytes.byteLength < 24 || !SIGNATURE.every((b, i) => bytes[i] === b)) throw new OcrError('the page is not a PNG (only PNG is read; convert other formats first, e.g. `convert page.jpg page.png`)')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const size = { width: view.getUint32(16), height: view.getUint32(20) }
  checkSize(size.width, size.height)
  return size
}
