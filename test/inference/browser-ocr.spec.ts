/**
 * The ocr kind on a browser page and a daemon: the daemon (onnxruntime-node
 * in its ONNX Runtime child) and the /contribute page in headless Chromium
 * (onnxruntime-web's WASM backend in its ONNX worker) each read the same
 * generated test pages; their readings are compared byte for byte and with
 * samePage, and a replica pair across the two is accepted by the quorum
 * (PageGrouper). Reports how many pages agreed each way.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { decodePage, samePage } from '../../src/inference/ocr/index.js'
import { characterErrorRate, readOcrModelBlob } from '../../src/workloads/index.js'
import { pageText } from '../../src/inference/ocr/pipeline.js'
import { launchChromium } from '../fixtures/browser.js'
import { startDaemon, tempDir } from '../fixtures/daemon.js'
import { haveImageMagick, makeTestPages } from '../fixtures/ocr-pages.js'
import type { JobResultJson } from '../../src/api/jobs.js'
import type { CapacityRow } from '../../src/index.js'
import type { RunningDaemon } from '../fixtures/daemon.js'
import type { TestPage } from '../fixtures/ocr-pages.js'
import type { Browser, Page } from 'playwright-core'

describe('ocr pages on a browser page and a daemon (headless Chromium, onnxruntime-web WASM)', function () {
  this.timeout(600_000)
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  let a: RunningDaemon
  let b: RunningDaemon
  let browser: Browser | undefined
  let page: Page
  let pageId: string
  let client: ApiClient
  let models: Uint8Array
  let modelSent = false
  let pages: TestPage[]
  const pageErrors: string[] = []

  /** one ocr job through A's API, followed to its result */
  async function ocr (png: Uint8Array, workers: string[]): Promise<JobResultJson> {
    const fields = { kind: 'ocr', input: Buffer.from(png).toString('base64'), args: [], replicas: workers.length, workers, timeoutMs: 60_000 }
    const { jobId } = modelSent
      ? await client.post<{ jobId: string }>('/jobs', { ...fields, moduleHash: createHash('sha256').update(models).digest('hex') })
      : await client.post<{ jobId: string }>('/jobs', { ...fields, module: Buffer.from(models).toString('base64') })
    modelSent = true
    for await (const { event, data } of client.events(`/jobs/${jobId}/events`)) {
      if (event === 'result') return data as JobResultJson
    }
    throw new Error(`job ${jobId} ended without a result`)
  }

  before(async () => {
    if (!haveImageMagick()) throw new Error('ImageMagick (/usr/bin/convert) and DejaVu fonts are needed: apt-get install imagemagick fonts-dejavu-core')
    browser = await launchChromium()
    for (let i = 0; i < 3; i++) dirs.push(await tempDir())
    // two upright pages and two turned ones, in several fonts
    pages = makeTestPages(dirs[2].path).filter((_, i) => [0, 2, 6, 7, 10].includes(i))
    models = await readOcrModelBlob()
    a = await startDaemon(dirs[0].path, ['--local-mesh', '--listen', '/ip4/127.0.0.1/tcp/0/ws'])
    b = await startDaemon(dirs[1].path, ['--local-mesh', '--bootstrap', a.addresses[0], '--ocr'])
    const base = /^dashboard: (http:\/\/\S+)\/#token=/m.exec(a.stdout())?.[1] ?? ''
    page = await (await browser.newContext()).newPage()
    page.on('pageerror', err => { pageErrors.push(err.message) })
    page.on('console', msg => { if (msg.type() === 'error') pageErrors.push(`${msg.text()} (${msg.location().url})`) })
    page.on('request', req => { if (!req.url().startsWith(base) && !req.url().startsWith('ws')) pageErrors.push(`request outside the daemon: ${req.url()}`) })
    await page.goto(`${base}/contribute/`)
    await page.waitForFunction(() => (globalThis as any).shoal?.peerId != null, undefined, { timeout: 60_000 })
    pageId = await page.evaluate(() => (globalThis as any).shoal.peerId as string)
    client = await ApiClient.connect({ dataDir: a.dataDir })
    const end = Date.now() + 90_000
    for (;;) {
      const rows = await client.get<CapacityRow[]>('/capacity')
      if ([pageId, b.peerId].every(id => rows.some(r => r.peerId === id && r.kinds.includes('ocr')))) break
      if (Date.now() > end) throw new Error('A never saw both the page and B offer ocr')
      await new Promise(resolve => setTimeout(resolve, 300))
    }
  })

  after(async () => {
    await browser?.close()
    await Promise.all([a, b].filter(d => d != null).map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('the page advertises ocr beside onnx (its advert\'s onnx providers: wasm)', async () => {
    const row = (await client.get<CapacityRow[]>('/capacity')).find(r => r.peerId === pageId)!
    expect(row.kinds).to.include.members(['onnx', 'ocr'])
  })

  it('each page reads the same from the daemon and from the browser page (samePage), and a replica pair across them is accepted', async () => {
    let bytes = 0
    let same = 0
    let pairs = 0
    const reads: Array<{ truth: string, read: string }> = []
    for (const p of pages) {
      const png = new Uint8Array(await readFile(p.file))
      const onDaemon = await ocr(png, [b.peerId])
      const onPage = await ocr(png, [pageId])
      expect(onDaemon.status, `${p.name} on the daemon: ${onDaemon.reason ?? ''} ${onDaemon.message ?? ''}`).to.equal('succeeded')
      expect(onPage.status, `${p.name} on the page: ${onPage.reason ?? ''} ${onPage.message ?? ''}`).to.equal('succeeded')
      expect(onDaemon.worker).to.equal(b.peerId)
      expect(onPage.worker).to.equal(pageId)
      const x = decodePage(Buffer.from(onDaemon.output!, 'base64'))
      const y = decodePage(Buffer.from(onPage.output!, 'base64'))
      expect(x.backend?.runtime).to.equal('onnxruntime-node')
      expect(y.backend?.runtime).to.equal('onnxruntime-web')
      expect(y.backend?.provider).to.equal('wasm')
      const { backend: _x, ...xr } = x
      const { backend: _y, ...yr } = y
      if (JSON.stringify(xr) === JSON.stringify(yr)) bytes++
      if (samePage(x, y)) same++
      else console.log(`      ${p.name}: daemon ${JSON.stringify(pageText(x))} page ${JSON.stringify(pageText(y))}`)
      reads.push({ truth: p.lines.join('\n'), read: pageText(y) })
      // both as replicas of one job: the quorum groups them by samePage
      const pair = await ocr(png, [b.peerId, pageId])
      expect(pair.results.map(r => r.worker).sort()).to.deep.equal([b.peerId, pageId].sort())
      if (pair.status === 'succeeded') pairs++
      else console.log(`      ${p.name} replica pair: ${pair.status} ${pair.reason ?? ''} ${pair.message ?? ''}`)
    }
    const cer = characterErrorRate(reads)
    console.log(`      pages read alike by a daemon and a browser page: ${same}/${pages.length} by samePage, ${bytes}/${pages.length} byte for byte (backend aside); replica pairs accepted: ${pairs}/${pages.length}; CER on the page ${(cer * 100).toFixed(2)}%`)
    expect(same).to.equal(pages.length)
    expect(pairs).to.equal(pages.length)
    expect(cer).to.be.at.most(0.05)
    expect(pageErrors).to.deep.equal([])
  })
})
