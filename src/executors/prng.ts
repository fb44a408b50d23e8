/**
 * The deterministic random stream behind random_get in deterministic mode.
 * Specified exactly, so that every peer (and any other implementation of the
 * Shoal executor) produces the same bytes for the same seed:
 *
 *   state: xoshiro128** with s0..s3 = four successive outputs of splitmix32
 *   started at the seed (a uint32);
 *   bytes: each 32-bit output, little-endian, taken in order as one stream
 *   across calls (random_get(1) four times gives the bytes of random_get(4)).
 *
 * Not cryptographic: jobs that need secrets must ask for a non-deterministic run.
 */
export class SeededBytes {
  private readonly s = new Uint32Array(4)
  private word = 0
  private left = 0

  constructor (seed: number) {
    let x = seed >>> 0
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0
      let t = x ^ (x >>> 16)
      t = Math.imul(t, 0x21f0aaad)
      t ^= t >>> 15
      t = Math.imul(t, 0x735a2d97)
      this.s[i] = (t ^ (t >>> 15)) >>> 0
    }
  }

  /** the next 32-bit output of xoshiro128** */
  next (): number {
    const s = this.s
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0
    const t = s[1] << 9
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 11)
    return result
  }

  fill (out: Uint8Array): void {
    for (let i = 0; i < out.length; i++) {
      if (this.left === 0) { this.word = this.next(); this.left = 4 }
      out[i] = this.word & 0xff
      this.word >>>= 8
      this.left--
    }
  }
}

function rotl (x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
