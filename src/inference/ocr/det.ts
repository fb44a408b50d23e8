/**
 * Text detection around the DB model (PP-OCRv4 det): the page resized to
 * multiples of 32 and normalised, and the model's probability map turned into
 * one rotated box per text region (Differentiable Binarization's
 * post-processing, as PaddleOCR's DBPostProcess does it).
 */
import { DB_BOX_THRESH, DB_MAX_CANDIDATES, DB_MIN_SIZE, DB_THRESH, DB_UNCLIP_RATIO, DET_MAX_SIDE, DET_MEAN, DET_MULTIPLE, DET_STD } from './constants.js'
import { OcrError } from './errors.js'
import { convexHull, distance, insideConvex, minAreaRect, orderCorners, shortSide, unclipRect } from './geometry.js'
import { resize, writeChw } from './image.js'
import type { Point, Quad } from './geometry.js'
import type { RgbImage } from './image.js'
import type { Tensor } from './types.js'

export interface DetInput {
  tensor: Tensor
  /** the size the page was resized to (the probability map's size) */
  width: number
  height: number
}

/** PaddleOCR's DetResizeForTest (limit_type 'max'): never larger than maxSide, sides rounded to multiples of 32 */
export function detSize (width: number, height: number, maxSide = DET_MAX_SIDE): { width: number, height: number } {
  const ratio = Math.max(width, height) > maxSide ? maxSide / Math.max(width, height) : 1
  const round = (v: number): number => Math.max(Math.round(v * ratio / DET_MULTIPLE) * DET_MULTIPLE, DET_MULTIPLE)
  return { width: round(width), height: round(height) }
}

export function detPreprocess (img: RgbImage, maxSide = DET_MAX_SIDE): DetInput {
  const size = detSize(img.width, img.height, maxSide)
  const resized = size.width === img.width && size.height === img.height ? img : resize(img, size.width, size.height)
  const data = new Float32Array(3 * size.width * size.height)
  writeChw(resized, data, 0, size.width, size.height, DET_MEAN, DET_STD)
  return { tensor: { data, dims: [1, 3, size.height, size.width] }, ...size }
}

export interface DbOptions {
  thresh?: number
  boxThresh?: number
  unclipRatio?: number
  maxCandidates?: number
}

export interface DetectedBox {
  quad: Quad
  /** mean probability inside the box on the map */
  score: number
}

/**
 * The probability map [1, 1, h, w] to boxes in the page's own pixels
 * (pageWidth x pageHeight), read top to bottom and left to right.
 */
export function dbPostprocess (map: Tensor, pageWidth: number, pageHeight: number, options: DbOptions = {}): DetectedBox[] {
  const { dims, data } = map
  if (dims.length !== 4 || dims[0] !== 1 || dims[1] !== 1) throw new OcrError(`the detection model gave a map of shape [${dims.join(', ')}], expected [1, 1, h, w]`)
  const h = dims[2]
  const w = dims[3]
  if (data.length !== w * h) throw new OcrError(`the detection map holds ${data.length} values for ${w}x${h}`)
  const thresh = options.thresh ?? DB_THRESH
  const boxThresh = options.boxThresh ?? DB_BOX_THRESH
  const unclip = options.unclipRatio ?? DB_UNCLIP_RATIO
  const maxCandidates = options.maxCandidates ?? DB_MAX_CANDIDATES

  const regions = components(data, w, h, thresh).slice(0, maxCandidates)
  const out: DetectedBox[] = []
  for (const hullPoints of regions) {
    const box = orderCorners(minAreaRect(convexHull(hullPoints)))
    if (shortSide(box) < DB_MIN_SIZE) continue
    const score = boxScore(data, w, h, box)
    if (score < boxThresh) continue
    const grown = unclipRect(box, unclip)
    if (shortSide(grown) < DB_MIN_SIZE + 2) continue
    const scaled = grown.map(([x, y]) => [
      clamp(Math.round(x / w * pageWidth), 0, pageWidth),
      clamp(Math.round(y / h * pageHeight), 0, pageHeight)
    ] as Point)
    const quad = clockwise(scaled)
    // filter_tag_det_res: boxes 3 pixels or less across are noise
    if (distance(quad[0], quad[1]) <= 3 || distance(quad[0], quad[3]) <= 3) continue
    out.push({ quad, score })
  }
  return readingOrder(out)
}

/**
 * 8-connected regions of map > thresh, each as the points its hull needs: the
 * leftmost and rightmost pixel of each of its rows (pixel centres, as
 * OpenCV's contours give them).
 */
function components (map: ArrayLike<number>, w: number, h: number, thresh: number): Point[][] {
  const label = new Int32Array(w * h).fill(-1)
  const regions: Point[][] = []
  const stack: number[] = []
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== -1 || !(map[start] > thresh)) continue
    const id = regions.length
    const rows = new Map<number, [number, number]>()
    label[start] = id
    stack.push(start)
    while (stack.length > 0) {
      const p = stack.pop()!
      const x = p % w
      const y = (p - x) / w
      const r = rows.get(y)
      if (r === undefined) rows.set(y, [x, x])
      else { if (x < r[0]) r[0] = x; if (x > r[1]) r[1] = x }
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy
        if (ny < 0 || ny >= h) continue
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx
          if (nx < 0 || nx >= w || (dx === 0 && dy === 0)) continue
          const q = ny * w + nx
          if (label[q] === -1 && map[q] > thresh) { label[q] = id; stack.push(q) }
        }
      }
    }
    const pts: Point[] = []
    for (const [y, [a, b]] of rows) { pts.push([a, y]); if (b !== a) pts.push([b, y]) }
    regions.push(pts)
  }
  return regions
}

/** box_score_fast: the mean of the map over the box, on the pixels of its bounding rectangle inside it */
function boxScore (map: ArrayLike<number>, w: number, h: number, box: Quad): number {
  const xs = box.map(p => p[0])
  const ys = box.map(p => p[1])
  const x0 = clamp(Math.floor(Math.min(...xs)), 0, w - 1)
  const x1 = clamp(Math.ceil(Math.max(...xs)), 0, w - 1)
  const y0 = clamp(Math.floor(Math.min(...ys)), 0, h - 1)
  const y1 = clamp(Math.ceil(Math.max(...ys)), 0, h - 1)
  let sum = 0
  let n = 0
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!insideConvex(box, x, y)) continue
      sum += map[y * w + x]
      n++
    }
  }
  return n === 0 ? 0 : sum / n
}

/** order_points_clockwise: top-left has the smallest x + y, bottom-right the largest; of the rest, top-right the smallest y - x */
function clockwise (pts: Point[]): Quad {
  const bySum = pts.slice().sort((a, b) => (a[0] + a[1]) - (b[0] + b[1]))
  const tl = bySum[0]
  const br = bySum[3]
  const rest = [bySum[1], bySum[2]].sort((a, b) => (a[1] - a[0]) - (b[1] - b[0]))
  return [tl, rest[0], br, rest[1]]
}

/** sorted_boxes: top to bottom, then boxes on about the same line (within 10 px) left to right */
function readingOrder (boxes: DetectedBox[]): DetectedBox[] {
  const out = boxes.slice().sort((a, b) => a.quad[0][1] - b.quad[0][1] || a.quad[0][0] - b.quad[0][0])
  for (let i = 0; i < out.length - 1; i++) {
    for (let j = i; j >= 0; j--) {
      if (Math.abs(out[j + 1].quad[0][1] - out[j].quad[0][1]) < 10 && out[j + 1].quad[0][0] < out[j].quad[0][0]) {
        [out[j], out[j + 1]] = [out[j + 1], out[j]]
      } else break
    }
  }
  return out
}

function clamp (v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi)
}
