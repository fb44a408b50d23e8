/**
 * When two onnx results are "the same answer". Pure.
 *
 * ONNX Runtime is bit-identical only within one backend and configuration
 * (runtime, version, execution provider, threads, optimisation level). So:
 * - two results from the same backend agree only if their bytes do;
 * - two results from different backends agree if every output has the same
 *   name, dtype and dims and passes the comparison the job declared for it:
 *   `exact` (same bytes), `allclose` (|a − b| ≤ atol + rtol·max(|a|, |b|),
 *   NaN where the other has NaN), `argmax` (the same index of the largest
 *   value along the last axis, first on ties) or `topk` (the same set of the
 *   k largest indices along the last axis).
 *
 * `ResultGrouper` turns that into keys for the quorum: each result joins the
 * first group whose representative (its first member) it agrees with and
 * whose members on its own backend have its very bytes; otherwise it starts
 * a group. allclose is not transitive, so grouping follows arrival order;
 * the representative is fixed, so no chain of small drifts joins a group.
 */
import { DEFAULT_ATOL, DEFAULT_RTOL, DEFAULT_TOPK } from './constants.js'
import { asNumbers, backendKey, decodeResult } from './tensor.js'
import type { Check, InferenceOutput, Tensor } from './tensor.js'

/** the check that applies to output `name`: its own, else the unnamed one, else exact */
export function checkFor (checks: readonly Check[], name: string): Check {
  return checks.find(c => c.name === name) ?? checks.find(c => c.name == null) ?? { comparison: 'exact' }
}

function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false
  return true
}

/** whether two tensors agree under a check (same name, dtype and dims first) */
export function tensorsAgree (a: Tensor, b: Tensor, check: Check): boolean {
  if (a.name !== b.name || a.dtype !== b.dtype || a.dims.length !== b.dims.length || a.dims.some((d, i) => d !== b.dims[i])) return false
  if (check.comparison === 'exact') return sameBytes(a.data, b.data)
  const x = asNumbers(a)
  const y = asNumbers(b)
  if (check.comparison === 'allclose') {
    const rtol = check.rtol ?? DEFAULT_RTOL
    const atol = check.atol ?? DEFAULT_ATOL
    for (let i = 0; i < x.length; i++) {
      const u = x[i]
      const v = y[i]
      if (u === v) continue
      if (Number.isNaN(u) || Number.isNaN(v)) return false
      if (!(Math.abs(u - v) <= atol + rtol * Math.max(Math.abs(u), Math.abs(v)))) return false
    }
    return true
  }
  const row = a.dims.length === 0 ? 1 : a.dims[a.dims.length - 1]
  if (row === 0) return true
  const k = check.comparison === 'argmax' ? 1 : Math.min(row, check.k ?? DEFAULT_TOPK)
  for (let start = 0; start < x.length; start += row) {
    const p = topIndices(x, start, row, k)
    const q = topIndices(y, start, row, k)
    if (check.comparison === 'argmax' ? p[0] !== q[0] : !sameSet(p, q)) return false
  }
  return true
}

/** the indices of the k largest values of x[start, start + n), largest first, lower index first on ties; NaN counts as smallest */
export function topIndices (x: Float64Array, start: number, n: number, k: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i)
  const val = (i: number): number => { const v = x[start + i]; return Number.isNaN(v) ? -Infinity : v }
  if (k === 1) {
    let best = 0
    for (let i = 1; i < n; i++) if (val(i) > val(best)) best = i
    return [best]
  }
  return idx.sort((i, j) => val(j) - val(i) || i - j).slice(0, k)
}

function sameSet (p: number[], q: number[]): boolean {
  const s = new Set(p)
  return p.length === q.length && q.every(i => s.has(i))
}

/** whether two decoded results agree (see the rules above) */
export function outputsAgree (a: InferenceOutput, b: InferenceOutput, checks: readonly Check[]): boolean {
  if (a.outputs.length !== b.outputs.length) return false
  const exact = backendKey(a.backend) === backendKey(b.backend)
  const byName = new Map(b.outputs.map(t => [t.name, t]))
  return a.outputs.every(t => {
    const other = byName.get(t.name)
    return other != null && tensorsAgree(t, other, exact ? { comparison: 'exact' } : checkFor(checks, t.name))
  })
}

interface Group {
  key: string
  rep: InferenceOutput
  /** backend key → the output hash its members share */
  hashes: Map<string, string>
}

/**
 * Keys results for the quorum: results with one key are the same answer.
 * Failed and undecodable results keep their exact key (status, exit code,
 * output hash), so they only ever agree with identical bytes.
 */
export class ResultGrouper {
  private readonly groups: Group[] = []
  private readonly known = new Map<string, string>()

  constructor (private readonly checks: readonly Check[]) {}

  key (status: string, exitCode: number | undefined, output: Uint8Array, outputHash: string): string {
    const exactKey = `${status}/${exitCode ?? 0}/${outputHash}`
    if (status !== 'OK') return exactKey
    const cached = this.known.get(outputHash)
    if (cached != null) return cached
    let result: InferenceOutput
    try {
      result = decodeResult(output)
    } catch {
      return exactKey
    }
    const backend = backendKey(result.backend)
    for (const g of this.groups) {
      const own = g.hashes.get(backend)
      if (own != null ? own !== outputHash : !outputsAgree(g.rep, result, this.checks)) continue
      g.hashes.set(backend, outputHash)
      this.known.set(outputHash, g.key)
      return g.key
    }
    const key = `${status}/${exitCode ?? 0}/onnx:${outputHash}`
    this.groups.push({ key, rep: result, hashes: new Map([[backend, outputHash]]) })
    this.known.set(outputHash, key)
    return key
  }
}
