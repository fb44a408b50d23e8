/**
 * Angle classification and recognition of the cropped lines: inputs built the
 * way PaddleOCR builds them (height 48, width by aspect ratio, values in
 * [-1, 1], zero padding on the right), and CTC greedy decoding of the
 * recognition output with the character list.
 */
import { CLS_HEIGHT, CLS_WIDTH, REC_HEIGHT, REC_MIN_WIDTH } from './constants.js'
import { OcrError } from './errors.js'
import { resize, writeChw } from './image.js'
import type { RgbImage } from './image.js'
import type { Tensor } from './types.js'

const HALF = [0.5, 0.5, 0.5]

/** resized to `height`, width by ratio (rounded up) but at most maxWidth */
function fitHeight (img: RgbImage, height: number, maxWidth: number): RgbImage {
  const w = Math.min(maxWidth, Math.max(1, Math.ceil(height * img.width / img.height)))
  return resize(img, w, height)
}

/** a batch for the angle classifier: [n, 3, 48, 192] */
export function clsBatch (crops: RgbImage[]): Tensor {
  const data = new Float32Array(crops.length * 3 * CLS_HEIGHT * CLS_WIDTH)
  crops.forEach((crop, i) => { writeChw(fitHeight(crop, CLS_HEIGHT, CLS_WIDTH), data, i, CLS_WIDTH, CLS_HEIGHT, HALF, HALF) })
  return { data, dims: [crops.length, 3, CLS_HEIGHT, CLS_WIDTH] }
}

/** per crop: whether the classifier says it is upside down, above `thresh` */
export function clsUpsideDown (out: Tensor, n: number, thresh: number): boolean[] {
  if (out.dims.length !== 2 || out.dims[0] !== n || out.dims[1] !== 2) throw new OcrError(`the angle classifier gave shape [${out.dims.join(', ')}], expected [${n}, 2]`)
  return Array.from({ length: n }, (_, i) => {
    const p0 = out.data[2 * i]
    const p180 = out.data[2 * i + 1]
    return p180 > p0 && p180 > thresh
  })
}

/** the width a recognition batch is padded to: 48 times the widest ratio in it, at least 320 */
export function recWidth (crops: RgbImage[]): number {
  let ratio = REC_MIN_WIDTH / REC_HEIGHT
  for (const c of crops) ratio = Math.max(ratio, c.width / c.height)
  return Math.trunc(REC_HEIGHT * ratio)
}

/** a batch for the recogniser: [n, 3, 48, width] */
export function recBatch (crops: RgbImage[]): Tensor {
  const width = recWidth(crops)
  const data = new Float32Array(crops.length * 3 * REC_HEIGHT * width)
  crops.forEach((crop, i) => { writeChw(fitHeight(crop, REC_HEIGHT, width), data, i, width, REC_HEIGHT, HALF, HALF) })
  return { data, dims: [crops.length, 3, REC_HEIGHT, width] }
}

/**
 * The recogniser's character set: index 0 is CTC's blank, then the lines of
 * the key file, then a space (PaddleOCR's use_space_char).
 */
export function characterSet (keys: string): string[] {
  const lines = keys.split('\n').map(l => l.replace(/\r$/, ''))
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  if (lines.length === 0) throw new OcrError('the character list is empty')
  return ['', ...lines, ' ']
}

export interface Recognised {
  text: string
  /** the mean of the kept characters' probabilities (0 for an empty line) */
  score: number
}

/**
 * Word gaps the recogniser leaves blank: PP-OCRv4's recogniser (trained
 * mostly on Chinese) rarely makes the space class the best one on Latin
 * text, but between words it gives it 0.03-0.5 on some blank step, against
 * under 0.005 inside words (measured on the test pages). A space is put
 * between two characters when the space class passed this on a blank step
 * between them. 1 turns it off (PaddleOCR's plain greedy decoding).
 */
export const SPACE_GAP_THRESHOLD = 0.02

/**
 * CTC greedy decoding of [n, T, C] probabilities: best class per step,
 * repeats merged, blanks dropped; word gaps as above (the last class is the
 * space).
 */
export function ctcDecode (out: Tensor, chars: string[], spaceGap = SPACE_GAP_THRESHOLD): Recognised[] {
  if (out.dims.length !== 3) throw new OcrError(`the recogniser gave shape [${out.dims.join(', ')}], expected [n, steps, classes]`)
  const [n, steps, classes] = out.dims
  if (classes !== chars.length) throw new OcrError(`the recogniser has ${classes} classes but the character list gives ${chars.length}: the models and keys do not belong together`)
  const results: Recognised[] = []
  for (let i = 0; i < n; i++) {
    let text = ''
    let sum = 0
    let kept = 0
    let previous = -1
    let gap = 0
    const space = classes - 1
    for (let t = 0; t < steps; t++) {
      const base = (i * steps + t) * classes
      let best = 0
      let bestP = out.data[base]
      for (let c = 1; c < classes; c++) {
        const p = out.data[base + c]
        if (p > bestP) { bestP = p; best = c }
      }
      if (best === 0) gap = Math.max(gap, out.data[base + space])
      if (best !== 0 && best !== previous) {
        if (gap > spaceGap && best !== space && text !== '' && !text.endsWith(' ')) text += ' '
        gap = 0
        text += chars[best]
        sum += bestP
        kept++
      }
      previous = best
    }
    results.push({ text, score: kept === 0 ? 0 : sum / kept })
  }
  return results
}
