/**
 * A page's OCR result as a job output: JSON with a fixed key order and whole
 * pixels, so the same reading gives the same bytes (replicas on the same
 * backend are compared by hash), and a comparison for readings that may
 * differ a little (different backends): the same text, boxes within a
 * tolerance.
 */
import { backendKey } from '../tensor.js'
import type { BackendInfo } from '../tensor.js'
import { OcrError } from './errors.js'
import type { Point, Quad } from './geometry.js'
import type { OcrLine, OcrPage } from './pipeline.js'

/** a page as a job's output: the reading and, from a worker, the backend that made it (as onnx results carry it) */
export interface PageResult extends OcrPage {
  backend?: BackendInfo
}

/** boxes from different backends may move by this much, pixels per corner coordinate */
export const DEFAULT_BOX_TOLERANCE_PX = 2

export function encodePage (page: OcrPage, backend?: BackendInfo): Uint8Array {
  const canonical: Record<string, unknown> = {
    width: page.width,
    height: page.height,
    lines: page.lines.map(l => ({ text: l.text, score: l.score, box: l.box.map(p => [Math.round(p[0]), Math.round(p[1])]), angle: l.angle }))
  }
  if (backend != null) canonical.backend = { runtime: backend.runtime, version: backend.version, provider: backend.provider, intraOpThreads: backend.intraOpThreads, optimization: backend.optimization }
  return new TextEncoder().encode(JSON.stringify(canonical))
}

/** a job's output back to a page, checking its shape */
export function decodePage (bytes: Uint8Array): PageResult {
  let v: any
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (err) {
    throw new OcrError(`the OCR output is not JSON: ${(err as Error).message}`)
  }
  const whole = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0
  if (v == null || typeof v !== 'object' || !whole(v.width) || !whole(v.height) || !Array.isArray(v.lines)) throw new OcrError('the OCR output lacks width, height or lines')
  const lines: OcrLine[] = v.lines.map((l: any, i: number) => {
    const box = l?.box
    if (typeof l?.text !== 'string' || typeof l.score !== 'number' || (l.angle !== 0 && l.angle !== 180) ||
        !Array.isArray(box) || box.length !== 4 || !box.every((p: unknown) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite))) {
      throw new OcrError(`line ${i} of the OCR output is malformed (text, score, box of 4 points, angle 0 or 180)`)
    }
    return { text: l.text, score: l.score, box: box as Quad, angle: l.angle }
  })
  const page: PageResult = { width: v.width, height: v.height, lines }
  const b = v.backend
  if (b != null) {
    if (typeof b !== 'object' || typeof b.runtime !== 'string' || typeof b.version !== 'string' || typeof b.provider !== 'string' || !Number.isInteger(b.intraOpThreads) || typeof b.optimization !== 'string') {
      throw new OcrError('the OCR output\'s backend is malformed (runtime, version, provider, intraOpThreads, optimization)')
    }
    page.backend = { runtime: b.runtime, version: b.version, provider: b.provider, intraOpThreads: b.intraOpThreads, optimization: b.optimization }
  }
  return page
}

/** the backend's key of a reading ('' when it names none) */
export function pageBackend (page: PageResult): string {
  return page.backend != null ? backendKey(page.backend) : ''
}

/**
 * Whether two readings of the same page agree: the same lines with exactly
 * the same text, every box corner within `tolerancePx`. Scores are not
 * compared (they are the backends' floats, not the answer).
 */
export function samePage (a: OcrPage, b: OcrPage, tolerancePx = DEFAULT_BOX_TOLERANCE_PX): boolean {
  if (a.width !== b.width || a.height !== b.height || a.lines.length !== b.lines.length) return false
  return a.lines.every((la, i) => {
    const lb = b.lines[i]
    return la.text === lb.text && la.angle === lb.angle && la.box.every((p: Point, k) => Math.abs(p[0] - lb.box[k][0]) <= tolerancePx && Math.abs(p[1] - lb.box[k][1]) <= tolerancePx)
  })
}

/** Levenshtein distance over code points */
export function editDistance (a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const cur = [i]
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[y.length]
}

/** whitespace runs to one space, ends trimmed: line breaks and box splits are not characters read */
export function normaliseText (s: string): string {
  return s.replace(/\s+/g, ' ').trim()
}

/**
 * Character error rate of readings against the truth, over a whole set:
 * total edit distance over total characters of the truth, after normaliseText.
 */
export function characterErrorRate (pairs: Array<{ truth: string, read: string }>): number {
  let errors = 0
  let chars = 0
  for (const { truth, read } of pairs) {
    const t = normaliseText(truth)
    errors += editDistance(t, normaliseText(read))
    chars += [...t].length
  }
  return chars === 0 ? 0 : errors / chars
}
