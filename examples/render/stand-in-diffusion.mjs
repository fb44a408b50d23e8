#!/usr/bin/env node
// A stand-in for a local image generator (e.g. a diffusion model on a GPU), in the shape
// `shoal render --kind <kind>` expects of an operator-approved native command:
//
//   stdin:  {"prompt": "...", "seed": 0, "width": W, "height": H, "x": X, "y": Y, "tileWidth": w, "tileHeight": h}
//   stdout: the tile (w x h pixels whose top-left pixel is (X, Y) of the W x H image) as a PNG
//
// It draws a deterministic pattern from the prompt and seed (no model, no GPU): each pixel depends
// only on (prompt, seed, W, H, its x, its y), so tiles put together equal the whole image, and two
// peers give the same bytes. A real wrapper would run the model on the request and write its PNG.
import pngjs from 'pngjs'

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
let req
try {
  req = JSON.parse(Buffer.concat(chunks).toString('utf8'))
} catch (err) {
  process.stderr.write(`usage: a JSON request on stdin (${err.message})\n`)
  process.exit(2)
}
const { prompt = '', seed = 0, width, height, x, y, tileWidth, tileHeight } = req
for (const v of [width, height, x, y, tileWidth, tileHeight]) {
  if (!Number.isInteger(v) || v < 0) { process.stderr.write('usage: width, height, x, y, tileWidth, tileHeight must be whole numbers\n'); process.exit(2) }
}

// FNV-1a of the prompt and seed: three base hues
let h = 0x811c9dc5
for (const byte of Buffer.from(`${seed}:${prompt}`)) h = Math.imul(h ^ byte, 0x01000193) >>> 0
const base = [h & 255, (h >>> 8) & 255, (h >>> 16) & 255]

const png = new pngjs.PNG({ width: tileWidth, height: tileHeight })
for (let ty = 0; ty < tileHeight; ty++) {
  for (let tx = 0; tx < tileWidth; tx++) {
    const gx = x + tx
    const gy = y + ty
    const u = Math.floor(gx * 255 / Math.max(1, width - 1))
    const v = Math.floor(gy * 255 / Math.max(1, height - 1))
    const ring = ((gx - width / 2) ** 2 + (gy - height / 2) ** 2) % 4096 < 2048 ? 40 : 0
    const i = (ty * tileWidth + tx) * 4
    png.data[i] = (base[0] + u + ring) & 255
    png.data[i + 1] = (base[1] + v) & 255
    png.data[i + 2] = (base[2] + ((u ^ v) & 255)) & 255
    png.data[i + 3] = 255
  }
}
process.stdout.write(pngjs.PNG.sync.write(png))
