import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface Gpu {
  name: string
  memoryMb: bigint
  utilisation: number
}

export namespace Gpu {
  let _codec: Codec<Gpu>

  export const codec = (): Codec<Gpu> => {
    if (_codec == null) {
      _codec = message<Gpu>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.memoryMb != null && obj.memoryMb !== 0n)) {
          w.uint32(16)
          w.uint64(obj.memoryMb)
        }

        if ((obj.utilisation != null && obj.utilisation !== 0)) {
          w.uint32(24)
          w.uint32(obj.utilisation)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          memoryMb: 0n,
          utilisation: 0
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
              obj.memoryMb = reader.uint64()
              break
            }
            case 3: {
              obj.utilisation = reader.uint32()
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
                field: `${prefix}.memoryMb`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.utilisation`,
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

  export interface GpuNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface GpuMemoryMbFieldEvent {
    field: '$.memoryMb'
    value: bigint
  }

  export interface GpuUtilisationFieldEvent {
    field: '$.utilisation'
    value: number
  }

  export function encode (obj: Partial<Gpu>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Gpu.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Gpu>): Gpu {
    return decodeMessage(buf, Gpu.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Gpu>): Generator<GpuNameFieldEvent | GpuMemoryMbFieldEvent | GpuUtilisationFieldEvent> {
    return streamMessage(buf, Gpu.codec(), opts)
  }
}

export interface Label {
  key: string
  value: string
}

export namespace Label {
  let _codec: Codec<Label>

  export const codec = (): Codec<Label> => {
    if (_codec == null) {
      _codec = message<Label>((obj, w, opts = {}) => {
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

  export interface LabelKeyFieldEvent {
    field: '$.key'
    value: string
  }

  export interface LabelValueFieldEvent {
    field: '$.value'
    value: string
  }

  export function encode (obj: Partial<Label>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Label.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Label>): Label {
    return decodeMessage(buf, Label.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Label>): Generator<LabelKeyFieldEvent | LabelValueFieldEvent> {
    return streamMessage(buf, Label.codec(), opts)
  }
}

export interface CapacityAdvert {
  peerId: Uint8Array<ArrayBuffer>
  seq: bigint
  issuedAt: bigint
  expiresAt: bigint
  leaving: boolean
  version: string
  cores: number
  memoryTotalMb: bigint
  memoryFreeMb: bigint
  loadMilli: number
  gpus: Gpu[]
  runtimes: string[]
  kinds: string[]
  slotsTotal: number
  slotsFree: number
  priceMilli: bigint
  labels: Label[]
  reachability: Reachability
  addrs: Uint8Array<ArrayBuffer>[]
  onnxProviders: string[]
  models: Uint8Array<ArrayBuffer>[]
  datasets: DatasetAdvert[]
}

export namespace CapacityAdvert {
  let _codec: Codec<CapacityAdvert>

  export const codec = (): Codec<CapacityAdvert> => {
    if (_codec == null) {
      _codec = message<CapacityAdvert>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.peerId != null && obj.peerId.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.peerId)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(16)
          w.uint64(obj.seq)
        }

        if ((obj.issuedAt != null && obj.issuedAt !== 0n)) {
          w.uint32(24)
          w.uint64(obj.issuedAt)
        }

        if ((obj.expiresAt != null && obj.expiresAt !== 0n)) {
          w.uint32(32)
          w.uint64(obj.expiresAt)
        }

        if ((obj.leaving != null && obj.leaving !== false)) {
          w.uint32(40)
          w.bool(obj.leaving)
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(50)
          w.string(obj.version)
        }

        if ((obj.cores != null && obj.cores !== 0)) {
          w.uint32(56)
          w.uint32(obj.cores)
        }

        if ((obj.memoryTotalMb != null && obj.memoryTotalMb !== 0n)) {
          w.uint32(64)
          w.uint64(obj.memoryTotalMb)
        }

        if ((obj.memoryFreeMb != null && obj.memoryFreeMb !== 0n)) {
          w.uint32(72)
          w.uint64(obj.memoryFreeMb)
        }

        if ((obj.loadMilli != null && obj.loadMilli !== 0)) {
          w.uint32(80)
          w.uint32(obj.loadMilli)
        }

        if (obj.gpus != null && obj.gpus.length > 0) {
          for (const value of obj.gpus) {
            w.uint32(90)
            Gpu.codec().encode(value, w)
          }
        }

        if (obj.runtimes != null && obj.runtimes.length > 0) {
          for (const value of obj.runtimes) {
            w.uint32(98)
            w.string(value)
          }
        }

        if (obj.kinds != null && obj.kinds.length > 0) {
          for (const value of obj.kinds) {
            w.uint32(106)
            w.string(value)
          }
        }

        if ((obj.slotsTotal != null && obj.slotsTotal !== 0)) {
          w.uint32(112)
          w.uint32(obj.slotsTotal)
        }

        if ((obj.slotsFree != null && obj.slotsFree !== 0)) {
          w.uint32(120)
          w.uint32(obj.slotsFree)
        }

        if ((obj.priceMilli != null && obj.priceMilli !== 0n)) {
          w.uint32(128)
          w.uint64(obj.priceMilli)
        }

        if (obj.labels != null && obj.labels.length > 0) {
          for (const value of obj.labels) {
            w.uint32(138)
            Label.codec().encode(value, w)
          }
        }

        if (obj.reachability != null && __ReachabilityValues[obj.reachability] !== 0) {
          w.uint32(144)
          Reachability.codec().encode(obj.reachability, w)
        }

        if (obj.addrs != null && obj.addrs.length > 0) {
          for (const value of obj.addrs) {
            w.uint32(154)
            w.bytes(value)
          }
        }

        if (obj.onnxProviders != null && obj.onnxProviders.length > 0) {
          for (const value of obj.onnxProviders) {
            w.uint32(482)
            w.string(value)
          }
        }

        if (obj.models != null && obj.models.length > 0) {
          for (const value of obj.models) {
            w.uint32(490)
            w.bytes(value)
          }
        }

        if (obj.datasets != null && obj.datasets.length > 0) {
          for (const value of obj.datasets) {
            w.uint32(402)
            DatasetAdvert.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          peerId: uint8ArrayAlloc(0),
          seq: 0n,
          issuedAt: 0n,
          expiresAt: 0n,
          leaving: false,
          version: '',
          cores: 0,
          memoryTotalMb: 0n,
          memoryFreeMb: 0n,
          loadMilli: 0,
          gpus: [],
          runtimes: [],
          kinds: [],
          slotsTotal: 0,
          slotsFree: 0,
          priceMilli: 0n,
          labels: [],
          reachability: Reachability.REACHABILITY_UNKNOWN,
          addrs: [],
          onnxProviders: [],
          models: [],
          datasets: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.peerId = reader.bytes()
              break
            }
            case 2: {
              obj.seq = reader.uint64()
              break
            }
            case 3: {
              obj.issuedAt = reader.uint64()
              break
            }
            case 4: {
              obj.expiresAt = reader.uint64()
              break
            }
            case 5: {
              obj.leaving = reader.bool()
              break
            }
            case 6: {
              obj.version = reader.string()
              break
            }
            case 7: {
              obj.cores = reader.uint32()
              break
            }
            case 8: {
              obj.memoryTotalMb = reader.uint64()
              break
            }
            case 9: {
              obj.memoryFreeMb = reader.uint64()
              break
            }
            case 10: {
              obj.loadMilli = reader.uint32()
              break
            }
            case 11: {
              if (opts.limits?.gpus != null && obj.gpus.length === opts.limits.gpus) {
                throw new MaxLengthError('Decode error - repeated field "gpus" had too many elements')
              }

              obj.gpus.push(Gpu.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.gpus$
              }))
              break
            }
            case 12: {
              if (opts.limits?.runtimes != null && obj.runtimes.length === opts.limits.runtimes) {
                throw new MaxLengthError('Decode error - repeated field "runtimes" had too many elements')
              }

              obj.runtimes.push(reader.string())
              break
            }
            case 13: {
              if (opts.limits?.kinds != null && obj.kinds.length === opts.limits.kinds) {
                throw new MaxLengthError('Decode error - repeated field "kinds" had too many elements')
              }

              obj.kinds.push(reader.string())
              break
            }
            case 14: {
              obj.slotsTotal = reader.uint32()
              break
            }
            case 15: {
              obj.slotsFree = reader.uint32()
              break
            }
            case 16: {
              obj.priceMilli = reader.uint64()
              break
            }
            case 17: {
              if (opts.limits?.labels != null && obj.labels.length === opts.limits.labels) {
                throw new MaxLengthError('Decode error - repeated field "labels" had too many elements')
              }

              obj.labels.push(Label.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.labels$
              }))
              break
            }
            case 18: {
              obj.reachability = Reachability.codec().decode(reader)
              break
            }
            case 19: {
              if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              obj.addrs.push(reader.bytes())
              break
            }
            case 60: {
              if (opts.limits?.onnxProviders != null && obj.onnxProviders.length === opts.limits.onnxProviders) {
                throw new MaxLengthError('Decode error - repeated field "onnxProviders" had too many elements')
              }

              obj.onnxProviders.push(reader.string())
              break
            }
            case 61: {
              if (opts.limits?.models != null && obj.models.length === opts.limits.models) {
                throw new MaxLengthError('Decode error - repeated field "models" had too many elements')
              }

              obj.models.push(reader.bytes())
              break
            }
            case 50: {
              if (opts.limits?.datasets != null && obj.datasets.length === opts.limits.datasets) {
                throw new MaxLengthError('Decode error - repeated field "datasets" had too many elements')
              }

              obj.datasets.push(DatasetAdvert.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.datasets$
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
          gpus: 0,
          runtimes: 0,
          kinds: 0,
          labels: 0,
          addrs: 0,
          onnxProviders: 0,
          models: 0,
          datasets: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.peerId`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.issuedAt`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.expiresAt`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.leaving`,
                value: reader.bool()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.cores`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.memoryTotalMb`,
                value: reader.uint64()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.memoryFreeMb`,
                value: reader.uint64()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.loadMilli`,
                value: reader.uint32()
              }
              break
            }
            case 11: {
              if (opts.limits?.gpus != null && obj.gpus === opts.limits.gpus) {
                throw new MaxLengthError('Streaming decode error - repeated field "gpus" had too many elements')
              }

              for (const evt of Gpu.codec().stream(reader, reader.uint32(), `${prefix}.gpus[]`, {
                limits: opts.limits?.gpus$
              })) {
                yield {
                  ...evt,
                  index: obj.gpus
                }
              }

              obj.gpus++

              break
            }
            case 12: {
              if (opts.limits?.runtimes != null && obj.runtimes === opts.limits.runtimes) {
                throw new MaxLengthError('Streaming decode error - repeated field "runtimes" had too many elements')
              }

              yield {
                field: `${prefix}.runtimes[]`,
                index: obj.runtimes,
                value: reader.string()
              }

              obj.runtimes++

              break
            }
            case 13: {
              if (opts.limits?.kinds != null && obj.kinds === opts.limits.kinds) {
                throw new MaxLengthError('Streaming decode error - repeated field "kinds" had too many elements')
              }

              yield {
                field: `${prefix}.kinds[]`,
                index: obj.kinds,
                value: reader.string()
              }

              obj.kinds++

              break
            }
            case 14: {
              yield {
                field: `${prefix}.slotsTotal`,
                value: reader.uint32()
              }
              break
            }
            case 15: {
              yield {
                field: `${prefix}.slotsFree`,
                value: reader.uint32()
              }
              break
            }
            case 16: {
              yield {
                field: `${prefix}.priceMilli`,
                value: reader.uint64()
              }
              break
            }
            case 17: {
              if (opts.limits?.labels != null && obj.labels === opts.limits.labels) {
                throw new MaxLengthError('Streaming decode error - repeated field "labels" had too many elements')
              }

              for (const evt of Label.codec().stream(reader, reader.uint32(), `${prefix}.labels[]`, {
                limits: opts.limits?.labels$
              })) {
                yield {
                  ...evt,
                  index: obj.labels
                }
              }

              obj.labels++

              break
            }
            case 18: {
              yield {
                field: `${prefix}.reachability`,
                value: Reachability.codec().decode(reader)
              }
              break
            }
            case 19: {
              if (opts.limits?.addrs != null && obj.addrs === opts.limits.addrs) {
                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements')
              }

              yield {
                field: `${prefix}.addrs[]`,
                index: obj.addrs,
                value: reader.bytes()
              }

              obj.addrs++

              break
            }
            case 60: {
              if (opts.limits?.onnxProviders != null && obj.onnxProviders === opts.limits.onnxProviders) {
                throw new MaxLengthError('Streaming decode error - repeated field "onnxProviders" had too many elements')
              }

              yield {
                field: `${prefix}.onnxProviders[]`,
                index: obj.onnxProviders,
                value: reader.string()
              }

              obj.onnxProviders++

              break
            }
            case 61: {
              if (opts.limits?.models != null && obj.models === opts.limits.models) {
                throw new MaxLengthError('Streaming decode error - repeated field "models" had too many elements')
              }

              yield {
                field: `${prefix}.models[]`,
                index: obj.models,
                value: reader.bytes()
              }

              obj.models++

              break
            }
            case 50: {
              if (opts.limits?.datasets != null && obj.datasets === opts.limits.datasets) {
                throw new MaxLengthError('Streaming decode error - repeated field "datasets" had too many elements')
              }

              for (const evt of DatasetAdvert.codec().stream(reader, reader.uint32(), `${prefix}.datasets[]`, {
                limits: opts.limits?.datasets$
              })) {
                yield {
                  ...evt,
                  index: obj.datasets
                }
              }

              obj.datasets++

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

  export interface CapacityAdvertPeerIdFieldEvent {
    field: '$.peerId'
    value: Uint8Array<ArrayBuffer>
  }

  export interface CapacityAdvertSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface CapacityAdvertIssuedAtFieldEvent {
    field: '$.issuedAt'
    value: bigint
  }

  export interface CapacityAdvertExpiresAtFieldEvent {
    field: '$.expiresAt'
    value: bigint
  }

  export interface CapacityAdvertLeavingFieldEvent {
    field: '$.leaving'
    value: boolean
  }

  export interface CapacityAdvertVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface CapacityAdvertCoresFieldEvent {
    field: '$.cores'
    value: number
  }

  export interface CapacityAdvertMemoryTotalMbFieldEvent {
    field: '$.memoryTotalMb'
    value: bigint
  }

  export interface CapacityAdvertMemoryFreeMbFieldEvent {
    field: '$.memoryFreeMb'
    value: bigint
  }

  export interface CapacityAdvertLoadMilliFieldEvent {
    field: '$.loadMilli'
    value: number
  }

  export interface CapacityAdvertGpusNameFieldEvent {
    field: '$.gpus[].name'
    value: string
    index: number
  }

  export interface CapacityAdvertGpusMemoryMbFieldEvent {
    field: '$.gpus[].memoryMb'
    value: bigint
    index: number
  }

  export interface CapacityAdvertGpusUtilisationFieldEvent {
    field: '$.gpus[].utilisation'
    value: number
    index: number
  }

  export interface CapacityAdvertRuntimesFieldEvent {
    field: '$.runtimes[]'
    index: number
    value: string
  }

  export interface CapacityAdvertKindsFieldEvent {
    field: '$.kinds[]'
    index: number
    value: string
  }

  export interface CapacityAdvertSlotsTotalFieldEvent {
    field: '$.slotsTotal'
    value: number
  }

  export interface CapacityAdvertSlotsFreeFieldEvent {
    field: '$.slotsFree'
    value: number
  }

  export interface CapacityAdvertPriceMilliFieldEvent {
    field: '$.priceMilli'
    value: bigint
  }

  export interface CapacityAdvertLabelsKeyFieldEvent {
    field: '$.labels[].key'
    value: string
    index: number
  }

  export interface CapacityAdvertLabelsValueFieldEvent {
    field: '$.labels[].value'
    value: string
    index: number
  }

  export interface CapacityAdvertReachabilityFieldEvent {
    field: '$.reachability'
    value: Reachability
  }

  export interface CapacityAdvertAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface CapacityAdvertOnnxProvidersFieldEvent {
    field: '$.onnxProviders[]'
    index: number
    value: string
  }

  export interface CapacityAdvertModelsFieldEvent {
    field: '$.models[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface CapacityAdvertDatasetsNameFieldEvent {
    field: '$.datasets[].name'
    value: string
    index: number
  }

  export interface CapacityAdvertDatasetsSizeFieldEvent {
    field: '$.datasets[].size'
    value: bigint
    index: number
  }

  export interface CapacityAdvertDatasetsCidFieldEvent {
    field: '$.datasets[].cid'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface CapacityAdvertDatasetsPublicFieldEvent {
    field: '$.datasets[].public'
    value: boolean
    index: number
  }

  export function encode (obj: Partial<CapacityAdvert>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CapacityAdvert.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CapacityAdvert>): CapacityAdvert {
    return decodeMessage(buf, CapacityAdvert.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CapacityAdvert>): Generator<CapacityAdvertPeerIdFieldEvent | CapacityAdvertSeqFieldEvent | CapacityAdvertIssuedAtFieldEvent | CapacityAdvertExpiresAtFieldEvent | CapacityAdvertLeavingFieldEvent | CapacityAdvertVersionFieldEvent | CapacityAdvertCoresFieldEvent | CapacityAdvertMemoryTotalMbFieldEvent | CapacityAdvertMemoryFreeMbFieldEvent | CapacityAdvertLoadMilliFieldEvent | CapacityAdvertGpusNameFieldEvent | CapacityAdvertGpusMemoryMbFieldEvent | CapacityAdvertGpusUtilisationFieldEvent | CapacityAdvertRuntimesFieldEvent | CapacityAdvertKindsFieldEvent | CapacityAdvertSlotsTotalFieldEvent | CapacityAdvertSlotsFreeFieldEvent | CapacityAdvertPriceMilliFieldEvent | CapacityAdvertLabelsKeyFieldEvent | CapacityAdvertLabelsValueFieldEvent | CapacityAdvertReachabilityFieldEvent | CapacityAdvertAddrsFieldEvent | CapacityAdvertOnnxProvidersFieldEvent | CapacityAdvertModelsFieldEvent | CapacityAdvertDatasetsNameFieldEvent | CapacityAdvertDatasetsSizeFieldEvent | CapacityAdvertDatasetsCidFieldEvent | CapacityAdvertDatasetsPublicFieldEvent> {
    return streamMessage(buf, CapacityAdvert.codec(), opts)
  }
}

export interface DatasetAdvert {
  name: string
  size: bigint
  cid: Uint8Array<ArrayBuffer>
  public: boolean
}

export namespace DatasetAdvert {
  let _codec: Codec<DatasetAdvert>

  export const codec = (): Codec<DatasetAdvert> => {
    if (_codec == null) {
      _codec = message<DatasetAdvert>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.size != null && obj.size !== 0n)) {
          w.uint32(16)
          w.uint64(obj.size)
        }

        if ((obj.cid != null && obj.cid.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.cid)
        }

        if ((obj.public != null && obj.public !== false)) {
          w.uint32(32)
          w.bool(obj.public)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          size: 0n,
          cid: uint8ArrayAlloc(0),
          public: false
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
              obj.size = reader.uint64()
              break
            }
            case 3: {
              obj.cid = reader.bytes()
              break
            }
            case 4: {
              obj.public = reader.bool()
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
                field: `${prefix}.size`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.cid`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.public`,
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

  export interface DatasetAdvertNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface DatasetAdvertSizeFieldEvent {
    field: '$.size'
    value: bigint
  }

  export interface DatasetAdvertCidFieldEvent {
    field: '$.cid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DatasetAdvertPublicFieldEvent {
    field: '$.public'
    value: boolean
  }

  export function encode (obj: Partial<DatasetAdvert>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DatasetAdvert.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DatasetAdvert>): DatasetAdvert {
    return decodeMessage(buf, DatasetAdvert.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DatasetAdvert>): Generator<DatasetAdvertNameFieldEvent | DatasetAdvertSizeFieldEvent | DatasetAdvertCidFieldEvent | DatasetAdvertPublicFieldEvent> {
    return streamMessage(buf, DatasetAdvert.codec(), opts)
  }
}

export enum Reachability {
  REACHABILITY_UNKNOWN = 'REACHABILITY_UNKNOWN',
  REACHABILITY_PUBLIC = 'REACHABILITY_PUBLIC',
  REACHABILITY_PRIVATE = 'REACHABILITY_PRIVATE'
}

enum __ReachabilityValues {
  REACHABILITY_UNKNOWN = 0,
  REACHABILITY_PUBLIC = 1,
  REACHABILITY_PRIVATE = 2
}

export namespace Reachability {
  export const codec = (): Codec<Reachability> => {
    return enumeration<Reachability>(__ReachabilityValues)
  }
}

export interface SyncRequest {
  limit: number
  selfOnly: boolean
}

export namespace SyncRequest {
  let _codec: Codec<SyncRequest>

  export const codec = (): Codec<SyncRequest> => {
    if (_codec == null) {
      _codec = message<SyncRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(8)
          w.uint32(obj.limit)
        }

        if ((obj.selfOnly != null && obj.selfOnly !== false)) {
          w.uint32(16)
          w.bool(obj.selfOnly)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          limit: 0,
          selfOnly: false
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
              obj.selfOnly = reader.bool()
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
                field: `${prefix}.selfOnly`,
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

  export interface SyncRequestLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export interface SyncRequestSelfOnlyFieldEvent {
    field: '$.selfOnly'
    value: boolean
  }

  export function encode (obj: Partial<SyncRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SyncRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): SyncRequest {
    return decodeMessage(buf, SyncRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SyncRequest>): Generator<SyncRequestLimitFieldEvent | SyncRequestSelfOnlyFieldEvent> {
    return streamMessage(buf, SyncRequest.codec(), opts)
  }
}
