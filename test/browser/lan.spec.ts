/**
 * The contribute page on a LAN as a person tries it, with no flags about
 * reachability: two daemons on loopback (neither can be confirmed public:
 * AutoNAT confirms only public IP addresses), the /contribute page opened on
 * the first, a job sent from the second with `--label runtime=browser`. The
 * second daemon reaches the page only through a relay reservation the page
 * holds on the first, which the first must grant though it is not public.
 */
import { randomBytes } from 'node:crypto'
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { launchChromium } from '../fixtures/browser.js'
import { CLI, cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import type { RunJson } from '../../src/cli/run.js'
import type { CapacityRow } from '../../src/index.js'
import type { CliResult, RunningDaemon } from '../fixtures/daemon.js'
import type { Browser, Page } from 'playwright-core'

const SHA256 = resolve('examples/jobs/build/sha256.wasm')

async function run (args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, 'run', ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
  const code = await new Promise<number | null>(resolve => { child.once('exit', resolve) })
  return { code, stdout, stderr }
}

/** re-asks the CLI (each ask is a process, not an event to wait on) until check passes, within a bound */
async function eventually<T> (what: string, check: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    const value = check()
    if (value !== undefined) return value
    await sleep(500)
  }
  throw new Error(`gave up waiting for ${what} after ${timeoutMs / 1000} s`)
}

const json = <T>(r: CliResult): T => {
  try {
    return JSON.parse(r.stdout)
  } catch {
    throw new Error(`no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`)
  }
}

describe('browser peer on a LAN: a job from another daemon, no reachability flags', function () {
  this.timeout(240_000)
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  let a: RunningDaemon
  let b: RunningDaemon
  let browser: Browser | undefined
  let page: Page
  let browserId: string
  let input: string

  before(async () => {
    browser = await launchChromium()
    for (let i = 0; i < 3; i++) dirs.push(await tempDir())
    // loopback only, TCP and WebSockets as `shoal start` listens by default; nothing about reachability or relaying
    a = await startDaemon(dirs[0].path, ['--local-mesh', '--listen', '/ip4/127.0.0.1/tcp/0/ws'])
    b = await startDaemon(dirs[1].path, ['--local-mesh', '--bootstrap', a.addresses[0]])
    const base = /^dashboard: (http:\/\/\S+)\/#token=/m.exec(a.stdout())?.[1] ?? ''
    input = join(dirs[2].path, 'input.bin')
    await writeFile(input, randomBytes(10_000))
    page = await (await browser.newContext()).newPage()
    await page.goto(`${base}/contribute/`)
    await page.waitForFunction(() => (globalThis as any).shoal?.peerId != null, undefined, { timeout: 60_000 })
    browserId = await page.evaluate(() => (globalThis as any).shoal.peerId as string)
  })

  after(async () => {
    await browser?.close()
    await Promise.all([a, b].filter(d => d != null).map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('the page\'s daemon is not public, yet grants the page a relay reservation', async () => {
    const status = await eventually('a relay reservation on A', () => {
      const s = json<any>(cli(['status', '--json', '--data-dir', a.dataDir]))
      return s.nat.relay.reservations >= 1 ? s : undefined
    })
    expect(status.reachability).to.not.equal('public')
    expect(status.nat.relay.refused.notServing).to.equal(0)
  })

  it('a job from the second daemon with --label runtime=browser runs on the page', async () => {
    await eventually('the page in B\'s capacity table', () => {
      const rows = json<CapacityRow[]>(cli(['capacity', '--json', '--where', 'runtime=browser', '--data-dir', b.dataDir]))
      return rows.some(r => r.peerId === browserId) ? true : undefined
    })
    const result = json<RunJson>(await run([SHA256, '--input', input, '--label', 'runtime=browser', '--data-dir', b.dataDir]))
    expect(result.status, JSON.stringify(result.attempts)).to.equal('succeeded')
    expect(result.worker).to.equal(browserId)
    expect(Buffer.from(result.output ?? '', 'base64').toString()).to.match(/^[0-9a-f]{64}/)
  })
})
