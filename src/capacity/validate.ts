/**
 * The checks on an advert that need a clock or history: expiry, replay,
 * plausible fields. Pure: the caller passes the time and the last sequence.
 */
import { MAX_PRICE, MAX_ADVERT_TTL_MS, MAX_CLOCK_SKEW_MS, MAX_CORES, MAX_DATASETS, MAX_DATASET_BYTES, MAX_LABEL_KEY_LENGTH, MAX_LABEL_VALUE_LENGTH, MAX_NAME_LENGTH, MAX_PROVIDER_LENGTH } from './constants.js'
import { AdvertRejectedError } from './errors.js'
import { isDatasetName } from '../utils/dataset-name.js'
import type { Advert } from './advert.js'

export interface ValidationContext {
  now: number
  /** the highest sequence number already accepted from this peer */
  lastSeq?: number
}

export function checkAdvert (advert: Advert, { now, lastSeq }: ValidationContext): void {
  checkFields(advert)
  if (advert.issuedAt > now + MAX_CLOCK_SKEW_MS) throw new AdvertRejectedError('from-the-future', `issued ${advert.issuedAt - now} ms from now`)
  if (advert.expiresAt - advert.issuedAt > MAX_ADVERT_TTL_MS) throw new AdvertRejectedError('ttl-too-long', `lives ${advert.expiresAt - advert.issuedAt} ms, limit ${MAX_ADVERT_TTL_MS}`)
  if (advert.expiresAt <= now) throw new AdvertRejectedError('expired', `expired ${now - advert.expiresAt} ms ago`)
  if (lastSeq != null && advert.seq <= lastSeq) throw new AdvertRejectedError('replay', `sequence ${advert.seq} is not after ${lastSeq}`)
}

function checkFields (a: Advert): void {
  const bad = (what: string): never => { throw new AdvertRejectedError('invalid-field', what) }
  if (!Number.isSafeInteger(a.seq) || a.seq <= 0) bad('seq must be a positive integer')
  if (!Number.isSafeInteger(a.issuedAt) || !Number.isSafeInteger(a.expiresAt) || a.expiresAt <= a.issuedAt) bad('expiresAt must come after issuedAt')
  if (a.version.length > MAX_NAME_LENGTH) bad('version too long')
  if (a.leaving) return // a goodbye needs no capacity figures
  if (a.cores < 1 || a.cores > MAX_CORES) bad(`cores must be 1..${MAX_CORES}`)
  if (!Number.isSafeInteger(a.memoryTotalMb) || !Number.isSafeInteger(a.memoryFreeMb) || a.memoryFreeMb > a.memoryTotalMb) bad('memory free must be ≤ memory offered')
  if (a.slotsFree > a.slotsTotal) bad('free slots must be ≤ total slots')
  if (!Number.isFinite(a.price) || a.price < 0 || a.price > MAX_PRICE) bad(`price must be 0..${MAX_PRICE}`)
  for (const g of a.gpus) {
    if (g.name.length > MAX_NAME_LENGTH || g.utilisation > 100 || !Number.isSafeInteger(g.memoryMb)) bad('gpu entry out of range')
  }
  for (const name of [...a.runtimes, ...a.kinds]) {
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) bad('runtime and kind names must be 1..128 characters')
  }
  const datasets = a.datasets ?? []
  if (datasets.length > MAX_DATASETS) bad(`at most ${MAX_DATASETS} data sets`)
  for (const d of datasets) {
    if (!isDatasetName(d.name)) bad(`data set name "${String(d.name).slice(0, 32)}" is not 1..64 letters, digits, ".", "_" or "-"`)
    if (!Number.isSafeInteger(d.size) || d.size < 0 || d.size > MAX_DATASET_BYTES) bad(`data set "${d.name}" size out of range`)
  }
  if (new Set(datasets.map(d => d.name)).size !== datasets.length) bad('a data set is named twice')
  for (const p of a.onnxProviders ?? []) {
    if (p.length === 0 || p.length > MAX_PROVIDER_LENGTH) bad(`onnx provider names must be 1..${MAX_PROVIDER_LENGTH} characters`)
  }
  for (const m of a.models ?? []) {
    if (!/^[0-9a-f]{64}$/.test(m)) bad('a model held must be a sha-256 digest (32 bytes)')
  }
  for (const [k, v] of Object.entries(a.labels)) {
    if (k.length === 0 || k.length > MAX_LABEL_KEY_LENGTH || v.length > MAX_LABEL_VALUE_LENGTH) bad(`label "${k.slice(0, 32)}" out of range`)
  }
}
