import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { shortId } from '../../src/cli/output.js'
import { launchChromium } from '../fixtures/browser.js'
import { cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import { PROGRESS_THEN_LOOP, wat } from '../executors/fixtures.js'
import type { RunJson } from '../../src/cli/run.js'
import type { CapacityRow } from '../../src/index.js'
import type { RunningDaemon } from '../fixtures/daemon.js'
import type { Browser, BrowserContext, Page } from 'playwright-core'

const SHA256 = resolve('examples/jobs/build/sha256.wasm')
const SCREENSHOT = resolve('test-artifacts/dashboard.png')

/** reads the daemon's live feed until `check` passes on one of its events */
async function untilFeed (client: ApiClient, what: string, check: (event: string, data: any) => boolean, timeoutMs = 90_000): Promise<void> {
  const stop = new AbortController()
  const timer = setTimeout(() => { stop.abort() }, timeoutMs)
  try {
    for await (const { event, data } of client.events('/events', stop.signal)) if (check(event, data)) return
    throw new Error(`the live feed ended before ${what}`)
  } catch (err) {
    if (stop.signal.aborted) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    throw err
  } finally {
    clearTimeout(timer)
    stop.abort()
  }
}

describe('dashboard end to end (3 daemons over loopback TCP, headless Chromium)', function () {
  this.timeout(180_000)
  const daemons: RunningDaemon[] = []
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  let a: RunningDaemon
  let b: RunningDaemon
  let c: RunningDaemon
  let client: ApiClient
  let base: string
  let token: string
  let job: RunJson
  let browser: Browser | undefined
  let context: BrowserContext
  let page: Page
  /** every URL the dashboard's page asked for */
  const requests: string[] = []
  /** console errors (CSP violations among them) and uncaught exceptions in the page */
  const pageErrors: string[] = []

  before(async () => {
    // first, so that a machine without Chromium fails at once, saying how to install it
    browser = await launchChromium()
    for (let i = 0; i < 4; i++) dirs.push(await tempDir())
    a = await startDaemon(dirs[0].path, ['--local-mesh'])
    daemons.push(a)
    for (const dir of dirs.slice(1, 3)) daemons.push(await startDaemon(dir.path, ['--local-mesh', '--bootstrap', a.addresses[0]]))
    ;[, b, c] = daemons
    base = /^dashboard: (http:\/\/\S+)\/#token=/m.exec(a.stdout())?.[1] ?? ''
    token = (await readFile(join(a.dataDir, 'api-token'), 'utf8')).trim()
    client = new ApiClient(base.slice('http://'.length), token)
    // a job needs the workers' adverts at A: wait on A's own live feed for them
    await untilFeed(client, 'A to hold B\'s and C\'s adverts', (event, rows: CapacityRow[]) =>
      event === 'capacity' && [b, c].every(d => rows.some(r => r.peerId === d.peerId && r.runtimes.includes('wasm'))))
    const input = join(dirs[3].path, 'input.bin')
    await writeFile(input, randomBytes(50_000))
    const r = cli(['run', SHA256, '--input', input, '--json', '--data-dir', a.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    job = JSON.parse(r.stdout)
    expect(job.status).to.equal('succeeded')
  })

  after(async () => {
    await browser?.close()
    await Promise.all(daemons.map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('`shoal start` prints the dashboard link, with the token in the fragment, not the query', () => {
    expect(a.stdout()).to.match(/^dashboard: http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+$/m)
    expect(a.stdout()).to.include(`#token=${token}\n`)
  })

  it('opened from that link: the peers, the finished job, the reputation rows, the receipt; nothing from elsewhere', async () => {
    context = await browser!.newContext({ viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
    page.on('request', req => { requests.push(req.url()) })
    page.on('console', msg => { if (msg.type() === 'error') pageErrors.push(msg.text()) })
    page.on('pageerror', err => { pageErrors.push(err.message) })
    await page.goto(`${base}/#token=${token}`)

    // this peer, and the token gone from the address bar
    await page.locator(`#self [data-peer="${a.peerId}"]`).waitFor()
    expect(await page.locator('#self').innerText()).to.include(a.peerId).and.include(a.addresses[0])
    expect(page.url()).to.equal(`${base}/`)

    // the other two peers, in the table and in the graph
    for (const d of [b, c]) await page.locator(`#peers tr[data-peer="${d.peerId}"]`).waitFor()
    const peers = await page.locator('#peers').innerText()
    expect(peers).to.include(b.peerId).and.include(c.peerId)
    expect(await page.locator('#graph .node[data-peer]').evaluateAll(nodes => nodes.map(n => n.getAttribute('data-peer')).sort()))
      .to.deep.equal([b.peerId, c.peerId].sort())
    expect(await page.locator('#peer-count').innerText()).to.equal('2')

    // the capacity table holds all three
    for (const d of [a, b, c]) await page.locator(`#capacity tr[data-peer="${d.peerId}"]`).waitFor()

    // the finished job: its id, its state, its worker
    const row = page.locator(`#jobs tr[data-job="${job.jobId}"][data-status="succeeded"]`)
    await row.waitFor()
    const cells = await row.locator('td').allInnerTexts()
    expect(cells.slice(0, 4)).to.deep.equal([job.jobId.slice(0, 8), 'requester', 'wasm', 'succeeded'])
    expect(cells[5]).to.equal(shortId(job.worker!))

    // the reputation table: the worker did right by A, so it reads as trusted, in green
    const worker = page.locator(`#reputation tr[data-peer="${job.worker!}"]`)
    await worker.waitFor()
    expect(await worker.locator('.badge').innerText()).to.equal('trusted')
    expect(await worker.locator('.badge').evaluate(el => getComputedStyle(el).color)).to.equal('rgb(22, 120, 74)')
    const rows = await page.locator('#reputation tbody tr[data-peer]').evaluateAll(trs => trs.map(tr => [tr.getAttribute('data-peer'), tr.getAttribute('data-standing')]))
    expect(rows.length).to.be.greaterThan(0)
    for (const [, standing] of rows) expect(standing).to.be.oneOf(['trusted', 'newcomer'])
    expect(await page.locator(`#graph .node.trusted[data-peer="${job.worker!}"]`).count()).to.equal(1)

    // the receipt, and the ledger's count of them
    await page.locator(`#receipts tr[data-job="${job.jobId}"]`).waitFor()
    const ledger = await client.get<{ receipts: number, balance: number }>('/credits')
    expect(ledger.receipts).to.be.greaterThan(0)
    await page.locator('#credits [data-stat="receipts"] .v', { hasText: String(ledger.receipts) }).waitFor()

    await mkdir(resolve('test-artifacts'), { recursive: true })
    await page.screenshot({ path: SCREENSHOT, fullPage: true })

    const origin = `${base}/`
    expect(requests.filter(url => !url.startsWith(origin)), 'requests to anywhere but the daemon').to.deep.equal([])
    expect(requests.some(url => url.includes('token='))).to.equal(false)
    expect(pageErrors).to.deep.equal([])
  })

  it('updates live: a job submitted while the page is open shows up and finishes without a reload', async () => {
    await page.evaluate(() => { document.body.dataset.sameLoad = 'yes' })
    const module = (await readFile(SHA256)).toString('base64')
    const { jobId } = await client.post<{ jobId: string }>('/jobs', { module, input: randomBytes(1000).toString('base64') })
    await page.locator(`#jobs tr[data-job="${jobId}"][data-status="succeeded"]`).waitFor({ timeout: 60_000 })
    await page.locator(`#receipts tr[data-job="${jobId}"]`).waitFor()
    expect(await page.evaluate(() => document.body.dataset.sameLoad)).to.equal('yes')
    expect(await page.locator('#conn').innerText()).to.equal('live')
    expect(pageErrors).to.deep.equal([])
  })

  it('shows a running job\'s progress, then its cancellation', async () => {
    // reports 10 %, then loops until cancelled (or its 60 s timeout)
    const module = Buffer.from(await wat(PROGRESS_THEN_LOOP)).toString('base64')
    const { jobId } = await client.post<{ jobId: string }>('/jobs', { module, timeoutMs: 60_000 })
    const running = page.locator(`#jobs tr[data-job="${jobId}"][data-status="running"]`)
    await running.locator('.meter .cap', { hasText: '10%' }).waitFor({ timeout: 60_000 })
    expect(await running.locator('td').nth(5).innerText()).to.be.oneOf([shortId(b.peerId), shortId(c.peerId)])
    expect(await page.locator('#jobs-count').innerText()).to.match(/^1 running, \d+ shown$/)
    // the screenshot again, now with a job in flight
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
    await client.delete(`/jobs/${jobId}`)
    await page.locator(`#jobs tr[data-job="${jobId}"][data-status="cancelled"]`).waitFor()
    expect(pageErrors).to.deep.equal([])
  })

  it('without a token it asks for one, refuses a wrong one, and opens with the right one', async () => {
    const fresh = await browser!.newContext()
    try {
      const p = await fresh.newPage()
      await p.goto(`${base}/`)
      await p.locator('#login').waitFor()
      expect(await p.locator('#main').isHidden()).to.equal(true)
      await p.locator('#token').fill('not-the-token')
      await p.locator('#login button').click()
      await p.locator('#login-error', { hasText: 'refused' }).waitFor()
      await p.locator('#token').fill(token)
      await p.locator('#login button').click()
      await p.locator(`#self [data-peer="${a.peerId}"]`).waitFor()
      expect(await p.locator('#login').isHidden()).to.equal(true)
      // kept for the tab: a reload needs no token again
      await p.reload()
      await p.locator(`#self [data-peer="${a.peerId}"]`).waitFor()
    } finally {
      await fresh.close()
    }
  })

  it('serves the page without a token, the data only with one, and keeps the page to itself', async () => {
    const res = await fetch(`${base}/`)
    expect(res.status).to.equal(200)
    expect(res.headers.get('content-type')).to.match(/^text\/html/)
    expect(res.headers.get('content-security-policy')).to.include("default-src 'none'").and.include("frame-ancestors 'none'").and.include("connect-src 'self'")
    expect(res.headers.get('x-frame-options')).to.equal('DENY')
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff')
    const html = await res.text()
    expect(html).to.not.match(/https?:\/\//)
    for (const path of ['/dashboard/app.js', '/dashboard/style.css', '/dashboard/icon.svg']) expect((await fetch(`${base}${path}`)).status, path).to.equal(200)
    expect((await fetch(`${base}/dashboard/nothing.js`)).status).to.equal(404)
    expect((await fetch(`${base}/v1/events`)).status).to.equal(401)
    expect((await fetch(`${base}/v1/events?token=${token}`)).status).to.equal(401)
  })
})
