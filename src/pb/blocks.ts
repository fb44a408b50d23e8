import { decodeMessage, encodeMessage, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface BlockRequest {
  wants: Uint8Array<ArrayBuffer>[]
}

export namespace BlockRequest {
  let _codec: Codec<BlockRequest>

  export const codec = (): Codec<BlockRequest> => {
    if (_codec == null) {
      _codec = message<BlockRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.wants != null && obj.wants.length > 0) {
          for (const value of obj.wants) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          wants: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.wants != null && obj.wants.length === opts.limits.wants) {
                throw new MaxLengthError('Decode error - repeated field "wants" had too many elements')
              }

              obj.wants.push(reader.bytes())
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
          wants: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.wants != null && obj.wants === opts.limits.wants) {
                throw new MaxLengthError('Streaming decode error - repeated field "wants" had too many elements')
              }

              yield {
                field: `${prefix}.wants[]`,
                index: obj.wants,
                value: reader.bytes()
              }

              obj.wants++

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

  export interface BlockRequestWantsFieldEvent {
    field: '$.wants[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<BlockRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlockRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockRequest>): BlockRequest {
    return decodeMessage(buf, BlockRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockRequest>): Generator<BlockRequestWantsFieldEvent> {
    return streamMessage(buf, BlockRequest.codec(), opts)
  }
}

export interface BlockResponse {
  cid: Uint8Array<ArrayBuffer>
  data: Uint8Array<ArrayBuffer>
  missing: boolean
}

export namespace BlockResponse {
  let _codec: Codec<BlockResponse>

  export const codec = (): Codec<BlockResponse> => {
    if (_codec == null) {
      _codec = message<BlockResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.cid != null && obj.cid.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.cid)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.data)
        }

        if ((obj.missing != null && obj.missing !== false)) {
          w.uint32(24)
          w.bool(obj.missing)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          cid: uint8ArrayAlloc(0),
          data: uint8ArrayAlloc(0),
          missing: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.cid = reader.bytes()
              break
            }
            case 2: {
              obj.data = reader.bytes()
              break
            }
            case 3: {
              obj.missing = reader.bool()
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
                field: `${prefix}.cid`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.data`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.missing`,
                value: reader.bool()
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

  export interface BlockResponseCidFieldEvent {
    field: '$.cid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockResponseDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BlockResponseMissingFieldEvent {
    field: '$.missing'
    value: boolean
  }

  export function encode (obj: Partial<BlockResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BlockResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockResponse>): BlockResponse {
    return decodeMessage(buf, BlockResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BlockResponse>): Generator<BlockResponseCidFieldEvent | BlockResponseDataFieldEvent | BlockResponseMissingFieldEvent> {
    return streamMessage(buf, BlockResponse.codec(), opts)
  }
}
