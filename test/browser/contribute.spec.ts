/**
 * The browser peer end to end: two daemons over loopback, the /contribute
 * page in a real headless Chromium joining through A's WebSocket listener.
 */
import { randomBytes } from 'node:crypto'
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { expect } from 'chai'
import { launchChromium } from '../fixtures/browser.js'
import { CLI, cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import { shortId } from '../../src/cli/output.js'
import { INFINITE_LOOP, MEMORY_BOMB, wat } from '../executors/fixtures.js'
import type { RunJson } from '../../src/cli/run.js'
import type { CapacityRow } from '../../src/index.js'
import type { CliResult, RunningDaemon } from '../fixtures/daemon.js'
import type { Browser, Page } from 'playwright-core'

const SHA256 = resolve('examples/jobs/build/sha256.wasm')

/** counts to 3·10⁹ (seconds of work), then prints "done": long enough to close the page under it */
const LONG_LOOP = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1 1)
  (data (i32.const 16) "done\\n")
  (func (export "_start") (local $i i64)
    (loop $l (br_if $l (i64.lt_u (local.tee $i (i64.add (local.get $i) (i64.const 1))) (i64.const 3000000000))))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 5))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`

/** `shoal run` without blocking this process (the page must keep running meanwhile) */
async function run (args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, 'run', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
  const code = await new Promise<number | null>(resolve => { child.once('exit', resolve) })
  return { code, stdout, stderr }
}

/** re-asks the CLI (each ask is a process, not an event to wait on) until check passes, a bounded number of times */
async function eventually (what: string, check: () => boolean, attempts = 60): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (check()) return
    await new Promise(resolve => setTimeout(resolve, 500))
  }
  throw new Error(`gave up waiting for ${what}`)
}

const parse = (r: CliResult): RunJson => {
  try {
    return JSON.parse(r.stdout)
  } catch {
    throw new Error(`shoal run printed no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`)
  }
}

describe('browser peer end to end (2 daemons over loopback, headless Chromium)', function () {
  this.timeout(240_000)
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  let a: RunningDaemon
  let b: RunningDaemon
  let browser: Browser | undefined
  let page: Page
  let url: string
  let browserId: string
  let input: string
  /** the sha-256 example's output hash for `input` */
  let sha256Hash: string | undefined
  const pageErrors: string[] = []

  const openPage = async (): Promise<string> => {
    await page.goto(url)
    await page.waitForFunction(() => (globalThis as any).shoal?.peerId != null, undefined, { timeout: 60_000 })
    return page.evaluate(() => (globalThis as any).shoal.peerId as string)
  }
  const browserRows = (): CapacityRow[] => {
    const r = cli(['capacity', '--json', '--where', 'runtime=browser', '--data-dir', a.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    return JSON.parse(r.stdout)
  }

  before(async () => {
    browser = await launchChromium()
    for (let i = 0; i < 3; i++) dirs.push(await tempDir())
    // A listens on WebSockets too (the fixture's --listen replaces the default TCP + WebSockets)
    a = await startDaemon(dirs[0].path, ['--local-mesh', '--listen', '/ip4/127.0.0.1/tcp/0/ws'])
    b = await startDaemon(dirs[1].path, ['--local-mesh', '--bootstrap', a.addresses[0], '--label', 'pool=daemon'])
    const base = /^dashboard: (http:\/\/\S+)\/#token=/m.exec(a.stdout())?.[1] ?? ''
    url = `${base}/contribute/`
    input = join(dirs[2].path, 'input.bin')
    await writeFile(input, randomBytes(100_000))
    page = await (await browser.newContext()).newPage()
    page.on('pageerror', err => { pageErrors.push(err.message) })
    page.on('console', msg => { if (msg.type() === 'error') pageErrors.push(`${msg.text()} (${msg.location().url})`) })
    browserId = await openPage()
  })

  after(async () => {
    await browser?.close()
    await Promise.all([a, b].filter(d => d != null).map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('joins through the daemon and appears in `shoal capacity --json` with runtime=browser', async () => {
    expect(browserId).to.match(/^12D3KooW/)
    await a.waitForOutput(out => out.includes(`peer joined ${shortId(browserId)}`), 60_000)
    await eventually('the browser peer in A\'s capacity table', () => browserRows().some(r => r.peerId === browserId))
    const row = browserRows().find(r => r.peerId === browserId)!
    expect(row.labels).to.deep.equal({ runtime: 'browser' })
    expect(row.runtimes).to.deep.equal(['wasm'])
    expect(await page.textContent('#peer-id')).to.equal(browserId)
  })

  it('runs the sha-256 example in the page, with the same output hash as a daemon', async () => {
    const inBrowser = parse(await run([SHA256, '--input', input, '--label', 'runtime=browser', '--data-dir', a.dataDir]))
    expect(inBrowser.status, JSON.stringify(inBrowser)).to.equal('succeeded')
    expect(inBrowser.worker).to.equal(browserId)
    const onDaemon = parse(await run([SHA256, '--input', input, '--label', 'pool=daemon', '--data-dir', a.dataDir]))
    expect(onDaemon.status, JSON.stringify(onDaemon)).to.equal('succeeded')
    expect(onDaemon.worker).to.equal(b.peerId)
    expect(inBrowser.outputHash).to.be.a('string').and.equal(onDaemon.outputHash)
    sha256Hash = inBrowser.outputHash
    expect(inBrowser.output).to.equal(onDaemon.output)
    await page.waitForFunction(() => (globalThis as any).shoal.counters.run >= 1)
    expect(await page.textContent('#jobs-run')).to.not.equal('0')
    // its standing is what others report: A, the requester, published a signed success report about it
    await page.waitForFunction(() => (globalThis as any).shoal.standing().good > 0, undefined, { timeout: 30_000 })
    const standing = await page.evaluate(() => (globalThis as any).shoal.standing())
    expect(standing.reporters).to.equal(1)
    expect(standing.bad).to.equal(0)
    expect(standing.trust).to.be.above(0.3).and.below(1)
    await page.waitForFunction(() => /from 1 peer's reports \(1 good, 0 bad\)/.test(document.getElementById('standing')?.textContent ?? ''))
  })

  it('fails a hostile module in the page with its reason, and keeps serving', async () => {
    const dir = dirs[2].path
    await writeFile(join(dir, 'loop.wasm'), await wat(INFINITE_LOOP))
    await writeFile(join(dir, 'bomb.wasm'), await wat(MEMORY_BOMB))
    const loop = parse(await run([join(dir, 'loop.wasm'), '--label', 'runtime=browser', '--timeout', '2', '--data-dir', a.dataDir]))
    expect(loop.status).to.equal('failed')
    expect(loop.attempts.map(t => t.worker)).to.include(browserId)
    expect(loop.attempts.find(t => t.worker === browserId)?.reason).to.equal('timeout')
    const bomb = parse(await run([join(dir, 'bomb.wasm'), '--label', 'runtime=browser', '--memory', '32', '--data-dir', a.dataDir]))
    expect(bomb.status).to.equal('failed')
    expect(bomb.attempts.find(t => t.worker === browserId)?.reason).to.equal('memory')
    expect(await page.textContent('#last-job')).to.match(/failed \((timeout|memory)\)/)
    // still serving
    const after = parse(await run([SHA256, '--input', input, '--label', 'runtime=browser', '--data-dir', a.dataDir]))
    expect(after.status, JSON.stringify(after)).to.equal('succeeded')
    expect(after.worker).to.equal(browserId)
    // the page kept the sha-256 module compiled, though the worker that compiled it ran the loop and was terminated
    expect(after.outputHash).to.equal(sha256Hash)
    const cache = await page.evaluate(() => (globalThis as any).shoal.executor.moduleCache())
    expect(cache.cached, JSON.stringify(cache)).to.be.at.least(1)
    expect(cache.entries).to.be.at.least(1)
  })

  it('runs an app handler for a custom job kind in the page, and advertises the kind', async () => {
    await page.evaluate(() => {
      (globalThis as any).shoal.handle('text/upper', ({ input }: { input: Uint8Array }) => new TextEncoder().encode(new TextDecoder().decode(input).toUpperCase()))
    })
    await eventually('the kind in the browser\'s advert', () => browserRows().some(r => r.peerId === browserId && r.kinds.includes('text/upper')))
    const text = join(dirs[2].path, 'text.txt')
    await writeFile(text, 'hello from a daemon')
    const upper = parse(await run(['--kind', 'text/upper', '--input', text, '--worker', browserId, '--data-dir', a.dataDir]))
    expect(upper.status, JSON.stringify(upper)).to.equal('succeeded')
    expect(upper.worker).to.equal(browserId)
    expect(Buffer.from(upper.output ?? '', 'base64').toString()).to.equal('HELLO FROM A DAEMON')
  })

  it('keeps its peer id across a reload (IndexedDB)', async () => {
    const again = await openPage()
    expect(again).to.equal(browserId)
    await eventually('the reloaded browser peer in A\'s capacity table', () => browserRows().some(r => r.peerId === browserId))
  })

  it('pause offers no slots and declines pinned jobs as paused; resume offers them again; the slider sets how many', async function () {
    // a paused page that made requesters wait for the job's deadline (minutes) fails this
    this.timeout(60_000)
    await page.click('#pause')
    expect(await page.textContent('#pause')).to.equal('Resume')
    await eventually('the paused browser advertising no slots', () => browserRows().some(r => r.peerId === browserId && r.slotsTotal === 0))
    expect(await page.evaluate(() => (globalThis as any).shoal.executor.slots().total)).to.equal(0)
    // a job pinned to the paused page is declined as paused, not retried as busy until its deadline
    const alone = parse(await run([SHA256, '--input', input, '--worker', browserId, '--data-dir', a.dataDir]))
    expect(alone.status, JSON.stringify(alone)).to.equal('failed')
    expect(alone.attempts.map(t => [t.worker, t.reason])).to.deep.equal([[browserId, 'paused']])
    // and with another worker named, it moves there
    const moved = parse(await run([SHA256, '--input', input, '--worker', browserId, '--worker', b.peerId, '--data-dir', a.dataDir]))
    expect(moved.status, JSON.stringify(moved)).to.equal('succeeded')
    expect(moved.worker).to.equal(b.peerId)
    expect(moved.attempts[0]).to.include({ worker: browserId, reason: 'paused' })
    await page.click('#pause')
    await page.fill('#slots', '1')
    await page.dispatchEvent('#slots', 'input')
    await eventually('the resumed browser advertising its slot', () => browserRows().some(r => r.peerId === browserId && r.slotsTotal === 1))
  })

  it('moves a job to a daemon when the page closes mid-job', async () => {
    const dir = dirs[2].path
    await writeFile(join(dir, 'long.wasm'), await wat(LONG_LOOP))
    await eventually('a free slot in the browser', () => browserRows().some(r => r.peerId === browserId && r.slotsFree > 0))
    // pinned: the browser first, then B
    const pending = run([join(dir, 'long.wasm'), '--timeout', '60', '--worker', browserId, '--worker', b.peerId, '--data-dir', a.dataDir])
    await page.waitForFunction(() => (globalThis as any).shoal.executor.slots().inUse > 0, undefined, { timeout: 60_000 }).catch(async (err) => {
      throw new Error(`${err.message}: ${JSON.stringify(parse(await pending))}`)
    })
    await page.close()
    const moved = parse(await pending)
    expect(moved.status, JSON.stringify(moved)).to.equal('succeeded')
    expect(moved.worker).to.equal(b.peerId)
    expect(moved.attempts[0].worker).to.equal(browserId)
    expect(Buffer.from(moved.output ?? '', 'base64').toString()).to.equal('done\n')
    expect(pageErrors.filter(e => !/WebSocket|ERR_CONNECTION|net::/.test(e))).to.deep.equal([])
  })
})
