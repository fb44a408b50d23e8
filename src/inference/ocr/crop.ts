/**
 * A detected box cut out of the page and straightened (PaddleOCR's
 * get_rotate_crop_image): a perspective warp of the quad onto an upright
 * rectangle, bilinear, edges replicated; tall crops turned a quarter.
 */
import { VERTICAL_RATIO } from './constants.js'
import { distance, homography } from './geometry.js'
import { rotate90 } from './image.js'
import type { Point, Quad } from './geometry.js'
import type { RgbImage } from './image.js'

export function cropQuad (img: RgbImage, quad: Quad): RgbImage {
  const width = Math.max(1, Math.trunc(Math.max(distance(quad[0], quad[1]), distance(quad[2], quad[3]))))
  const height = Math.max(1, Math.trunc(Math.max(distance(quad[0], quad[3]), distance(quad[1], quad[2]))))
  const target: Point[] = [[0, 0], [width, 0], [width, height], [0, height]]
  // from the crop's pixels back to the page's: sample where each output pixel comes from
  const H = homography(target, quad)
  const out = new Uint8Array(width * height * 3)
  const src = img.data
  const maxX = img.width - 1
  const maxY = img.height - 1
  const row = img.width * 3
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sx: number
      let sy: number
      if (H === undefined) {
        sx = quad[0][0] + x
        sy = quad[0][1] + y
      } else {
        const z = H[6] * x + H[7] * y + H[8]
        sx = (H[0] * x + H[1] * y + H[2]) / z
        sy = (H[3] * x + H[4] * y + H[5]) / z
      }
      sx = Math.min(Math.max(sx, 0), maxX)
      sy = Math.min(Math.max(sy, 0), maxY)
      const x0 = Math.floor(sx)
      const y0 = Math.floor(sy)
      const x1 = Math.min(x0 + 1, maxX)
      const y1 = Math.min(y0 + 1, maxY)
      const fx = sx - x0
      const fy = sy - y0
      const o = (y * width + x) * 3
      for (let c = 0; c < 3; c++) {
        const a = src[y0 * row + x0 * 3 + c]
        const b = src[y0 * row + x1 * 3 + c]
        const d = src[y1 * row + x0 * 3 + c]
        const e = src[y1 * row + x1 * 3 + c]
        const top = a + (b - a) * fx
        const bottom = d + (e - d) * fx
        out[o + c] = Math.round(top + (bottom - top) * fy)
      }
    }
  }
  const crop = { width, height, data: out }
  return height / width >= VERTICAL_RATIO ? rotate90(crop) : crop
}
