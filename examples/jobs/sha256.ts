// sha256: reads all of stdin and writes its SHA-256 digest to stdout as 64 lowercase hex characters
// (no newline). Exit code 0. Input is hashed as it streams in, so its size is not bounded by memory.
//
//   echo -n abc | <run> sha256.wasm   ->   ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad

import { STDIN, STDOUT, readInto, writeBytes } from "./lib/wasi";

// Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

// Hash state: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
let h0: u32 = 0x6a09e667;
let h1: u32 = 0xbb67ae85;
let h2: u32 = 0x3c6ef372;
let h3: u32 = 0xa54ff53a;
let h4: u32 = 0x510e527f;
let h5: u32 = 0x9b05688c;
let h6: u32 = 0x1f83d9ab;
let h7: u32 = 0x5be0cd19;

const W = new StaticArray<u32>(64);

/** Compresses the 64-byte block at `p` into the state. */
function block(p: usize): void {
  for (let i = 0; i < 16; i++) {
    unchecked(W[i] = bswap<u32>(load<u32>(p + (<usize>i << 2))));
  }
  for (let i = 16; i < 64; i++) {
    const w15 = unchecked(W[i - 15]);
    const w2 = unchecked(W[i - 2]);
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
    unchecked(W[i] = unchecked(W[i - 16]) + s0 + unchecked(W[i - 7]) + s1);
  }
  let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
  for (let i = 0; i < 64; i++) {
    const S1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = h + S1 + ch + unchecked(K[i]) + unchecked(W[i]);
    const S0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = S0 + maj;
    h = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  h0 += a; h1 += b; h2 += c; h3 += d; h4 += e; h5 += f; h6 += g; h7 += h;
}

// Read stdin in chunks of CHUNK bytes; whole blocks are hashed in place, a partial block waits in
// `pending` for the next chunk.
const CHUNK: usize = 64 * 1024;
const chunk = heap.alloc(CHUNK);
const pending = heap.alloc(128);
let pendingLen: usize = 0;
let total: u64 = 0;

while (true) {
  const n = readInto(STDIN, chunk, CHUNK);
  if (n == 0) break;
  total += <u64>n;
  let p = chunk;
  let left = n;
  if (pendingLen > 0) {
    const take = min<usize>(64 - pendingLen, left);
    memory.copy(pending + pendingLen, p, take);
    pendingLen += take;
    p += take;
    left -= take;
    if (pendingLen < 64) continue;
    block(pending);
    pendingLen = 0;
  }
  while (left >= 64) {
    block(p);
    p += 64;
    left -= 64;
  }
  if (left > 0) {
    memory.copy(pending, p, left);
    pendingLen = left;
  }
}

// Padding: 0x80, zeros up to 56 mod 64, then the message length in bits as a big-endian u64.
store<u8>(pending + pendingLen, 0x80);
pendingLen++;
const padded: usize = pendingLen <= 56 ? 64 : 128;
memory.fill(pending + pendingLen, 0, padded - pendingLen);
store<u64>(pending + padded - 8, bswap<u64>(total << 3));
block(pending);
if (padded == 128) block(pending + 64);

// Hex digest.
const out = heap.alloc(64);
const HEX = "0123456789abcdef";
function putWord(at: usize, word: u32): void {
  for (let i = 0; i < 8; i++) {
    const nibble = (word >>> (28 - (<u32>i << 2))) & 0xf;
    store<u8>(out + at + <usize>i, <u8>HEX.charCodeAt(<i32>nibble));
  }
}
putWord(0, h0); putWord(8, h1); putWord(16, h2); putWord(24, h3);
putWord(32, h4); putWord(40, h5); putWord(48, h6); putWord(56, h7);
writeBytes(STDOUT, out, 64);
