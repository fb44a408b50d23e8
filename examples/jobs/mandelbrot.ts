// mandelbrot: renders one tile of a Mandelbrot image as raw RGBA bytes on stdout.
//
//   args: width height x0 y0 tileWidth tileHeight maxIter
//
// The whole image is width x height pixels over the fixed region [-2.5, 1.0] x [-1.25, 1.25] of the
// complex plane (re grows to the right, im grows upwards; pixel (px, py) samples its centre,
// re = -2.5 + (px + 0.5) * 3.5 / width, im = 1.25 - (py + 0.5) * 2.5 / height). The tile is the
// rectangle of tileWidth x tileHeight pixels whose top-left pixel is (x0, y0); the output is its
// rows top to bottom, each left to right, 4 bytes (R, G, B, A) per pixel: tileWidth*tileHeight*4
// bytes, no header. A pixel is black if it has not escaped (|z| > 2) after maxIter iterations,
// otherwise it takes colour (n mod 16) of a fixed 16-colour palette, n being the iteration at which
// it escaped. Only f64 +, -, * and comparisons are used, so the bytes are the same on every
// machine, and a tile's pixels are exactly the same pixels as in a render of the whole image.
//
// Limits: 1 <= width, height <= 65536; tile inside the image and non-empty; 1 <= maxIter <= 10^9.
// Bad arguments: a message on stderr and exit code 2.

import { EXIT_USAGE, STDOUT, args, fail, parseUint, writeBytes } from "./lib/wasi";

const USAGE = "usage: mandelbrot width height x0 y0 tileWidth tileHeight maxIter";
const MAX_SIDE: i64 = 65536;

const argv = args();
if (argv.length != 8) fail(USAGE, EXIT_USAGE);
function arg(i: i32, min: i64, max: i64, name: string): u32 {
  const v = parseUint(argv[i], max);
  if (v < min) fail(USAGE + "\nbad " + name + ": '" + argv[i] + "' (must be " + min.toString() + ".." + max.toString() + ")", EXIT_USAGE);
  return <u32>v;
}
const width = arg(1, 1, MAX_SIDE, "width");
const height = arg(2, 1, MAX_SIDE, "height");
const x0 = arg(3, 0, <i64>width - 1, "x0");
const y0 = arg(4, 0, <i64>height - 1, "y0");
const tileWidth = arg(5, 1, <i64>(width - x0), "tileWidth");
const tileHeight = arg(6, 1, <i64>(height - y0), "tileHeight");
const maxIter = arg(7, 1, 1_000_000_000, "maxIter");

// 16 colours (R, G, B), a dark-blue / white / orange ramp.
const PALETTE: StaticArray<u8> = [
  66, 30, 15,    25, 7, 26,     9, 1, 47,      4, 4, 73,
  0, 7, 100,     12, 44, 138,   24, 82, 177,   57, 125, 209,
  134, 181, 229, 211, 236, 248, 241, 233, 191, 248, 201, 95,
  255, 170, 0,   204, 128, 0,   153, 87, 0,    106, 52, 3,
];

const RE_MIN = -2.5;
const RE_SPAN = 3.5;
const IM_MAX = 1.25;
const IM_SPAN = 2.5;
const dx = RE_SPAN / <f64>width;
const dy = IM_SPAN / <f64>height;

/** Iterations before z escapes (|z| > 2) for c = cx + i cy, or maxIter if it does not. */
function escape(cx: f64, cy: f64): u32 {
  let x = 0.0, y = 0.0, x2 = 0.0, y2 = 0.0;
  let n: u32 = 0;
  while (n < maxIter && x2 + y2 <= 4.0) {
    y = (x + x) * y + cy;
    x = x2 - y2 + cx;
    x2 = x * x;
    y2 = y * y;
    n++;
  }
  return n;
}

// Output in batches of whole rows of about 64 KiB, so memory does not grow with the tile.
const rowBytes = <usize>tileWidth << 2;
const rowsPerBatch = <u32>max<usize>(1, (64 * 1024) / rowBytes);
const buf = heap.alloc(rowBytes * <usize>rowsPerBatch);
let used: usize = 0;
let rowsInBatch: u32 = 0;

for (let ty: u32 = 0; ty < tileHeight; ty++) {
  const cy = IM_MAX - (<f64>(y0 + ty) + 0.5) * dy;
  for (let tx: u32 = 0; tx < tileWidth; tx++) {
    const cx = RE_MIN + (<f64>(x0 + tx) + 0.5) * dx;
    const n = escape(cx, cy);
    const p = buf + used;
    if (n >= maxIter) {
      store<u32>(p, 0xff000000); // R=G=B=0, A=255 (little-endian)
    } else {
      const c = (n & 15) * 3;
      store<u8>(p, unchecked(PALETTE[c]));
      store<u8>(p, unchecked(PALETTE[c + 1]), 1);
      store<u8>(p, unchecked(PALETTE[c + 2]), 2);
      store<u8>(p, 255, 3);
    }
    used += 4;
  }
  if (++rowsInBatch == rowsPerBatch) {
    writeBytes(STDOUT, buf, used);
    used = 0;
    rowsInBatch = 0;
  }
}
if (used > 0) writeBytes(STDOUT, buf, used);
