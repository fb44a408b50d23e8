/**
 * Images as the pipeline sees them: 8-bit RGB, 3 bytes a pixel, rows top to
 * bottom. Decoding a file is the caller's (pngjs on Node, a canvas in a page);
 * this module only converts, resizes, turns and normalises, all in plain JS.
 */
import { MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from './constants.js'
import { OcrError } from './errors.js'

export interface RgbImage {
  width: number
  height: number
  /** width * height * 3 bytes: R, G, B */
  data: Uint8Array
}

export function checkSize (width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new OcrError(`an image must be at least 1x1 pixels, got ${width}x${height}`)
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new OcrError(`the image is ${width}x${height}: at most ${MAX_IMAGE_SIDE} pixels a side and ${MAX_IMAGE_PIXELS} in all; scale it down first`)
  }
}

/** RGBA pixels to RGB, transparent parts laid over white (text is usually dark on light) */
export function fromRgba (rgba: Uint8Array, width: number, height: number): RgbImage {
  checkSize(width, height)
  if (rgba.byteLength !== width * height * 4) throw new OcrError(`${rgba.byteLength} bytes are not ${width}x${height} RGBA pixels`)
  const data = new Uint8Array(width * height * 3)
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    const a = rgba[i + 3]
    if (a === 255) {
      data[j] = rgba[i]; data[j + 1] = rgba[i + 1]; data[j + 2] = rgba[i + 2]
    } else {
      const w = 255 * (255 - a)
      data[j] = Math.round((rgba[i] * a + w) / 255)
      data[j + 1] = Math.round((rgba[i + 1] * a + w) / 255)
      data[j + 2] = Math.round((rgba[i + 2] * a + w) / 255)
    }
  }
  return { width, height, data }
}

/** bilinear resize with pixel centres at +0.5 (as OpenCV's INTER_LINEAR), edges clamped */
export function resize (img: RgbImage, width: number, height: number): RgbImage {
  const out = new Uint8Array(width * height * 3)
  const sx = img.width / width
  const sy = img.height / height
  const xs = new Int32Array(width * 2)
  const fx = new Float32Array(width)
  for (let x = 0; x < width; x++) {
    const s = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1)
    const x0 = Math.floor(s)
    xs[2 * x] = x0 * 3
    xs[2 * x + 1] = Math.min(x0 + 1, img.width - 1) * 3
    fx[x] = s - x0
  }
  const src = img.data
  const row = img.width * 3
  for (let y = 0; y < height; y++) {
    const s = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1)
    const y0 = Math.floor(s)
    const r0 = y0 * row
    const r1 = Math.min(y0 + 1, img.height - 1) * row
    const fy = s - y0
    let o = y * width * 3
    for (let x = 0; x < width; x++) {
      const a = xs[2 * x]
      const b = xs[2 * x + 1]
      const f = fx[x]
      for (let c = 0; c < 3; c++) {
        const top = src[r0 + a + c] + (src[r0 + b + c] - src[r0 + a + c]) * f
        const bottom = src[r1 + a + c] + (src[r1 + b + c] - src[r1 + a + c]) * f
        out[o++] = Math.round(top + (bottom - top) * fy)
      }
    }
  }
  return { width, height, data: out }
}

export function rotate180 (img: RgbImage): RgbImage {
  const n = img.width * img.height
  const out = new Uint8Array(n * 3)
  for (let i = 0; i < n; i++) {
    const j = (n - 1 - i) * 3
    out[i * 3] = img.data[j]; out[i * 3 + 1] = img.data[j + 1]; out[i * 3 + 2] = img.data[j + 2]
  }
  return { width: img.width, height: img.height, data: out }
}

/** a quarter turn counter-clockwise (numpy's rot90): a vertical line becomes horizontal */
export function rotate90 (img: RgbImage): RgbImage {
  const { width: w, height: h } = img
  const out = new Uint8Array(w * h * 3)
  // the new image is h wide and w tall; its (x, y) comes from the old (w - 1 - y, x)
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < h; x++) {
      const s = (x * w + (w - 1 - y)) * 3
      const d = (y * h + x) * 3
      out[d] = img.data[s]; out[d + 1] = img.data[s + 1]; out[d + 2] = img.data[s + 2]
    }
  }
  return { width: h, height: w, data: out }
}

/**
 * Writes `img` into a float NCHW tensor at batch index `n`, channels in B, G, R
 * order (what PaddleOCR's models were trained on, from OpenCV), each value
 * (v / 255 - mean[c]) / std[c]. Columns past the image's width (up to the
 * tensor's `width`) are left as they are: zero, PaddleOCR's padding.
 */
export function writeChw (img: RgbImage, out: Float32Array, n: number, width: number, height: number, mean: number[], std: number[]): void {
  const plane = width * height
  const base = n * 3 * plane
  for (let c = 0; c < 3; c++) {
    const src = 2 - c // B, G, R from R, G, B
    const m = mean[c]
    const k = 1 / (255 * std[c])
    const off = m / std[c]
    const dst = base + c * plane
    for (let y = 0; y < img.height; y++) {
      let s = y * img.width * 3 + src
      let d = dst + y * width
      for (let x = 0; x < img.width; x++, s += 3) out[d++] = img.data[s] * k - off
    }
  }
}
