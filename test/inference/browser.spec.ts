/**
 * onnx jobs on a browser page: a daemon (onnxruntime-node, in its child
 * process) and the /contribute page in headless Chromium (onnxruntime-web's
 * WASM backend, its .wasm served by the daemon) run replicas of the same job
 * on a real model; the quorum groups their results by the declared
 * comparison. Reports the share of honest cross-backend pairs that agreed.
 */
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { launchChromium } from '../fixtures/browser.js'
import { CLI, startDaemon, tempDir } from '../fixtures/daemon.js'
import { CLS_MODEL, REC_MODEL } from '../fixtures/onnx-models.js'
import type { JobDetailJson } from '../../src/api/jobs.js'
import type { CapacityRow } from '../../src/index.js'
import type { CliResult, RunningDaemon } from '../fixtures/daemon.js'
import type { Browser, Page } from 'playwright-core'

async function infer (args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, 'infer', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
  const code = await new Promise<number | null>(resolve => { child.once('exit', resolve) })
  return { code, stdout, stderr }
}

describe('onnx jobs on a browser page and a daemon (headless Chromium, onnxruntime-web WASM)', function () {
  this.timeout(600_000)
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  let a: RunningDaemon
  let b: RunningDaemon
  let browser: Browser | undefined
  let page: Page
  let pageId: string
  let client: ApiClient
  const pageErrors: string[] = []

  before(async () => {
    browser = await launchChromium()
    for (let i = 0; i < 3; i++) dirs.push(await tempDir())
    a = await startDaemon(dirs[0].path, ['--local-mesh', '--listen', '/ip4/127.0.0.1/tcp/0/ws'])
    b = await startDaemon(dirs[1].path, ['--local-mesh', '--bootstrap', a.addresses[0]])
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
      if ([pageId, b.peerId].every(id => rows.some(r => r.peerId === id && r.kinds.includes('onnx')))) break
      if (Date.now() > end) throw new Error('A never saw both the page and B offer onnx')
      await new Promise(resolve => setTimeout(resolve, 300))
    }
  })

  after(async () => {
    await browser?.close()
    await Promise.all([a, b].filter(d => d != null).map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('the page advertises onnx with the wasm provider', async () => {
    const row = (await client.get<CapacityRow[]>('/capacity')).find(r => r.peerId === pageId)!
    expect(row.kinds).to.include('onnx')
  })

  it('replica pairs (daemon, page) agree under allclose and argmax on real models; outputs differ in bytes across backends', async () => {
    const work = dirs[2].path
    let pairs = 0
    let agreed = 0
    let differentBytes = 0
    const cases: Array<[string, string, number[]]> = [
      ...[1, 2, 3, 4].map((seed): [string, string, number[]] => [CLS_MODEL, 'allclose', [seed, 1, 3, 48, 192]]),
      ...[5, 6, 7, 8].map((seed): [string, string, number[]] => [CLS_MODEL, 'argmax', [seed, 1, 3, 48, 192]]),
      [REC_MODEL, 'argmax', [9, 1, 3, 48, 160]],
      [REC_MODEL, 'allclose', [10, 1, 3, 48, 160]]
    ]
    for (const [model, compare, [seed, ...dims]] of cases) {
      const n = dims.reduce((x, y) => x * y, 1)
      const input = join(work, `in-${seed}.json`)
      await writeFile(input, JSON.stringify({ x: { dtype: 'float32', dims, data: Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 0.8) } }))
      const r = await infer([model, '--input', input, '--out', join(work, `out-${seed}.json`), '--compare', compare, '--replicas', '2', '--worker', b.peerId, '--worker', pageId, '--timeout', '60', '--data-dir', a.dataDir])
      const summary = JSON.parse(r.stdout || '{}')
      expect(summary.jobId, `${r.stdout}\n${r.stderr}`).to.be.a('string')
      const detail = await client.get<JobDetailJson>(`/jobs/${summary.jobId as string}`)
      const record = detail.records.find(x => x.role === 'requester')!
      const workers = record.results.map(x => x.worker).sort()
      expect(workers, r.stderr).to.deep.equal([b.peerId, pageId].sort())
      pairs++
      if (r.code === 0 && summary.status === 'succeeded') agreed++
      else console.log(`      ${compare} seed ${seed}: ${r.stderr.trim().split('\n').pop() ?? ''}`)
      if (new Set(record.results.map(x => x.outputHash)).size === 2) differentBytes++
    }
    console.log(`      honest cross-backend replica pairs that agreed: ${agreed}/${pairs}; pairs whose output bytes differed: ${differentBytes}/${pairs}`)
    expect(agreed).to.equal(pairs)
    expect(pageErrors).to.deep.equal([])
  })
})
