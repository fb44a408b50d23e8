/**
 * One page, start to end: detection → crops → angle (0°/180°) →
 * recognition. Everything but the three model runs is here, in plain JS,
 * so a daemon, a browser page and a test run the same code.
 */
import { CLS_BATCH, CLS_THRESH, REC_BATCH } from './constants.js'
import { cropQuad } from './crop.js'
import { dbPostprocess, detPreprocess } from './det.js'
import { OcrError } from './errors.js'
import { rotate180 } from './image.js'
import { clsBatch, clsUpsideDown, ctcDecode, recBatch } from './lines.js'
import type { DbOptions } from './det.js'
import type { Quad } from './geometry.js'
import type { RgbImage } from './image.js'
import type { ModelName, RunModel, Tensor } from './types.js'

/** lines the recogniser reads with a lower mean score are dropped (PaddleOCR's drop_score) */
export const DROP_SCORE = 0.5

export interface OcrLine {
  text: string
  /** the recogniser's mean character probability, 3 decimals */
  score: number
  /** corners in page pixels, whole numbers: top-left, top-right, bottom-right, bottom-left */
  box: Quad
  /** 180 when the angle classifier found the line upside down and it was turned before reading */
  angle: 0 | 180
}

export interface OcrPage {
  width: number
  height: number
  lines: OcrLine[]
}

export interface PipelineOptions extends DbOptions {
  maxSide?: number
  /** skip the angle classifier (every line read as it stands) */
  noAngle?: boolean
  dropScore?: number
  /** the space class's probability on a blank step that marks a word gap (SPACE_GAP_THRESHOLD; 1: none) */
  spaceGap?: number
}

/** reads the text of one page; `chars` from characterSet(keys) */
export async function readPage (img: RgbImage, run: RunModel, chars: string[], options: PipelineOptions = {}): Promise<OcrPage> {
  const det = detPreprocess(img, options.maxSide)
  const map = await single(run, 'det', det.tensor)
  const boxes = dbPostprocess(map, img.width, img.height, options)
  const crops = boxes.map(b => cropQuad(img, b.quad))

  const turned = new Array<boolean>(crops.length).fill(false)
  if (options.noAngle !== true) {
    for (let i = 0; i < crops.length; i += CLS_BATCH) {
      const batch = crops.slice(i, i + CLS_BATCH)
      const out = await single(run, 'cls', clsBatch(batch))
      clsUpsideDown(out, batch.length, CLS_THRESH).forEach((up, k) => {
        if (up) { crops[i + k] = rotate180(crops[i + k]); turned[i + k] = true }
      })
    }
  }

  // lines of similar shape together, so a batch pads little (PaddleOCR sorts by ratio too)
  const order = crops.map((c, i) => ({ i, ratio: c.width / c.height })).sort((a, b) => a.ratio - b.ratio || a.i - b.i).map(x => x.i)
  const read = new Array<{ text: string, score: number }>(crops.length)
  for (let k = 0; k < order.length; k += REC_BATCH) {
    const idx = order.slice(k, k + REC_BATCH)
    const out = await single(run, 'rec', recBatch(idx.map(i => crops[i])))
    ctcDecode(out, chars, options.spaceGap).forEach((r, j) => { read[idx[j]] = r })
  }

  const drop = options.dropScore ?? DROP_SCORE
  const lines: OcrLine[] = []
  boxes.forEach((b, i) => {
    const r = read[i]
    if (r.score < drop || r.text.trim() === '') return
    lines.push({ text: r.text, score: Math.round(r.score * 1000) / 1000, box: b.quad, angle: turned[i] ? 180 : 0 })
  })
  // most lines upside down: the page is, and its reading order runs from the bottom right
  if (lines.filter(l => l.angle === 180).length * 2 > lines.length) lines.reverse()
  return { width: img.width, height: img.height, lines }
}

/** the page's text: its lines in reading order, one per line */
export function pageText (page: OcrPage): string {
  return page.lines.map(l => l.text).join('\n')
}

async function single (run: RunModel, model: ModelName, x: Tensor): Promise<Tensor> {
  const out = await run(model, { x })
  const first = Object.values(out)[0]
  if (first === undefined || !(first.data instanceof Float32Array)) throw new OcrError(`the ${model} model gave no float output`)
  return first
}
