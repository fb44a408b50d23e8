/**
 * Data sets held by a browser page: kept in IndexedDB, advertised, read by
 * jobs that name them through the same read-only preopen as on a daemon (a
 * daemon over loopback, the /contribute page in a real headless Chromium).
 */
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { expect } from 'chai'
import { launchChromium } from '../fixtures/browser.js'
import { CLI, cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import type { RunJson } from '../../src/cli/run.js'
import type { CapacityRow } from '../../src/index.js'
import type { RunningDaemon } from '../fixtures/daemon.js'
import type { Browser, Page } from 'playwright-core'

const CAT = resolve('examples/jobs/build/cat.wasm')

/** `shoal run` without blocking this process (the page must keep running meanwhile) */
async function run (args: string[]): Promise<RunJson> {
  const child = spawn(process.execPath, [CLI, 'run', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
  const code = await new Promise<number | null>(resolve => { child.once('exit', resolve) })
  try {
    return JSON.parse(stdout)
  } catch {
    throw new Error(`shoal run printed no JSON (exit ${code}): ${stdout}\n${stderr}`)
  }
}

async function eventually (what: string, check: () => boolean, attempts = 60): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (check()) return
    await new Promise(resolve => setTimeout(resolve, 500))
  }
  throw new Error(`gave up waiting for ${what}`)
}

describe('data sets held by a browser page (a daemon over loopback, headless Chromium)', function () {
  this.timeout(180_000)
  let dir: { path: string, remove: () => Promise<void> }
  let a: RunningDaemon
  let browser: Browser | undefined
  let page: Page
  let url: string
  let pageId: string
  const rows = (): CapacityRow[] => {
    const r = cli(['capacity', '--json', '--where', 'dataset=notes', '--data-dir', a.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    return JSON.parse(r.stdout)
  }
  const openPage = async (): Promise<string> => {
    await page.goto(url)
    await page.waitForFunction(() => (globalThis as any).shoal?.peerId != null, undefined, { timeout: 60_000 })
    return page.evaluate(() => (globalThis as any).shoal.peerId as string)
  }

  before(async () => {
    browser = await launchChromium()
    dir = await tempDir()
    a = await startDaemon(dir.path, ['--local-mesh', '--listen', '/ip4/127.0.0.1/tcp/0/ws'])
    url = `${/^dashboard: (http:\/\/\S+)\/#token=/m.exec(a.stdout())?.[1] ?? ''}/contribute/`
    page = await (await browser.newContext()).newPage()
    pageId = await openPage()
  })
  after(async () => {
    await browser?.close()
    await a?.stop('SIGKILL')
    await dir?.remove()
  })

  it('a page keeps a data set in IndexedDB and advertises it (public by default); bad names are refused', async () => {
    const held = await page.evaluate(async () => {
      const enc = new TextEncoder()
      return (globalThis as any).shoal.addDataset('notes', [['a.txt', enc.encode('kept in the page\n')], ['sub/b.txt', enc.encode('and deeper')]])
    })
    expect(held).to.deep.equal({ name: 'notes', size: 27, public: true })
    const refused = await page.evaluate(async () => (globalThis as any).shoal.addDataset('../x', []).then(() => 'stored', (err: Error) => err.message))
    expect(refused).to.match(/a data set name is 1 to 64/)
    await eventually('the page\'s data set in A\'s capacity table', () => rows().some(r => r.peerId === pageId))
    expect(rows().find(r => r.peerId === pageId)!.datasets).to.deep.equal([{ name: 'notes', size: 27, public: true }])
  })

  it('a job naming it runs in the page and reads it through the preopen; nothing outside it', async () => {
    const r = await run([CAT, '--dataset', 'notes', '--arg', '/data/notes/a.txt', '--arg', '/data/notes/sub/b.txt', '--data-dir', a.dataDir])
    expect(r.status, JSON.stringify(r)).to.equal('succeeded')
    expect(r.worker).to.equal(pageId)
    expect(Buffer.from(r.output!, 'base64').toString()).to.equal('kept in the page\nand deeper')
    const up = await run([CAT, '--dataset', 'notes', '--arg', '/data/notes/../../x', '--data-dir', a.dataDir])
    expect(up.exitCode).to.equal(74)
  })

  it('outlives a reload; removed, it is no longer advertised', async () => {
    expect(await openPage()).to.equal(pageId)
    expect(await page.evaluate(() => (globalThis as any).shoal.datasets())).to.deep.equal([{ name: 'notes', size: 27, public: true }])
    const again = await run([CAT, '--dataset', 'notes', '--arg', '/data/notes/a.txt', '--data-dir', a.dataDir])
    expect(Buffer.from(again.output ?? '', 'base64').toString()).to.equal('kept in the page\n')
    expect(await page.evaluate(async () => (globalThis as any).shoal.removeDataset('notes'))).to.equal(true)
    await eventually('the data set gone from A\'s table', () => !rows().some(r => r.peerId === pageId))
  })
})
