import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface OperatorSetIdProto {
  domain: string
  version: bigint
}

export namespace OperatorSetIdProto {
  let _codec: Codec<OperatorSetIdProto>

  export const codec = (): Codec<OperatorSetIdProto> => {
    if (_codec == null) {
      _codec = message<OperatorSetIdProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.domain != null && obj.domain !== '')) {
          w.uint32(10)
          w.string(obj.domain)
        }

        if ((obj.version != null && obj.version !== 0n)) {
          w.uint32(16)
          w.int64(obj.version)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          domain: '',
          version: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.domain = reader.string()
              break
            }
            case 2: {
              obj.version = reader.int64()
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
                field: `${prefix}.domain`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.version`,
                value: reader.int64()
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

  export interface OperatorSetIdProtoDomainFieldEvent {
    field: '$.domain'
    value: string
  }

  export interface OperatorSetIdProtoVersionFieldEvent {
    field: '$.version'
    value: bigint
  }

  export function encode (obj: Partial<OperatorSetIdProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, OperatorSetIdProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OperatorSetIdProto>): OperatorSetIdProto {
    return decodeMessage(buf, OperatorSetIdProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<OperatorSetIdProto>): Generator<OperatorSetIdProtoDomainFieldEvent | OperatorSetIdProtoVersionFieldEvent> {
    return streamMessage(buf, OperatorSetIdProto.codec(), opts)
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
  int64Data: Uint8Array<ArrayBuffer>
  name: string
  rawData: Uint8Array<ArrayBuffer>
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
          int64Data: uint8ArrayAlloc(0),
          name: '',
          rawData: uint8ArrayAlloc(0),
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

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TensorProto>): Generator<TensorProtoDimsFieldEvent | TensorProtoDataTypeFieldEvent | TensorProtoFloatDataFieldEvent | TensorProtoInt32DataFieldEvent | TensorProtoInt64DataFieldEvent | TensorProtoNameFieldEvent | TensorProtoRawDataFieldEvent | TensorProtoExternalDataKeyFieldEvent | TensorProtoExternalDataValueFieldEvent | TensorProtoDataLocationFieldEvent> {
    return streamMessage(buf, TensorProto.codec(), opts)
  }
}

export interface SparseTensorProto {
  values?: TensorProto
  indices?: TensorProto
  dims: bigint[]
}

export namespace SparseTensorProto {
  let _codec: Codec<SparseTensorProto>

  export const codec = (): Codec<SparseTensorProto> => {
    if (_codec == null) {
      _codec = message<SparseTensorProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.values != null) {
          w.uint32(10)
          TensorProto.codec().encode(obj.values, w)
        }

        if (obj.indices != null) {
          w.uint32(18)
          TensorProto.codec().encode(obj.indices, w)
        }

        if (obj.dims != null && obj.dims.length > 0) {
          for (const value of obj.dims) {
            w.uint32(24)
            w.int64(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          dims: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.values = TensorProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.values
              })
              break
            }
            case 2: {
              obj.indices = TensorProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.indices
              })
              break
            }
            case 3: {
              if (opts.limits?.dims != null && obj.dims.length === opts.limits.dims) {
                throw new MaxLengthError('Decode error - repeated field "dims" had too many elements')
              }

              obj.dims.push(reader.int64())
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
          dims: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * TensorProto.codec().stream(reader, reader.uint32(), `${prefix}.values`, {
                limits: opts.limits?.values
              })

              break
            }
            case 2: {
              yield * TensorProto.codec().stream(reader, reader.uint32(), `${prefix}.indices`, {
                limits: opts.limits?.indices
              })

              break
            }
            case 3: {
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

  export interface SparseTensorProtoValuesDimsFieldEvent {
    field: '$.values.dims[]'
    index: number
    value: bigint
  }

  export interface SparseTensorProtoValuesDataTypeFieldEvent {
    field: '$.values.dataType'
    value: number
  }

  export interface SparseTensorProtoValuesFloatDataFieldEvent {
    field: '$.values.floatData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SparseTensorProtoValuesInt32DataFieldEvent {
    field: '$.values.int32Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SparseTensorProtoValuesInt64DataFieldEvent {
    field: '$.values.int64Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SparseTensorProtoValuesNameFieldEvent {
    field: '$.values.name'
    value: string
  }

  export interface SparseTensorProtoValuesRawDataFieldEvent {
    field: '$.values.rawData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SparseTensorProtoValuesExternalDataKeyFieldEvent {
    field: '$.values.externalData[].key'
    value: string
    index: number
  }

  export interface SparseTensorProtoValuesExternalDataValueFieldEvent {
    field: '$.values.externalData[].value'
    value: string
    index: number
  }

  export interface SparseTensorProtoValuesDataLocationFieldEvent {
    field: '$.values.dataLocation'
    value: number
  }

  export interface SparseTensorProtoIndicesDimsFieldEvent {
    field: '$.indices.dims[]'
    index: number
    value: bigint
  }

  export interface SparseTensorProtoIndicesDataTypeFieldEvent {
    field: '$.indices.dataType'
    value: number
  }

  export interface SparseTensorProtoIndicesFloatDataFieldEvent {
    field: '$.indices.floatData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SparseTensorProtoIndicesInt32DataFieldEvent {
    field: '$.indices.int32Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SparseTensorProtoIndicesInt64DataFieldEvent {
    field: '$.indices.int64Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SparseTensorProtoIndicesNameFieldEvent {
    field: '$.indices.name'
    value: string
  }

  export interface SparseTensorProtoIndicesRawDataFieldEvent {
    field: '$.indices.rawData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SparseTensorProtoIndicesExternalDataKeyFieldEvent {
    field: '$.indices.externalData[].key'
    value: string
    index: number
  }

  export interface SparseTensorProtoIndicesExternalDataValueFieldEvent {
    field: '$.indices.externalData[].value'
    value: string
    index: number
  }

  export interface SparseTensorProtoIndicesDataLocationFieldEvent {
    field: '$.indices.dataLocation'
    value: number
  }

  export interface SparseTensorProtoDimsFieldEvent {
    field: '$.dims[]'
    index: number
    value: bigint
  }

  export function encode (obj: Partial<SparseTensorProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SparseTensorProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SparseTensorProto>): SparseTensorProto {
    return decodeMessage(buf, SparseTensorProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SparseTensorProto>): Generator<SparseTensorProtoValuesDimsFieldEvent | SparseTensorProtoValuesDataTypeFieldEvent | SparseTensorProtoValuesFloatDataFieldEvent | SparseTensorProtoValuesInt32DataFieldEvent | SparseTensorProtoValuesInt64DataFieldEvent | SparseTensorProtoValuesNameFieldEvent | SparseTensorProtoValuesRawDataFieldEvent | SparseTensorProtoValuesExternalDataKeyFieldEvent | SparseTensorProtoValuesExternalDataValueFieldEvent | SparseTensorProtoValuesDataLocationFieldEvent | SparseTensorProtoIndicesDimsFieldEvent | SparseTensorProtoIndicesDataTypeFieldEvent | SparseTensorProtoIndicesFloatDataFieldEvent | SparseTensorProtoIndicesInt32DataFieldEvent | SparseTensorProtoIndicesInt64DataFieldEvent | SparseTensorProtoIndicesNameFieldEvent | SparseTensorProtoIndicesRawDataFieldEvent | SparseTensorProtoIndicesExternalDataKeyFieldEvent | SparseTensorProtoIndicesExternalDataValueFieldEvent | SparseTensorProtoIndicesDataLocationFieldEvent | SparseTensorProtoDimsFieldEvent> {
    return streamMessage(buf, SparseTensorProto.codec(), opts)
  }
}

export interface Dimension {
  dimValue: bigint
  dimParam: string
}

export namespace Dimension {
  let _codec: Codec<Dimension>

  export const codec = (): Codec<Dimension> => {
    if (_codec == null) {
      _codec = message<Dimension>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.dimValue != null && obj.dimValue !== 0n)) {
          w.uint32(8)
          w.int64(obj.dimValue)
        }

        if ((obj.dimParam != null && obj.dimParam !== '')) {
          w.uint32(18)
          w.string(obj.dimParam)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          dimValue: 0n,
          dimParam: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.dimValue = reader.int64()
              break
            }
            case 2: {
              obj.dimParam = reader.string()
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
                field: `${prefix}.dimValue`,
                value: reader.int64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.dimParam`,
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

  export interface DimensionDimValueFieldEvent {
    field: '$.dimValue'
    value: bigint
  }

  export interface DimensionDimParamFieldEvent {
    field: '$.dimParam'
    value: string
  }

  export function encode (obj: Partial<Dimension>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Dimension.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Dimension>): Dimension {
    return decodeMessage(buf, Dimension.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Dimension>): Generator<DimensionDimValueFieldEvent | DimensionDimParamFieldEvent> {
    return streamMessage(buf, Dimension.codec(), opts)
  }
}

export interface TensorShapeProto {
  dim: Dimension[]
}

export namespace TensorShapeProto {
  let _codec: Codec<TensorShapeProto>

  export const codec = (): Codec<TensorShapeProto> => {
    if (_codec == null) {
      _codec = message<TensorShapeProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.dim != null && obj.dim.length > 0) {
          for (const value of obj.dim) {
            w.uint32(10)
            Dimension.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          dim: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.dim != null && obj.dim.length === opts.limits.dim) {
                throw new MaxLengthError('Decode error - repeated field "dim" had too many elements')
              }

              obj.dim.push(Dimension.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.dim$
              }))
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
          dim: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.dim != null && obj.dim === opts.limits.dim) {
                throw new MaxLengthError('Streaming decode error - repeated field "dim" had too many elements')
              }

              for (const evt of Dimension.codec().stream(reader, reader.uint32(), `${prefix}.dim[]`, {
                limits: opts.limits?.dim$
              })) {
                yield {
                  ...evt,
                  index: obj.dim
                }
              }

              obj.dim++

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

  export interface TensorShapeProtoDimDimValueFieldEvent {
    field: '$.dim[].dimValue'
    value: bigint
    index: number
  }

  export interface TensorShapeProtoDimDimParamFieldEvent {
    field: '$.dim[].dimParam'
    value: string
    index: number
  }

  export function encode (obj: Partial<TensorShapeProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TensorShapeProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TensorShapeProto>): TensorShapeProto {
    return decodeMessage(buf, TensorShapeProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TensorShapeProto>): Generator<TensorShapeProtoDimDimValueFieldEvent | TensorShapeProtoDimDimParamFieldEvent> {
    return streamMessage(buf, TensorShapeProto.codec(), opts)
  }
}

export interface TensorTypeProto {
  elemType: number
  shape?: TensorShapeProto
}

export namespace TensorTypeProto {
  let _codec: Codec<TensorTypeProto>

  export const codec = (): Codec<TensorTypeProto> => {
    if (_codec == null) {
      _codec = message<TensorTypeProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.elemType != null && obj.elemType !== 0)) {
          w.uint32(8)
          w.int32(obj.elemType)
        }

        if (obj.shape != null) {
          w.uint32(18)
          TensorShapeProto.codec().encode(obj.shape, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          elemType: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.elemType = reader.int32()
              break
            }
            case 2: {
              obj.shape = TensorShapeProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.shape
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.elemType`,
                value: reader.int32()
              }
              break
            }
            case 2: {
              yield * TensorShapeProto.codec().stream(reader, reader.uint32(), `${prefix}.shape`, {
                limits: opts.limits?.shape
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

  export interface TensorTypeProtoElemTypeFieldEvent {
    field: '$.elemType'
    value: number
  }

  export interface TensorTypeProtoShapeDimDimValueFieldEvent {
    field: '$.shape.dim[].dimValue'
    value: bigint
    index: number
  }

  export interface TensorTypeProtoShapeDimDimParamFieldEvent {
    field: '$.shape.dim[].dimParam'
    value: string
    index: number
  }

  export function encode (obj: Partial<TensorTypeProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TensorTypeProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TensorTypeProto>): TensorTypeProto {
    return decodeMessage(buf, TensorTypeProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TensorTypeProto>): Generator<TensorTypeProtoElemTypeFieldEvent | TensorTypeProtoShapeDimDimValueFieldEvent | TensorTypeProtoShapeDimDimParamFieldEvent> {
    return streamMessage(buf, TensorTypeProto.codec(), opts)
  }
}

export interface TypeProto {
  tensorType?: TensorTypeProto
}

export namespace TypeProto {
  let _codec: Codec<TypeProto>

  export const codec = (): Codec<TypeProto> => {
    if (_codec == null) {
      _codec = message<TypeProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.tensorType != null) {
          w.uint32(10)
          TensorTypeProto.codec().encode(obj.tensorType, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.tensorType = TensorTypeProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.tensorType
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
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * TensorTypeProto.codec().stream(reader, reader.uint32(), `${prefix}.tensorType`, {
                limits: opts.limits?.tensorType
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

  export interface TypeProtoTensorTypeElemTypeFieldEvent {
    field: '$.tensorType.elemType'
    value: number
  }

  export interface TypeProtoTensorTypeShapeDimDimValueFieldEvent {
    field: '$.tensorType.shape.dim[].dimValue'
    value: bigint
    index: number
  }

  export interface TypeProtoTensorTypeShapeDimDimParamFieldEvent {
    field: '$.tensorType.shape.dim[].dimParam'
    value: string
    index: number
  }

  export function encode (obj: Partial<TypeProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TypeProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TypeProto>): TypeProto {
    return decodeMessage(buf, TypeProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TypeProto>): Generator<TypeProtoTensorTypeElemTypeFieldEvent | TypeProtoTensorTypeShapeDimDimValueFieldEvent | TypeProtoTensorTypeShapeDimDimParamFieldEvent> {
    return streamMessage(buf, TypeProto.codec(), opts)
  }
}

export interface ValueInfoProto {
  name: string
  type?: TypeProto
}

export namespace ValueInfoProto {
  let _codec: Codec<ValueInfoProto>

  export const codec = (): Codec<ValueInfoProto> => {
    if (_codec == null) {
      _codec = message<ValueInfoProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if (obj.type != null) {
          w.uint32(18)
          TypeProto.codec().encode(obj.type, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: ''
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
              obj.type = TypeProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.type
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
              yield * TypeProto.codec().stream(reader, reader.uint32(), `${prefix}.type`, {
                limits: opts.limits?.type
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

  export interface ValueInfoProtoNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface ValueInfoProtoTypeTensorTypeElemTypeFieldEvent {
    field: '$.type.tensorType.elemType'
    value: number
  }

  export interface ValueInfoProtoTypeTensorTypeShapeDimDimValueFieldEvent {
    field: '$.type.tensorType.shape.dim[].dimValue'
    value: bigint
    index: number
  }

  export interface ValueInfoProtoTypeTensorTypeShapeDimDimParamFieldEvent {
    field: '$.type.tensorType.shape.dim[].dimParam'
    value: string
    index: number
  }

  export function encode (obj: Partial<ValueInfoProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ValueInfoProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ValueInfoProto>): ValueInfoProto {
    return decodeMessage(buf, ValueInfoProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ValueInfoProto>): Generator<ValueInfoProtoNameFieldEvent | ValueInfoProtoTypeTensorTypeElemTypeFieldEvent | ValueInfoProtoTypeTensorTypeShapeDimDimValueFieldEvent | ValueInfoProtoTypeTensorTypeShapeDimDimParamFieldEvent> {
    return streamMessage(buf, ValueInfoProto.codec(), opts)
  }
}

export interface AttributeProto {
  name: string
  type: number
  i: bigint
  t?: TensorProto
  g: Uint8Array<ArrayBuffer>
  tensors: TensorProto[]
  graphs: Uint8Array<ArrayBuffer>[]
  sparseTensor?: SparseTensorProto
  sparseTensors: SparseTensorProto[]
}

export namespace AttributeProto {
  let _codec: Codec<AttributeProto>

  export const codec = (): Codec<AttributeProto> => {
    if (_codec == null) {
      _codec = message<AttributeProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.type != null && obj.type !== 0)) {
          w.uint32(160)
          w.int32(obj.type)
        }

        if ((obj.i != null && obj.i !== 0n)) {
          w.uint32(24)
          w.int64(obj.i)
        }

        if (obj.t != null) {
          w.uint32(42)
          TensorProto.codec().encode(obj.t, w)
        }

        if ((obj.g != null && obj.g.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.g)
        }

        if (obj.tensors != null && obj.tensors.length > 0) {
          for (const value of obj.tensors) {
            w.uint32(82)
            TensorProto.codec().encode(value, w)
          }
        }

        if (obj.graphs != null && obj.graphs.length > 0) {
          for (const value of obj.graphs) {
            w.uint32(90)
            w.bytes(value)
          }
        }

        if (obj.sparseTensor != null) {
          w.uint32(178)
          SparseTensorProto.codec().encode(obj.sparseTensor, w)
        }

        if (obj.sparseTensors != null && obj.sparseTensors.length > 0) {
          for (const value of obj.sparseTensors) {
            w.uint32(186)
            SparseTensorProto.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          type: 0,
          i: 0n,
          g: uint8ArrayAlloc(0),
          tensors: [],
          graphs: [],
          sparseTensors: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 20: {
              obj.type = reader.int32()
              break
            }
            case 3: {
              obj.i = reader.int64()
              break
            }
            case 5: {
              obj.t = TensorProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.t
              })
              break
            }
            case 6: {
              obj.g = reader.bytes()
              break
            }
            case 10: {
              if (opts.limits?.tensors != null && obj.tensors.length === opts.limits.tensors) {
                throw new MaxLengthError('Decode error - repeated field "tensors" had too many elements')
              }

              obj.tensors.push(TensorProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.tensors$
              }))
              break
            }
            case 11: {
              if (opts.limits?.graphs != null && obj.graphs.length === opts.limits.graphs) {
                throw new MaxLengthError('Decode error - repeated field "graphs" had too many elements')
              }

              obj.graphs.push(reader.bytes())
              break
            }
            case 22: {
              obj.sparseTensor = SparseTensorProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.sparseTensor
              })
              break
            }
            case 23: {
              if (opts.limits?.sparseTensors != null && obj.sparseTensors.length === opts.limits.sparseTensors) {
                throw new MaxLengthError('Decode error - repeated field "sparseTensors" had too many elements')
              }

              obj.sparseTensors.push(SparseTensorProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.sparseTensors$
              }))
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
          tensors: 0,
          graphs: 0,
          sparseTensors: 0
        }

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
            case 20: {
              yield {
                field: `${prefix}.type`,
                value: reader.int32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.i`,
                value: reader.int64()
              }
              break
            }
            case 5: {
              yield * TensorProto.codec().stream(reader, reader.uint32(), `${prefix}.t`, {
                limits: opts.limits?.t
              })

              break
            }
            case 6: {
              yield {
                field: `${prefix}.g`,
                value: reader.bytes()
              }
              break
            }
            case 10: {
              if (opts.limits?.tensors != null && obj.tensors === opts.limits.tensors) {
                throw new MaxLengthError('Streaming decode error - repeated field "tensors" had too many elements')
              }

              for (const evt of TensorProto.codec().stream(reader, reader.uint32(), `${prefix}.tensors[]`, {
                limits: opts.limits?.tensors$
              })) {
                yield {
                  ...evt,
                  index: obj.tensors
                }
              }

              obj.tensors++

              break
            }
            case 11: {
              if (opts.limits?.graphs != null && obj.graphs === opts.limits.graphs) {
                throw new MaxLengthError('Streaming decode error - repeated field "graphs" had too many elements')
              }

              yield {
                field: `${prefix}.graphs[]`,
                index: obj.graphs,
                value: reader.bytes()
              }

              obj.graphs++

              break
            }
            case 22: {
              yield * SparseTensorProto.codec().stream(reader, reader.uint32(), `${prefix}.sparseTensor`, {
                limits: opts.limits?.sparseTensor
              })

              break
            }
            case 23: {
              if (opts.limits?.sparseTensors != null && obj.sparseTensors === opts.limits.sparseTensors) {
                throw new MaxLengthError('Streaming decode error - repeated field "sparseTensors" had too many elements')
              }

              for (const evt of SparseTensorProto.codec().stream(reader, reader.uint32(), `${prefix}.sparseTensors[]`, {
                limits: opts.limits?.sparseTensors$
              })) {
                yield {
                  ...evt,
                  index: obj.sparseTensors
                }
              }

              obj.sparseTensors++

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

  export interface AttributeProtoNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface AttributeProtoTypeFieldEvent {
    field: '$.type'
    value: number
  }

  export interface AttributeProtoIFieldEvent {
    field: '$.i'
    value: bigint
  }

  export interface AttributeProtoTDimsFieldEvent {
    field: '$.t.dims[]'
    index: number
    value: bigint
  }

  export interface AttributeProtoTDataTypeFieldEvent {
    field: '$.t.dataType'
    value: number
  }

  export interface AttributeProtoTFloatDataFieldEvent {
    field: '$.t.floatData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoTInt32DataFieldEvent {
    field: '$.t.int32Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoTInt64DataFieldEvent {
    field: '$.t.int64Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoTNameFieldEvent {
    field: '$.t.name'
    value: string
  }

  export interface AttributeProtoTRawDataFieldEvent {
    field: '$.t.rawData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoTExternalDataKeyFieldEvent {
    field: '$.t.externalData[].key'
    value: string
    index: number
  }

  export interface AttributeProtoTExternalDataValueFieldEvent {
    field: '$.t.externalData[].value'
    value: string
    index: number
  }

  export interface AttributeProtoTDataLocationFieldEvent {
    field: '$.t.dataLocation'
    value: number
  }

  export interface AttributeProtoGFieldEvent {
    field: '$.g'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoTensorsDimsFieldEvent {
    field: '$.tensors[].dims[]'
    index: number
    value: bigint
  }

  export interface AttributeProtoTensorsDataTypeFieldEvent {
    field: '$.tensors[].dataType'
    value: number
    index: number
  }

  export interface AttributeProtoTensorsFloatDataFieldEvent {
    field: '$.tensors[].floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AttributeProtoTensorsInt32DataFieldEvent {
    field: '$.tensors[].int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AttributeProtoTensorsInt64DataFieldEvent {
    field: '$.tensors[].int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AttributeProtoTensorsNameFieldEvent {
    field: '$.tensors[].name'
    value: string
    index: number
  }

  export interface AttributeProtoTensorsRawDataFieldEvent {
    field: '$.tensors[].rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AttributeProtoTensorsExternalDataKeyFieldEvent {
    field: '$.tensors[].externalData[].key'
    value: string
    index: number
  }

  export interface AttributeProtoTensorsExternalDataValueFieldEvent {
    field: '$.tensors[].externalData[].value'
    value: string
    index: number
  }

  export interface AttributeProtoTensorsDataLocationFieldEvent {
    field: '$.tensors[].dataLocation'
    value: number
    index: number
  }

  export interface AttributeProtoGraphsFieldEvent {
    field: '$.graphs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoSparseTensorValuesDimsFieldEvent {
    field: '$.sparseTensor.values.dims[]'
    index: number
    value: bigint
  }

  export interface AttributeProtoSparseTensorValuesDataTypeFieldEvent {
    field: '$.sparseTensor.values.dataType'
    value: number
  }

  export interface AttributeProtoSparseTensorValuesFloatDataFieldEvent {
    field: '$.sparseTensor.values.floatData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoSparseTensorValuesInt32DataFieldEvent {
    field: '$.sparseTensor.values.int32Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoSparseTensorValuesInt64DataFieldEvent {
    field: '$.sparseTensor.values.int64Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoSparseTensorValuesNameFieldEvent {
    field: '$.sparseTensor.values.name'
    value: string
  }

  export interface AttributeProtoSparseTensorValuesRawDataFieldEvent {
    field: '$.sparseTensor.values.rawData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoSparseTensorValuesExternalDataKeyFieldEvent {
    field: '$.sparseTensor.values.externalData[].key'
    value: string
    index: number
  }

  export interface AttributeProtoSparseTensorValuesExternalDataValueFieldEvent {
    field: '$.sparseTensor.values.externalData[].value'
    value: string
    index: number
  }

  export interface AttributeProtoSparseTensorValuesDataLocationFieldEvent {
    field: '$.sparseTensor.values.dataLocation'
    value: number
  }

  export interface AttributeProtoSparseTensorIndicesDimsFieldEvent {
    field: '$.sparseTensor.indices.dims[]'
    index: number
    value: bigint
  }

  export interface AttributeProtoSparseTensorIndicesDataTypeFieldEvent {
    field: '$.sparseTensor.indices.dataType'
    value: number
  }

  export interface AttributeProtoSparseTensorIndicesFloatDataFieldEvent {
    field: '$.sparseTensor.indices.floatData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoSparseTensorIndicesInt32DataFieldEvent {
    field: '$.sparseTensor.indices.int32Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoSparseTensorIndicesInt64DataFieldEvent {
    field: '$.sparseTensor.indices.int64Data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoSparseTensorIndicesNameFieldEvent {
    field: '$.sparseTensor.indices.name'
    value: string
  }

  export interface AttributeProtoSparseTensorIndicesRawDataFieldEvent {
    field: '$.sparseTensor.indices.rawData'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AttributeProtoSparseTensorIndicesExternalDataKeyFieldEvent {
    field: '$.sparseTensor.indices.externalData[].key'
    value: string
    index: number
  }

  export interface AttributeProtoSparseTensorIndicesExternalDataValueFieldEvent {
    field: '$.sparseTensor.indices.externalData[].value'
    value: string
    index: number
  }

  export interface AttributeProtoSparseTensorIndicesDataLocationFieldEvent {
    field: '$.sparseTensor.indices.dataLocation'
    value: number
  }

  export interface AttributeProtoSparseTensorDimsFieldEvent {
    field: '$.sparseTensor.dims[]'
    index: number
    value: bigint
  }

  export interface AttributeProtoSparseTensorsValuesDimsFieldEvent {
    field: '$.sparseTensors[].values.dims[]'
    index: number
    value: bigint
  }

  export interface AttributeProtoSparseTensorsValuesDataTypeFieldEvent {
    field: '$.sparseTensors[].values.dataType'
    value: number
    index: number
  }

  export interface AttributeProtoSparseTensorsValuesFloatDataFieldEvent {
    field: '$.sparseTensors[].values.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AttributeProtoSparseTensorsValuesInt32DataFieldEvent {
    field: '$.sparseTensors[].values.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AttributeProtoSparseTensorsValuesInt64DataFieldEvent {
    field: '$.sparseTensors[].values.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AttributeProtoSparseTensorsValuesNameFieldEvent {
    field: '$.sparseTensors[].values.name'
    value: string
    index: number
  }

  export interface AttributeProtoSparseTensorsValuesRawDataFieldEvent {
    field: '$.sparseTensors[].values.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AttributeProtoSparseTensorsValuesExternalDataKeyFieldEvent {
    field: '$.sparseTensors[].values.externalData[].key'
    value: string
    index: number
  }

  export interface AttributeProtoSparseTensorsValuesExternalDataValueFieldEvent {
    field: '$.sparseTensors[].values.externalData[].value'
    value: string
    index: number
  }

  export interface AttributeProtoSparseTensorsValuesDataLocationFieldEvent {
    field: '$.sparseTensors[].values.dataLocation'
    value: number
    index: number
  }

  export interface AttributeProtoSparseTensorsIndicesDimsFieldEvent {
    field: '$.sparseTensors[].indices.dims[]'
    index: number
    value: bigint
  }

  export interface AttributeProtoSparseTensorsIndicesDataTypeFieldEvent {
    field: '$.sparseTensors[].indices.dataType'
    value: number
    index: number
  }

  export interface AttributeProtoSparseTensorsIndicesFloatDataFieldEvent {
    field: '$.sparseTensors[].indices.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AttributeProtoSparseTensorsIndicesInt32DataFieldEvent {
    field: '$.sparseTensors[].indices.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AttributeProtoSparseTensorsIndicesInt64DataFieldEvent {
    field: '$.sparseTensors[].indices.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AttributeProtoSparseTensorsIndicesNameFieldEvent {
    field: '$.sparseTensors[].indices.name'
    value: string
    index: number
  }

  export interface AttributeProtoSparseTensorsIndicesRawDataFieldEvent {
    field: '$.sparseTensors[].indices.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AttributeProtoSparseTensorsIndicesExternalDataKeyFieldEvent {
    field: '$.sparseTensors[].indices.externalData[].key'
    value: string
    index: number
  }

  export interface AttributeProtoSparseTensorsIndicesExternalDataValueFieldEvent {
    field: '$.sparseTensors[].indices.externalData[].value'
    value: string
    index: number
  }

  export interface AttributeProtoSparseTensorsIndicesDataLocationFieldEvent {
    field: '$.sparseTensors[].indices.dataLocation'
    value: number
    index: number
  }

  export interface AttributeProtoSparseTensorsDimsFieldEvent {
    field: '$.sparseTensors[].dims[]'
    index: number
    value: bigint
  }

  export function encode (obj: Partial<AttributeProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AttributeProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AttributeProto>): AttributeProto {
    return decodeMessage(buf, AttributeProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AttributeProto>): Generator<AttributeProtoNameFieldEvent | AttributeProtoTypeFieldEvent | AttributeProtoIFieldEvent | AttributeProtoTDimsFieldEvent | AttributeProtoTDataTypeFieldEvent | AttributeProtoTFloatDataFieldEvent | AttributeProtoTInt32DataFieldEvent | AttributeProtoTInt64DataFieldEvent | AttributeProtoTNameFieldEvent | AttributeProtoTRawDataFieldEvent | AttributeProtoTExternalDataKeyFieldEvent | AttributeProtoTExternalDataValueFieldEvent | AttributeProtoTDataLocationFieldEvent | AttributeProtoGFieldEvent | AttributeProtoTensorsDimsFieldEvent | AttributeProtoTensorsDataTypeFieldEvent | AttributeProtoTensorsFloatDataFieldEvent | AttributeProtoTensorsInt32DataFieldEvent | AttributeProtoTensorsInt64DataFieldEvent | AttributeProtoTensorsNameFieldEvent | AttributeProtoTensorsRawDataFieldEvent | AttributeProtoTensorsExternalDataKeyFieldEvent | AttributeProtoTensorsExternalDataValueFieldEvent | AttributeProtoTensorsDataLocationFieldEvent | AttributeProtoGraphsFieldEvent | AttributeProtoSparseTensorValuesDimsFieldEvent | AttributeProtoSparseTensorValuesDataTypeFieldEvent | AttributeProtoSparseTensorValuesFloatDataFieldEvent | AttributeProtoSparseTensorValuesInt32DataFieldEvent | AttributeProtoSparseTensorValuesInt64DataFieldEvent | AttributeProtoSparseTensorValuesNameFieldEvent | AttributeProtoSparseTensorValuesRawDataFieldEvent | AttributeProtoSparseTensorValuesExternalDataKeyFieldEvent | AttributeProtoSparseTensorValuesExternalDataValueFieldEvent | AttributeProtoSparseTensorValuesDataLocationFieldEvent | AttributeProtoSparseTensorIndicesDimsFieldEvent | AttributeProtoSparseTensorIndicesDataTypeFieldEvent | AttributeProtoSparseTensorIndicesFloatDataFieldEvent | AttributeProtoSparseTensorIndicesInt32DataFieldEvent | AttributeProtoSparseTensorIndicesInt64DataFieldEvent | AttributeProtoSparseTensorIndicesNameFieldEvent | AttributeProtoSparseTensorIndicesRawDataFieldEvent | AttributeProtoSparseTensorIndicesExternalDataKeyFieldEvent | AttributeProtoSparseTensorIndicesExternalDataValueFieldEvent | AttributeProtoSparseTensorIndicesDataLocationFieldEvent | AttributeProtoSparseTensorDimsFieldEvent | AttributeProtoSparseTensorsValuesDimsFieldEvent | AttributeProtoSparseTensorsValuesDataTypeFieldEvent | AttributeProtoSparseTensorsValuesFloatDataFieldEvent | AttributeProtoSparseTensorsValuesInt32DataFieldEvent | AttributeProtoSparseTensorsValuesInt64DataFieldEvent | AttributeProtoSparseTensorsValuesNameFieldEvent | AttributeProtoSparseTensorsValuesRawDataFieldEvent | AttributeProtoSparseTensorsValuesExternalDataKeyFieldEvent | AttributeProtoSparseTensorsValuesExternalDataValueFieldEvent | AttributeProtoSparseTensorsValuesDataLocationFieldEvent | AttributeProtoSparseTensorsIndicesDimsFieldEvent | AttributeProtoSparseTensorsIndicesDataTypeFieldEvent | AttributeProtoSparseTensorsIndicesFloatDataFieldEvent | AttributeProtoSparseTensorsIndicesInt32DataFieldEvent | AttributeProtoSparseTensorsIndicesInt64DataFieldEvent | AttributeProtoSparseTensorsIndicesNameFieldEvent | AttributeProtoSparseTensorsIndicesRawDataFieldEvent | AttributeProtoSparseTensorsIndicesExternalDataKeyFieldEvent | AttributeProtoSparseTensorsIndicesExternalDataValueFieldEvent | AttributeProtoSparseTensorsIndicesDataLocationFieldEvent | AttributeProtoSparseTensorsDimsFieldEvent> {
    return streamMessage(buf, AttributeProto.codec(), opts)
  }
}

export interface NodeProto {
  input: string[]
  output: string[]
  name: string
  opType: string
  attribute: AttributeProto[]
  domain: string
}

export namespace NodeProto {
  let _codec: Codec<NodeProto>

  export const codec = (): Codec<NodeProto> => {
    if (_codec == null) {
      _codec = message<NodeProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.input != null && obj.input.length > 0) {
          for (const value of obj.input) {
            w.uint32(10)
            w.string(value)
          }
        }

        if (obj.output != null && obj.output.length > 0) {
          for (const value of obj.output) {
            w.uint32(18)
            w.string(value)
          }
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(26)
          w.string(obj.name)
        }

        if ((obj.opType != null && obj.opType !== '')) {
          w.uint32(34)
          w.string(obj.opType)
        }

        if (obj.attribute != null && obj.attribute.length > 0) {
          for (const value of obj.attribute) {
            w.uint32(42)
            AttributeProto.codec().encode(value, w)
          }
        }

        if ((obj.domain != null && obj.domain !== '')) {
          w.uint32(58)
          w.string(obj.domain)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          input: [],
          output: [],
          name: '',
          opType: '',
          attribute: [],
          domain: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.input != null && obj.input.length === opts.limits.input) {
                throw new MaxLengthError('Decode error - repeated field "input" had too many elements')
              }

              obj.input.push(reader.string())
              break
            }
            case 2: {
              if (opts.limits?.output != null && obj.output.length === opts.limits.output) {
                throw new MaxLengthError('Decode error - repeated field "output" had too many elements')
              }

              obj.output.push(reader.string())
              break
            }
            case 3: {
              obj.name = reader.string()
              break
            }
            case 4: {
              obj.opType = reader.string()
              break
            }
            case 5: {
              if (opts.limits?.attribute != null && obj.attribute.length === opts.limits.attribute) {
                throw new MaxLengthError('Decode error - repeated field "attribute" had too many elements')
              }

              obj.attribute.push(AttributeProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.attribute$
              }))
              break
            }
            case 7: {
              obj.domain = reader.string()
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
          input: 0,
          output: 0,
          attribute: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.input != null && obj.input === opts.limits.input) {
                throw new MaxLengthError('Streaming decode error - repeated field "input" had too many elements')
              }

              yield {
                field: `${prefix}.input[]`,
                index: obj.input,
                value: reader.string()
              }

              obj.input++

              break
            }
            case 2: {
              if (opts.limits?.output != null && obj.output === opts.limits.output) {
                throw new MaxLengthError('Streaming decode error - repeated field "output" had too many elements')
              }

              yield {
                field: `${prefix}.output[]`,
                index: obj.output,
                value: reader.string()
              }

              obj.output++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.opType`,
                value: reader.string()
              }
              break
            }
            case 5: {
              if (opts.limits?.attribute != null && obj.attribute === opts.limits.attribute) {
                throw new MaxLengthError('Streaming decode error - repeated field "attribute" had too many elements')
              }

              for (const evt of AttributeProto.codec().stream(reader, reader.uint32(), `${prefix}.attribute[]`, {
                limits: opts.limits?.attribute$
              })) {
                yield {
                  ...evt,
                  index: obj.attribute
                }
              }

              obj.attribute++

              break
            }
            case 7: {
              yield {
                field: `${prefix}.domain`,
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

  export interface NodeProtoInputFieldEvent {
    field: '$.input[]'
    index: number
    value: string
  }

  export interface NodeProtoOutputFieldEvent {
    field: '$.output[]'
    index: number
    value: string
  }

  export interface NodeProtoNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface NodeProtoOpTypeFieldEvent {
    field: '$.opType'
    value: string
  }

  export interface NodeProtoAttributeNameFieldEvent {
    field: '$.attribute[].name'
    value: string
    index: number
  }

  export interface NodeProtoAttributeTypeFieldEvent {
    field: '$.attribute[].type'
    value: number
    index: number
  }

  export interface NodeProtoAttributeIFieldEvent {
    field: '$.attribute[].i'
    value: bigint
    index: number
  }

  export interface NodeProtoAttributeTDimsFieldEvent {
    field: '$.attribute[].t.dims[]'
    index: number
    value: bigint
  }

  export interface NodeProtoAttributeTDataTypeFieldEvent {
    field: '$.attribute[].t.dataType'
    value: number
    index: number
  }

  export interface NodeProtoAttributeTFloatDataFieldEvent {
    field: '$.attribute[].t.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeTInt32DataFieldEvent {
    field: '$.attribute[].t.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeTInt64DataFieldEvent {
    field: '$.attribute[].t.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeTNameFieldEvent {
    field: '$.attribute[].t.name'
    value: string
    index: number
  }

  export interface NodeProtoAttributeTRawDataFieldEvent {
    field: '$.attribute[].t.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeTExternalDataKeyFieldEvent {
    field: '$.attribute[].t.externalData[].key'
    value: string
    index: number
  }

  export interface NodeProtoAttributeTExternalDataValueFieldEvent {
    field: '$.attribute[].t.externalData[].value'
    value: string
    index: number
  }

  export interface NodeProtoAttributeTDataLocationFieldEvent {
    field: '$.attribute[].t.dataLocation'
    value: number
    index: number
  }

  export interface NodeProtoAttributeGFieldEvent {
    field: '$.attribute[].g'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeTensorsDimsFieldEvent {
    field: '$.attribute[].tensors[].dims[]'
    index: number
    value: bigint
  }

  export interface NodeProtoAttributeTensorsDataTypeFieldEvent {
    field: '$.attribute[].tensors[].dataType'
    value: number
    index: number
  }

  export interface NodeProtoAttributeTensorsFloatDataFieldEvent {
    field: '$.attribute[].tensors[].floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeTensorsInt32DataFieldEvent {
    field: '$.attribute[].tensors[].int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeTensorsInt64DataFieldEvent {
    field: '$.attribute[].tensors[].int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeTensorsNameFieldEvent {
    field: '$.attribute[].tensors[].name'
    value: string
    index: number
  }

  export interface NodeProtoAttributeTensorsRawDataFieldEvent {
    field: '$.attribute[].tensors[].rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeTensorsExternalDataKeyFieldEvent {
    field: '$.attribute[].tensors[].externalData[].key'
    value: string
    index: number
  }

  export interface NodeProtoAttributeTensorsExternalDataValueFieldEvent {
    field: '$.attribute[].tensors[].externalData[].value'
    value: string
    index: number
  }

  export interface NodeProtoAttributeTensorsDataLocationFieldEvent {
    field: '$.attribute[].tensors[].dataLocation'
    value: number
    index: number
  }

  export interface NodeProtoAttributeGraphsFieldEvent {
    field: '$.attribute[].graphs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface NodeProtoAttributeSparseTensorValuesDimsFieldEvent {
    field: '$.attribute[].sparseTensor.values.dims[]'
    index: number
    value: bigint
  }

  export interface NodeProtoAttributeSparseTensorValuesDataTypeFieldEvent {
    field: '$.attribute[].sparseTensor.values.dataType'
    value: number
    index: number
  }

  export interface NodeProtoAttributeSparseTensorValuesFloatDataFieldEvent {
    field: '$.attribute[].sparseTensor.values.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorValuesInt32DataFieldEvent {
    field: '$.attribute[].sparseTensor.values.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorValuesInt64DataFieldEvent {
    field: '$.attribute[].sparseTensor.values.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorValuesNameFieldEvent {
    field: '$.attribute[].sparseTensor.values.name'
    value: string
    index: number
  }

  export interface NodeProtoAttributeSparseTensorValuesRawDataFieldEvent {
    field: '$.attribute[].sparseTensor.values.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorValuesExternalDataKeyFieldEvent {
    field: '$.attribute[].sparseTensor.values.externalData[].key'
    value: string
    index: number
  }

  export interface NodeProtoAttributeSparseTensorValuesExternalDataValueFieldEvent {
    field: '$.attribute[].sparseTensor.values.externalData[].value'
    value: string
    index: number
  }

  export interface NodeProtoAttributeSparseTensorValuesDataLocationFieldEvent {
    field: '$.attribute[].sparseTensor.values.dataLocation'
    value: number
    index: number
  }

  export interface NodeProtoAttributeSparseTensorIndicesDimsFieldEvent {
    field: '$.attribute[].sparseTensor.indices.dims[]'
    index: number
    value: bigint
  }

  export interface NodeProtoAttributeSparseTensorIndicesDataTypeFieldEvent {
    field: '$.attribute[].sparseTensor.indices.dataType'
    value: number
    index: number
  }

  export interface NodeProtoAttributeSparseTensorIndicesFloatDataFieldEvent {
    field: '$.attribute[].sparseTensor.indices.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorIndicesInt32DataFieldEvent {
    field: '$.attribute[].sparseTensor.indices.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorIndicesInt64DataFieldEvent {
    field: '$.attribute[].sparseTensor.indices.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorIndicesNameFieldEvent {
    field: '$.attribute[].sparseTensor.indices.name'
    value: string
    index: number
  }

  export interface NodeProtoAttributeSparseTensorIndicesRawDataFieldEvent {
    field: '$.attribute[].sparseTensor.indices.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorIndicesExternalDataKeyFieldEvent {
    field: '$.attribute[].sparseTensor.indices.externalData[].key'
    value: string
    index: number
  }

  export interface NodeProtoAttributeSparseTensorIndicesExternalDataValueFieldEvent {
    field: '$.attribute[].sparseTensor.indices.externalData[].value'
    value: string
    index: number
  }

  export interface NodeProtoAttributeSparseTensorIndicesDataLocationFieldEvent {
    field: '$.attribute[].sparseTensor.indices.dataLocation'
    value: number
    index: number
  }

  export interface NodeProtoAttributeSparseTensorDimsFieldEvent {
    field: '$.attribute[].sparseTensor.dims[]'
    index: number
    value: bigint
  }

  export interface NodeProtoAttributeSparseTensorsValuesDimsFieldEvent {
    field: '$.attribute[].sparseTensors[].values.dims[]'
    index: number
    value: bigint
  }

  export interface NodeProtoAttributeSparseTensorsValuesDataTypeFieldEvent {
    field: '$.attribute[].sparseTensors[].values.dataType'
    value: number
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsValuesFloatDataFieldEvent {
    field: '$.attribute[].sparseTensors[].values.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsValuesInt32DataFieldEvent {
    field: '$.attribute[].sparseTensors[].values.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsValuesInt64DataFieldEvent {
    field: '$.attribute[].sparseTensors[].values.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsValuesNameFieldEvent {
    field: '$.attribute[].sparseTensors[].values.name'
    value: string
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsValuesRawDataFieldEvent {
    field: '$.attribute[].sparseTensors[].values.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsValuesExternalDataKeyFieldEvent {
    field: '$.attribute[].sparseTensors[].values.externalData[].key'
    value: string
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsValuesExternalDataValueFieldEvent {
    field: '$.attribute[].sparseTensors[].values.externalData[].value'
    value: string
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsValuesDataLocationFieldEvent {
    field: '$.attribute[].sparseTensors[].values.dataLocation'
    value: number
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsIndicesDimsFieldEvent {
    field: '$.attribute[].sparseTensors[].indices.dims[]'
    index: number
    value: bigint
  }

  export interface NodeProtoAttributeSparseTensorsIndicesDataTypeFieldEvent {
    field: '$.attribute[].sparseTensors[].indices.dataType'
    value: number
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsIndicesFloatDataFieldEvent {
    field: '$.attribute[].sparseTensors[].indices.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsIndicesInt32DataFieldEvent {
    field: '$.attribute[].sparseTensors[].indices.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsIndicesInt64DataFieldEvent {
    field: '$.attribute[].sparseTensors[].indices.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsIndicesNameFieldEvent {
    field: '$.attribute[].sparseTensors[].indices.name'
    value: string
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsIndicesRawDataFieldEvent {
    field: '$.attribute[].sparseTensors[].indices.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsIndicesExternalDataKeyFieldEvent {
    field: '$.attribute[].sparseTensors[].indices.externalData[].key'
    value: string
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsIndicesExternalDataValueFieldEvent {
    field: '$.attribute[].sparseTensors[].indices.externalData[].value'
    value: string
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsIndicesDataLocationFieldEvent {
    field: '$.attribute[].sparseTensors[].indices.dataLocation'
    value: number
    index: number
  }

  export interface NodeProtoAttributeSparseTensorsDimsFieldEvent {
    field: '$.attribute[].sparseTensors[].dims[]'
    index: number
    value: bigint
  }

  export interface NodeProtoDomainFieldEvent {
    field: '$.domain'
    value: string
  }

  export function encode (obj: Partial<NodeProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, NodeProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeProto>): NodeProto {
    return decodeMessage(buf, NodeProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<NodeProto>): Generator<NodeProtoInputFieldEvent | NodeProtoOutputFieldEvent | NodeProtoNameFieldEvent | NodeProtoOpTypeFieldEvent | NodeProtoAttributeNameFieldEvent | NodeProtoAttributeTypeFieldEvent | NodeProtoAttributeIFieldEvent | NodeProtoAttributeTDimsFieldEvent | NodeProtoAttributeTDataTypeFieldEvent | NodeProtoAttributeTFloatDataFieldEvent | NodeProtoAttributeTInt32DataFieldEvent | NodeProtoAttributeTInt64DataFieldEvent | NodeProtoAttributeTNameFieldEvent | NodeProtoAttributeTRawDataFieldEvent | NodeProtoAttributeTExternalDataKeyFieldEvent | NodeProtoAttributeTExternalDataValueFieldEvent | NodeProtoAttributeTDataLocationFieldEvent | NodeProtoAttributeGFieldEvent | NodeProtoAttributeTensorsDimsFieldEvent | NodeProtoAttributeTensorsDataTypeFieldEvent | NodeProtoAttributeTensorsFloatDataFieldEvent | NodeProtoAttributeTensorsInt32DataFieldEvent | NodeProtoAttributeTensorsInt64DataFieldEvent | NodeProtoAttributeTensorsNameFieldEvent | NodeProtoAttributeTensorsRawDataFieldEvent | NodeProtoAttributeTensorsExternalDataKeyFieldEvent | NodeProtoAttributeTensorsExternalDataValueFieldEvent | NodeProtoAttributeTensorsDataLocationFieldEvent | NodeProtoAttributeGraphsFieldEvent | NodeProtoAttributeSparseTensorValuesDimsFieldEvent | NodeProtoAttributeSparseTensorValuesDataTypeFieldEvent | NodeProtoAttributeSparseTensorValuesFloatDataFieldEvent | NodeProtoAttributeSparseTensorValuesInt32DataFieldEvent | NodeProtoAttributeSparseTensorValuesInt64DataFieldEvent | NodeProtoAttributeSparseTensorValuesNameFieldEvent | NodeProtoAttributeSparseTensorValuesRawDataFieldEvent | NodeProtoAttributeSparseTensorValuesExternalDataKeyFieldEvent | NodeProtoAttributeSparseTensorValuesExternalDataValueFieldEvent | NodeProtoAttributeSparseTensorValuesDataLocationFieldEvent | NodeProtoAttributeSparseTensorIndicesDimsFieldEvent | NodeProtoAttributeSparseTensorIndicesDataTypeFieldEvent | NodeProtoAttributeSparseTensorIndicesFloatDataFieldEvent | NodeProtoAttributeSparseTensorIndicesInt32DataFieldEvent | NodeProtoAttributeSparseTensorIndicesInt64DataFieldEvent | NodeProtoAttributeSparseTensorIndicesNameFieldEvent | NodeProtoAttributeSparseTensorIndicesRawDataFieldEvent | NodeProtoAttributeSparseTensorIndicesExternalDataKeyFieldEvent | NodeProtoAttributeSparseTensorIndicesExternalDataValueFieldEvent | NodeProtoAttributeSparseTensorIndicesDataLocationFieldEvent | NodeProtoAttributeSparseTensorDimsFieldEvent | NodeProtoAttributeSparseTensorsValuesDimsFieldEvent | NodeProtoAttributeSparseTensorsValuesDataTypeFieldEvent | NodeProtoAttributeSparseTensorsValuesFloatDataFieldEvent | NodeProtoAttributeSparseTensorsValuesInt32DataFieldEvent | NodeProtoAttributeSparseTensorsValuesInt64DataFieldEvent | NodeProtoAttributeSparseTensorsValuesNameFieldEvent | NodeProtoAttributeSparseTensorsValuesRawDataFieldEvent | NodeProtoAttributeSparseTensorsValuesExternalDataKeyFieldEvent | NodeProtoAttributeSparseTensorsValuesExternalDataValueFieldEvent | NodeProtoAttributeSparseTensorsValuesDataLocationFieldEvent | NodeProtoAttributeSparseTensorsIndicesDimsFieldEvent | NodeProtoAttributeSparseTensorsIndicesDataTypeFieldEvent | NodeProtoAttributeSparseTensorsIndicesFloatDataFieldEvent | NodeProtoAttributeSparseTensorsIndicesInt32DataFieldEvent | NodeProtoAttributeSparseTensorsIndicesInt64DataFieldEvent | NodeProtoAttributeSparseTensorsIndicesNameFieldEvent | NodeProtoAttributeSparseTensorsIndicesRawDataFieldEvent | NodeProtoAttributeSparseTensorsIndicesExternalDataKeyFieldEvent | NodeProtoAttributeSparseTensorsIndicesExternalDataValueFieldEvent | NodeProtoAttributeSparseTensorsIndicesDataLocationFieldEvent | NodeProtoAttributeSparseTensorsDimsFieldEvent | NodeProtoDomainFieldEvent> {
    return streamMessage(buf, NodeProto.codec(), opts)
  }
}

export interface GraphProto {
  node: NodeProto[]
  name: string
  initializer: TensorProto[]
  input: ValueInfoProto[]
  output: ValueInfoProto[]
  valueInfo: ValueInfoProto[]
  sparseInitializer: SparseTensorProto[]
}

export namespace GraphProto {
  let _codec: Codec<GraphProto>

  export const codec = (): Codec<GraphProto> => {
    if (_codec == null) {
      _codec = message<GraphProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.node != null && obj.node.length > 0) {
          for (const value of obj.node) {
            w.uint32(10)
            NodeProto.codec().encode(value, w)
          }
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(18)
          w.string(obj.name)
        }

        if (obj.initializer != null && obj.initializer.length > 0) {
          for (const value of obj.initializer) {
            w.uint32(42)
            TensorProto.codec().encode(value, w)
          }
        }

        if (obj.input != null && obj.input.length > 0) {
          for (const value of obj.input) {
            w.uint32(90)
            ValueInfoProto.codec().encode(value, w)
          }
        }

        if (obj.output != null && obj.output.length > 0) {
          for (const value of obj.output) {
            w.uint32(98)
            ValueInfoProto.codec().encode(value, w)
          }
        }

        if (obj.valueInfo != null && obj.valueInfo.length > 0) {
          for (const value of obj.valueInfo) {
            w.uint32(106)
            ValueInfoProto.codec().encode(value, w)
          }
        }

        if (obj.sparseInitializer != null && obj.sparseInitializer.length > 0) {
          for (const value of obj.sparseInitializer) {
            w.uint32(122)
            SparseTensorProto.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          node: [],
          name: '',
          initializer: [],
          input: [],
          output: [],
          valueInfo: [],
          sparseInitializer: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.node != null && obj.node.length === opts.limits.node) {
                throw new MaxLengthError('Decode error - repeated field "node" had too many elements')
              }

              obj.node.push(NodeProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.node$
              }))
              break
            }
            case 2: {
              obj.name = reader.string()
              break
            }
            case 5: {
              if (opts.limits?.initializer != null && obj.initializer.length === opts.limits.initializer) {
                throw new MaxLengthError('Decode error - repeated field "initializer" had too many elements')
              }

              obj.initializer.push(TensorProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.initializer$
              }))
              break
            }
            case 11: {
              if (opts.limits?.input != null && obj.input.length === opts.limits.input) {
                throw new MaxLengthError('Decode error - repeated field "input" had too many elements')
              }

              obj.input.push(ValueInfoProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.input$
              }))
              break
            }
            case 12: {
              if (opts.limits?.output != null && obj.output.length === opts.limits.output) {
                throw new MaxLengthError('Decode error - repeated field "output" had too many elements')
              }

              obj.output.push(ValueInfoProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.output$
              }))
              break
            }
            case 13: {
              if (opts.limits?.valueInfo != null && obj.valueInfo.length === opts.limits.valueInfo) {
                throw new MaxLengthError('Decode error - repeated field "valueInfo" had too many elements')
              }

              obj.valueInfo.push(ValueInfoProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.valueInfo$
              }))
              break
            }
            case 15: {
              if (opts.limits?.sparseInitializer != null && obj.sparseInitializer.length === opts.limits.sparseInitializer) {
                throw new MaxLengthError('Decode error - repeated field "sparseInitializer" had too many elements')
              }

              obj.sparseInitializer.push(SparseTensorProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.sparseInitializer$
              }))
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
          node: 0,
          initializer: 0,
          input: 0,
          output: 0,
          valueInfo: 0,
          sparseInitializer: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.node != null && obj.node === opts.limits.node) {
                throw new MaxLengthError('Streaming decode error - repeated field "node" had too many elements')
              }

              for (const evt of NodeProto.codec().stream(reader, reader.uint32(), `${prefix}.node[]`, {
                limits: opts.limits?.node$
              })) {
                yield {
                  ...evt,
                  index: obj.node
                }
              }

              obj.node++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 5: {
              if (opts.limits?.initializer != null && obj.initializer === opts.limits.initializer) {
                throw new MaxLengthError('Streaming decode error - repeated field "initializer" had too many elements')
              }

              for (const evt of TensorProto.codec().stream(reader, reader.uint32(), `${prefix}.initializer[]`, {
                limits: opts.limits?.initializer$
              })) {
                yield {
                  ...evt,
                  index: obj.initializer
                }
              }

              obj.initializer++

              break
            }
            case 11: {
              if (opts.limits?.input != null && obj.input === opts.limits.input) {
                throw new MaxLengthError('Streaming decode error - repeated field "input" had too many elements')
              }

              for (const evt of ValueInfoProto.codec().stream(reader, reader.uint32(), `${prefix}.input[]`, {
                limits: opts.limits?.input$
              })) {
                yield {
                  ...evt,
                  index: obj.input
                }
              }

              obj.input++

              break
            }
            case 12: {
              if (opts.limits?.output != null && obj.output === opts.limits.output) {
                throw new MaxLengthError('Streaming decode error - repeated field "output" had too many elements')
              }

              for (const evt of ValueInfoProto.codec().stream(reader, reader.uint32(), `${prefix}.output[]`, {
                limits: opts.limits?.output$
              })) {
                yield {
                  ...evt,
                  index: obj.output
                }
              }

              obj.output++

              break
            }
            case 13: {
              if (opts.limits?.valueInfo != null && obj.valueInfo === opts.limits.valueInfo) {
                throw new MaxLengthError('Streaming decode error - repeated field "valueInfo" had too many elements')
              }

              for (const evt of ValueInfoProto.codec().stream(reader, reader.uint32(), `${prefix}.valueInfo[]`, {
                limits: opts.limits?.valueInfo$
              })) {
                yield {
                  ...evt,
                  index: obj.valueInfo
                }
              }

              obj.valueInfo++

              break
            }
            case 15: {
              if (opts.limits?.sparseInitializer != null && obj.sparseInitializer === opts.limits.sparseInitializer) {
                throw new MaxLengthError('Streaming decode error - repeated field "sparseInitializer" had too many elements')
              }

              for (const evt of SparseTensorProto.codec().stream(reader, reader.uint32(), `${prefix}.sparseInitializer[]`, {
                limits: opts.limits?.sparseInitializer$
              })) {
                yield {
                  ...evt,
                  index: obj.sparseInitializer
                }
              }

              obj.sparseInitializer++

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

  export interface GraphProtoNodeInputFieldEvent {
    field: '$.node[].input[]'
    index: number
    value: string
  }

  export interface GraphProtoNodeOutputFieldEvent {
    field: '$.node[].output[]'
    index: number
    value: string
  }

  export interface GraphProtoNodeNameFieldEvent {
    field: '$.node[].name'
    value: string
    index: number
  }

  export interface GraphProtoNodeOpTypeFieldEvent {
    field: '$.node[].opType'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeNameFieldEvent {
    field: '$.node[].attribute[].name'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeTypeFieldEvent {
    field: '$.node[].attribute[].type'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeIFieldEvent {
    field: '$.node[].attribute[].i'
    value: bigint
    index: number
  }

  export interface GraphProtoNodeAttributeTDimsFieldEvent {
    field: '$.node[].attribute[].t.dims[]'
    index: number
    value: bigint
  }

  export interface GraphProtoNodeAttributeTDataTypeFieldEvent {
    field: '$.node[].attribute[].t.dataType'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeTFloatDataFieldEvent {
    field: '$.node[].attribute[].t.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeTInt32DataFieldEvent {
    field: '$.node[].attribute[].t.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeTInt64DataFieldEvent {
    field: '$.node[].attribute[].t.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeTNameFieldEvent {
    field: '$.node[].attribute[].t.name'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeTRawDataFieldEvent {
    field: '$.node[].attribute[].t.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeTExternalDataKeyFieldEvent {
    field: '$.node[].attribute[].t.externalData[].key'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeTExternalDataValueFieldEvent {
    field: '$.node[].attribute[].t.externalData[].value'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeTDataLocationFieldEvent {
    field: '$.node[].attribute[].t.dataLocation'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeGFieldEvent {
    field: '$.node[].attribute[].g'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeTensorsDimsFieldEvent {
    field: '$.node[].attribute[].tensors[].dims[]'
    index: number
    value: bigint
  }

  export interface GraphProtoNodeAttributeTensorsDataTypeFieldEvent {
    field: '$.node[].attribute[].tensors[].dataType'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeTensorsFloatDataFieldEvent {
    field: '$.node[].attribute[].tensors[].floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeTensorsInt32DataFieldEvent {
    field: '$.node[].attribute[].tensors[].int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeTensorsInt64DataFieldEvent {
    field: '$.node[].attribute[].tensors[].int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeTensorsNameFieldEvent {
    field: '$.node[].attribute[].tensors[].name'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeTensorsRawDataFieldEvent {
    field: '$.node[].attribute[].tensors[].rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeTensorsExternalDataKeyFieldEvent {
    field: '$.node[].attribute[].tensors[].externalData[].key'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeTensorsExternalDataValueFieldEvent {
    field: '$.node[].attribute[].tensors[].externalData[].value'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeTensorsDataLocationFieldEvent {
    field: '$.node[].attribute[].tensors[].dataLocation'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeGraphsFieldEvent {
    field: '$.node[].attribute[].graphs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GraphProtoNodeAttributeSparseTensorValuesDimsFieldEvent {
    field: '$.node[].attribute[].sparseTensor.values.dims[]'
    index: number
    value: bigint
  }

  export interface GraphProtoNodeAttributeSparseTensorValuesDataTypeFieldEvent {
    field: '$.node[].attribute[].sparseTensor.values.dataType'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorValuesFloatDataFieldEvent {
    field: '$.node[].attribute[].sparseTensor.values.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorValuesInt32DataFieldEvent {
    field: '$.node[].attribute[].sparseTensor.values.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorValuesInt64DataFieldEvent {
    field: '$.node[].attribute[].sparseTensor.values.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorValuesNameFieldEvent {
    field: '$.node[].attribute[].sparseTensor.values.name'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorValuesRawDataFieldEvent {
    field: '$.node[].attribute[].sparseTensor.values.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorValuesExternalDataKeyFieldEvent {
    field: '$.node[].attribute[].sparseTensor.values.externalData[].key'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorValuesExternalDataValueFieldEvent {
    field: '$.node[].attribute[].sparseTensor.values.externalData[].value'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorValuesDataLocationFieldEvent {
    field: '$.node[].attribute[].sparseTensor.values.dataLocation'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorIndicesDimsFieldEvent {
    field: '$.node[].attribute[].sparseTensor.indices.dims[]'
    index: number
    value: bigint
  }

  export interface GraphProtoNodeAttributeSparseTensorIndicesDataTypeFieldEvent {
    field: '$.node[].attribute[].sparseTensor.indices.dataType'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorIndicesFloatDataFieldEvent {
    field: '$.node[].attribute[].sparseTensor.indices.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorIndicesInt32DataFieldEvent {
    field: '$.node[].attribute[].sparseTensor.indices.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorIndicesInt64DataFieldEvent {
    field: '$.node[].attribute[].sparseTensor.indices.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorIndicesNameFieldEvent {
    field: '$.node[].attribute[].sparseTensor.indices.name'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorIndicesRawDataFieldEvent {
    field: '$.node[].attribute[].sparseTensor.indices.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorIndicesExternalDataKeyFieldEvent {
    field: '$.node[].attribute[].sparseTensor.indices.externalData[].key'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorIndicesExternalDataValueFieldEvent {
    field: '$.node[].attribute[].sparseTensor.indices.externalData[].value'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorIndicesDataLocationFieldEvent {
    field: '$.node[].attribute[].sparseTensor.indices.dataLocation'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorDimsFieldEvent {
    field: '$.node[].attribute[].sparseTensor.dims[]'
    index: number
    value: bigint
  }

  export interface GraphProtoNodeAttributeSparseTensorsValuesDimsFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].values.dims[]'
    index: number
    value: bigint
  }

  export interface GraphProtoNodeAttributeSparseTensorsValuesDataTypeFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].values.dataType'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsValuesFloatDataFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].values.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsValuesInt32DataFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].values.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsValuesInt64DataFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].values.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsValuesNameFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].values.name'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsValuesRawDataFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].values.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsValuesExternalDataKeyFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].values.externalData[].key'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsValuesExternalDataValueFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].values.externalData[].value'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsValuesDataLocationFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].values.dataLocation'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsIndicesDimsFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].indices.dims[]'
    index: number
    value: bigint
  }

  export interface GraphProtoNodeAttributeSparseTensorsIndicesDataTypeFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].indices.dataType'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsIndicesFloatDataFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].indices.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsIndicesInt32DataFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].indices.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsIndicesInt64DataFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].indices.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsIndicesNameFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].indices.name'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsIndicesRawDataFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].indices.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsIndicesExternalDataKeyFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].indices.externalData[].key'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsIndicesExternalDataValueFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].indices.externalData[].value'
    value: string
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsIndicesDataLocationFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].indices.dataLocation'
    value: number
    index: number
  }

  export interface GraphProtoNodeAttributeSparseTensorsDimsFieldEvent {
    field: '$.node[].attribute[].sparseTensors[].dims[]'
    index: number
    value: bigint
  }

  export interface GraphProtoNodeDomainFieldEvent {
    field: '$.node[].domain'
    value: string
    index: number
  }

  export interface GraphProtoNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface GraphProtoInitializerDimsFieldEvent {
    field: '$.initializer[].dims[]'
    index: number
    value: bigint
  }

  export interface GraphProtoInitializerDataTypeFieldEvent {
    field: '$.initializer[].dataType'
    value: number
    index: number
  }

  export interface GraphProtoInitializerFloatDataFieldEvent {
    field: '$.initializer[].floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoInitializerInt32DataFieldEvent {
    field: '$.initializer[].int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoInitializerInt64DataFieldEvent {
    field: '$.initializer[].int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoInitializerNameFieldEvent {
    field: '$.initializer[].name'
    value: string
    index: number
  }

  export interface GraphProtoInitializerRawDataFieldEvent {
    field: '$.initializer[].rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoInitializerExternalDataKeyFieldEvent {
    field: '$.initializer[].externalData[].key'
    value: string
    index: number
  }

  export interface GraphProtoInitializerExternalDataValueFieldEvent {
    field: '$.initializer[].externalData[].value'
    value: string
    index: number
  }

  export interface GraphProtoInitializerDataLocationFieldEvent {
    field: '$.initializer[].dataLocation'
    value: number
    index: number
  }

  export interface GraphProtoInputNameFieldEvent {
    field: '$.input[].name'
    value: string
    index: number
  }

  export interface GraphProtoInputTypeTensorTypeElemTypeFieldEvent {
    field: '$.input[].type.tensorType.elemType'
    value: number
    index: number
  }

  export interface GraphProtoInputTypeTensorTypeShapeDimDimValueFieldEvent {
    field: '$.input[].type.tensorType.shape.dim[].dimValue'
    value: bigint
    index: number
  }

  export interface GraphProtoInputTypeTensorTypeShapeDimDimParamFieldEvent {
    field: '$.input[].type.tensorType.shape.dim[].dimParam'
    value: string
    index: number
  }

  export interface GraphProtoOutputNameFieldEvent {
    field: '$.output[].name'
    value: string
    index: number
  }

  export interface GraphProtoOutputTypeTensorTypeElemTypeFieldEvent {
    field: '$.output[].type.tensorType.elemType'
    value: number
    index: number
  }

  export interface GraphProtoOutputTypeTensorTypeShapeDimDimValueFieldEvent {
    field: '$.output[].type.tensorType.shape.dim[].dimValue'
    value: bigint
    index: number
  }

  export interface GraphProtoOutputTypeTensorTypeShapeDimDimParamFieldEvent {
    field: '$.output[].type.tensorType.shape.dim[].dimParam'
    value: string
    index: number
  }

  export interface GraphProtoValueInfoNameFieldEvent {
    field: '$.valueInfo[].name'
    value: string
    index: number
  }

  export interface GraphProtoValueInfoTypeTensorTypeElemTypeFieldEvent {
    field: '$.valueInfo[].type.tensorType.elemType'
    value: number
    index: number
  }

  export interface GraphProtoValueInfoTypeTensorTypeShapeDimDimValueFieldEvent {
    field: '$.valueInfo[].type.tensorType.shape.dim[].dimValue'
    value: bigint
    index: number
  }

  export interface GraphProtoValueInfoTypeTensorTypeShapeDimDimParamFieldEvent {
    field: '$.valueInfo[].type.tensorType.shape.dim[].dimParam'
    value: string
    index: number
  }

  export interface GraphProtoSparseInitializerValuesDimsFieldEvent {
    field: '$.sparseInitializer[].values.dims[]'
    index: number
    value: bigint
  }

  export interface GraphProtoSparseInitializerValuesDataTypeFieldEvent {
    field: '$.sparseInitializer[].values.dataType'
    value: number
    index: number
  }

  export interface GraphProtoSparseInitializerValuesFloatDataFieldEvent {
    field: '$.sparseInitializer[].values.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoSparseInitializerValuesInt32DataFieldEvent {
    field: '$.sparseInitializer[].values.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoSparseInitializerValuesInt64DataFieldEvent {
    field: '$.sparseInitializer[].values.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoSparseInitializerValuesNameFieldEvent {
    field: '$.sparseInitializer[].values.name'
    value: string
    index: number
  }

  export interface GraphProtoSparseInitializerValuesRawDataFieldEvent {
    field: '$.sparseInitializer[].values.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoSparseInitializerValuesExternalDataKeyFieldEvent {
    field: '$.sparseInitializer[].values.externalData[].key'
    value: string
    index: number
  }

  export interface GraphProtoSparseInitializerValuesExternalDataValueFieldEvent {
    field: '$.sparseInitializer[].values.externalData[].value'
    value: string
    index: number
  }

  export interface GraphProtoSparseInitializerValuesDataLocationFieldEvent {
    field: '$.sparseInitializer[].values.dataLocation'
    value: number
    index: number
  }

  export interface GraphProtoSparseInitializerIndicesDimsFieldEvent {
    field: '$.sparseInitializer[].indices.dims[]'
    index: number
    value: bigint
  }

  export interface GraphProtoSparseInitializerIndicesDataTypeFieldEvent {
    field: '$.sparseInitializer[].indices.dataType'
    value: number
    index: number
  }

  export interface GraphProtoSparseInitializerIndicesFloatDataFieldEvent {
    field: '$.sparseInitializer[].indices.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoSparseInitializerIndicesInt32DataFieldEvent {
    field: '$.sparseInitializer[].indices.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoSparseInitializerIndicesInt64DataFieldEvent {
    field: '$.sparseInitializer[].indices.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoSparseInitializerIndicesNameFieldEvent {
    field: '$.sparseInitializer[].indices.name'
    value: string
    index: number
  }

  export interface GraphProtoSparseInitializerIndicesRawDataFieldEvent {
    field: '$.sparseInitializer[].indices.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GraphProtoSparseInitializerIndicesExternalDataKeyFieldEvent {
    field: '$.sparseInitializer[].indices.externalData[].key'
    value: string
    index: number
  }

  export interface GraphProtoSparseInitializerIndicesExternalDataValueFieldEvent {
    field: '$.sparseInitializer[].indices.externalData[].value'
    value: string
    index: number
  }

  export interface GraphProtoSparseInitializerIndicesDataLocationFieldEvent {
    field: '$.sparseInitializer[].indices.dataLocation'
    value: number
    index: number
  }

  export interface GraphProtoSparseInitializerDimsFieldEvent {
    field: '$.sparseInitializer[].dims[]'
    index: number
    value: bigint
  }

  export function encode (obj: Partial<GraphProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GraphProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GraphProto>): GraphProto {
    return decodeMessage(buf, GraphProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GraphProto>): Generator<GraphProtoNodeInputFieldEvent | GraphProtoNodeOutputFieldEvent | GraphProtoNodeNameFieldEvent | GraphProtoNodeOpTypeFieldEvent | GraphProtoNodeAttributeNameFieldEvent | GraphProtoNodeAttributeTypeFieldEvent | GraphProtoNodeAttributeIFieldEvent | GraphProtoNodeAttributeTDimsFieldEvent | GraphProtoNodeAttributeTDataTypeFieldEvent | GraphProtoNodeAttributeTFloatDataFieldEvent | GraphProtoNodeAttributeTInt32DataFieldEvent | GraphProtoNodeAttributeTInt64DataFieldEvent | GraphProtoNodeAttributeTNameFieldEvent | GraphProtoNodeAttributeTRawDataFieldEvent | GraphProtoNodeAttributeTExternalDataKeyFieldEvent | GraphProtoNodeAttributeTExternalDataValueFieldEvent | GraphProtoNodeAttributeTDataLocationFieldEvent | GraphProtoNodeAttributeGFieldEvent | GraphProtoNodeAttributeTensorsDimsFieldEvent | GraphProtoNodeAttributeTensorsDataTypeFieldEvent | GraphProtoNodeAttributeTensorsFloatDataFieldEvent | GraphProtoNodeAttributeTensorsInt32DataFieldEvent | GraphProtoNodeAttributeTensorsInt64DataFieldEvent | GraphProtoNodeAttributeTensorsNameFieldEvent | GraphProtoNodeAttributeTensorsRawDataFieldEvent | GraphProtoNodeAttributeTensorsExternalDataKeyFieldEvent | GraphProtoNodeAttributeTensorsExternalDataValueFieldEvent | GraphProtoNodeAttributeTensorsDataLocationFieldEvent | GraphProtoNodeAttributeGraphsFieldEvent | GraphProtoNodeAttributeSparseTensorValuesDimsFieldEvent | GraphProtoNodeAttributeSparseTensorValuesDataTypeFieldEvent | GraphProtoNodeAttributeSparseTensorValuesFloatDataFieldEvent | GraphProtoNodeAttributeSparseTensorValuesInt32DataFieldEvent | GraphProtoNodeAttributeSparseTensorValuesInt64DataFieldEvent | GraphProtoNodeAttributeSparseTensorValuesNameFieldEvent | GraphProtoNodeAttributeSparseTensorValuesRawDataFieldEvent | GraphProtoNodeAttributeSparseTensorValuesExternalDataKeyFieldEvent | GraphProtoNodeAttributeSparseTensorValuesExternalDataValueFieldEvent | GraphProtoNodeAttributeSparseTensorValuesDataLocationFieldEvent | GraphProtoNodeAttributeSparseTensorIndicesDimsFieldEvent | GraphProtoNodeAttributeSparseTensorIndicesDataTypeFieldEvent | GraphProtoNodeAttributeSparseTensorIndicesFloatDataFieldEvent | GraphProtoNodeAttributeSparseTensorIndicesInt32DataFieldEvent | GraphProtoNodeAttributeSparseTensorIndicesInt64DataFieldEvent | GraphProtoNodeAttributeSparseTensorIndicesNameFieldEvent | GraphProtoNodeAttributeSparseTensorIndicesRawDataFieldEvent | GraphProtoNodeAttributeSparseTensorIndicesExternalDataKeyFieldEvent | GraphProtoNodeAttributeSparseTensorIndicesExternalDataValueFieldEvent | GraphProtoNodeAttributeSparseTensorIndicesDataLocationFieldEvent | GraphProtoNodeAttributeSparseTensorDimsFieldEvent | GraphProtoNodeAttributeSparseTensorsValuesDimsFieldEvent | GraphProtoNodeAttributeSparseTensorsValuesDataTypeFieldEvent | GraphProtoNodeAttributeSparseTensorsValuesFloatDataFieldEvent | GraphProtoNodeAttributeSparseTensorsValuesInt32DataFieldEvent | GraphProtoNodeAttributeSparseTensorsValuesInt64DataFieldEvent | GraphProtoNodeAttributeSparseTensorsValuesNameFieldEvent | GraphProtoNodeAttributeSparseTensorsValuesRawDataFieldEvent | GraphProtoNodeAttributeSparseTensorsValuesExternalDataKeyFieldEvent | GraphProtoNodeAttributeSparseTensorsValuesExternalDataValueFieldEvent | GraphProtoNodeAttributeSparseTensorsValuesDataLocationFieldEvent | GraphProtoNodeAttributeSparseTensorsIndicesDimsFieldEvent | GraphProtoNodeAttributeSparseTensorsIndicesDataTypeFieldEvent | GraphProtoNodeAttributeSparseTensorsIndicesFloatDataFieldEvent | GraphProtoNodeAttributeSparseTensorsIndicesInt32DataFieldEvent | GraphProtoNodeAttributeSparseTensorsIndicesInt64DataFieldEvent | GraphProtoNodeAttributeSparseTensorsIndicesNameFieldEvent | GraphProtoNodeAttributeSparseTensorsIndicesRawDataFieldEvent | GraphProtoNodeAttributeSparseTensorsIndicesExternalDataKeyFieldEvent | GraphProtoNodeAttributeSparseTensorsIndicesExternalDataValueFieldEvent | GraphProtoNodeAttributeSparseTensorsIndicesDataLocationFieldEvent | GraphProtoNodeAttributeSparseTensorsDimsFieldEvent | GraphProtoNodeDomainFieldEvent | GraphProtoNameFieldEvent | GraphProtoInitializerDimsFieldEvent | GraphProtoInitializerDataTypeFieldEvent | GraphProtoInitializerFloatDataFieldEvent | GraphProtoInitializerInt32DataFieldEvent | GraphProtoInitializerInt64DataFieldEvent | GraphProtoInitializerNameFieldEvent | GraphProtoInitializerRawDataFieldEvent | GraphProtoInitializerExternalDataKeyFieldEvent | GraphProtoInitializerExternalDataValueFieldEvent | GraphProtoInitializerDataLocationFieldEvent | GraphProtoInputNameFieldEvent | GraphProtoInputTypeTensorTypeElemTypeFieldEvent | GraphProtoInputTypeTensorTypeShapeDimDimValueFieldEvent | GraphProtoInputTypeTensorTypeShapeDimDimParamFieldEvent | GraphProtoOutputNameFieldEvent | GraphProtoOutputTypeTensorTypeElemTypeFieldEvent | GraphProtoOutputTypeTensorTypeShapeDimDimValueFieldEvent | GraphProtoOutputTypeTensorTypeShapeDimDimParamFieldEvent | GraphProtoValueInfoNameFieldEvent | GraphProtoValueInfoTypeTensorTypeElemTypeFieldEvent | GraphProtoValueInfoTypeTensorTypeShapeDimDimValueFieldEvent | GraphProtoValueInfoTypeTensorTypeShapeDimDimParamFieldEvent | GraphProtoSparseInitializerValuesDimsFieldEvent | GraphProtoSparseInitializerValuesDataTypeFieldEvent | GraphProtoSparseInitializerValuesFloatDataFieldEvent | GraphProtoSparseInitializerValuesInt32DataFieldEvent | GraphProtoSparseInitializerValuesInt64DataFieldEvent | GraphProtoSparseInitializerValuesNameFieldEvent | GraphProtoSparseInitializerValuesRawDataFieldEvent | GraphProtoSparseInitializerValuesExternalDataKeyFieldEvent | GraphProtoSparseInitializerValuesExternalDataValueFieldEvent | GraphProtoSparseInitializerValuesDataLocationFieldEvent | GraphProtoSparseInitializerIndicesDimsFieldEvent | GraphProtoSparseInitializerIndicesDataTypeFieldEvent | GraphProtoSparseInitializerIndicesFloatDataFieldEvent | GraphProtoSparseInitializerIndicesInt32DataFieldEvent | GraphProtoSparseInitializerIndicesInt64DataFieldEvent | GraphProtoSparseInitializerIndicesNameFieldEvent | GraphProtoSparseInitializerIndicesRawDataFieldEvent | GraphProtoSparseInitializerIndicesExternalDataKeyFieldEvent | GraphProtoSparseInitializerIndicesExternalDataValueFieldEvent | GraphProtoSparseInitializerIndicesDataLocationFieldEvent | GraphProtoSparseInitializerDimsFieldEvent> {
    return streamMessage(buf, GraphProto.codec(), opts)
  }
}

export interface FunctionProto {
  name: string
  domain: string
}

export namespace FunctionProto {
  let _codec: Codec<FunctionProto>

  export const codec = (): Codec<FunctionProto> => {
    if (_codec == null) {
      _codec = message<FunctionProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.domain != null && obj.domain !== '')) {
          w.uint32(82)
          w.string(obj.domain)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          domain: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 10: {
              obj.domain = reader.string()
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
            case 10: {
              yield {
                field: `${prefix}.domain`,
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

  export interface FunctionProtoNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface FunctionProtoDomainFieldEvent {
    field: '$.domain'
    value: string
  }

  export function encode (obj: Partial<FunctionProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, FunctionProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FunctionProto>): FunctionProto {
    return decodeMessage(buf, FunctionProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<FunctionProto>): Generator<FunctionProtoNameFieldEvent | FunctionProtoDomainFieldEvent> {
    return streamMessage(buf, FunctionProto.codec(), opts)
  }
}

export interface ModelProto {
  irVersion: bigint
  producerName: string
  graph?: GraphProto
  opsetImport: OperatorSetIdProto[]
  functions: FunctionProto[]
}

export namespace ModelProto {
  let _codec: Codec<ModelProto>

  export const codec = (): Codec<ModelProto> => {
    if (_codec == null) {
      _codec = message<ModelProto>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.irVersion != null && obj.irVersion !== 0n)) {
          w.uint32(8)
          w.int64(obj.irVersion)
        }

        if ((obj.producerName != null && obj.producerName !== '')) {
          w.uint32(18)
          w.string(obj.producerName)
        }

        if (obj.graph != null) {
          w.uint32(58)
          GraphProto.codec().encode(obj.graph, w)
        }

        if (obj.opsetImport != null && obj.opsetImport.length > 0) {
          for (const value of obj.opsetImport) {
            w.uint32(66)
            OperatorSetIdProto.codec().encode(value, w)
          }
        }

        if (obj.functions != null && obj.functions.length > 0) {
          for (const value of obj.functions) {
            w.uint32(202)
            FunctionProto.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          irVersion: 0n,
          producerName: '',
          opsetImport: [],
          functions: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.irVersion = reader.int64()
              break
            }
            case 2: {
              obj.producerName = reader.string()
              break
            }
            case 7: {
              obj.graph = GraphProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.graph
              })
              break
            }
            case 8: {
              if (opts.limits?.opsetImport != null && obj.opsetImport.length === opts.limits.opsetImport) {
                throw new MaxLengthError('Decode error - repeated field "opsetImport" had too many elements')
              }

              obj.opsetImport.push(OperatorSetIdProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.opsetImport$
              }))
              break
            }
            case 25: {
              if (opts.limits?.functions != null && obj.functions.length === opts.limits.functions) {
                throw new MaxLengthError('Decode error - repeated field "functions" had too many elements')
              }

              obj.functions.push(FunctionProto.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.functions$
              }))
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
          opsetImport: 0,
          functions: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.irVersion`,
                value: reader.int64()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.producerName`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield * GraphProto.codec().stream(reader, reader.uint32(), `${prefix}.graph`, {
                limits: opts.limits?.graph
              })

              break
            }
            case 8: {
              if (opts.limits?.opsetImport != null && obj.opsetImport === opts.limits.opsetImport) {
                throw new MaxLengthError('Streaming decode error - repeated field "opsetImport" had too many elements')
              }

              for (const evt of OperatorSetIdProto.codec().stream(reader, reader.uint32(), `${prefix}.opsetImport[]`, {
                limits: opts.limits?.opsetImport$
              })) {
                yield {
                  ...evt,
                  index: obj.opsetImport
                }
              }

              obj.opsetImport++

              break
            }
            case 25: {
              if (opts.limits?.functions != null && obj.functions === opts.limits.functions) {
                throw new MaxLengthError('Streaming decode error - repeated field "functions" had too many elements')
              }

              for (const evt of FunctionProto.codec().stream(reader, reader.uint32(), `${prefix}.functions[]`, {
                limits: opts.limits?.functions$
              })) {
                yield {
                  ...evt,
                  index: obj.functions
                }
              }

              obj.functions++

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

  export interface ModelProtoIrVersionFieldEvent {
    field: '$.irVersion'
    value: bigint
  }

  export interface ModelProtoProducerNameFieldEvent {
    field: '$.producerName'
    value: string
  }

  export interface ModelProtoGraphNodeInputFieldEvent {
    field: '$.graph.node[].input[]'
    index: number
    value: string
  }

  export interface ModelProtoGraphNodeOutputFieldEvent {
    field: '$.graph.node[].output[]'
    index: number
    value: string
  }

  export interface ModelProtoGraphNodeNameFieldEvent {
    field: '$.graph.node[].name'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeOpTypeFieldEvent {
    field: '$.graph.node[].opType'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeNameFieldEvent {
    field: '$.graph.node[].attribute[].name'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTypeFieldEvent {
    field: '$.graph.node[].attribute[].type'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeIFieldEvent {
    field: '$.graph.node[].attribute[].i'
    value: bigint
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTDimsFieldEvent {
    field: '$.graph.node[].attribute[].t.dims[]'
    index: number
    value: bigint
  }

  export interface ModelProtoGraphNodeAttributeTDataTypeFieldEvent {
    field: '$.graph.node[].attribute[].t.dataType'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTFloatDataFieldEvent {
    field: '$.graph.node[].attribute[].t.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTInt32DataFieldEvent {
    field: '$.graph.node[].attribute[].t.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTInt64DataFieldEvent {
    field: '$.graph.node[].attribute[].t.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTNameFieldEvent {
    field: '$.graph.node[].attribute[].t.name'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTRawDataFieldEvent {
    field: '$.graph.node[].attribute[].t.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTExternalDataKeyFieldEvent {
    field: '$.graph.node[].attribute[].t.externalData[].key'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTExternalDataValueFieldEvent {
    field: '$.graph.node[].attribute[].t.externalData[].value'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTDataLocationFieldEvent {
    field: '$.graph.node[].attribute[].t.dataLocation'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeGFieldEvent {
    field: '$.graph.node[].attribute[].g'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTensorsDimsFieldEvent {
    field: '$.graph.node[].attribute[].tensors[].dims[]'
    index: number
    value: bigint
  }

  export interface ModelProtoGraphNodeAttributeTensorsDataTypeFieldEvent {
    field: '$.graph.node[].attribute[].tensors[].dataType'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTensorsFloatDataFieldEvent {
    field: '$.graph.node[].attribute[].tensors[].floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTensorsInt32DataFieldEvent {
    field: '$.graph.node[].attribute[].tensors[].int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTensorsInt64DataFieldEvent {
    field: '$.graph.node[].attribute[].tensors[].int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTensorsNameFieldEvent {
    field: '$.graph.node[].attribute[].tensors[].name'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTensorsRawDataFieldEvent {
    field: '$.graph.node[].attribute[].tensors[].rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTensorsExternalDataKeyFieldEvent {
    field: '$.graph.node[].attribute[].tensors[].externalData[].key'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTensorsExternalDataValueFieldEvent {
    field: '$.graph.node[].attribute[].tensors[].externalData[].value'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeTensorsDataLocationFieldEvent {
    field: '$.graph.node[].attribute[].tensors[].dataLocation'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeGraphsFieldEvent {
    field: '$.graph.node[].attribute[].graphs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorValuesDimsFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.values.dims[]'
    index: number
    value: bigint
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorValuesDataTypeFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.values.dataType'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorValuesFloatDataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.values.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorValuesInt32DataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.values.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorValuesInt64DataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.values.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorValuesNameFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.values.name'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorValuesRawDataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.values.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorValuesExternalDataKeyFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.values.externalData[].key'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorValuesExternalDataValueFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.values.externalData[].value'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorValuesDataLocationFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.values.dataLocation'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorIndicesDimsFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.indices.dims[]'
    index: number
    value: bigint
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorIndicesDataTypeFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.indices.dataType'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorIndicesFloatDataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.indices.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorIndicesInt32DataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.indices.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorIndicesInt64DataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.indices.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorIndicesNameFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.indices.name'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorIndicesRawDataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.indices.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorIndicesExternalDataKeyFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.indices.externalData[].key'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorIndicesExternalDataValueFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.indices.externalData[].value'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorIndicesDataLocationFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.indices.dataLocation'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorDimsFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensor.dims[]'
    index: number
    value: bigint
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsValuesDimsFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].values.dims[]'
    index: number
    value: bigint
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsValuesDataTypeFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].values.dataType'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsValuesFloatDataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].values.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsValuesInt32DataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].values.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsValuesInt64DataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].values.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsValuesNameFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].values.name'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsValuesRawDataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].values.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsValuesExternalDataKeyFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].values.externalData[].key'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsValuesExternalDataValueFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].values.externalData[].value'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsValuesDataLocationFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].values.dataLocation'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsIndicesDimsFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].indices.dims[]'
    index: number
    value: bigint
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsIndicesDataTypeFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].indices.dataType'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsIndicesFloatDataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].indices.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsIndicesInt32DataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].indices.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsIndicesInt64DataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].indices.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsIndicesNameFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].indices.name'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsIndicesRawDataFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].indices.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsIndicesExternalDataKeyFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].indices.externalData[].key'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsIndicesExternalDataValueFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].indices.externalData[].value'
    value: string
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsIndicesDataLocationFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].indices.dataLocation'
    value: number
    index: number
  }

  export interface ModelProtoGraphNodeAttributeSparseTensorsDimsFieldEvent {
    field: '$.graph.node[].attribute[].sparseTensors[].dims[]'
    index: number
    value: bigint
  }

  export interface ModelProtoGraphNodeDomainFieldEvent {
    field: '$.graph.node[].domain'
    value: string
    index: number
  }

  export interface ModelProtoGraphNameFieldEvent {
    field: '$.graph.name'
    value: string
  }

  export interface ModelProtoGraphInitializerDimsFieldEvent {
    field: '$.graph.initializer[].dims[]'
    index: number
    value: bigint
  }

  export interface ModelProtoGraphInitializerDataTypeFieldEvent {
    field: '$.graph.initializer[].dataType'
    value: number
    index: number
  }

  export interface ModelProtoGraphInitializerFloatDataFieldEvent {
    field: '$.graph.initializer[].floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphInitializerInt32DataFieldEvent {
    field: '$.graph.initializer[].int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphInitializerInt64DataFieldEvent {
    field: '$.graph.initializer[].int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphInitializerNameFieldEvent {
    field: '$.graph.initializer[].name'
    value: string
    index: number
  }

  export interface ModelProtoGraphInitializerRawDataFieldEvent {
    field: '$.graph.initializer[].rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphInitializerExternalDataKeyFieldEvent {
    field: '$.graph.initializer[].externalData[].key'
    value: string
    index: number
  }

  export interface ModelProtoGraphInitializerExternalDataValueFieldEvent {
    field: '$.graph.initializer[].externalData[].value'
    value: string
    index: number
  }

  export interface ModelProtoGraphInitializerDataLocationFieldEvent {
    field: '$.graph.initializer[].dataLocation'
    value: number
    index: number
  }

  export interface ModelProtoGraphInputNameFieldEvent {
    field: '$.graph.input[].name'
    value: string
    index: number
  }

  export interface ModelProtoGraphInputTypeTensorTypeElemTypeFieldEvent {
    field: '$.graph.input[].type.tensorType.elemType'
    value: number
    index: number
  }

  export interface ModelProtoGraphInputTypeTensorTypeShapeDimDimValueFieldEvent {
    field: '$.graph.input[].type.tensorType.shape.dim[].dimValue'
    value: bigint
    index: number
  }

  export interface ModelProtoGraphInputTypeTensorTypeShapeDimDimParamFieldEvent {
    field: '$.graph.input[].type.tensorType.shape.dim[].dimParam'
    value: string
    index: number
  }

  export interface ModelProtoGraphOutputNameFieldEvent {
    field: '$.graph.output[].name'
    value: string
    index: number
  }

  export interface ModelProtoGraphOutputTypeTensorTypeElemTypeFieldEvent {
    field: '$.graph.output[].type.tensorType.elemType'
    value: number
    index: number
  }

  export interface ModelProtoGraphOutputTypeTensorTypeShapeDimDimValueFieldEvent {
    field: '$.graph.output[].type.tensorType.shape.dim[].dimValue'
    value: bigint
    index: number
  }

  export interface ModelProtoGraphOutputTypeTensorTypeShapeDimDimParamFieldEvent {
    field: '$.graph.output[].type.tensorType.shape.dim[].dimParam'
    value: string
    index: number
  }

  export interface ModelProtoGraphValueInfoNameFieldEvent {
    field: '$.graph.valueInfo[].name'
    value: string
    index: number
  }

  export interface ModelProtoGraphValueInfoTypeTensorTypeElemTypeFieldEvent {
    field: '$.graph.valueInfo[].type.tensorType.elemType'
    value: number
    index: number
  }

  export interface ModelProtoGraphValueInfoTypeTensorTypeShapeDimDimValueFieldEvent {
    field: '$.graph.valueInfo[].type.tensorType.shape.dim[].dimValue'
    value: bigint
    index: number
  }

  export interface ModelProtoGraphValueInfoTypeTensorTypeShapeDimDimParamFieldEvent {
    field: '$.graph.valueInfo[].type.tensorType.shape.dim[].dimParam'
    value: string
    index: number
  }

  export interface ModelProtoGraphSparseInitializerValuesDimsFieldEvent {
    field: '$.graph.sparseInitializer[].values.dims[]'
    index: number
    value: bigint
  }

  export interface ModelProtoGraphSparseInitializerValuesDataTypeFieldEvent {
    field: '$.graph.sparseInitializer[].values.dataType'
    value: number
    index: number
  }

  export interface ModelProtoGraphSparseInitializerValuesFloatDataFieldEvent {
    field: '$.graph.sparseInitializer[].values.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphSparseInitializerValuesInt32DataFieldEvent {
    field: '$.graph.sparseInitializer[].values.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphSparseInitializerValuesInt64DataFieldEvent {
    field: '$.graph.sparseInitializer[].values.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphSparseInitializerValuesNameFieldEvent {
    field: '$.graph.sparseInitializer[].values.name'
    value: string
    index: number
  }

  export interface ModelProtoGraphSparseInitializerValuesRawDataFieldEvent {
    field: '$.graph.sparseInitializer[].values.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphSparseInitializerValuesExternalDataKeyFieldEvent {
    field: '$.graph.sparseInitializer[].values.externalData[].key'
    value: string
    index: number
  }

  export interface ModelProtoGraphSparseInitializerValuesExternalDataValueFieldEvent {
    field: '$.graph.sparseInitializer[].values.externalData[].value'
    value: string
    index: number
  }

  export interface ModelProtoGraphSparseInitializerValuesDataLocationFieldEvent {
    field: '$.graph.sparseInitializer[].values.dataLocation'
    value: number
    index: number
  }

  export interface ModelProtoGraphSparseInitializerIndicesDimsFieldEvent {
    field: '$.graph.sparseInitializer[].indices.dims[]'
    index: number
    value: bigint
  }

  export interface ModelProtoGraphSparseInitializerIndicesDataTypeFieldEvent {
    field: '$.graph.sparseInitializer[].indices.dataType'
    value: number
    index: number
  }

  export interface ModelProtoGraphSparseInitializerIndicesFloatDataFieldEvent {
    field: '$.graph.sparseInitializer[].indices.floatData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphSparseInitializerIndicesInt32DataFieldEvent {
    field: '$.graph.sparseInitializer[].indices.int32Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphSparseInitializerIndicesInt64DataFieldEvent {
    field: '$.graph.sparseInitializer[].indices.int64Data'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphSparseInitializerIndicesNameFieldEvent {
    field: '$.graph.sparseInitializer[].indices.name'
    value: string
    index: number
  }

  export interface ModelProtoGraphSparseInitializerIndicesRawDataFieldEvent {
    field: '$.graph.sparseInitializer[].indices.rawData'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface ModelProtoGraphSparseInitializerIndicesExternalDataKeyFieldEvent {
    field: '$.graph.sparseInitializer[].indices.externalData[].key'
    value: string
    index: number
  }

  export interface ModelProtoGraphSparseInitializerIndicesExternalDataValueFieldEvent {
    field: '$.graph.sparseInitializer[].indices.externalData[].value'
    value: string
    index: number
  }

  export interface ModelProtoGraphSparseInitializerIndicesDataLocationFieldEvent {
    field: '$.graph.sparseInitializer[].indices.dataLocation'
    value: number
    index: number
  }

  export interface ModelProtoGraphSparseInitializerDimsFieldEvent {
    field: '$.graph.sparseInitializer[].dims[]'
    index: number
    value: bigint
  }

  export interface ModelProtoOpsetImportDomainFieldEvent {
    field: '$.opsetImport[].domain'
    value: string
    index: number
  }

  export interface ModelProtoOpsetImportVersionFieldEvent {
    field: '$.opsetImport[].version'
    value: bigint
    index: number
  }

  export interface ModelProtoFunctionsNameFieldEvent {
    field: '$.functions[].name'
    value: string
    index: number
  }

  export interface ModelProtoFunctionsDomainFieldEvent {
    field: '$.functions[].domain'
    value: string
    index: number
  }

  export function encode (obj: Partial<ModelProto>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ModelProto.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ModelProto>): ModelProto {
    return decodeMessage(buf, ModelProto.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ModelProto>): Generator<ModelProtoIrVersionFieldEvent | ModelProtoProducerNameFieldEvent | ModelProtoGraphNodeInputFieldEvent | ModelProtoGraphNodeOutputFieldEvent | ModelProtoGraphNodeNameFieldEvent | ModelProtoGraphNodeOpTypeFieldEvent | ModelProtoGraphNodeAttributeNameFieldEvent | ModelProtoGraphNodeAttributeTypeFieldEvent | ModelProtoGraphNodeAttributeIFieldEvent | ModelProtoGraphNodeAttributeTDimsFieldEvent | ModelProtoGraphNodeAttributeTDataTypeFieldEvent | ModelProtoGraphNodeAttributeTFloatDataFieldEvent | ModelProtoGraphNodeAttributeTInt32DataFieldEvent | ModelProtoGraphNodeAttributeTInt64DataFieldEvent | ModelProtoGraphNodeAttributeTNameFieldEvent | ModelProtoGraphNodeAttributeTRawDataFieldEvent | ModelProtoGraphNodeAttributeTExternalDataKeyFieldEvent | ModelProtoGraphNodeAttributeTExternalDataValueFieldEvent | ModelProtoGraphNodeAttributeTDataLocationFieldEvent | ModelProtoGraphNodeAttributeGFieldEvent | ModelProtoGraphNodeAttributeTensorsDimsFieldEvent | ModelProtoGraphNodeAttributeTensorsDataTypeFieldEvent | ModelProtoGraphNodeAttributeTensorsFloatDataFieldEvent | ModelProtoGraphNodeAttributeTensorsInt32DataFieldEvent | ModelProtoGraphNodeAttributeTensorsInt64DataFieldEvent | ModelProtoGraphNodeAttributeTensorsNameFieldEvent | ModelProtoGraphNodeAttributeTensorsRawDataFieldEvent | ModelProtoGraphNodeAttributeTensorsExternalDataKeyFieldEvent | ModelProtoGraphNodeAttributeTensorsExternalDataValueFieldEvent | ModelProtoGraphNodeAttributeTensorsDataLocationFieldEvent | ModelProtoGraphNodeAttributeGraphsFieldEvent | ModelProtoGraphNodeAttributeSparseTensorValuesDimsFieldEvent | ModelProtoGraphNodeAttributeSparseTensorValuesDataTypeFieldEvent | ModelProtoGraphNodeAttributeSparseTensorValuesFloatDataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorValuesInt32DataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorValuesInt64DataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorValuesNameFieldEvent | ModelProtoGraphNodeAttributeSparseTensorValuesRawDataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorValuesExternalDataKeyFieldEvent | ModelProtoGraphNodeAttributeSparseTensorValuesExternalDataValueFieldEvent | ModelProtoGraphNodeAttributeSparseTensorValuesDataLocationFieldEvent | ModelProtoGraphNodeAttributeSparseTensorIndicesDimsFieldEvent | ModelProtoGraphNodeAttributeSparseTensorIndicesDataTypeFieldEvent | ModelProtoGraphNodeAttributeSparseTensorIndicesFloatDataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorIndicesInt32DataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorIndicesInt64DataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorIndicesNameFieldEvent | ModelProtoGraphNodeAttributeSparseTensorIndicesRawDataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorIndicesExternalDataKeyFieldEvent | ModelProtoGraphNodeAttributeSparseTensorIndicesExternalDataValueFieldEvent | ModelProtoGraphNodeAttributeSparseTensorIndicesDataLocationFieldEvent | ModelProtoGraphNodeAttributeSparseTensorDimsFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsValuesDimsFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsValuesDataTypeFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsValuesFloatDataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsValuesInt32DataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsValuesInt64DataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsValuesNameFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsValuesRawDataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsValuesExternalDataKeyFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsValuesExternalDataValueFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsValuesDataLocationFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsIndicesDimsFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsIndicesDataTypeFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsIndicesFloatDataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsIndicesInt32DataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsIndicesInt64DataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsIndicesNameFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsIndicesRawDataFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsIndicesExternalDataKeyFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsIndicesExternalDataValueFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsIndicesDataLocationFieldEvent | ModelProtoGraphNodeAttributeSparseTensorsDimsFieldEvent | ModelProtoGraphNodeDomainFieldEvent | ModelProtoGraphNameFieldEvent | ModelProtoGraphInitializerDimsFieldEvent | ModelProtoGraphInitializerDataTypeFieldEvent | ModelProtoGraphInitializerFloatDataFieldEvent | ModelProtoGraphInitializerInt32DataFieldEvent | ModelProtoGraphInitializerInt64DataFieldEvent | ModelProtoGraphInitializerNameFieldEvent | ModelProtoGraphInitializerRawDataFieldEvent | ModelProtoGraphInitializerExternalDataKeyFieldEvent | ModelProtoGraphInitializerExternalDataValueFieldEvent | ModelProtoGraphInitializerDataLocationFieldEvent | ModelProtoGraphInputNameFieldEvent | ModelProtoGraphInputTypeTensorTypeElemTypeFieldEvent | ModelProtoGraphInputTypeTensorTypeShapeDimDimValueFieldEvent | ModelProtoGraphInputTypeTensorTypeShapeDimDimParamFieldEvent | ModelProtoGraphOutputNameFieldEvent | ModelProtoGraphOutputTypeTensorTypeElemTypeFieldEvent | ModelProtoGraphOutputTypeTensorTypeShapeDimDimValueFieldEvent | ModelProtoGraphOutputTypeTensorTypeShapeDimDimParamFieldEvent | ModelProtoGraphValueInfoNameFieldEvent | ModelProtoGraphValueInfoTypeTensorTypeElemTypeFieldEvent | ModelProtoGraphValueInfoTypeTensorTypeShapeDimDimValueFieldEvent | ModelProtoGraphValueInfoTypeTensorTypeShapeDimDimParamFieldEvent | ModelProtoGraphSparseInitializerValuesDimsFieldEvent | ModelProtoGraphSparseInitializerValuesDataTypeFieldEvent | ModelProtoGraphSparseInitializerValuesFloatDataFieldEvent | ModelProtoGraphSparseInitializerValuesInt32DataFieldEvent | ModelProtoGraphSparseInitializerValuesInt64DataFieldEvent | ModelProtoGraphSparseInitializerValuesNameFieldEvent | ModelProtoGraphSparseInitializerValuesRawDataFieldEvent | ModelProtoGraphSparseInitializerValuesExternalDataKeyFieldEvent | ModelProtoGraphSparseInitializerValuesExternalDataValueFieldEvent | ModelProtoGraphSparseInitializerValuesDataLocationFieldEvent | ModelProtoGraphSparseInitializerIndicesDimsFieldEvent | ModelProtoGraphSparseInitializerIndicesDataTypeFieldEvent | ModelProtoGraphSparseInitializerIndicesFloatDataFieldEvent | ModelProtoGraphSparseInitializerIndicesInt32DataFieldEvent | ModelProtoGraphSparseInitializerIndicesInt64DataFieldEvent | ModelProtoGraphSparseInitializerIndicesNameFieldEvent | ModelProtoGraphSparseInitializerIndicesRawDataFieldEvent | ModelProtoGraphSparseInitializerIndicesExternalDataKeyFieldEvent | ModelProtoGraphSparseInitializerIndicesExternalDataValueFieldEvent | ModelProtoGraphSparseInitializerIndicesDataLocationFieldEvent | ModelProtoGraphSparseInitializerDimsFieldEvent | ModelProtoOpsetImportDomainFieldEvent | ModelProtoOpsetImportVersionFieldEvent | ModelProtoFunctionsNameFieldEvent | ModelProtoFunctionsDomainFieldEvent> {
    return streamMessage(buf, ModelProto.codec(), opts)
  }
}
