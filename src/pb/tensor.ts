import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export enum DataType {
  UNDEFINED = 'UNDEFINED',
  FLOAT = 'FLOAT',
  UINT8 = 'UINT8',
  INT8 = 'INT8',
  UINT16 = 'UINT16',
  INT16 = 'INT16',
  INT32 = 'INT32',
  INT64 = 'INT64',
  STRING = 'STRING',
  BOOL = 'BOOL',
  FLOAT16 = 'FLOAT16',
  DOUBLE = 'DOUBLE',
  UINT32 = 'UINT32',
  UINT64 = 'UINT64',
  COMPLEX64 = 'COMPLEX64',
  COMPLEX128 = 'COMPLEX128',
  BFLOAT16 = 'BFLOAT16'
}

enum __DataTypeValues {
  UNDEFINED = 0,
  FLOAT = 1,
  UINT8 = 2,
  INT8 = 3,
  UINT16 = 4,
  INT16 = 5,
  INT32 = 6,
  INT64 = 7,
  STRING = 8,
  BOOL = 9,
  FLOAT16 = 10,
  DOUBLE = 11,
  UINT32 = 12,
  UINT64 = 13,
  COMPLEX64 = 14,
  COMPLEX128 = 15,
  BFLOAT16 = 16
}

export namespace DataType {
  export const codec = (): Codec<DataType> => {
    return enumeration<DataType>(__DataTypeValues)
  }
}

export interface StringStringEntryProto {
  key: string
  value: string
}

export namespace StringStringEntryProto {
  let _codec: Codec<StringStringEntryProto>

  export const codec = (): Codec<StringStringEntryProto> => {
    if (_codec == null) {
      _codec = message<StringStringEntryProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.key != null && obj.key !== '')) {
          w.uint32(10)
          w.string(obj.key)
        }

        if ((obj.value != null && obj.value !== '')) {
          w.uint32(18)
          w.string(obj.value)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          key: '',
          value: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.key = reader.string()
              break
            }
            case 2: {
              obj.value = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.key`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.value`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface StringStringEntryProtoKeyFieldEvent {
    field: '$.key'
    value: string
  }

  export interface StringStringEntryProtoValueFieldEvent {
    field: '$.value'
    value: string
  }

  export function encode (obj: Partial<StringStringEntryProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, StringStringEntryProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StringStringEntryProto>): StringStringEntryProto {
    return decodeMessage(buf, StringStringEntryProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<StringStringEntryProto>): Generator<StringStringEntryProtoKeyFieldEvent | StringStringEntryProtoValueFieldEvent> {
    return streamMessage(buf, StringStringEntryProto.codec(), opts)
  }
}

export interface TensorProto {
  dims: bigint[]
  dataType: number
  floatData: Uint8Array<ArrayBuffer>
  int32Data: Uint8Array<ArrayBuffer>
  stringData: Uint8Array<ArrayBuffer>[]
  int64Data: Uint8Array<ArrayBuffer>
  name: string
  rawData: Uint8Array<ArrayBuffer>
  doubleData: Uint8Array<ArrayBuffer>
  uint64Data: Uint8Array<ArrayBuffer>
  externalData: StringStringEntryProto[]
  dataLocation: number
}

export namespace TensorProto {
  let _codec: Codec<TensorProto>

  export const codec = (): Codec<TensorProto> => {
    if (_codec == null) {
      _codec = message<TensorProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.dims != null && obj.dims.length > 0) {
          for (const value of obj.dims) {
            w.uint32(8)
            w.int64(value)
          }
        }

        if ((obj.dataType != null && obj.dataType !== 0)) {
          w.uint32(16)
          w.int32(obj.dataType)
        }

        if ((obj.floatData != null && obj.floatData.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.floatData)
        }

        if ((obj.int32Data != null && obj.int32Data.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.int32Data)
        }

        if (obj.stringData != null && obj.stringData.length > 0) {
          for (const value of obj.stringData) {
            w.uint32(50)
            w.bytes(value)
          }
        }

        if ((obj.int64Data != null && obj.int64Data.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.int64Data)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(66)
          w.string(obj.name)
        }

        if ((obj.rawData != null && obj.rawData.byteLength > 0)) {
          w.uint32(74)
          w.bytes(obj.rawData)
        }

        if ((obj.doubleData != null && obj.doubleData.byteLength > 0)) {
          w.uint32(82)
          w.bytes(obj.doubleData)
        }

        if ((obj.uint64Data != null && obj.uint64Data.byteLength > 0)) {
          w.uint32(90)
          w.bytes(obj.uint64Data)
        }

        if (obj.externalData != null && obj.externalData.length > 0) {
          for (const value of obj.externalData) {
            w.uint32(106)
            StringStringEntryProto.codec().encode(value, w)
          }
        }

        if ((obj.dataLocation != null && obj.dataLocation !== 0)) {
          w.uint32(112)
          w.int32(obj.dataLocation)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          dims: [],
          dataType: 0,
          floatData: uint8ArrayAlloc(0),
          int32Data: uint8ArrayAlloc(0),
          stringData: [],
          int64Data: uint8ArrayAlloc(0),
          name: '',
          rawData: uint8ArrayAlloc(0),
          doubleData: uint8ArrayAlloc(0),
          uint64Data: uint8ArrayAlloc(0),
          externalData: [],
          dataLocation: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.dims != null && obj.dims.length === opts.limits.dims) {
                throw new MaxLengthError('Decode error - repeated field "dims" had too many elements')
              }

              obj.dims.push(reader.int64())
              break
            }
            case 2: {
              obj.dataType = reader.int32()
              break
            }
            case 4: {
              obj.floatData = reader.bytes()
              break
            }
            case 5: {
              obj.int32Data = reader.bytes()
              break
            }
            case 6: {
              if (opts.limits?.stringData != null && obj.stringData.length === opts.limits.stringData) {
                throw new MaxLengthError('Decode error - repeated field "stringData" had too many elements')
              }

              obj.stringData.push(reader.bytes())
              break
            }
            case 7: {
              obj.int64Data = reader.bytes()
              break
            }
            case 8: {
              obj.name = reader.string()
              break
            }
            case 9: {
              obj.rawData = reader.bytes()
              break
            }
            case 10: {
              obj.doubleData = reader.bytes()
              break
            }
            case 11: {
              obj.uint64Data = reader.bytes()
              break
            }
            case 13: {
              if (opts.limits?.externalData != null && obj.externalData.length === opts.limits.externalData) {
                throw new MaxLengthError('Decode error - repeated field "externalData" had too many elements')
              }

              obj.externalData.push(StringStringEntryProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.externalData$
              }))
              break
            }
            case 14: {
              obj.dataLocation = reader.int32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          dims: 0,
          stringData: 0,
          externalData: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.dims != null && obj.dims === opts.limits.dims) {
                throw new MaxLengthError('Streaming decode error - repeated field "dims" had too many elements')
              }

              yield {
                field: `${prefix}.dims[]`,
                index: obj.dims,
                value: reader.int64()
              }

              obj.dims++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.dataType`,
                value: reader.int32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.floatData`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.int32Data`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              if (opts.limits?.stringData != null && obj.stringData === opts.limits.stringData) {
                throw new MaxLengthError('Streaming decode error - repeated field "stringData" had too many elements')
              }

              yield {
                field: `${prefix}.stringData[]`,
                index: obj.stringData,
                value: reader.bytes()
              }

              obj.stringData++

              break
            }
            case 7: {
              yield {
                field: `${prefix}.int64Data`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.rawData`,
                value: reader.bytes()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.doubleData`,
                value: reader.bytes()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.uint64Data`,
                value: reader.bytes()
              }
              break
            }
            case 13: {
              if (opts.limits?.externalData != null && obj.externalData === opts.limits.externalData) {
                throw new MaxLengthError('Streaming decode error - repeated field "externalData" had too many elements')
              }

              for (const evt of StringStringEntryProto.codec().stream(reader, reader.uint32(), `${prefix}.externalData[]`, {
                limits: opts.limits?.externalData$
              })) {
                yield {
                  ...evt,
                  index: obj.externalData
                }
              }

              obj.externalData++

              break
            }
            case 14: {
              yield {
                field: `${prefix}.dataLocation`,
                value: reader.int32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TensorProtoDimsFieldEvent {
    field: '$.dims[]'
    index: number
    value: bigint
  }

  export interface TensorProtoDataTypeFieldEvent {
    field: '$.dataType'
    value: number
  }

  export interface TensorProtoFloatDataFieldEvent {
    field: '$.floatData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TensorProtoInt32DataFieldEvent {
    field: '$.int32Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TensorProtoStringDataFieldEvent {
    field: '$.stringData[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface TensorProtoInt64DataFieldEvent {
    field: '$.int64Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TensorProtoNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface TensorProtoRawDataFieldEvent {
    field: '$.rawData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TensorProtoDoubleDataFieldEvent {
    field: '$.doubleData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TensorProtoUint64DataFieldEvent {
    field: '$.uint64Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TensorProtoExternalDataKeyFieldEvent {
    field: '$.externalData[].key'
    value: string
    index: number
  }

  export interface TensorProtoExternalDataValueFieldEvent {
    field: '$.externalData[].value'
    value: string
    index: number
  }

  export interface TensorProtoDataLocationFieldEvent {
    field: '$.dataLocation'
    value: number
  }

  export function encode (obj: Partial<TensorProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TensorProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TensorProto>): TensorProto {
    return decodeMessage(buf, TensorProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TensorProto>): Generator<TensorProtoDimsFieldEvent | TensorProtoDataTypeFieldEvent | TensorProtoFloatDataFieldEvent | TensorProtoInt32DataFieldEvent | TensorProtoStringDataFieldEvent | TensorProtoInt64DataFieldEvent | TensorProtoNameFieldEvent | TensorProtoRawDataFieldEvent | TensorProtoDoubleDataFieldEvent | TensorProtoUint64DataFieldEvent | TensorProtoExternalDataKeyFieldEvent | TensorProtoExternalDataValueFieldEvent | TensorProtoDataLocationFieldEvent> {
    return streamMessage(buf, TensorProto.codec(), opts)
  }
}

export enum Comparison {
  EXACT = 'EXACT',
  ALLCLOSE = 'ALLCLOSE',
  ARGMAX = 'ARGMAX',
  TOPK = 'TOPK'
}

enum __ComparisonValues {
  EXACT = 0,
  ALLCLOSE = 1,
  ARGMAX = 2,
  TOPK = 3
}

export namespace Comparison {
  export const codec = (): Codec<Comparison> => {
    return enumeration<Comparison>(__ComparisonValues)
  }
}

export interface OutputCheck {
  name: string
  comparison: Comparison
  rtol: number
  atol: number
  k: number
}

export namespace OutputCheck {
  let _codec: Codec<OutputCheck>

  export const codec = (): Codec<OutputCheck> => {
    if (_codec == null) {
      _codec = message<OutputCheck>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if (obj.comparison != null && __ComparisonValues[obj.comparison] !== 0) {
          w.uint32(16)
          Comparison.codec().encode(obj.comparison, w)
        }

        if ((obj.rtol != null && obj.rtol !== 0)) {
          w.uint32(25)
          w.double(obj.rtol)
        }

        if ((obj.atol != null && obj.atol !== 0)) {
          w.uint32(33)
          w.double(obj.atol)
        }

        if ((obj.k != null && obj.k !== 0)) {
          w.uint32(40)
          w.uint32(obj.k)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          comparison: Comparison.EXACT,
          rtol: 0,
          atol: 0,
          k: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.comparison = Comparison.codec().decode(reader)
              break
            }
            case 3: {
              obj.rtol = reader.double()
              break
            }
            case 4: {
              obj.atol = reader.double()
              break
            }
            case 5: {
              obj.k = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.comparison`,
                value: Comparison.codec().decode(reader)
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.rtol`,
                value: reader.double()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.atol`,
                value: reader.double()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.k`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface OutputCheckNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface OutputCheckComparisonFieldEvent {
    field: '$.comparison'
    value: Comparison
  }

  export interface OutputCheckRtolFieldEvent {
    field: '$.rtol'
    value: number
  }

  export interface OutputCheckAtolFieldEvent {
    field: '$.atol'
    value: number
  }

  export interface OutputCheckKFieldEvent {
    field: '$.k'
    value: number
  }

  export function encode (obj: Partial<OutputCheck>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, OutputCheck.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OutputCheck>): OutputCheck {
    return decodeMessage(buf, OutputCheck.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OutputCheck>): Generator<OutputCheckNameFieldEvent | OutputCheckComparisonFieldEvent | OutputCheckRtolFieldEvent | OutputCheckAtolFieldEvent | OutputCheckKFieldEvent> {
    return streamMessage(buf, OutputCheck.codec(), opts)
  }
}

export interface InferenceRequest {
  inputs: TensorProto[]
  checks: OutputCheck[]
  outputs: string[]
}

export namespace InferenceRequest {
  let _codec: Codec<InferenceRequest>

  export const codec = (): Codec<InferenceRequest> => {
    if (_codec == null) {
      _codec = message<InferenceRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.inputs != null && obj.inputs.length > 0) {
          for (const value of obj.inputs) {
            w.uint32(10)
            TensorProto.codec().encode(value, w)
          }
        }

        if (obj.checks != null && obj.checks.length > 0) {
          for (const value of obj.checks) {
            w.uint32(18)
            OutputCheck.codec().encode(value, w)
          }
        }

        if (obj.outputs != null && obj.outputs.length > 0) {
          for (const value of obj.outputs) {
            w.uint32(26)
            w.string(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          inputs: [],
          checks: [],
          outputs: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.inputs != null && obj.inputs.length === opts.limits.inputs) {
                throw new MaxLengthError('Decode error - repeated field "inputs" had too many elements')
              }

              obj.inputs.push(TensorProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.inputs$
              }))
              break
            }
            case 2: {
              if (opts.limits?.checks != null && obj.checks.length === opts.limits.checks) {
                throw new MaxLengthError('Decode error - repeated field "checks" had too many elements')
              }

              obj.checks.push(OutputCheck.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.checks$
              }))
              break
            }
            case 3: {
              if (opts.limits?.outputs != null && obj.outputs.length === opts.limits.outputs) {
                throw new MaxLengthError('Decode error - repeated field "outputs" had too many elements')
              }

              obj.outputs.push(reader.string())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          inputs: 0,
          checks: 0,
          outputs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.inputs != null && obj.inputs === opts.limits.inputs) {
                throw new MaxLengthError('Streaming decode error - repeated field "inputs" had too many elements')
              }

              for (const evt of TensorProto.codec().stream(reader, reader.uint32(), `${prefix}.inputs[]`, {
                limits: opts.limits?.inputs$
              })) {
                yield {
                  ...evt,
                  index: obj.inputs
                }
              }

              obj.inputs++

              break
            }
            case 2: {
              if (opts.limits?.checks != null && obj.checks === opts.limits.checks) {
                throw new MaxLengthError('Streaming decode error - repeated field "checks" had too many elements')
              }

              for (const evt of OutputCheck.codec().stream(reader, reader.uint32(), `${prefix}.checks[]`, {
                limits: opts.limits?.checks$
              })) {
                yield {
                  ...evt,
                  index: obj.checks
                }
              }

              obj.checks++

              break
            }
            case 3: {
              if (opts.limits?.outputs != null && obj.outputs === opts.limits.outputs) {
                throw new MaxLengthError('Streaming decode error - repeated field "outputs" had too many elements')
              }

              yield {
                field: `${prefix}.outputs[]`,
                index: obj.outputs,
                value: reader.string()
              }

              obj.outputs++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface InferenceRequestInputsDimsFieldEvent {
    field: '$.inputs[].dims[]'
    index: number
    value: bigint
  }

  export interface InferenceRequestInputsDataTypeFieldEvent {
    field: '$.inputs[].dataType'
    value: number
    index: number
  }

  export interface InferenceRequestInputsFloatDataFieldEvent {
    field: '$.inputs[].floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InferenceRequestInputsInt32DataFieldEvent {
    field: '$.inputs[].int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InferenceRequestInputsStringDataFieldEvent {
    field: '$.inputs[].stringData[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface InferenceRequestInputsInt64DataFieldEvent {
    field: '$.inputs[].int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InferenceRequestInputsNameFieldEvent {
    field: '$.inputs[].name'
    value: string
    index: number
  }

  export interface InferenceRequestInputsRawDataFieldEvent {
    field: '$.inputs[].rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InferenceRequestInputsDoubleDataFieldEvent {
    field: '$.inputs[].doubleData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InferenceRequestInputsUint64DataFieldEvent {
    field: '$.inputs[].uint64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InferenceRequestInputsExternalDataKeyFieldEvent {
    field: '$.inputs[].externalData[].key'
    value: string
    index: number
  }

  export interface InferenceRequestInputsExternalDataValueFieldEvent {
    field: '$.inputs[].externalData[].value'
    value: string
    index: number
  }

  export interface InferenceRequestInputsDataLocationFieldEvent {
    field: '$.inputs[].dataLocation'
    value: number
    index: number
  }

  export interface InferenceRequestChecksNameFieldEvent {
    field: '$.checks[].name'
    value: string
    index: number
  }

  export interface InferenceRequestChecksComparisonFieldEvent {
    field: '$.checks[].comparison'
    value: Comparison
    index: number
  }

  export interface InferenceRequestChecksRtolFieldEvent {
    field: '$.checks[].rtol'
    value: number
    index: number
  }

  export interface InferenceRequestChecksAtolFieldEvent {
    field: '$.checks[].atol'
    value: number
    index: number
  }

  export interface InferenceRequestChecksKFieldEvent {
    field: '$.checks[].k'
    value: number
    index: number
  }

  export interface InferenceRequestOutputsFieldEvent {
    field: '$.outputs[]'
    index: number
    value: string
  }

  export function encode (obj: Partial<InferenceRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, InferenceRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InferenceRequest>): InferenceRequest {
    return decodeMessage(buf, InferenceRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InferenceRequest>): Generator<InferenceRequestInputsDimsFieldEvent | InferenceRequestInputsDataTypeFieldEvent | InferenceRequestInputsFloatDataFieldEvent | InferenceRequestInputsInt32DataFieldEvent | InferenceRequestInputsStringDataFieldEvent | InferenceRequestInputsInt64DataFieldEvent | InferenceRequestInputsNameFieldEvent | InferenceRequestInputsRawDataFieldEvent | InferenceRequestInputsDoubleDataFieldEvent | InferenceRequestInputsUint64DataFieldEvent | InferenceRequestInputsExternalDataKeyFieldEvent | InferenceRequestInputsExternalDataValueFieldEvent | InferenceRequestInputsDataLocationFieldEvent | InferenceRequestChecksNameFieldEvent | InferenceRequestChecksComparisonFieldEvent | InferenceRequestChecksRtolFieldEvent | InferenceRequestChecksAtolFieldEvent | InferenceRequestChecksKFieldEvent | InferenceRequestOutputsFieldEvent> {
    return streamMessage(buf, InferenceRequest.codec(), opts)
  }
}

export interface Backend {
  runtime: string
  version: string
  provider: string
  intraOpThreads: number
  optimization: string
}

export namespace Backend {
  let _codec: Codec<Backend>

  export const codec = (): Codec<Backend> => {
    if (_codec == null) {
      _codec = message<Backend>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.runtime != null && obj.runtime !== '')) {
          w.uint32(10)
          w.string(obj.runtime)
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(18)
          w.string(obj.version)
        }

        if ((obj.provider != null && obj.provider !== '')) {
          w.uint32(26)
          w.string(obj.provider)
        }

        if ((obj.intraOpThreads != null && obj.intraOpThreads !== 0)) {
          w.uint32(32)
          w.uint32(obj.intraOpThreads)
        }

        if ((obj.optimization != null && obj.optimization !== '')) {
          w.uint32(42)
          w.string(obj.optimization)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          runtime: '',
          version: '',
          provider: '',
          intraOpThreads: 0,
          optimization: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.runtime = reader.string()
              break
            }
            case 2: {
              obj.version = reader.string()
              break
            }
            case 3: {
              obj.provider = reader.string()
              break
            }
            case 4: {
              obj.intraOpThreads = reader.uint32()
              break
            }
            case 5: {
              obj.optimization = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.runtime`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.provider`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.intraOpThreads`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.optimization`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface BackendRuntimeFieldEvent {
    field: '$.runtime'
    value: string
  }

  export interface BackendVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface BackendProviderFieldEvent {
    field: '$.provider'
    value: string
  }

  export interface BackendIntraOpThreadsFieldEvent {
    field: '$.intraOpThreads'
    value: number
  }

  export interface BackendOptimizationFieldEvent {
    field: '$.optimization'
    value: string
  }

  export function encode (obj: Partial<Backend>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Backend.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Backend>): Backend {
    return decodeMessage(buf, Backend.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Backend>): Generator<BackendRuntimeFieldEvent | BackendVersionFieldEvent | BackendProviderFieldEvent | BackendIntraOpThreadsFieldEvent | BackendOptimizationFieldEvent> {
    return streamMessage(buf, Backend.codec(), opts)
  }
}

export interface InferenceResult {
  outputs: TensorProto[]
  backend?: Backend
}

export namespace InferenceResult {
  let _codec: Codec<InferenceResult>

  export const codec = (): Codec<InferenceResult> => {
    if (_codec == null) {
      _codec = message<InferenceResult>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.outputs != null && obj.outputs.length > 0) {
          for (const value of obj.outputs) {
            w.uint32(10)
            TensorProto.codec().encode(value, w)
          }
        }

        if (obj.backend != null) {
          w.uint32(18)
          Backend.codec().encode(obj.backend, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          outputs: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.outputs != null && obj.outputs.length === opts.limits.outputs) {
                throw new MaxLengthError('Decode error - repeated field "outputs" had too many elements')
              }

              obj.outputs.push(TensorProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.outputs$
              }))
              break
            }
            case 2: {
              obj.backend = Backend.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.backend
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          outputs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.outputs != null && obj.outputs === opts.limits.outputs) {
                throw new MaxLengthError('Streaming decode error - repeated field "outputs" had too many elements')
              }

              for (const evt of TensorProto.codec().stream(reader, reader.uint32(), `${prefix}.outputs[]`, {
                limits: opts.limits?.outputs$
              })) {
                yield {
                  ...evt,
                  index: obj.outputs
                }
              }

              obj.outputs++

              break
            }
            case 2: {
              yield * Backend.codec().stream(reader, reader.uint32(), `${prefix}.backend`, {
                limits: opts.limits?.backend
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface InferenceResultOutputsDimsFieldEvent {
    field: '$.outputs[].dims[]'
    index: number
    value: bigint
  }

  export interface InferenceResultOutputsDataTypeFieldEvent {
    field: '$.outputs[].dataType'
    value: number
    index: number
  }

  export interface InferenceResultOutputsFloatDataFieldEvent {
    field: '$.outputs[].floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InferenceResultOutputsInt32DataFieldEvent {
    field: '$.outputs[].int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InferenceResultOutputsStringDataFieldEvent {
    field: '$.outputs[].stringData[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface InferenceResultOutputsInt64DataFieldEvent {
    field: '$.outputs[].int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InferenceResultOutputsNameFieldEvent {
    field: '$.outputs[].name'
    value: string
    index: number
  }

  export interface InferenceResultOutputsRawDataFieldEvent {
    field: '$.outputs[].rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InferenceResultOutputsDoubleDataFieldEvent {
    field: '$.outputs[].doubleData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InferenceResultOutputsUint64DataFieldEvent {
    field: '$.outputs[].uint64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface InferenceResultOutputsExternalDataKeyFieldEvent {
    field: '$.outputs[].externalData[].key'
    value: string
    index: number
  }

  export interface InferenceResultOutputsExternalDataValueFieldEvent {
    field: '$.outputs[].externalData[].value'
    value: string
    index: number
  }

  export interface InferenceResultOutputsDataLocationFieldEvent {
    field: '$.outputs[].dataLocation'
    value: number
    index: number
  }

  export interface InferenceResultBackendRuntimeFieldEvent {
    field: '$.backend.runtime'
    value: string
  }

  export interface InferenceResultBackendVersionFieldEvent {
    field: '$.backend.version'
    value: string
  }

  export interface InferenceResultBackendProviderFieldEvent {
    field: '$.backend.provider'
    value: string
  }

  export interface InferenceResultBackendIntraOpThreadsFieldEvent {
    field: '$.backend.intraOpThreads'
    value: number
  }

  export interface InferenceResultBackendOptimizationFieldEvent {
    field: '$.backend.optimization'
    value: string
  }

  export function encode (obj: Partial<InferenceResult>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, InferenceResult.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InferenceResult>): InferenceResult {
    return decodeMessage(buf, InferenceResult.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<InferenceResult>): Generator<InferenceResultOutputsDimsFieldEvent | InferenceResultOutputsDataTypeFieldEvent | InferenceResultOutputsFloatDataFieldEvent | InferenceResultOutputsInt32DataFieldEvent | InferenceResultOutputsStringDataFieldEvent | InferenceResultOutputsInt64DataFieldEvent | InferenceResultOutputsNameFieldEvent | InferenceResultOutputsRawDataFieldEvent | InferenceResultOutputsDoubleDataFieldEvent | InferenceResultOutputsUint64DataFieldEvent | InferenceResultOutputsExternalDataKeyFieldEvent | InferenceResultOutputsExternalDataValueFieldEvent | InferenceResultOutputsDataLocationFieldEvent | InferenceResultBackendRuntimeFieldEvent | InferenceResultBackendVersionFieldEvent | InferenceResultBackendProviderFieldEvent | InferenceResultBackendIntraOpThreadsFieldEvent | InferenceResultBackendOptimizationFieldEvent> {
    return streamMessage(buf, InferenceResult.codec(), opts)
  }
}
