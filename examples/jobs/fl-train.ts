// fl-train: one participant's step of federated learning (examples/federated). Trains logistic
// regression from the model it is sent on the rows of a data set it reads through its read-only
// preopen, and writes the update. The rows never leave the module: only the update and the count do.
//
//   args:   the shard's path, e.g. /data/shard/train.csv (a CSV: a header line, then rows of
//           features and a 0/1 label in the last column)
//   stdin:  little-endian f64s: round, epochs, learningRate, batchSize, l2, seed, n, then n weights
//           (one per feature, then the bias)
//   stdout: little-endian f64s: count (rows trained on), then n values: new weights minus old
//
// The training is examples/federated/model.ts's `train` step for step: mini-batch SGD with L2 on
// the feature weights, examples shuffled each epoch by mulberry32(seed) (Fisher–Yates).
// Exit codes: 0 success, 2 bad input or a shard that does not fit the model, 74 I/O.

import { EXIT_USAGE, args, fail, readStdin, writeStdout } from "./lib/wasi";
import { readFile } from "./lib/files";

const argv = args();
if (argv.length != 2) fail("usage: fl-train <path of the shard's CSV under /data/<name>>");

// ---- the request ----
const input = readStdin();
if (input.length < 7 * 8 || input.length % 8 != 0) fail("the request must be f64s: round, epochs, learningRate, batchSize, l2, seed, n, weights");
const req = Float64Array.wrap(input.buffer);
const epochs = <i32>req[1];
const learningRate = req[2];
const batchSize = <i32>req[3];
const l2 = req[4];
const seed = <u32>req[5];
const n = <i32>req[6];
if (n < 2 || input.length != (7 + n) * 8 || epochs < 1 || batchSize < 1) fail("the request's sizes do not add up");
const d = n - 1;
const w = new Float64Array(n);
for (let j = 0; j < n; j++) {
  w[j] = req[7 + j];
  if (!isFinite(w[j])) fail("a weight is not finite");
}

// ---- the shard ----
const text = String.UTF8.decode(readFile(argv[1]).buffer);
const lines = text.split("\n");
let rows = 0;
const xs = new Float64Array(max(lines.length, 1) * d);
const ys = new Float64Array(max(lines.length, 1));
for (let i = 1; i < lines.length; i++) {
  const line = lines[i].trim();
  if (line.length == 0) continue;
  const cells = line.split(",");
  if (cells.length != n) fail("row " + i.toString() + " has " + cells.length.toString() + " columns; the model needs " + d.toString() + " features and a label", EXIT_USAGE);
  for (let j = 0; j < d; j++) xs[rows * d + j] = parseFloat(cells[j]);
  ys[rows] = parseFloat(cells[d]);
  rows++;
}
if (rows == 0) fail("the shard has no rows", EXIT_USAGE);

// ---- training (model.ts `train`) ----
let state: u32 = seed;
function rand(): f64 {
  state += 0x6D2B79F5;
  let t = state;
  t = (t ^ (t >>> 15)) * (t | 1);
  t ^= t + (t ^ (t >>> 7)) * (t | 61);
  return <f64>(t ^ (t >>> 14)) / 4294967296.0;
}

const start = new Float64Array(n);
for (let j = 0; j < n; j++) start[j] = w[j];
const order = new Int32Array(rows);
for (let i = 0; i < rows; i++) order[i] = i;
const grad = new Float64Array(n);
for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = rows - 1; i > 0; i--) {
    const j = <i32>Math.floor(rand() * <f64>(i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  for (let b = 0; b < rows; b += batchSize) {
    const end = min(b + batchSize, rows);
    for (let j = 0; j < n; j++) grad[j] = 0;
    for (let k = b; k < end; k++) {
      const r = order[k];
      let s = w[d];
      for (let j = 0; j < d; j++) s += w[j] * xs[r * d + j];
      const err = 1.0 / (1.0 + Math.exp(-s)) - ys[r];
      for (let j = 0; j < d; j++) grad[j] += err * xs[r * d + j];
      grad[d] += err;
    }
    const size = <f64>(end - b);
    for (let j = 0; j < n; j++) {
      const reg = j < d ? l2 * w[j] : 0.0;
      w[j] -= learningRate * (grad[j] / size + reg);
    }
  }
}

// ---- the reply: the count and the update, nothing else ----
const out = new Float64Array(1 + n);
out[0] = <f64>rows;
for (let j = 0; j < n; j++) out[1 + j] = w[j] - start[j];
writeStdout(Uint8Array.wrap(out.buffer));
