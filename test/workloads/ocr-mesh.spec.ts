import { readFile } from 'node:fs/promises'
import { expect } from 'chai'
import { haveImageMagick, makeTestPages } from '../fixtures/ocr-pages.js'
import { tempDir } from '../fixtures/daemon.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import { characterErrorRate, decodePage, meshPageRunner, ocrPages, packModels, readOcrModelBlob, readOcrModels, samePage } from '../../src/workloads/index.js'
import { customOpModel } from '../fixtures/onnx-models.js'
import type { ShoalNode } from '../../src/index.js'
import type { PageInput } from '../../src/workloads/index.js'
import type { TestPage } from '../fixtures/ocr-pages.js'

describe('OCR on an in-process mesh (ocrPages through embedded peers, the ocr kind on two workers)', function () {
  this.timeout(300_000)
  let nodes: ShoalNode[] = []
  let requester: ShoalNode
  let dir: { path: string, remove: () => Promise<void> }
  let pages: TestPage[]
  let inputs: PageInput[]
  let models: Uint8Array

  before(async () => {
    if (!haveImageMagick()) throw new Error('ImageMagick (/usr/bin/convert) and DejaVu fonts are needed: apt-get install imagemagick fonts-dejavu-core')
    dir = await tempDir('shoal-ocr-mesh-')
    // two upright pages and two turned ones
    pages = makeTestPages(dir.path).filter((_, i) => [0, 2, 6, 7].includes(i))
    inputs = await Promise.all(pages.map(async p => ({ name: p.name, png: new Uint8Array(await readFile(p.file)) })))
    models = await readOcrModelBlob()
    requester = await memoryPeer({ capacity: { intervalMs: 2_000 } })
    const entry = requester.libp2p.getMultiaddrs().map(a => a.toString())
    nodes = [requester]
    for (let i = 0; i < 2; i++) nodes.push(await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 2_000 }, jobs: { ocr: true } }))
    const workers = (): number => requester.libp2p.services.capacity.list().filter(e => e.source !== 'self' && e.advert.kinds.includes('ocr')).length
    await until('the requester to hold two ocr adverts', () => workers() === 2, [{ target: requester.libp2p.services.capacity, events: ['capacity:update'] }], 60_000)
  })

  after(async () => {
    await stopAll(nodes)
    await dir?.remove()
  })

  it('reads every page on both workers with the same bytes (replicas 2) and a CER of at most 5%', async () => {
    const run = await ocrPages(inputs, models, meshPageRunner(requester, { replicas: 2 }), { concurrency: 4 })
    expect(run.failed, JSON.stringify(run.pages.map(p => p.error))).to.equal(0)
    const workerIds = nodes.slice(1).map(n => n.peerId.toString()).sort()
    for (const p of run.pages) expect([...(p.agreed ?? [])].sort(), p.name).to.deep.equal(workerIds)
    const cer = characterErrorRate(run.pages.map((p, i) => ({ truth: pages[i].lines.join('\n'), read: p.text ?? '' })))
    console.log(`      CER over ${pages.length} pages on the mesh: ${(cer * 100).toFixed(2)}%`)
    expect(cer).to.be.at.most(0.05)
  })

  it('a page that is not a PNG and a blob with a hostile model fail with their reasons; the others are read', async () => {
    const bad: PageInput = { name: 'not-a-png.png', png: new TextEncoder().encode('GIF89a, not a PNG at all') }
    const run = await ocrPages([bad, inputs[0]], models, meshPageRunner(requester), { concurrency: 2 })
    expect(run.failed).to.equal(1)
    expect(run.pages[0].error).to.match(/invalid-job.*not a PNG/)
    expect(run.pages[1].text).to.match(/quick brown fox/)

    // any blob whose models pass the checker runs (in the sandbox child): here the character list's first entry differs
    const m = await readOcrModels()
    const foreign = packModels({ ...m, keys: m.keys.replace(/^[^\n]*/, '§') })
    const other = await ocrPages([inputs[0]], foreign, meshPageRunner(requester), { concurrency: 1 })
    expect(other.pages[0].text, other.pages[0].error).to.match(/quick brown fox/)

    // a det model with a custom op: refused by the checker before ONNX Runtime sees it
    const hostile = packModels({ ...m, det: customOpModel() })
    const refused = await ocrPages([inputs[0]], hostile, meshPageRunner(requester, { timeoutMs: 30_000 }), { concurrency: 1 })
    expect(refused.pages[0].error).to.match(/custom-op.*det model/)
    // a module that is not a blob at all
    const garbage = await ocrPages([inputs[0]], new TextEncoder().encode('not an OCR blob'), meshPageRunner(requester), { concurrency: 1 })
    expect(garbage.pages[0].error).to.match(/invalid-model.*SHOALOCR/)
    // and the workers still read a good page
    const after = await ocrPages([inputs[1]], models, meshPageRunner(requester, { replicas: 2 }), { concurrency: 1 })
    expect(after.failed, after.pages[0].error).to.equal(0)
    expect(after.pages[0].agreed).to.have.length(2)
  })

  it('results carry the backend that read them (the ONNX Runtime child), as onnx results do', async () => {
    const run = await ocrPages([inputs[0]], models, meshPageRunner(requester), { concurrency: 1 })
    const page = decodePage(new TextEncoder().encode(JSON.stringify(run.pages[0].page)))
    expect(page.lines.length).to.be.greaterThan(0)
    const result = await requester.submit({ kind: 'ocr', module: models, input: inputs[0].png, args: [] }).result
    const decoded = decodePage(result.output!)
    expect(decoded.backend?.runtime).to.equal('onnxruntime-node')
    expect(decoded.backend?.provider).to.equal('cpu')
    expect(samePage(decoded, run.pages[0].page!)).to.equal(true)
  })
})
