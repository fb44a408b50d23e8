import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Limits {
  memoryMb: number
  timeoutMs: number
  maxOutputBytes: bigint
}

export namespace Limits {
  let _codec: Codec<Limits>

  export const codec = (): Codec<Limits> => {
    if (_codec == null) {
      _codec = message<Limits>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.memoryMb != null && obj.memoryMb !== 0)) {
          w.uint32(8)
          w.uint32(obj.memoryMb)
        }

        if ((obj.timeoutMs != null && obj.timeoutMs !== 0)) {
          w.uint32(16)
          w.uint32(obj.timeoutMs)
        }

        if ((obj.maxOutputBytes != null && obj.maxOutputBytes !== 0n)) {
          w.uint32(24)
          w.uint64(obj.maxOutputBytes)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          memoryMb: 0,
          timeoutMs: 0,
          maxOutputBytes: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.memoryMb = reader.uint32()
              break
            }
            case 2: {
              obj.timeoutMs = reader.uint32()
              break
            }
            case 3: {
              obj.maxOutputBytes = reader.uint64()
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
                field: `${prefix}.memoryMb`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.timeoutMs`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.maxOutputBytes`,
                value: reader.uint64()
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

  export interface LimitsMemoryMbFieldEvent {
    field: '$.memoryMb'
    value: number
  }

  export interface LimitsTimeoutMsFieldEvent {
    field: '$.timeoutMs'
    value: number
  }

  export interface LimitsMaxOutputBytesFieldEvent {
    field: '$.maxOutputBytes'
    value: bigint
  }

  export function encode (obj: Partial<Limits>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Limits.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Limits>): Limits {
    return decodeMessage(buf, Limits.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Limits>): Generator<LimitsMemoryMbFieldEvent | LimitsTimeoutMsFieldEvent | LimitsMaxOutputBytesFieldEvent> {
    return streamMessage(buf, Limits.codec(), opts)
  }
}

export interface Offer {
  jobId: Uint8Array<ArrayBuffer>
  kind: string
  moduleHash: Uint8Array<ArrayBuffer>
  moduleSize: bigint
  inputHash: Uint8Array<ArrayBuffer>
  inputSize: bigint
  args: string[]
  limits?: Limits
  deadline: bigint
  priceMilli: bigint
  deterministic: boolean
  seed: bigint
  datasets: string[]
  moduleCid?: Uint8Array<ArrayBuffer>
  inputCid?: Uint8Array<ArrayBuffer>
  inputFollows?: boolean
}

export namespace Offer {
  let _codec: Codec<Offer>

  export const codec = (): Codec<Offer> => {
    if (_codec == null) {
      _codec = message<Offer>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.jobId != null && obj.jobId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.jobId)
        }

        if ((obj.kind != null && obj.kind !== '')) {
          w.uint32(18)
          w.string(obj.kind)
        }

        if ((obj.moduleHash != null && obj.moduleHash.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.moduleHash)
        }

        if ((obj.moduleSize != null && obj.moduleSize !== 0n)) {
          w.uint32(32)
          w.uint64(obj.moduleSize)
        }

        if ((obj.inputHash != null && obj.inputHash.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.inputHash)
        }

        if ((obj.inputSize != null && obj.inputSize !== 0n)) {
          w.uint32(48)
          w.uint64(obj.inputSize)
        }

        if (obj.args != null && obj.args.length > 0) {
          for (const value of obj.args) {
            w.uint32(58)
            w.string(value)
          }
        }

        if (obj.limits != null) {
          w.uint32(66)
          Limits.codec().encode(obj.limits, w)
        }

        if ((obj.deadline != null && obj.deadline !== 0n)) {
          w.uint32(72)
          w.uint64(obj.deadline)
        }

        if ((obj.priceMilli != null && obj.priceMilli !== 0n)) {
          w.uint32(80)
          w.uint64(obj.priceMilli)
        }

        if ((obj.deterministic != null && obj.deterministic !== false)) {
          w.uint32(88)
          w.bool(obj.deterministic)
        }

        if ((obj.seed != null && obj.seed !== 0n)) {
          w.uint32(96)
          w.uint64(obj.seed)
        }

        if (obj.datasets != null && obj.datasets.length > 0) {
          for (const value of obj.datasets) {
            w.uint32(402)
            w.string(value)
          }
        }

        if (obj.moduleCid != null) {
          w.uint32(322)
          w.bytes(obj.moduleCid)
        }

        if (obj.inputCid != null) {
          w.uint32(330)
          w.bytes(obj.inputCid)
        }

        if (obj.inputFollows != null) {
          w.uint32(560)
          w.bool(obj.inputFollows)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          jobId: uint8ArrayAlloc(0),
          kind: '',
          moduleHash: uint8ArrayAlloc(0),
          moduleSize: 0n,
          inputHash: uint8ArrayAlloc(0),
          inputSize: 0n,
          args: [],
          deadline: 0n,
          priceMilli: 0n,
          deterministic: false,
          seed: 0n,
          datasets: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.jobId = reader.bytes()
              break
            }
            case 2: {
              obj.kind = reader.string()
              break
            }
            case 3: {
              obj.moduleHash = reader.bytes()
              break
            }
            case 4: {
              obj.moduleSize = reader.uint64()
              break
            }
            case 5: {
              obj.inputHash = reader.bytes()
              break
            }
            case 6: {
              obj.inputSize = reader.uint64()
              break
            }
            case 7: {
              if (opts.limits?.args != null && obj.args.length === opts.limits.args) {
                throw new MaxLengthError('Decode error - repeated field "args" had too many elements')
              }

              obj.args.push(reader.string())
              break
            }
            case 8: {
              obj.limits = Limits.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.limits
              })
              break
            }
            case 9: {
              obj.deadline = reader.uint64()
              break
            }
            case 10: {
              obj.priceMilli = reader.uint64()
              break
            }
            case 11: {
              obj.deterministic = reader.bool()
              break
            }
            case 12: {
              obj.seed = reader.uint64()
              break
            }
            case 50: {
              if (opts.limits?.datasets != null && obj.datasets.length === opts.limits.datasets) {
                throw new MaxLengthError('Decode error - repeated field "datasets" had too many elements')
              }

              obj.datasets.push(reader.string())
              break
            }
            case 40: {
              obj.moduleCid = reader.bytes()
              break
            }
            case 41: {
              obj.inputCid = reader.bytes()
              break
            }
            case 70: {
              obj.inputFollows = reader.bool()
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
          args: 0,
          datasets: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.jobId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.kind`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.moduleHash`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.moduleSize`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.inputHash`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.inputSize`,
                value: reader.uint64()
              }
              break
            }
            case 7: {
              if (opts.limits?.args != null && obj.args === opts.limits.args) {
                throw new MaxLengthError('Streaming decode error - repeated field "args" had too many elements')
              }

              yield {
                field: `${prefix}.args[]`,
                index: obj.args,
                value: reader.string()
              }

              obj.args++

              break
            }
            case 8: {
              yield * Limits.codec().stream(reader, reader.uint32(), `${prefix}.limits`, {
                limits: opts.limits?.limits
              })

              break
            }
            case 9: {
              yield {
                field: `${prefix}.deadline`,
                value: reader.uint64()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.priceMilli`,
                value: reader.uint64()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.deterministic`,
                value: reader.bool()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.seed`,
                value: reader.uint64()
              }
              break
            }
            case 50: {
              if (opts.limits?.datasets != null && obj.datasets === opts.limits.datasets) {
                throw new MaxLengthError('Streaming decode error - repeated field "datasets" had too many elements')
              }

              yield {
                field: `${prefix}.datasets[]`,
                index: obj.datasets,
                value: reader.string()
              }

              obj.datasets++

              break
            }
            case 40: {
              yield {
                field: `${prefix}.moduleCid`,
                value: reader.bytes()
              }
              break
            }
            case 41: {
              yield {
                field: `${prefix}.inputCid`,
                value: reader.bytes()
              }
              break
            }
            case 70: {
              yield {
                field: `${prefix}.inputFollows`,
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

  export interface OfferJobIdFieldEvent {
    field: '$.jobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OfferKindFieldEvent {
    field: '$.kind'
    value: string
  }

  export interface OfferModuleHashFieldEvent {
    field: '$.moduleHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OfferModuleSizeFieldEvent {
    field: '$.moduleSize'
    value: bigint
  }

  export interface OfferInputHashFieldEvent {
    field: '$.inputHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OfferInputSizeFieldEvent {
    field: '$.inputSize'
    value: bigint
  }

  export interface OfferArgsFieldEvent {
    field: '$.args[]'
    index: number
    value: string
  }

  export interface OfferLimitsMemoryMbFieldEvent {
    field: '$.limits.memoryMb'
    value: number
  }

  export interface OfferLimitsTimeoutMsFieldEvent {
    field: '$.limits.timeoutMs'
    value: number
  }

  export interface OfferLimitsMaxOutputBytesFieldEvent {
    field: '$.limits.maxOutputBytes'
    value: bigint
  }

  export interface OfferDeadlineFieldEvent {
    field: '$.deadline'
    value: bigint
  }

  export interface OfferPriceMilliFieldEvent {
    field: '$.priceMilli'
    value: bigint
  }

  export interface OfferDeterministicFieldEvent {
    field: '$.deterministic'
    value: boolean
  }

  export interface OfferSeedFieldEvent {
    field: '$.seed'
    value: bigint
  }

  export interface OfferDatasetsFieldEvent {
    field: '$.datasets[]'
    index: number
    value: string
  }

  export interface OfferModuleCidFieldEvent {
    field: '$.moduleCid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OfferInputCidFieldEvent {
    field: '$.inputCid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface OfferInputFollowsFieldEvent {
    field: '$.inputFollows'
    value: boolean
  }

  export function encode (obj: Partial<Offer>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Offer.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Offer>): Offer {
    return decodeMessage(buf, Offer.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Offer>): Generator<OfferJobIdFieldEvent | OfferKindFieldEvent | OfferModuleHashFieldEvent | OfferModuleSizeFieldEvent | OfferInputHashFieldEvent | OfferInputSizeFieldEvent | OfferArgsFieldEvent | OfferLimitsMemoryMbFieldEvent | OfferLimitsTimeoutMsFieldEvent | OfferLimitsMaxOutputBytesFieldEvent | OfferDeadlineFieldEvent | OfferPriceMilliFieldEvent | OfferDeterministicFieldEvent | OfferSeedFieldEvent | OfferDatasetsFieldEvent | OfferModuleCidFieldEvent | OfferInputCidFieldEvent | OfferInputFollowsFieldEvent> {
    return streamMessage(buf, Offer.codec(), opts)
  }
}

export enum DeclineReason {
  DECLINE_UNSPECIFIED = 'DECLINE_UNSPECIFIED',
  BUSY = 'BUSY',
  UNSUPPORTED = 'UNSUPPORTED',
  TOO_BIG = 'TOO_BIG',
  PRICE = 'PRICE',
  LOW_REPUTATION = 'LOW_REPUTATION',
  SHUTTING_DOWN = 'SHUTTING_DOWN',
  BAD_OFFER = 'BAD_OFFER',
  PAUSED = 'PAUSED',
  NO_DATASET = 'NO_DATASET',
  NO_DATA_SERVICE = 'NO_DATA_SERVICE',
  DATASET_REFUSED = 'DATASET_REFUSED'
}

enum __DeclineReasonValues {
  DECLINE_UNSPECIFIED = 0,
  BUSY = 1,
  UNSUPPORTED = 2,
  TOO_BIG = 3,
  PRICE = 4,
  LOW_REPUTATION = 5,
  SHUTTING_DOWN = 6,
  BAD_OFFER = 7,
  PAUSED = 8,
  NO_DATASET = 50,
  NO_DATA_SERVICE = 40,
  DATASET_REFUSED = 51
}

export namespace DeclineReason {
  export const codec = (): Codec<DeclineReason> => {
    return enumeration<DeclineReason>(__DeclineReasonValues)
  }
}

export interface Decline {
  reason: DeclineReason
  message: string
}

export namespace Decline {
  let _codec: Codec<Decline>

  export const codec = (): Codec<Decline> => {
    if (_codec == null) {
      _codec = message<Decline>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.reason != null && __DeclineReasonValues[obj.reason] !== 0) {
          w.uint32(8)
          DeclineReason.codec().encode(obj.reason, w)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(18)
          w.string(obj.message)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          reason: DeclineReason.DECLINE_UNSPECIFIED,
          message: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.reason = DeclineReason.codec().decode(reader)
              break
            }
            case 2: {
              obj.message = reader.string()
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
                field: `${prefix}.reason`,
                value: DeclineReason.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.message`,
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

  export interface DeclineReasonFieldEvent {
    field: '$.reason'
    value: DeclineReason
  }

  export interface DeclineMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export function encode (obj: Partial<Decline>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Decline.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Decline>): Decline {
    return decodeMessage(buf, Decline.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Decline>): Generator<DeclineReasonFieldEvent | DeclineMessageFieldEvent> {
    return streamMessage(buf, Decline.codec(), opts)
  }
}

export interface Bid {
  envelope: Uint8Array<ArrayBuffer>
}

export namespace Bid {
  let _codec: Codec<Bid>

  export const codec = (): Codec<Bid> => {
    if (_codec == null) {
      _codec = message<Bid>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.envelope != null && obj.envelope.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.envelope)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          envelope: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.envelope = reader.bytes()
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
                field: `${prefix}.envelope`,
                value: reader.bytes()
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

  export interface BidEnvelopeFieldEvent {
    field: '$.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Bid>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Bid.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Bid>): Bid {
    return decodeMessage(buf, Bid.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Bid>): Generator<BidEnvelopeFieldEvent> {
    return streamMessage(buf, Bid.codec(), opts)
  }
}

export interface BidRecord {
  jobId: Uint8Array<ArrayBuffer>
  worker: Uint8Array<ArrayBuffer>
  requester: Uint8Array<ArrayBuffer>
  offerHash: Uint8Array<ArrayBuffer>
  priceMilli: bigint
  expiresAt: bigint
  needModule: boolean
}

export namespace BidRecord {
  let _codec: Codec<BidRecord>

  export const codec = (): Codec<BidRecord> => {
    if (_codec == null) {
      _codec = message<BidRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.jobId != null && obj.jobId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.jobId)
        }

        if ((obj.worker != null && obj.worker.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.worker)
        }

        if ((obj.requester != null && obj.requester.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.requester)
        }

        if ((obj.offerHash != null && obj.offerHash.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.offerHash)
        }

        if ((obj.priceMilli != null && obj.priceMilli !== 0n)) {
          w.uint32(40)
          w.uint64(obj.priceMilli)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(48)
          w.uint64(obj.expiresAt)
        }

        if ((obj.needModule != null && obj.needModule !== false)) {
          w.uint32(56)
          w.bool(obj.needModule)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          jobId: uint8ArrayAlloc(0),
          worker: uint8ArrayAlloc(0),
          requester: uint8ArrayAlloc(0),
          offerHash: uint8ArrayAlloc(0),
          priceMilli: 0n,
          expiresAt: 0n,
          needModule: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.jobId = reader.bytes()
              break
            }
            case 2: {
              obj.worker = reader.bytes()
              break
            }
            case 3: {
              obj.requester = reader.bytes()
              break
            }
            case 4: {
              obj.offerHash = reader.bytes()
              break
            }
            case 5: {
              obj.priceMilli = reader.uint64()
              break
            }
            case 6: {
              obj.expiresAt = reader.uint64()
              break
            }
            case 7: {
              obj.needModule = reader.bool()
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
                field: `${prefix}.jobId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.worker`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.requester`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.offerHash`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.priceMilli`,
                value: reader.uint64()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.expiresAt`,
                value: reader.uint64()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.needModule`,
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

  export interface BidRecordJobIdFieldEvent {
    field: '$.jobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BidRecordWorkerFieldEvent {
    field: '$.worker'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BidRecordRequesterFieldEvent {
    field: '$.requester'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BidRecordOfferHashFieldEvent {
    field: '$.offerHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface BidRecordPriceMilliFieldEvent {
    field: '$.priceMilli'
    value: bigint
  }

  export interface BidRecordExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export interface BidRecordNeedModuleFieldEvent {
    field: '$.needModule'
    value: boolean
  }

  export function encode (obj: Partial<BidRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, BidRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BidRecord>): BidRecord {
    return decodeMessage(buf, BidRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<BidRecord>): Generator<BidRecordJobIdFieldEvent | BidRecordWorkerFieldEvent | BidRecordRequesterFieldEvent | BidRecordOfferHashFieldEvent | BidRecordPriceMilliFieldEvent | BidRecordExpiresAtFieldEvent | BidRecordNeedModuleFieldEvent> {
    return streamMessage(buf, BidRecord.codec(), opts)
  }
}

export enum ChunkKind {
  CHUNK_UNSPECIFIED = 'CHUNK_UNSPECIFIED',
  MODULE = 'MODULE',
  INPUT = 'INPUT',
  OUTPUT = 'OUTPUT'
}

enum __ChunkKindValues {
  CHUNK_UNSPECIFIED = 0,
  MODULE = 1,
  INPUT = 2,
  OUTPUT = 3
}

export namespace ChunkKind {
  export const codec = (): Codec<ChunkKind> => {
    return enumeration<ChunkKind>(__ChunkKindValues)
  }
}

export interface Chunk {
  kind: ChunkKind
  data: Uint8Array<ArrayBuffer>
  last: boolean
}

export namespace Chunk {
  let _codec: Codec<Chunk>

  export const codec = (): Codec<Chunk> => {
    if (_codec == null) {
      _codec = message<Chunk>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.kind != null && __ChunkKindValues[obj.kind] !== 0) {
          w.uint32(8)
          ChunkKind.codec().encode(obj.kind, w)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.data)
        }

        if ((obj.last != null && obj.last !== false)) {
          w.uint32(24)
          w.bool(obj.last)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: ChunkKind.CHUNK_UNSPECIFIED,
          data: uint8ArrayAlloc(0),
          last: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = ChunkKind.codec().decode(reader)
              break
            }
            case 2: {
              obj.data = reader.bytes()
              break
            }
            case 3: {
              obj.last = reader.bool()
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
                field: `${prefix}.kind`,
                value: ChunkKind.codec().decode(reader)
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
                field: `${prefix}.last`,
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

  export interface ChunkKindFieldEvent {
    field: '$.kind'
    value: ChunkKind
  }

  export interface ChunkDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ChunkLastFieldEvent {
    field: '$.last'
    value: boolean
  }

  export function encode (obj: Partial<Chunk>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Chunk.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Chunk>): Chunk {
    return decodeMessage(buf, Chunk.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Chunk>): Generator<ChunkKindFieldEvent | ChunkDataFieldEvent | ChunkLastFieldEvent> {
    return streamMessage(buf, Chunk.codec(), opts)
  }
}

export enum Phase {
  PHASE_UNSPECIFIED = 'PHASE_UNSPECIFIED',
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING'
}

enum __PhaseValues {
  PHASE_UNSPECIFIED = 0,
  QUEUED = 1,
  RUNNING = 2
}

export namespace Phase {
  export const codec = (): Codec<Phase> => {
    return enumeration<Phase>(__PhaseValues)
  }
}

export interface Progress {
  phase: Phase
  fraction: number
  message: string
}

export namespace Progress {
  let _codec: Codec<Progress>

  export const codec = (): Codec<Progress> => {
    if (_codec == null) {
      _codec = message<Progress>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.phase != null && __PhaseValues[obj.phase] !== 0) {
          w.uint32(8)
          Phase.codec().encode(obj.phase, w)
        }

        if ((obj.fraction != null && obj.fraction !== 0)) {
          w.uint32(21)
          w.float(obj.fraction)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(26)
          w.string(obj.message)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          phase: Phase.PHASE_UNSPECIFIED,
          fraction: 0,
          message: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.phase = Phase.codec().decode(reader)
              break
            }
            case 2: {
              obj.fraction = reader.float()
              break
            }
            case 3: {
              obj.message = reader.string()
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
                field: `${prefix}.phase`,
                value: Phase.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.fraction`,
                value: reader.float()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.message`,
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

  export interface ProgressPhaseFieldEvent {
    field: '$.phase'
    value: Phase
  }

  export interface ProgressFractionFieldEvent {
    field: '$.fraction'
    value: number
  }

  export interface ProgressMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export function encode (obj: Partial<Progress>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Progress.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Progress>): Progress {
    return decodeMessage(buf, Progress.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Progress>): Generator<ProgressPhaseFieldEvent | ProgressFractionFieldEvent | ProgressMessageFieldEvent> {
    return streamMessage(buf, Progress.codec(), opts)
  }
}

export enum Status {
  STATUS_UNSPECIFIED = 'STATUS_UNSPECIFIED',
  OK = 'OK',
  FAILED = 'FAILED'
}

enum __StatusValues {
  STATUS_UNSPECIFIED = 0,
  OK = 1,
  FAILED = 2
}

export namespace Status {
  export const codec = (): Codec<Status> => {
    return enumeration<Status>(__StatusValues)
  }
}

export interface Result {
  envelope: Uint8Array<ArrayBuffer>
}

export namespace Result {
  let _codec: Codec<Result>

  export const codec = (): Codec<Result> => {
    if (_codec == null) {
      _codec = message<Result>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.envelope != null && obj.envelope.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.envelope)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          envelope: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.envelope = reader.bytes()
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
                field: `${prefix}.envelope`,
                value: reader.bytes()
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

  export interface ResultEnvelopeFieldEvent {
    field: '$.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Result>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Result.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Result>): Result {
    return decodeMessage(buf, Result.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Result>): Generator<ResultEnvelopeFieldEvent> {
    return streamMessage(buf, Result.codec(), opts)
  }
}

export interface ResultRecord {
  jobId: Uint8Array<ArrayBuffer>
  worker: Uint8Array<ArrayBuffer>
  requester: Uint8Array<ArrayBuffer>
  offerHash: Uint8Array<ArrayBuffer>
  status: Status
  exitCode: number
  outputHash: Uint8Array<ArrayBuffer>
  outputSize: bigint
  reason: string
  message: string
  cpuMs: bigint
  wallMs: bigint
  finishedAt: bigint
  stderrTail: Uint8Array<ArrayBuffer>
}

export namespace ResultRecord {
  let _codec: Codec<ResultRecord>

  export const codec = (): Codec<ResultRecord> => {
    if (_codec == null) {
      _codec = message<ResultRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.jobId != null && obj.jobId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.jobId)
        }

        if ((obj.worker != null && obj.worker.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.worker)
        }

        if ((obj.requester != null && obj.requester.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.requester)
        }

        if ((obj.offerHash != null && obj.offerHash.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.offerHash)
        }

        if (obj.status != null && __StatusValues[obj.status] !== 0) {
          w.uint32(40)
          Status.codec().encode(obj.status, w)
        }

        if ((obj.exitCode != null && obj.exitCode !== 0)) {
          w.uint32(48)
          w.sint32(obj.exitCode)
        }

        if ((obj.outputHash != null && obj.outputHash.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.outputHash)
        }

        if ((obj.outputSize != null && obj.outputSize !== 0n)) {
          w.uint32(64)
          w.uint64(obj.outputSize)
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(74)
          w.string(obj.reason)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(82)
          w.string(obj.message)
        }

        if ((obj.cpuMs != null && obj.cpuMs !== 0n)) {
          w.uint32(88)
          w.uint64(obj.cpuMs)
        }

        if ((obj.wallMs != null && obj.wallMs !== 0n)) {
          w.uint32(96)
          w.uint64(obj.wallMs)
        }

        if ((obj.finishedAt != null && obj.finishedAt !== 0n)) {
          w.uint32(104)
          w.uint64(obj.finishedAt)
        }

        if ((obj.stderrTail != null && obj.stderrTail.byteLength > 0)) {
          w.uint32(114)
          w.bytes(obj.stderrTail)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          jobId: uint8ArrayAlloc(0),
          worker: uint8ArrayAlloc(0),
          requester: uint8ArrayAlloc(0),
          offerHash: uint8ArrayAlloc(0),
          status: Status.STATUS_UNSPECIFIED,
          exitCode: 0,
          outputHash: uint8ArrayAlloc(0),
          outputSize: 0n,
          reason: '',
          message: '',
          cpuMs: 0n,
          wallMs: 0n,
          finishedAt: 0n,
          stderrTail: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.jobId = reader.bytes()
              break
            }
            case 2: {
              obj.worker = reader.bytes()
              break
            }
            case 3: {
              obj.requester = reader.bytes()
              break
            }
            case 4: {
              obj.offerHash = reader.bytes()
              break
            }
            case 5: {
              obj.status = Status.codec().decode(reader)
              break
            }
            case 6: {
              obj.exitCode = reader.sint32()
              break
            }
            case 7: {
              obj.outputHash = reader.bytes()
              break
            }
            case 8: {
              obj.outputSize = reader.uint64()
              break
            }
            case 9: {
              obj.reason = reader.string()
              break
            }
            case 10: {
              obj.message = reader.string()
              break
            }
            case 11: {
              obj.cpuMs = reader.uint64()
              break
            }
            case 12: {
              obj.wallMs = reader.uint64()
              break
            }
            case 13: {
              obj.finishedAt = reader.uint64()
              break
            }
            case 14: {
              obj.stderrTail = reader.bytes()
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
                field: `${prefix}.jobId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.worker`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.requester`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.offerHash`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.status`,
                value: Status.codec().decode(reader)
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.exitCode`,
                value: reader.sint32()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.outputHash`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.outputSize`,
                value: reader.uint64()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.reason`,
                value: reader.string()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.cpuMs`,
                value: reader.uint64()
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.wallMs`,
                value: reader.uint64()
              }
              break
            }
            case 13: {
              yield {
                field: `${prefix}.finishedAt`,
                value: reader.uint64()
              }
              break
            }
            case 14: {
              yield {
                field: `${prefix}.stderrTail`,
                value: reader.bytes()
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

  export interface ResultRecordJobIdFieldEvent {
    field: '$.jobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResultRecordWorkerFieldEvent {
    field: '$.worker'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResultRecordRequesterFieldEvent {
    field: '$.requester'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResultRecordOfferHashFieldEvent {
    field: '$.offerHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResultRecordStatusFieldEvent {
    field: '$.status'
    value: Status
  }

  export interface ResultRecordExitCodeFieldEvent {
    field: '$.exitCode'
    value: number
  }

  export interface ResultRecordOutputHashFieldEvent {
    field: '$.outputHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ResultRecordOutputSizeFieldEvent {
    field: '$.outputSize'
    value: bigint
  }

  export interface ResultRecordReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export interface ResultRecordMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface ResultRecordCpuMsFieldEvent {
    field: '$.cpuMs'
    value: bigint
  }

  export interface ResultRecordWallMsFieldEvent {
    field: '$.wallMs'
    value: bigint
  }

  export interface ResultRecordFinishedAtFieldEvent {
    field: '$.finishedAt'
    value: bigint
  }

  export interface ResultRecordStderrTailFieldEvent {
    field: '$.stderrTail'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ResultRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ResultRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResultRecord>): ResultRecord {
    return decodeMessage(buf, ResultRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ResultRecord>): Generator<ResultRecordJobIdFieldEvent | ResultRecordWorkerFieldEvent | ResultRecordRequesterFieldEvent | ResultRecordOfferHashFieldEvent | ResultRecordStatusFieldEvent | ResultRecordExitCodeFieldEvent | ResultRecordOutputHashFieldEvent | ResultRecordOutputSizeFieldEvent | ResultRecordReasonFieldEvent | ResultRecordMessageFieldEvent | ResultRecordCpuMsFieldEvent | ResultRecordWallMsFieldEvent | ResultRecordFinishedAtFieldEvent | ResultRecordStderrTailFieldEvent> {
    return streamMessage(buf, ResultRecord.codec(), opts)
  }
}

export interface Ack {
  envelope: Uint8Array<ArrayBuffer>
}

export namespace Ack {
  let _codec: Codec<Ack>

  export const codec = (): Codec<Ack> => {
    if (_codec == null) {
      _codec = message<Ack>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.envelope != null && obj.envelope.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.envelope)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          envelope: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.envelope = reader.bytes()
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
                field: `${prefix}.envelope`,
                value: reader.bytes()
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

  export interface AckEnvelopeFieldEvent {
    field: '$.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Ack>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Ack.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ack>): Ack {
    return decodeMessage(buf, Ack.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ack>): Generator<AckEnvelopeFieldEvent> {
    return streamMessage(buf, Ack.codec(), opts)
  }
}

export interface Kept {
  jobId: Uint8Array<ArrayBuffer>
}

export namespace Kept {
  let _codec: Codec<Kept>

  export const codec = (): Codec<Kept> => {
    if (_codec == null) {
      _codec = message<Kept>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.jobId != null && obj.jobId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.jobId)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          jobId: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.jobId = reader.bytes()
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
                field: `${prefix}.jobId`,
                value: reader.bytes()
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

  export interface KeptJobIdFieldEvent {
    field: '$.jobId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Kept>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Kept.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Kept>): Kept {
    return decodeMessage(buf, Kept.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Kept>): Generator<KeptJobIdFieldEvent> {
    return streamMessage(buf, Kept.codec(), opts)
  }
}

export interface AckRecord {
  jobId: Uint8Array<ArrayBuffer>
  worker: Uint8Array<ArrayBuffer>
  requester: Uint8Array<ArrayBuffer>
  outputHash: Uint8Array<ArrayBuffer>
  accepted: boolean
  ackedAt: bigint
}

export namespace AckRecord {
  let _codec: Codec<AckRecord>

  export const codec = (): Codec<AckRecord> => {
    if (_codec == null) {
      _codec = message<AckRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.jobId != null && obj.jobId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.jobId)
        }

        if ((obj.worker != null && obj.worker.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.worker)
        }

        if ((obj.requester != null && obj.requester.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.requester)
        }

        if ((obj.outputHash != null && obj.outputHash.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.outputHash)
        }

        if ((obj.accepted != null && obj.accepted !== false)) {
          w.uint32(40)
          w.bool(obj.accepted)
        }

        if ((obj.ackedAt != null && obj.ackedAt !== 0n)) {
          w.uint32(48)
          w.uint64(obj.ackedAt)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          jobId: uint8ArrayAlloc(0),
          worker: uint8ArrayAlloc(0),
          requester: uint8ArrayAlloc(0),
          outputHash: uint8ArrayAlloc(0),
          accepted: false,
          ackedAt: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.jobId = reader.bytes()
              break
            }
            case 2: {
              obj.worker = reader.bytes()
              break
            }
            case 3: {
              obj.requester = reader.bytes()
              break
            }
            case 4: {
              obj.outputHash = reader.bytes()
              break
            }
            case 5: {
              obj.accepted = reader.bool()
              break
            }
            case 6: {
              obj.ackedAt = reader.uint64()
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
                field: `${prefix}.jobId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.worker`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.requester`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.outputHash`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.accepted`,
                value: reader.bool()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.ackedAt`,
                value: reader.uint64()
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

  export interface AckRecordJobIdFieldEvent {
    field: '$.jobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AckRecordWorkerFieldEvent {
    field: '$.worker'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AckRecordRequesterFieldEvent {
    field: '$.requester'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AckRecordOutputHashFieldEvent {
    field: '$.outputHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AckRecordAcceptedFieldEvent {
    field: '$.accepted'
    value: boolean
  }

  export interface AckRecordAckedAtFieldEvent {
    field: '$.ackedAt'
    value: bigint
  }

  export function encode (obj: Partial<AckRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AckRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AckRecord>): AckRecord {
    return decodeMessage(buf, AckRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AckRecord>): Generator<AckRecordJobIdFieldEvent | AckRecordWorkerFieldEvent | AckRecordRequesterFieldEvent | AckRecordOutputHashFieldEvent | AckRecordAcceptedFieldEvent | AckRecordAckedAtFieldEvent> {
    return streamMessage(buf, AckRecord.codec(), opts)
  }
}

export interface Cancel {
  reason: string
}

export namespace Cancel {
  let _codec: Codec<Cancel>

  export const codec = (): Codec<Cancel> => {
    if (_codec == null) {
      _codec = message<Cancel>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.reason != null && obj.reason !== '')) {
          w.uint32(10)
          w.string(obj.reason)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          reason: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.reason = reader.string()
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
                field: `${prefix}.reason`,
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

  export interface CancelReasonFieldEvent {
    field: '$.reason'
    value: string
  }

  export function encode (obj: Partial<Cancel>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Cancel.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Cancel>): Cancel {
    return decodeMessage(buf, Cancel.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Cancel>): Generator<CancelReasonFieldEvent> {
    return streamMessage(buf, Cancel.codec(), opts)
  }
}

export interface Frame {
  offer?: Offer
  decline?: Decline
  bid?: Bid
  chunk?: Chunk
  progress?: Progress
  result?: Result
  ack?: Ack
  cancel?: Cancel
  kept?: Kept
}

export namespace Frame {
  let _codec: Codec<Frame>

  export const codec = (): Codec<Frame> => {
    if (_codec == null) {
      _codec = message<Frame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.offer != null) {
          w.uint32(10)
          Offer.codec().encode(obj.offer, w)
        }

        if (obj.decline != null) {
          w.uint32(18)
          Decline.codec().encode(obj.decline, w)
        }

        if (obj.bid != null) {
          w.uint32(26)
          Bid.codec().encode(obj.bid, w)
        }

        if (obj.chunk != null) {
          w.uint32(34)
          Chunk.codec().encode(obj.chunk, w)
        }

        if (obj.progress != null) {
          w.uint32(42)
          Progress.codec().encode(obj.progress, w)
        }

        if (obj.result != null) {
          w.uint32(50)
          Result.codec().encode(obj.result, w)
        }

        if (obj.ack != null) {
          w.uint32(58)
          Ack.codec().encode(obj.ack, w)
        }

        if (obj.cancel != null) {
          w.uint32(66)
          Cancel.codec().encode(obj.cancel, w)
        }

        if (obj.kept != null) {
          w.uint32(74)
          Kept.codec().encode(obj.kept, w)
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
              obj.offer = Offer.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.offer
              })
              break
            }
            case 2: {
              obj.decline = Decline.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.decline
              })
              break
            }
            case 3: {
              obj.bid = Bid.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.bid
              })
              break
            }
            case 4: {
              obj.chunk = Chunk.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.chunk
              })
              break
            }
            case 5: {
              obj.progress = Progress.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.progress
              })
              break
            }
            case 6: {
              obj.result = Result.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.result
              })
              break
            }
            case 7: {
              obj.ack = Ack.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ack
              })
              break
            }
            case 8: {
              obj.cancel = Cancel.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.cancel
              })
              break
            }
            case 9: {
              obj.kept = Kept.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.kept
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
              yield * Offer.codec().stream(reader, reader.uint32(), `${prefix}.offer`, {
                limits: opts.limits?.offer
              })

              break
            }
            case 2: {
              yield * Decline.codec().stream(reader, reader.uint32(), `${prefix}.decline`, {
                limits: opts.limits?.decline
              })

              break
            }
            case 3: {
              yield * Bid.codec().stream(reader, reader.uint32(), `${prefix}.bid`, {
                limits: opts.limits?.bid
              })

              break
            }
            case 4: {
              yield * Chunk.codec().stream(reader, reader.uint32(), `${prefix}.chunk`, {
                limits: opts.limits?.chunk
              })

              break
            }
            case 5: {
              yield * Progress.codec().stream(reader, reader.uint32(), `${prefix}.progress`, {
                limits: opts.limits?.progress
              })

              break
            }
            case 6: {
              yield * Result.codec().stream(reader, reader.uint32(), `${prefix}.result`, {
                limits: opts.limits?.result
              })

              break
            }
            case 7: {
              yield * Ack.codec().stream(reader, reader.uint32(), `${prefix}.ack`, {
                limits: opts.limits?.ack
              })

              break
            }
            case 8: {
              yield * Cancel.codec().stream(reader, reader.uint32(), `${prefix}.cancel`, {
                limits: opts.limits?.cancel
              })

              break
            }
            case 9: {
              yield * Kept.codec().stream(reader, reader.uint32(), `${prefix}.kept`, {
                limits: opts.limits?.kept
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

  export interface FrameOfferJobIdFieldEvent {
    field: '$.offer.jobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FrameOfferKindFieldEvent {
    field: '$.offer.kind'
    value: string
  }

  export interface FrameOfferModuleHashFieldEvent {
    field: '$.offer.moduleHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FrameOfferModuleSizeFieldEvent {
    field: '$.offer.moduleSize'
    value: bigint
  }

  export interface FrameOfferInputHashFieldEvent {
    field: '$.offer.inputHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FrameOfferInputSizeFieldEvent {
    field: '$.offer.inputSize'
    value: bigint
  }

  export interface FrameOfferArgsFieldEvent {
    field: '$.offer.args[]'
    index: number
    value: string
  }

  export interface FrameOfferLimitsMemoryMbFieldEvent {
    field: '$.offer.limits.memoryMb'
    value: number
  }

  export interface FrameOfferLimitsTimeoutMsFieldEvent {
    field: '$.offer.limits.timeoutMs'
    value: number
  }

  export interface FrameOfferLimitsMaxOutputBytesFieldEvent {
    field: '$.offer.limits.maxOutputBytes'
    value: bigint
  }

  export interface FrameOfferDeadlineFieldEvent {
    field: '$.offer.deadline'
    value: bigint
  }

  export interface FrameOfferPriceMilliFieldEvent {
    field: '$.offer.priceMilli'
    value: bigint
  }

  export interface FrameOfferDeterministicFieldEvent {
    field: '$.offer.deterministic'
    value: boolean
  }

  export interface FrameOfferSeedFieldEvent {
    field: '$.offer.seed'
    value: bigint
  }

  export interface FrameOfferDatasetsFieldEvent {
    field: '$.offer.datasets[]'
    index: number
    value: string
  }

  export interface FrameOfferModuleCidFieldEvent {
    field: '$.offer.moduleCid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FrameOfferInputCidFieldEvent {
    field: '$.offer.inputCid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FrameOfferInputFollowsFieldEvent {
    field: '$.offer.inputFollows'
    value: boolean
  }

  export interface FrameDeclineReasonFieldEvent {
    field: '$.decline.reason'
    value: DeclineReason
  }

  export interface FrameDeclineMessageFieldEvent {
    field: '$.decline.message'
    value: string
  }

  export interface FrameBidEnvelopeFieldEvent {
    field: '$.bid.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FrameChunkKindFieldEvent {
    field: '$.chunk.kind'
    value: ChunkKind
  }

  export interface FrameChunkDataFieldEvent {
    field: '$.chunk.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FrameChunkLastFieldEvent {
    field: '$.chunk.last'
    value: boolean
  }

  export interface FrameProgressPhaseFieldEvent {
    field: '$.progress.phase'
    value: Phase
  }

  export interface FrameProgressFractionFieldEvent {
    field: '$.progress.fraction'
    value: number
  }

  export interface FrameProgressMessageFieldEvent {
    field: '$.progress.message'
    value: string
  }

  export interface FrameResultEnvelopeFieldEvent {
    field: '$.result.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FrameAckEnvelopeFieldEvent {
    field: '$.ack.envelope'
    value: Uint8Array<ArrayBuffer>
  }

  export interface FrameCancelReasonFieldEvent {
    field: '$.cancel.reason'
    value: string
  }

  export interface FrameKeptJobIdFieldEvent {
    field: '$.kept.jobId'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Frame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Frame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Frame>): Frame {
    return decodeMessage(buf, Frame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Frame>): Generator<FrameOfferJobIdFieldEvent | FrameOfferKindFieldEvent | FrameOfferModuleHashFieldEvent | FrameOfferModuleSizeFieldEvent | FrameOfferInputHashFieldEvent | FrameOfferInputSizeFieldEvent | FrameOfferArgsFieldEvent | FrameOfferLimitsMemoryMbFieldEvent | FrameOfferLimitsTimeoutMsFieldEvent | FrameOfferLimitsMaxOutputBytesFieldEvent | FrameOfferDeadlineFieldEvent | FrameOfferPriceMilliFieldEvent | FrameOfferDeterministicFieldEvent | FrameOfferSeedFieldEvent | FrameOfferDatasetsFieldEvent | FrameOfferModuleCidFieldEvent | FrameOfferInputCidFieldEvent | FrameOfferInputFollowsFieldEvent | FrameDeclineReasonFieldEvent | FrameDeclineMessageFieldEvent | FrameBidEnvelopeFieldEvent | FrameChunkKindFieldEvent | FrameChunkDataFieldEvent | FrameChunkLastFieldEvent | FrameProgressPhaseFieldEvent | FrameProgressFractionFieldEvent | FrameProgressMessageFieldEvent | FrameResultEnvelopeFieldEvent | FrameAckEnvelopeFieldEvent | FrameCancelReasonFieldEvent | FrameKeptJobIdFieldEvent> {
    return streamMessage(buf, Frame.codec(), opts)
  }
}
