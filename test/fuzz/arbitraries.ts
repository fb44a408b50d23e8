/**
 * Hostile bytes for the fuzz tests: random bytes, and valid messages cut
 * short, bit-flipped, spliced with junk or given huge length prefixes.
 */
import fc from 'fast-check'
import { expect } from 'chai'

/** fuzz runs stay short: the whole fuzz set takes seconds */
export const RUNS = Number(process.env.SHOAL_FUZZ_RUNS ?? 300)

export const randomBytes = (maxLength = 512): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength })

/** a length (or field-length) prefix far beyond any limit: 2^20 .. 2^53 */
export const hugeLength = fc.oneof(
  fc.integer({ min: 2 ** 20, max: 2 ** 31 - 1 }),
  fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER })
)

/** unsigned varint (protobuf, multiformats) of a whole number up to 2^53 */
export function encodeVarint (n: number): Uint8Array {
  const out: number[] = []
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80)
    n = Math.floor(n / 0x80)
  }
  out.push(n)
  return Uint8Array.from(out)
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  let offset = 0
  for (const p of parts) { out.set(p, offset); offset += p.byteLength }
  return out
}

/** `valid` damaged one of several ways */
export function mutated (valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  const index = fc.integer({ min: 0, max: Math.max(0, valid.byteLength - 1) })
  return fc.oneof(
    // cut short
    fc.integer({ min: 0, max: Math.max(0, valid.byteLength - 1) }).map(n => valid.slice(0, n)),
    // a few bits flipped
    fc.array(fc.tuple(index, fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }).map(flips => {
      const out = valid.slice()
      for (const [i, bit] of flips) out[i] ^= 1 << bit
      return out
    }),
    // junk spliced in
    fc.tuple(index, fc.uint8Array({ minLength: 1, maxLength: 32 })).map(([i, junk]) => concat(valid.subarray(0, i), junk, valid.subarray(i))),
    // a huge varint spliced in where a field's length may be
    fc.tuple(index, hugeLength).map(([i, n]) => concat(valid.subarray(0, i), encodeVarint(n), valid.subarray(i))),
    // a byte overwritten by 0xff (varint continuation, wire type 7)
    index.map(i => { const out = valid.slice(); out[i] = 0xff; return out }),
    // the valid message with junk after it
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map(junk => concat(valid, junk))
  )
}

/** random bytes or a mutation of one of `valid` */
export function hostile (valid: Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.oneof(randomBytes(), ...valid.map(v => mutated(v)))
}

/**
 * Runs `fn`; it may succeed, or fail only with an error of `type` that
 * carries a reason from `reasons` and a message. Anything else (a TypeError,
 * a RangeError from a decoder) is a bug.
 */
export async function settlesCleanly<E extends Error> (fn: () => Promise<unknown> | unknown, type: new (...args: any[]) => E, reasonOf: (e: E) => string, reasons: readonly string[]): Promise<'ok' | string> {
  try {
    await fn()
    return 'ok'
  } catch (err: any) {
    expect(err, `${err?.name}: ${err?.message}\n${err?.stack}`).to.be.instanceOf(type)
    const reason = reasonOf(err)
    expect(reasons, err.message).to.include(reason)
    expect(err.message).to.be.a('string').and.not.equal('')
    return reason
  }
}
