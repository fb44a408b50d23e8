import { readFile } from 'node:fs/promises'
import { build } from 'esbuild'
import { expect } from 'chai'
import fc from 'fast-check'
import { makeTestPages, haveImageMagick } from '../fixtures/ocr-pages.js'
import { tempDir } from '../fixtures/daemon.js'
import {
  OcrError, characterErrorRate, characterSet, cropQuad, ctcDecode, dbPostprocess, decodePage, detSize, encodePage, fromRgba,
  PageGrouper, packModels, pageText, rotate180, rotate90, samePage, unpackModels
} from '../../src/inference/ocr/index.js'
import { convexHull, homography, minAreaRect, orderCorners, unclipRect } from '../../src/inference/ocr/geometry.js'
import { readOcrModels } from '../../src/workloads/ocr/node/models.js'
import { localOcr } from '../../src/workloads/ocr/node/page.js'
import { decodePageImage } from '../../src/node/onnx/png.js'
import type { Point, Quad } from '../../src/inference/ocr/index.js'
import type { LocalOcr } from '../../src/workloads/ocr/node/page.js'
import type { TestPage } from '../fixtures/ocr-pages.js'

describe('OCR geometry and decoding (pure)', () => {
  it('finds the minimum-area rectangle of a turned rectangle\'s points, and unclip grows it on every side', () => {
    const angle = 0.3
    const pts: Point[] = []
    for (let u = 0; u <= 40; u++) for (let v = 0; v <= 10; v++) pts.push([100 + u * Math.cos(angle) - v * Math.sin(angle), 50 + u * Math.sin(angle) + v * Math.cos(angle)])
    const q = orderCorners(minAreaRect(convexHull(pts)))
    const side = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1])
    expect(side(q[0], q[1])).to.be.closeTo(40, 1e-6)
    expect(side(q[0], q[3])).to.be.closeTo(10, 1e-6)
    const g = unclipRect(q, 1.5)
    // d = area * ratio / perimeter = 400 * 1.5 / 100 = 6
    expect(side(g[0], g[1])).to.be.closeTo(52, 1e-6)
    expect(side(g[0], g[3])).to.be.closeTo(22, 1e-6)
  })

  it('solves the homography that takes a quad onto a rectangle', () => {
    const from: Point[] = [[10, 20], [110, 30], [105, 70], [5, 60]]
    const to: Point[] = [[0, 0], [100, 0], [100, 40], [0, 40]]
    const H = homography(from, to)!
    for (let i = 0; i < 4; i++) {
      const [x, y] = from[i]
      const z = H[6] * x + H[7] * y + H[8]
      expect((H[0] * x + H[1] * y + H[2]) / z).to.be.closeTo(to[i][0], 1e-6)
      expect((H[3] * x + H[4] * y + H[5]) / z).to.be.closeTo(to[i][1], 1e-6)
    }
  })

  it('sizes the detection input in multiples of 32, never above the max side', () => {
    expect(detSize(396, 107)).to.deep.equal({ width: 384, height: 96 })
    expect(detSize(4000, 1000)).to.deep.equal({ width: 960, height: 256 })
    expect(detSize(5, 5)).to.deep.equal({ width: 32, height: 32 })
  })

  it('turns images a half and a quarter', () => {
    const img = fromRgba(Uint8Array.from([1, 1, 1, 255, 2, 2, 2, 255, 3, 3, 3, 255, 4, 4, 4, 255, 5, 5, 5, 255, 6, 6, 6, 255]), 3, 2)
    expect([...rotate180(img).data].filter((_, i) => i % 3 === 0)).to.deep.equal([6, 5, 4, 3, 2, 1])
    const q = rotate90(img)
    expect([q.width, q.height]).to.deep.equal([2, 3])
    expect([...q.data].filter((_, i) => i % 3 === 0)).to.deep.equal([3, 6, 2, 5, 1, 4])
  })

  it('finds one box per blob on a probability map, in reading order', () => {
    const w = 64
    const h = 32
    const map = new Float32Array(w * h)
    const blob = (x0: number, y0: number, x1: number, y1: number): void => { for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) map[y * w + x] = 0.9 }
    blob(40, 4, 60, 10)
    blob(4, 4, 30, 10)
    blob(4, 18, 50, 26)
    const boxes = dbPostprocess({ data: map, dims: [1, 1, h, w] }, w * 2, h * 2)
    expect(boxes).to.have.length(3)
    // left to right on the first line, then the second; page coordinates are twice the map's
    expect(boxes.map(b => b.quad[0][0] < 20 ? 'L' : 'R')).to.deep.equal(['L', 'R', 'L'])
    expect(boxes[2].quad[0][1]).to.be.greaterThan(boxes[0].quad[2][1])
    expect(() => dbPostprocess({ data: map, dims: [1, 2, h, w] }, w, h)).to.throw(OcrError, /expected \[1, 1, h, w\]/)
  })

  it('turns any probability map into boxes inside the page, and any box into a crop (fuzzed)', () => {
    const img = fromRgba(new Uint8Array(50 * 40 * 4).fill(200), 50, 40)
    fc.assert(fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 24 }), fc.infiniteStream(fc.float({ min: 0, max: 1, noNaN: true })), (w, h, values) => {
      const data = Float32Array.from({ length: w * h }, () => values.next().value as number)
      for (const box of dbPostprocess({ data, dims: [1, 1, h, w] }, 50, 40, { boxThresh: 0 })) {
        expect(box.quad.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && x >= 0 && x <= 50 && y >= 0 && y <= 40)).to.equal(true)
        const crop = cropQuad(img, box.quad)
        expect(crop.width * crop.height * 3).to.equal(crop.data.length)
        expect(crop.width).to.be.at.least(1)
      }
    }), { numRuns: 300 })
  })

  it('decodes CTC: repeats merged, blanks dropped, a word gap the space class marks becomes a space', () => {
    const chars = characterSet('a\nb\n')
    expect(chars).to.deep.equal(['', 'a', 'b', ' '])
    // steps: a a _ a _(space 0.3) b b
    const steps = [[0, 1, 0, 0], [0, 1, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0.7, 0, 0, 0.3], [0, 0, 1, 0], [0, 0, 1, 0]]
    const out = { data: Float32Array.from(steps.flat()), dims: [1, steps.length, 4] }
    expect(ctcDecode(out, chars)[0]).to.deep.equal({ text: 'aa b', score: 1 })
    expect(ctcDecode(out, chars, 1)[0].text).to.equal('aab')
    expect(() => ctcDecode({ data: new Float32Array(5), dims: [1, 1, 5] }, chars)).to.throw(OcrError, /do not belong together/)
  })

  it('packs the models into one blob and refuses blobs that are not one', () => {
    const m = { det: Uint8Array.of(1, 2, 3), cls: Uint8Array.of(4), rec: Uint8Array.of(5, 6), keys: 'a\nb' }
    const blob = packModels(m)
    const back = unpackModels(blob)
    expect([...back.det, ...back.cls, ...back.rec]).to.deep.equal([1, 2, 3, 4, 5, 6])
    expect(back.keys).to.equal('a\nb')
    expect(() => unpackModels(blob.subarray(0, blob.length - 1))).to.throw(OcrError, /header names/)
    expect(() => unpackModels(new TextEncoder().encode('\0asm....'))).to.throw(OcrError, /not an OCR model blob/)
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat({ max: 27 }), (junk, cut) => {
      const bytes = Uint8Array.from([...blob.subarray(0, cut), ...junk])
      try { unpackModels(bytes) } catch (err) { expect(err).to.be.instanceOf(OcrError) }
    }), { numRuns: 1000 })
  })

  it('results round-trip through their JSON, and malformed outputs are refused with OcrError only', () => {
    const page = { width: 100, height: 50, lines: [{ text: 'hi', score: 0.9, box: [[1, 2], [30, 2], [30, 12], [1, 12]] as any, angle: 0 as const }] }
    const back = decodePage(encodePage(page))
    expect(back).to.deep.equal(page)
    expect(samePage(page, { ...page, lines: [{ ...page.lines[0], box: [[2, 3], [31, 1], [30, 12], [1, 12]] as any }] })).to.equal(true)
    expect(samePage(page, { ...page, lines: [{ ...page.lines[0], box: [[5, 2], [30, 2], [30, 12], [1, 12]] as any }] })).to.equal(false)
    expect(samePage(page, { ...page, lines: [{ ...page.lines[0], text: 'hl' }] })).to.equal(false)
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.json().map(s => new TextEncoder().encode(s))), bytes => {
      try { decodePage(bytes) } catch (err) { expect(err).to.be.instanceOf(OcrError) }
    }), { numRuns: 1500 })
    expect(characterErrorRate([{ truth: 'abcd  ef', read: 'abed\nef' }])).to.be.closeTo(1 / 7, 1e-9)
  })

  it('groups replica pages for the quorum: one backend byte for byte, across backends by samePage', () => {
    const page = { width: 100, height: 40, lines: [{ text: 'hello', score: 0.99, box: [[1, 1], [50, 1], [50, 20], [1, 20]] as Quad, angle: 0 as const }] }
    const node = { runtime: 'onnxruntime-node', version: '1.31.1', provider: 'cpu', intraOpThreads: 1, optimization: 'all' }
    const web = { ...node, runtime: 'onnxruntime-web', provider: 'wasm' }
    const moved = { ...page, lines: [{ ...page.lines[0], score: 0.98, box: [[2, 1], [51, 1], [50, 21], [1, 20]] as Quad }] }
    const far = { ...page, lines: [{ ...page.lines[0], box: [[9, 1], [50, 1], [50, 20], [1, 20]] as Quad }] }
    const other = { ...page, lines: [{ ...page.lines[0], text: 'hullo' }] }
    const g = new PageGrouper()
    const key = (p: typeof page, b: typeof node, hash: string): string => g.key('OK', 0, encodePage(p, b), hash)
    const k0 = key(page, node, 'a')
    expect(decodePage(encodePage(page, node)).backend).to.deep.equal(node)
    // another backend, boxes within 2 px and other scores: the same answer
    expect(key(moved, web, 'b')).to.equal(k0)
    // the same backend must give the very bytes
    expect(key(moved, node, 'c')).to.not.equal(k0)
    // other text, or a box beyond the tolerance, from another backend: another answer
    expect(key(other, web, 'd')).to.not.equal(k0)
    expect(key(far, { ...web, version: '2' }, 'e')).to.not.equal(k0)
    // failed or undecodable results keep their exact key
    expect(g.key('FAILED', 1, new Uint8Array(), 'f')).to.equal('FAILED/1/f')
    expect(g.key('OK', 0, new TextEncoder().encode('nope'), 'g')).to.equal('OK/0/g')
  })

  it('is platform-free: it bundles for a browser with no Node module, in a few KB', async () => {
    const out = await build({ entryPoints: ['src/inference/ocr/index.ts'], bundle: true, platform: 'browser', format: 'esm', minify: true, write: false, logLevel: 'silent' })
    const size = out.outputFiles[0].contents.byteLength
    expect(size).to.be.below(64 * 1024)
  })

  it('refuses a page that is not a PNG, or too large, before decoding it', () => {
    expect(() => decodePageImage(new TextEncoder().encode('GIF89a...'))).to.throw(OcrError, /only PNG/)
    const header = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 1, 0, 0, 0, 1, 0, 0, 8, 2, 0, 0, 0])
    expect(() => decodePageImage(header)).to.throw(OcrError, /65536x65536/)
  })
})

describe('OCR of rendered pages with PP-OCRv4 (onnxruntime-node, this process)', function () {
  this.timeout(180_000)
  let dir: { path: string, remove: () => Promise<void> }
  let pages: TestPage[]
  let ocr: LocalOcr

  before(async function () {
    if (!haveImageMagick()) throw new Error('ImageMagick (/usr/bin/convert) and DejaVu fonts are needed: apt-get install imagemagick fonts-dejavu-core')
    dir = await tempDir('shoal-ocr-')
    pages = makeTestPages(dir.path)
    ocr = await localOcr(await readOcrModels())
  })

  after(async () => {
    await ocr?.close()
    await dir?.remove()
  })

  it('reads the set with a character error rate of at most 5%, turned pages included, the same bytes every time', async () => {
    const pairs: Array<{ truth: string, read: string }> = []
    for (const p of pages) {
      const png = new Uint8Array(await readFile(p.file))
      const page = await ocr.read(png)
      pairs.push({ truth: p.lines.join('\n'), read: pageText(page) })
      expect(page.lines.length, p.name).to.be.greaterThan(0)
      // most lines of a turned page are found upside down and read after turning
      const turned = page.lines.filter(l => l.angle === 180).length
      if (p.rotated) expect(turned * 2, p.name).to.be.greaterThan(page.lines.length)
      else expect(turned, p.name).to.equal(0)
      if (p === pages[0]) expect(Buffer.from(encodePage(await ocr.read(png))).equals(Buffer.from(encodePage(page)))).to.equal(true)
    }
    const cer = characterErrorRate(pairs)
    console.log(`      CER over ${pages.length} pages: ${(cer * 100).toFixed(2)}%`)
    expect(cer).to.be.at.most(0.05)
  })
})
