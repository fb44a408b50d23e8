/**
 * The three models and the character list travel as one blob (the job's
 * module), so a worker fetches them once and keeps them by hash:
 *
 *   bytes 0-7    "SHOALOCR" (ASCII)
 *   bytes 8-11   version, uint32 little-endian: 1
 *   bytes 12-27  four uint32 little-endian lengths: det, cls, rec, keys
 *   then         det.onnx, cls.onnx, rec.onnx, keys (UTF-8), back to back
 *
 * With PP-OCRv4 that is about 16.2 MB, under the 32 MiB module limit.
 */
import { OcrError } from './errors.js'

export const MODELS_MAGIC = 'SHOALOCR'
export const MODELS_VERSION = 1
const HEADER_BYTES = 8 + 4 + 4 * 4

export interface OcrModels {
  det: Uint8Array
  cls: Uint8Array
  rec: Uint8Array
  /** the recogniser's character list, one per line */
  keys: string
}

export function packModels (m: OcrModels): Uint8Array {
  const keys = new TextEncoder().encode(m.keys)
  const parts = [m.det, m.cls, m.rec, keys]
  const out = new Uint8Array(HEADER_BYTES + parts.reduce((n, p) => n + p.byteLength, 0))
  const view = new DataView(out.buffer)
  out.set(new TextEncoder().encode(MODELS_MAGIC), 0)
  view.setUint32(8, MODELS_VERSION, true)
  parts.forEach((p, i) => { view.setUint32(12 + 4 * i, p.byteLength, true) })
  let at = HEADER_BYTES
  for (const p of parts) { out.set(p, at); at += p.byteLength }
  return out
}

/** the parts of a blob, as views into it (no copies); a blob that is not one says why */
export function unpackModels (blob: Uint8Array): OcrModels {
  if (blob.byteLength < HEADER_BYTES || new TextDecoder().decode(blob.subarray(0, 8)) !== MODELS_MAGIC) {
    throw new OcrError(`the job's module is not an OCR model blob (it must start with "${MODELS_MAGIC}"; make one with packModels)`)
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  const version = view.getUint32(8, true)
  if (version !== MODELS_VERSION) throw new OcrError(`OCR model blob version ${version}; this peer reads version ${MODELS_VERSION}`)
  const lengths = [0, 1, 2, 3].map(i => view.getUint32(12 + 4 * i, true))
  const total = lengths.reduce((a, b) => a + b, 0)
  if (HEADER_BYTES + total !== blob.byteLength) throw new OcrError(`the OCR model blob's header names ${total} bytes of parts but ${blob.byteLength - HEADER_BYTES} follow it`)
  if (lengths.slice(0, 3).some(l => l === 0)) throw new OcrError('the OCR model blob lacks a model (a length is 0)')
  const parts: Uint8Array[] = []
  let at = HEADER_BYTES
  for (const l of lengths) { parts.push(blob.subarray(at, at + l)); at += l }
  let keys: string
  try {
    keys = new TextDecoder('utf-8', { fatal: true }).decode(parts[3])
  } catch {
    throw new OcrError('the character list in the OCR model blob is not UTF-8')
  }
  return { det: parts[0], cls: parts[1], rec: parts[2], keys }
}

/** a module that is not a usable model blob (as opposed to a page the models cannot read) */
export class BlobError extends OcrError {
  override name = 'BlobError'
}

/** unpackModels, its errors as BlobError: a runtime fails the job as `invalid-model` */
export function unpackBlob (blob: Uint8Array): OcrModels {
  try {
    return unpackModels(blob)
  } catch (err) {
    if (err instanceof OcrError) throw new BlobError(err.message)
    throw err
  }
}
