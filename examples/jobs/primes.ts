// primes: counts the primes <= N and writes the count to stdout as decimal text (no newline).
// N is argv[1], or, when there is no argument, the text on stdin (surrounding whitespace allowed).
// 0 <= N <= 10^12. Bad input: a message on stderr and exit code 2.
//
//   <run> primes.wasm 1000000   ->   78498
//
// A segmented sieve of Eratosthenes over the odd numbers: memory stays small (a 32 KiB segment
// plus the base primes up to sqrt(N)) while the work grows like N log log N, which makes it a
// steady CPU-bound job (on one core here: 10^7 in ~5 ms, 10^8 in ~50 ms, 10^9 in ~0.6 s).

import { EXIT_USAGE, STDOUT, args, fail, parseUint, readStdinText, writeString } from "./lib/wasi";

const MAX_N: i64 = 1_000_000_000_000;
const SEGMENT: u64 = 32 * 1024; // odd numbers per segment (one byte each)

const argv = args();
const text = argv.length > 1 ? argv[1] : readStdinText();
const parsed = parseUint(text, MAX_N);
if (parsed < 0) {
  fail("usage: primes N (0 <= N <= " + MAX_N.toString() + "; as argument or on stdin)", EXIT_USAGE);
}
const N = <u64>parsed;

/** floor(sqrt(n)) for n <= 10^12, exact. */
function isqrt(n: u64): u64 {
  let r = <u64>Math.sqrt(<f64>n);
  while (r * r > n) r--;
  while ((r + 1) * (r + 1) <= n) r++;
  return r;
}

function countPrimes(n: u64): u64 {
  if (n < 2) return 0;
  if (n < 3) return 1;
  // Odd numbers are indexed by i -> 2i + 1; index 0 (the number 1) is not prime. The last index is
  // m = (n - 1) / 2, the largest odd number <= n being 2m + 1.
  const m = (n - 1) >> 1;
  const root = isqrt(n);

  // Base primes: the odd primes <= root, by a plain sieve over indices 1..rootM.
  const rootM = <i32>((root - 1) >> 1);
  const small = new Uint8Array(rootM + 1); // 1 = composite
  let baseCount = 0;
  for (let i = 1; i <= rootM; i++) {
    if (unchecked(small[i])) continue;
    baseCount++;
    const p = <i64>(2 * i + 1);
    const start = (p * p - 1) >> 1; // the index of p*p
    if (start > <i64>rootM) continue;
    for (let j = <i32>start; j <= rootM; j += <i32>p) unchecked(small[j] = 1);
  }
  const primes = new StaticArray<u64>(baseCount); // the base primes
  const next = new StaticArray<u64>(baseCount); // next index to strike for each of them
  let k = 0;
  for (let i = 1; i <= rootM; i++) {
    if (unchecked(small[i])) continue;
    const p = <u64>(2 * i + 1);
    unchecked(primes[k] = p);
    unchecked(next[k] = (p * p - 1) >> 1); // the index of p*p
    k++;
  }

  let count: u64 = 1; // the prime 2
  const seg = new Uint8Array(<i32>SEGMENT);
  const segPtr = seg.dataStart;
  for (let lo: u64 = 1; lo <= m; lo += SEGMENT) {
    const hi = min<u64>(lo + SEGMENT, m + 1); // indices [lo, hi)
    const len = <i32>(hi - lo);
    memory.fill(segPtr, 0, <usize>len);
    for (let b = 0; b < baseCount; b++) {
      const p = unchecked(primes[b]);
      let j = unchecked(next[b]);
      while (j < hi) {
        store<u8>(segPtr + <usize>(j - lo), 1);
        j += p;
      }
      unchecked(next[b] = j);
    }
    for (let i = 0; i < len; i++) {
      count += <u64>(1 - <i32>load<u8>(segPtr + <usize>i));
    }
  }
  return count;
}

writeString(STDOUT, countPrimes(N).toString());
