/**
 * Building an onnx job from what users have, and reading its result. Pure:
 * the CLI, the control API's clients and apps share it.
 */
import { InferenceError } from './errors.js'
import { tensorsFromJson } from './json.js'
import { decodeRequest, encodeRequest } from './tensor.js'
import type { Check, Tensor } from './tensor.js'

/**
 * Parses `--compare`: `exact`, `allclose`, `allclose:rtol,atol`, `argmax`,
 * `topk:k`; an optional `name=` prefix applies it to one output only.
 */
export function parseCompare (text: string): Check {
  const eq = text.indexOf('=')
  const name = eq > 0 ? text.slice(0, eq) : undefined
  const [kind, params = ''] = (eq > 0 ? text.slice(eq + 1) : text).split(':')
  const nums = params === '' ? [] : params.split(',').map(Number)
  if (nums.some(n => !Number.isFinite(n) || n < 0)) throw new InferenceError('bad-tensor', `--compare ${text}: parameters must be numbers ≥ 0`)
  const check: Check = { comparison: 'exact' }
  if (name != null) check.name = name
  switch (kind) {
    case 'exact': if (nums.length > 0) break; return check
    case 'argmax': if (nums.length > 0) break; return { ...check, comparison: 'argmax' }
    case 'allclose':
      if (nums.length > 2) break
      return { ...check, comparison: 'allclose', ...(nums[0] != null ? { rtol: nums[0] } : {}), ...(nums[1] != null ? { atol: nums[1] } : {}) }
    case 'topk':
      if (nums.length !== 1 || !Number.isInteger(nums[0]) || nums[0] < 1) throw new InferenceError('bad-tensor', `--compare ${text}: topk needs a whole k ≥ 1, e.g. topk:5`)
      return { ...check, comparison: 'topk', k: nums[0] }
  }
  throw new InferenceError('bad-tensor', `--compare ${text}: use exact, allclose[:rtol,atol], argmax or topk:k (optionally output=…)`)
}

/**
 * The input bytes of an onnx job from a tensors file: JSON ({ name: { dtype,
 * dims, data } }) or protobuf (an InferenceRequest, or a single ONNX
 * TensorProto as numpy_helper writes it). `checks` and `outputs` replace the
 * file's own when given.
 */
export function requestFromFile (bytes: Uint8Array, options: { checks?: Check[], outputs?: string[] } = {}): Uint8Array {
  let inputs: Tensor[]
  let checks: Check[] = []
  let outputs: string[] = []
  const first = bytes.find(b => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09)
  if (first === 0x7b) {
    let json: unknown
    try {
      json = JSON.parse(new TextDecoder().decode(bytes))
    } catch (err: any) {
      throw new InferenceError('bad-tensor', `the tensors file is not valid JSON (${err.message})`)
    }
    inputs = tensorsFromJson(json)
  } else {
    ({ inputs, checks, outputs } = decodeRequest(bytes))
  }
  return encodeRequest({ inputs, checks: options.checks ?? checks, outputs: options.outputs ?? outputs })
}
