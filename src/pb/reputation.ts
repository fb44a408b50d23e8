import { decodeMessage, encodeMessage, enumeration, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export enum Outcome {
  OUTCOME_UNSPECIFIED = 'OUTCOME_UNSPECIFIED',
  SUCCESS = 'SUCCESS',
  WRONG_RESULT = 'WRONG_RESULT',
  TIMEOUT = 'TIMEOUT',
  DROPPED = 'DROPPED',
  DECLINED_AFTER_BID = 'DECLINED_AFTER_BID'
}

enum __OutcomeValues {
  OUTCOME_UNSPECIFIED = 0,
  SUCCESS = 1,
  WRONG_RESULT = 2,
  TIMEOUT = 3,
  DROPPED = 4,
  DECLINED_AFTER_BID = 5
}

export namespace Outcome {
  export const codec = (): Codec<Outcome> => {
    return enumeration<Outcome>(__OutcomeValues)
  }
}

export interface Report {
  reporter: Uint8Array<ArrayBuffer>
  worker: Uint8Array<ArrayBuffer>
  jobId: Uint8Array<ArrayBuffer>
  outcome: Outcome
  at: bigint
  bid: Uint8Array<ArrayBuffer>
  result: Uint8Array<ArrayBuffer>
  acceptedOutputHash: Uint8Array<ArrayBuffer>
}

export namespace Report {
  let _codec: Codec<Report>

  export const codec = (): Codec<Report> => {
    if (_codec == null) {
      _codec = message<Report>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.reporter != null && obj.reporter.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.reporter)
        }

        if ((obj.worker != null && obj.worker.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.worker)
        }

        if ((obj.jobId != null && obj.jobId.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.jobId)
        }

        if (obj.outcome != null && __OutcomeValues[obj.outcome] !== 0) {
          w.uint32(32)
          Outcome.codec().encode(obj.outcome, w)
        }

        if ((obj.at != null && obj.at !== 0n)) {
          w.uint32(40)
          w.uint64(obj.at)
        }

        if ((obj.bid != null && obj.bid.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.bid)
        }

        if ((obj.result != null && obj.result.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.result)
        }

        if ((obj.acceptedOutputHash != null && obj.acceptedOutputHash.byteLength > 0)) {
          w.uint32(66)
          w.bytes(obj.acceptedOutputHash)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          reporter: uint8ArrayAlloc(0),
          worker: uint8ArrayAlloc(0),
          jobId: uint8ArrayAlloc(0),
          outcome: Outcome.OUTCOME_UNSPECIFIED,
          at: 0n,
          bid: uint8ArrayAlloc(0),
          result: uint8ArrayAlloc(0),
          acceptedOutputHash: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.reporter = reader.bytes()
              break
            }
            case 2: {
              obj.worker = reader.bytes()
              break
            }
            case 3: {
              obj.jobId = reader.bytes()
              break
            }
            case 4: {
              obj.outcome = Outcome.codec().decode(reader)
              break
            }
            case 5: {
              obj.at = reader.uint64()
              break
            }
            case 6: {
              obj.bid = reader.bytes()
              break
            }
            case 7: {
              obj.result = reader.bytes()
              break
            }
            case 8: {
              obj.acceptedOutputHash = reader.bytes()
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
                field: `${prefix}.reporter`,
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
                field: `${prefix}.jobId`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.outcome`,
                value: Outcome.codec().decode(reader)
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.at`,
                value: reader.uint64()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.bid`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.result`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.acceptedOutputHash`,
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

  export interface ReportReporterFieldEvent {
    field: '$.reporter'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReportWorkerFieldEvent {
    field: '$.worker'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReportJobIdFieldEvent {
    field: '$.jobId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReportOutcomeFieldEvent {
    field: '$.outcome'
    value: Outcome
  }

  export interface ReportAtFieldEvent {
    field: '$.at'
    value: bigint
  }

  export interface ReportBidFieldEvent {
    field: '$.bid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReportResultFieldEvent {
    field: '$.result'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReportAcceptedOutputHashFieldEvent {
    field: '$.acceptedOutputHash'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Report>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Report.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Report>): Report {
    return decodeMessage(buf, Report.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Report>): Generator<ReportReporterFieldEvent | ReportWorkerFieldEvent | ReportJobIdFieldEvent | ReportOutcomeFieldEvent | ReportAtFieldEvent | ReportBidFieldEvent | ReportResultFieldEvent | ReportAcceptedOutputHashFieldEvent> {
    return streamMessage(buf, Report.codec(), opts)
  }
}

export interface ReportSyncRequest {
  limit: number
  before: bigint
}

export namespace ReportSyncRequest {
  let _codec: Codec<ReportSyncRequest>

  export const codec = (): Codec<ReportSyncRequest> => {
    if (_codec == null) {
      _codec = message<ReportSyncRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(8)
          w.uint32(obj.limit)
        }

        if ((obj.before != null && obj.before !== 0n)) {
          w.uint32(16)
          w.uint64(obj.before)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          limit: 0,
          before: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.limit = reader.uint32()
              break
            }
            case 2: {
              obj.before = reader.uint64()
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
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.before`,
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

  export interface ReportSyncRequestLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export interface ReportSyncRequestBeforeFieldEvent {
    field: '$.before'
    value: bigint
  }

  export function encode (obj: Partial<ReportSyncRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReportSyncRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReportSyncRequest>): ReportSyncRequest {
    return decodeMessage(buf, ReportSyncRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReportSyncRequest>): Generator<ReportSyncRequestLimitFieldEvent | ReportSyncRequestBeforeFieldEvent> {
    return streamMessage(buf, ReportSyncRequest.codec(), opts)
  }
}
