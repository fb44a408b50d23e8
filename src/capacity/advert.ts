/**
 * A capacity advert and its signed form. The signature is a libp2p signed
 * envelope, so any libp2p implementation can check it.
 */
import { peerIdFromMultihash, peerIdFromPublicKey } from '@libp2p/peer-id'
import * as Digest from 'multiformats/hashes/digest'
import { EnvelopeError, open, seal } from '../utils/envelope.js'
import { CapacityAdvert as AdvertPb, Reachability } from '../pb/capacity.js'
import { ADVERT_DOMAIN, ADVERT_PAYLOAD_TYPE, MAX_ADDR_BYTES, MAX_ADDRS, MAX_ADVERT_BYTES, MAX_DATASETS, MAX_GPUS, MAX_KINDS, MAX_LABELS, MAX_RUNTIMES, MAX_MODELS, MAX_ONNX_PROVIDERS } from './constants.js'
import { fromHexString as fromHex, toHex } from '../utils/hash.js'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import { AdvertRejectedError } from './errors.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'

/** an advert as the rest of Shoal sees it: plain numbers, labels as a map */
export interface Advert {
  peerId: string
  seq: number
  issuedAt: number
  expiresAt: number
  leaving: boolean
  version: string
  cores: number
  memoryTotalMb: number
  memoryFreeMb: number
  /** one-minute load average */
  load: number
  gpus: Array<{ name: string, memoryMb: number, utilisation: number }>
  runtimes: string[]
  kinds: string[]
  slotsTotal: number
  slotsFree: number
  /** credits per job-second */
  price: number
  labels: Record<string, string>
  /** dialable directly ('public'), only through a relay ('private'), or not known (older peers, still probing) */
  reachability?: 'public' | 'private' | 'unknown'
  /** where to dial it (multiaddrs without /p2p/<id>), so a requester needs no DHT lookup */
  addrs?: string[]
  /** execution providers of the onnx job kind ('cpu', 'cuda', 'wasm', 'webgpu'); absent or empty: no onnx */
  onnxProviders?: string[]
  /** hex sha-256 of the ONNX models this peer holds */
  models?: string[]
  /** data sets held here that jobs may name (compute to data) */
  datasets?: DatasetInfo[]
}

/** a data set as adverts carry it */
export interface DatasetInfo {
  name: string
  /** bytes of all its files */
  size: number
  /** UnixFS root CID (string form), when computed */
  cid?: string
  /** public: others may fetch it; private (false): jobs that name it run here, and its bytes are never served */
  public: boolean
}

/** an advert that passed its signature check, with the bytes that carry it */
export interface SignedAdvert {
  advert: Advert
  /** the marshalled envelope, forwarded as is by the sync protocol */
  bytes: Uint8Array
}

export function encodeAdvert (advert: Advert, peerId: PeerId): Uint8Array {
  return AdvertPb.encode({
    peerId: peerId.toMultihash().bytes,
    seq: BigInt(advert.seq),
    issuedAt: BigInt(advert.issuedAt),
    expiresAt: BigInt(advert.expiresAt),
    leaving: advert.leaving,
    version: advert.version,
    cores: advert.cores,
    memoryTotalMb: BigInt(advert.memoryTotalMb),
    memoryFreeMb: BigInt(advert.memoryFreeMb),
    loadMilli: Math.round(advert.load * 1000),
    gpus: advert.gpus.map(g => ({ name: g.name, memoryMb: BigInt(g.memoryMb), utilisation: g.utilisation })),
    runtimes: advert.runtimes,
    kinds: advert.kinds,
    slotsTotal: advert.slotsTotal,
    slotsFree: advert.slotsFree,
    priceMilli: BigInt(Math.round(advert.price * 1000)),
    labels: Object.entries(advert.labels).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value })),
    reachability: advert.reachability === 'public' ? Reachability.REACHABILITY_PUBLIC : advert.reachability === 'private' ? Reachability.REACHABILITY_PRIVATE : Reachability.REACHABILITY_UNKNOWN,
    addrs: (advert.addrs ?? []).map(a => multiaddr(a).bytes),
    datasets: (advert.datasets ?? []).map(d => ({ name: d.name, size: BigInt(d.size), cid: d.cid != null ? CID.parse(d.cid).bytes : new Uint8Array(), public: d.public })),
    onnxProviders: advert.onnxProviders ?? [],
    models: (advert.models ?? []).map(fromHex)
  })
}

export async function sealAdvert (advert: Advert, privateKey: PrivateKey): Promise<Uint8Array> {
  return seal(ADVERT_DOMAIN, ADVERT_PAYLOAD_TYPE, encodeAdvert(advert, peerIdFromPublicKey(privateKey.publicKey)), privateKey)
}

/**
 * Decodes and checks the signature of an advert received from anyone. Throws
 * AdvertRejectedError naming the reason; the checks that need a clock or
 * history are in validate.ts.
 */
export async function openAdvert (bytes: Uint8Array): Promise<SignedAdvert> {
  if (bytes.byteLength > MAX_ADVERT_BYTES) throw new AdvertRejectedError('oversized', `${bytes.byteLength} bytes, limit ${MAX_ADVERT_BYTES}`)
  let opened: { payload: Uint8Array, signer: PeerId }
  try {
    opened = await open(bytes, ADVERT_DOMAIN, ADVERT_PAYLOAD_TYPE)
  } catch (err: any) {
    if (!(err instanceof EnvelopeError)) throw err
    // a bare advert with no envelope around it is unsigned, anything else garbage
    if (err.problem === 'malformed' && looksLikeBareAdvert(bytes)) throw new AdvertRejectedError('unsigned', 'an advert without a signed envelope')
    throw new AdvertRejectedError(err.problem, err.message)
  }
  const { payload, signer } = opened
  let pb: AdvertPb
  try {
    pb = AdvertPb.decode(payload, { limits: { gpus: MAX_GPUS, runtimes: MAX_RUNTIMES, kinds: MAX_KINDS, labels: MAX_LABELS, addrs: MAX_ADDRS, datasets: MAX_DATASETS, onnxProviders: MAX_ONNX_PROVIDERS, models: MAX_MODELS } })
  } catch (err: any) {
    throw new AdvertRejectedError('malformed', `advert does not decode (${err.message})`)
  }
  let claimed: PeerId
  try {
    claimed = peerIdFromMultihash(Digest.decode(pb.peerId))
  } catch {
    throw new AdvertRejectedError('malformed', 'advert peer id does not decode')
  }
  if (!claimed.equals(signer)) throw new AdvertRejectedError('signer-mismatch', `advert claims ${claimed.toString()} but is signed by ${signer.toString()}`)
  return { advert: { ...fromPb(pb, signer.toString()), addrs: decodeAddrs(pb.addrs), datasets: decodeDatasets(pb.datasets) }, bytes }
}

function decodeAddrs (addrs: Uint8Array[]): string[] {
  return addrs.map(bytes => {
    if (bytes.byteLength > MAX_ADDR_BYTES) throw new AdvertRejectedError('malformed', `an address of ${bytes.byteLength} bytes (limit ${MAX_ADDR_BYTES})`)
    try {
      return multiaddr(bytes).toString()
    } catch (err: any) {
      throw new AdvertRejectedError('malformed', `an address does not decode (${err.message})`)
    }
  })
}

function decodeDatasets (datasets: AdvertPb['datasets']): DatasetInfo[] {
  return datasets.map(d => {
    let cid: string | undefined
    if (d.cid.byteLength > 0) {
      try {
        cid = CID.decode(d.cid).toString()
      } catch (err: any) {
        throw new AdvertRejectedError('malformed', `data set "${d.name.slice(0, 64)}" has a CID that does not decode (${err.message})`)
      }
    }
    return { name: d.name, size: Number(d.size), public: d.public, ...(cid != null ? { cid } : {}) }
  })
}

function fromPb (pb: AdvertPb, peerId: string): Advert {
  // no prototype: a label named __proto__ is a label like any other
  const labels: Record<string, string> = Object.create(null)
  for (const { key, value } of pb.labels) labels[key] = value
  return {
    peerId,
    seq: Number(pb.seq),
    issuedAt: Number(pb.issuedAt),
    expiresAt: Number(pb.expiresAt),
    leaving: pb.leaving,
    version: pb.version,
    cores: pb.cores,
    memoryTotalMb: Number(pb.memoryTotalMb),
    memoryFreeMb: Number(pb.memoryFreeMb),
    load: pb.loadMilli / 1000,
    gpus: pb.gpus.map(g => ({ name: g.name, memoryMb: Number(g.memoryMb), utilisation: g.utilisation })),
    runtimes: pb.runtimes,
    kinds: pb.kinds,
    slotsTotal: pb.slotsTotal,
    slotsFree: pb.slotsFree,
    price: Number(pb.priceMilli) / 1000,
    labels,
    reachability: pb.reachability === Reachability.REACHABILITY_PUBLIC ? 'public' : pb.reachability === Reachability.REACHABILITY_PRIVATE ? 'private' : 'unknown',
    // absent rather than empty: an advert without onnx opens as it was sealed
    ...(pb.onnxProviders.length > 0 ? { onnxProviders: pb.onnxProviders } : {}),
    ...(pb.models.length > 0 ? { models: pb.models.map(toHex) } : {})
  }
}

function looksLikeBareAdvert (bytes: Uint8Array): boolean {
  try {
    const pb = AdvertPb.decode(bytes)
    return pb.peerId.byteLength > 0 && pb.seq > 0n
  } catch {
    return false
  }
}
