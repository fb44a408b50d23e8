/**
 * Reads an ONNX model (ModelProto, protocols/onnx-model.proto) before ONNX
 * Runtime ever sees it, and refuses what a worker must not load. Pure (the
 * browser page checks the same way).
 *
 * Refused, each with its reason:
 * - `invalid-model`: bytes that do not decode, no graph, or a graph that
 *   uses names nothing defines (what a truncated file looks like when it is
 *   cut between two fields), subgraphs nested deeper than MAX_GRAPH_DEPTH;
 * - `custom-op`: an operator domain (opset import or node) outside
 *   ALLOWED_DOMAINS, or model-local functions (they name their own domain);
 * - `external-data`: any tensor with data_location EXTERNAL or external_data
 *   entries, wherever it points: a job's model is loaded from its bytes, so
 *   there is no directory its data could live in, and a path such as
 *   `../../etc/passwd` would be resolved against the worker's file system;
 * - `memory-bomb`: a fully static declared shape (graph inputs, outputs,
 *   value_info), an initializer, or the shape fed to ConstantOfShape/Expand
 *   from a constant, whose tensor would pass the job's memory cap.
 * What the checker cannot foresee (shapes computed at run time) the child
 * process's address-space cap stops (src/node/onnx).
 */
import { GraphProto, ModelProto } from '../pb/onnx-model.js'
import type { TensorProto as ModelTensor, ValueInfoProto } from '../pb/onnx-model.js'
import { ALLOWED_DOMAINS, MAX_GRAPH_DEPTH, MAX_NODES } from './constants.js'
import { InferenceError } from './errors.js'
import { dtypeOf, elementSize, unpackVarints } from './tensor.js'
import type { DType, Tensor } from './tensor.js'

/** a graph input or output as declared: dims are numbers (static), strings (named) or null (unknown) */
export interface ValueSpec {
  name: string
  dtype?: DType
  /** undefined: no shape declared */
  dims?: Array<number | string | null>
}

export interface ModelInfo {
  irVersion: number
  producer: string
  opsets: Array<{ domain: string, version: number }>
  /** inputs a job must feed (graph inputs that are not initializers) */
  inputs: ValueSpec[]
  outputs: ValueSpec[]
  /** nodes, subgraphs included */
  nodes: number
}

export interface ModelCheckOptions {
  /** the job's memory cap in bytes: no single declared tensor may be larger */
  maxTensorBytes: number
  allowedDomains?: readonly string[]
}

export function inspectModel (bytes: Uint8Array, options: ModelCheckOptions): ModelInfo {
  let model: ModelProto
  try {
    model = ModelProto.decode(bytes)
  } catch (err: any) {
    throw new InferenceError('invalid-model', `the model is not an ONNX ModelProto, or is truncated (${err.message})`)
  }
  const allowed = new Set(options.allowedDomains ?? ALLOWED_DOMAINS)
  if (model.graph == null) throw new InferenceError('invalid-model', 'the model has no graph (not an ONNX model, or truncated)')
  for (const op of model.opsetImport) {
    if (!allowed.has(op.domain)) throw new InferenceError('custom-op', `the model imports operator domain "${op.domain}" (custom operators are not run; allowed: ${[...allowed].map(d => `"${d}"`).join(', ')})`)
  }
  if (model.functions.length > 0) throw new InferenceError('custom-op', `the model defines its own functions (${model.functions.map(f => `${f.domain}.${f.name}`).slice(0, 3).join(', ')}): not run`)
  const ctx: Ctx = { allowed, maxBytes: options.maxTensorBytes, nodes: 0 }
  checkGraph(model.graph, ctx, new Set(), 0)
  const initialised = new Set([...model.graph.initializer.map(t => t.name), ...model.graph.sparseInitializer.map(s => s.values?.name ?? '')])
  return {
    irVersion: Number(model.irVersion),
    producer: model.producerName,
    opsets: model.opsetImport.map(o => ({ domain: o.domain, version: Number(o.version) })),
    inputs: model.graph.input.filter(v => !initialised.has(v.name)).map(valueSpec),
    outputs: model.graph.output.map(valueSpec),
    nodes: ctx.nodes
  }
}

interface Ctx { allowed: Set<string>, maxBytes: number, nodes: number }

function checkGraph (graph: GraphProto, ctx: Ctx, outer: ReadonlySet<string>, depth: number): void {
  const where = depth === 0 ? 'the graph' : `a subgraph (depth ${depth})`
  const defined = new Set<string>(outer)
  const constants = new Map<string, ModelTensor>()
  for (const v of [...graph.input, ...graph.output, ...graph.valueInfo]) checkDeclared(v, ctx)
  for (const v of graph.input) defined.add(v.name)
  for (const t of graph.initializer) {
    checkTensor(t, ctx, `initializer "${t.name}"`)
    defined.add(t.name)
    constants.set(t.name, t)
  }
  for (const s of graph.sparseInitializer) {
    for (const t of [s.values, s.indices]) if (t != null) checkTensor(t, ctx, `sparse initializer "${t.name}"`)
    declaredSize(s.dims, s.values?.dataType ?? 1, ctx, `sparse initializer "${s.values?.name ?? ''}"`)
    if (s.values != null) defined.add(s.values.name)
  }
  ctx.nodes += graph.node.length
  if (ctx.nodes > MAX_NODES) throw new InferenceError('invalid-model', `the model has more than ${MAX_NODES} nodes`)
  for (const node of graph.node) {
    for (const o of node.output) defined.add(o)
    if (node.opType === 'Constant' && (node.domain === '' || node.domain === 'ai.onnx')) {
      const value = node.attribute.find(a => a.name === 'value')?.t
      if (value != null && node.output[0] != null) constants.set(node.output[0], value)
    }
  }
  for (const node of graph.node) {
    const label = `node "${node.name || node.opType}"`
    if (!ctx.allowed.has(node.domain)) throw new InferenceError('custom-op', `${label} is operator "${node.opType}" of domain "${node.domain}" (custom operators are not run)`)
    for (const i of node.input) {
      if (i !== '' && !defined.has(i)) throw new InferenceError('invalid-model', `${label} reads "${i}", which nothing in ${where} defines (a truncated or broken model)`)
    }
    for (const a of node.attribute) {
      for (const t of [...(a.t != null ? [a.t] : []), ...a.tensors]) checkTensor(t, ctx, `${label} attribute "${a.name}"`)
      for (const s of [...(a.sparseTensor != null ? [a.sparseTensor] : []), ...a.sparseTensors]) {
        for (const t of [s.values, s.indices]) if (t != null) checkTensor(t, ctx, `${label} attribute "${a.name}"`)
      }
      const subgraphs = [...(a.g.byteLength > 0 ? [a.g] : []), ...a.graphs]
      if (subgraphs.length > 0 && depth + 1 > MAX_GRAPH_DEPTH) throw new InferenceError('invalid-model', `subgraphs nested deeper than ${MAX_GRAPH_DEPTH}`)
      for (const g of subgraphs) {
        let sub: GraphProto
        try {
          sub = GraphProto.decode(g)
        } catch (err: any) {
          throw new InferenceError('invalid-model', `${label}: subgraph "${a.name}" does not decode (${err.message})`)
        }
        checkGraph(sub, ctx, defined, depth + 1)
      }
    }
    // a shape taken from a constant: the tensor it makes is known now
    const shapeInput = node.opType === 'ConstantOfShape' ? node.input[0] : node.opType === 'Expand' ? node.input[1] : undefined
    const shape = shapeInput != null ? constants.get(shapeInput) : undefined
    if (shape != null) {
      const dims = int64Values(shape)
      const valueType = node.opType === 'ConstantOfShape' ? node.attribute.find(a => a.name === 'value')?.t?.dataType ?? 1 : 1
      if (dims != null) declaredSize(dims, valueType, ctx, `${label} (${node.opType} to [${dims.slice(0, 8).join(', ')}${dims.length > 8 ? ', …' : ''}])`)
    }
  }
  for (const o of graph.output) {
    if (!defined.has(o.name)) throw new InferenceError('invalid-model', `output "${o.name}" is not made by ${where} (a truncated or broken model)`)
  }
}

function checkTensor (t: ModelTensor, ctx: Ctx, what: string): void {
  if (t.dataLocation !== 0 || t.externalData.length > 0) {
    const location = t.externalData.find(e => e.key === 'location')?.value
    throw new InferenceError('external-data', `${what} keeps its data outside the model${location != null ? ` at "${location.slice(0, 256)}"` : ''}: external data is refused`)
  }
  declaredSize(t.dims, t.dataType, ctx, what)
}

function checkDeclared (v: ValueInfoProto, ctx: Ctx): void {
  const tt = v.type?.tensorType
  if (tt?.shape == null) return
  const dims = tt.shape.dim
  // only a fully static shape says how big the tensor will be
  if (dims.some(d => d.dimParam !== '' || d.dimValue <= 0n)) return
  declaredSize(dims.map(d => d.dimValue), tt.elemType, ctx, `"${v.name}"`)
}

/** refuses dims whose tensor would pass the memory cap (computed in floating point: never overflows) */
function declaredSize (dims: ReadonlyArray<bigint | number>, dataType: number, ctx: Ctx, what: string): void {
  const dtype = dtypeOf(dataType)
  const size = dtype != null ? elementSize(dtype) : 8
  let bytes = size
  for (const d of dims) {
    const v = Number(d)
    if (v < 0) throw new InferenceError('invalid-model', `${what} has a negative dim ${String(d)}`)
    bytes *= v
  }
  if (bytes > ctx.maxBytes) {
    throw new InferenceError('memory-bomb', `${what} declares [${dims.slice(0, 8).join(', ')}${dims.length > 8 ? ', …' : ''}] (${formatBytes(bytes)}), over the job's memory cap of ${formatBytes(ctx.maxBytes)}`)
  }
}

/** the values of a small constant int64 (or int32) tensor, if it has them inline */
function int64Values (t: ModelTensor): bigint[] | undefined {
  const n = t.dims.reduce((a, d) => a * Number(d), 1)
  if (!(n <= 64)) return undefined
  if (t.dataType === 7 && t.rawData.byteLength === n * 8) {
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength)
    return Array.from({ length: n }, (_, i) => view.getBigInt64(i * 8, true))
  }
  try {
    if (t.dataType === 7 && t.int64Data.byteLength > 0) return unpackVarints(t.int64Data, n, 'shape').map(v => BigInt.asIntN(64, v))
  } catch {
    return undefined
  }
  return undefined
}

function valueSpec (v: ValueInfoProto): ValueSpec {
  const tt = v.type?.tensorType
  const spec: ValueSpec = { name: v.name }
  const dtype = tt != null ? dtypeOf(tt.elemType) : undefined
  if (dtype != null) spec.dtype = dtype
  if (tt?.shape != null) spec.dims = tt.shape.dim.map(d => d.dimParam !== '' ? d.dimParam : d.dimValue > 0n ? Number(d.dimValue) : null)
  return spec
}

/**
 * Refuses inputs that do not fit the model: a name it does not have, one it
 * needs that is missing, another dtype, another rank, or a static dim that
 * differs.
 */
export function checkInputs (info: ModelInfo, inputs: readonly Tensor[]): void {
  const byName = new Map(inputs.map(t => [t.name, t]))
  for (const t of inputs) {
    if (!info.inputs.some(s => s.name === t.name)) throw new InferenceError('wrong-input', `the model has no input "${t.name}" (its inputs: ${info.inputs.map(s => s.name).join(', ')})`)
  }
  for (const spec of info.inputs) {
    const t = byName.get(spec.name)
    if (t == null) throw new InferenceError('wrong-input', `input "${spec.name}" is missing`)
    if (spec.dtype != null && t.dtype !== spec.dtype) throw new InferenceError('wrong-input', `input "${spec.name}" is ${t.dtype}, the model takes ${spec.dtype}`)
    if (spec.dims == null) continue
    const shape = `[${spec.dims.map(d => d ?? '?').join(', ')}]`
    if (t.dims.length !== spec.dims.length) throw new InferenceError('wrong-input', `input "${spec.name}" has rank ${t.dims.length} ([${t.dims.join(', ')}]), the model takes ${shape}`)
    spec.dims.forEach((d, i) => {
      if (typeof d === 'number' && t.dims[i] !== d) throw new InferenceError('wrong-input', `input "${spec.name}" has dims [${t.dims.join(', ')}], the model takes ${shape}`)
    })
  }
}

export function formatBytes (n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(n >= 100 * 2 ** 30 ? 0 : 2)} GiB`
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(n >= 100 * 2 ** 20 ? 0 : 2)} MiB`
  return `${n} bytes`
}
