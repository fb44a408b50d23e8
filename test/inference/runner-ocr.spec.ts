import { readFile } from 'node:fs/promises'
import { expect } from 'chai'
import { OnnxRunner } from '../../src/node/onnx/pool.js'
import { SlotPool } from '../../src/executors/slots.js'
import { decodePage, packModels, pageText } from '../../src/inference/ocr/index.js'
import { readOcrModels } from '../../src/workloads/ocr/node/models.js'
import { tempDir } from '../fixtures/daemon.js'
import { haveImageMagick, makeTestPages } from '../fixtures/ocr-pages.js'
import * as models from '../fixtures/onnx-models.js'
import type { OcrModels } from '../../src/inference/ocr/index.js'

/**
 * The ocr kind in the daemon's ONNX sandbox: a blob with a hostile part, a
 * module that is no blob, a page that is no PNG and a page over its time cap
 * each fail the job with their reason; the daemon (this process) stays up
 * and the next good page is read, by the child, with its backend named.
 */
describe('onnx runner reads ocr pages (child processes under caps)', function () {
  this.timeout(180_000)
  const limits = { memoryMb: 256, timeoutMs: 60_000, maxOutputBytes: 4 * 2 ** 20 }
  let runner: OnnxRunner
  let parts: OcrModels
  let blob: Uint8Array
  let png: Uint8Array
  let dir: { path: string, remove: () => Promise<void> }

  before(async () => {
    if (!haveImageMagick()) throw new Error('ImageMagick (/usr/bin/convert) and DejaVu fonts are needed: apt-get install imagemagick fonts-dejavu-core')
    dir = await tempDir('shoal-ocr-runner-')
    png = new Uint8Array(await readFile(makeTestPages(dir.path, 1)[0].file))
    parts = await readOcrModels()
    blob = packModels(parts)
    runner = new OnnxRunner({ slots: new SlotPool(1) })
  })
  after(async () => {
    await runner?.close()
    await dir?.remove()
  })

  const goodPage = async (): Promise<void> => {
    const out = await runner.runOcr({ blob, png, limits })
    expect(out.status, `${out.reason}: ${out.message}`).to.equal('ok')
    const page = decodePage(out.output)
    expect(pageText(page)).to.match(/quick brown fox/)
    expect(page.backend).to.deep.equal({ runtime: 'onnxruntime-node', version: '1.31.1', provider: 'cpu', intraOpThreads: 1, optimization: 'all' })
  }

  it('reads a page in a child, and the same bytes again with the sessions kept', async () => {
    await goodPage()
    const a = await runner.runOcr({ blob, png, limits })
    const b = await runner.runOcr({ blob, png, limits })
    expect(Buffer.from(a.output).equals(Buffer.from(b.output))).to.equal(true)
    expect(runner.stats().childrenStarted).to.equal(1)
  })

  const hostile: Array<[string, () => { blob: Uint8Array, png?: Uint8Array, limits?: Partial<typeof limits> }, RegExp]> = [
    ['a det model with a custom op', () => ({ blob: packModels({ ...parts, det: models.customOpModel() }) }), /^custom-op: the blob's det model/],
    ['a cls model with external data at ../../etc/passwd', () => ({ blob: packModels({ ...parts, cls: models.externalDataModel() }) }), /^external-data: the blob's cls model.*\.\.\/\.\.\/etc\/passwd/],
    ['a truncated rec model', () => ({ blob: packModels({ ...parts, rec: parts.rec.slice(0, 400_000) }) }), /^invalid-model: the blob's rec model/],
    ['a det model that is a memory bomb', () => ({ blob: packModels({ ...parts, det: models.constantOfShapeBomb() }) }), /^memory-bomb: the blob's det model/],
    ['models that do not belong together (the rec model in the det place)', () => ({ blob: packModels({ ...parts, det: parts.rec }) }), /^(runtime-error|invalid-job): /],
    ['a module that is not a blob', () => ({ blob: new TextEncoder().encode('not an OCR blob at all, long enough to have a header') }), /^invalid-model: .*SHOALOCR/],
    ['a page that is not a PNG', () => ({ blob, png: new TextEncoder().encode('GIF89a, not a PNG at all') }), /^invalid-job: .*not a PNG/],
    ['a page over its time cap', () => ({ blob, limits: { timeoutMs: 5 } }), /^timeout: /]
  ]
  for (const [what, make, reason] of hostile) {
    it(`${what}: fails the job with its reason, then a good page is read`, async () => {
      const job = make()
      const out = await runner.runOcr({ blob: job.blob, png: job.png ?? png, limits: { ...limits, ...job.limits } })
      expect(out.status).to.equal('failed')
      expect(`${out.reason ?? ''}: ${out.message ?? ''}`).to.match(reason)
      await goodPage()
    })
  }
})
