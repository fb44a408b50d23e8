/**
 * Browser to browser: two /contribute pages in headless Chromium (separate
 * profiles, so two peers), one daemon that relays. Each page takes a
 * reservation on the daemon; page B reaches page A through the relay, the
 * connection upgrades to WebRTC (signalled over the relay, host candidates on
 * this machine, no STUN), and a job from page B runs on page A over it.
 */
import { createHash, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { expect } from 'chai'
import { launchChromium, WEBRTC_HOST_CANDIDATES } from '../fixtures/browser.js'
import { startDaemon, tempDir } from '../fixtures/daemon.js'
import type { RunningDaemon } from '../fixtures/daemon.js'
import type { Browser, Page } from 'playwright-core'

const SHA256 = resolve('examples/jobs/build/sha256.wasm')

interface LinkView { address: string, limited: boolean, status: string }

/** the page's open connections to a peer: address and whether a relay limits it */
const linksTo = async (page: Page, peer: string): Promise<LinkView[]> => page.evaluate((peer) =>
  (globalThis as any).shoal.libp2p.getConnections()
    .filter((c: any) => c.remotePeer.toString() === peer)
    .map((c: any) => ({ address: c.remoteAddr.toString(), limited: c.limits != null, status: c.status })), peer)

describe('browser to browser over WebRTC (one relaying daemon, two pages in headless Chromium)', function () {
  this.timeout(120_000)
  let dir: { path: string, remove: () => Promise<void> } | undefined
  let daemon: RunningDaemon | undefined
  let browser: Browser | undefined
  const pages: Page[] = []
  const ids: string[] = []
  const pageErrors: string[] = []

  before(async () => {
    browser = await launchChromium([WEBRTC_HOST_CANDIDATES])
    dir = await tempDir()
    // declared public, so it serves as a relay on loopback (AutoNAT never confirms loopback)
    daemon = await startDaemon(dir.path, ['--local-mesh', '--listen', '/ip4/127.0.0.1/tcp/0/ws', '--reachability', 'public'])
    await daemon.waitForOutput(out => /^dashboard: /m.test(out))
    const base = /^dashboard: (http:\/\/\S+)\/#token=/m.exec(daemon.stdout())?.[1] ?? ''
    for (let i = 0; i < 2; i++) {
      // a context each: its own IndexedDB, so its own peer id
      const page = await (await browser.newContext()).newPage()
      page.on('pageerror', err => { pageErrors.push(err.message) })
      await page.goto(`${base}/contribute/`)
      await page.waitForFunction(() => (globalThis as any).shoal?.peerId != null, undefined, { timeout: 60_000 })
      pages.push(page)
      ids.push(await page.evaluate(() => (globalThis as any).shoal.peerId as string))
    }
  })

  after(async () => {
    await browser?.close()
    await daemon?.stop('SIGKILL')
    await dir?.remove()
  })

  it('each page holds a relay reservation on the daemon and announces a /p2p-circuit/webrtc address', async () => {
    expect(ids[0]).to.not.equal(ids[1])
    for (const page of pages) {
      await page.waitForFunction(() => (globalThis as any).shoal.libp2p.getMultiaddrs().some((ma: any) => ma.toString().includes('/p2p-circuit/webrtc')), undefined, { timeout: 30_000 })
      const addrs: string[] = await page.evaluate(() => (globalThis as any).shoal.libp2p.getMultiaddrs().map((ma: any) => ma.toString()))
      expect(addrs.some(a => a.includes(`/p2p/${daemon!.peerId}/p2p-circuit/webrtc`)), addrs.join(' ')).to.equal(true)
      await page.waitForFunction(() => /^can reach this page \(WebRTC, signalled through 1 relay\)/.test(document.getElementById('reachable')?.textContent ?? ''))
    }
  })

  it('page B finds page A in its capacity table, reaches it through the relay, and runs a job on it over WebRTC', async () => {
    const [a, b] = pages
    // A's advert reached B over gossip (through the daemon): the only other browser in B's table
    await b.waitForFunction((peer) => (globalThis as any).shoal.libp2p.services.capacity.list().some((e: any) => e.advert.peerId === peer), ids[0], { timeout: 30_000 })
    const module = [...await readFile(SHA256)]
    const input = [...randomBytes(50_000)]
    const expected = createHash('sha256').update(Buffer.from(input)).digest('hex')
    expect(await linksTo(b, ids[0])).to.deep.equal([])

    const result = await b.evaluate(async ({ module, input }) => {
      // chosen by label from the capacity table, not pinned: the daemon runs jobs too, but has no runtime=browser
      const r = await (globalThis as any).shoal.submit({ module: new Uint8Array(module), input: new Uint8Array(input), labels: { runtime: 'browser' } }).result
      return { status: r.status as string, worker: r.worker as string, output: new TextDecoder().decode(r.output), attempts: r.attempts as Array<{ worker: string, link?: string, reason?: string, message?: string }> }
    }, { module, input })

    expect(result.status, JSON.stringify(result.attempts)).to.equal('succeeded')
    expect(result.worker).to.equal(ids[0])
    expect(result.output).to.equal(expected)
    // the job's bytes went over the direct connection, not through the relay
    expect(result.attempts.at(-1)?.link).to.equal('direct')
    const fromB = await linksTo(b, ids[0])
    const webrtc = fromB.filter(c => c.address.includes('/webrtc') && c.status === 'open')
    expect(webrtc, JSON.stringify(fromB)).to.have.length.greaterThan(0)
    expect(webrtc.every(c => !c.limited)).to.equal(true)
    // and page A ran it, and sees B on WebRTC too
    await a.waitForFunction(() => (globalThis as any).shoal.counters.run >= 1)
    expect((await linksTo(a, ids[1])).some(c => c.address.includes('/webrtc') && !c.limited)).to.equal(true)
    await a.waitForFunction(() => /\(1 over WebRTC\)/.test(document.getElementById('peers')?.textContent ?? ''))
    expect(pageErrors).to.deep.equal([])
  })
})
