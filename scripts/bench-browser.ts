/**
 * `npm run bench:browser`: the round trip of a trivial job (sha-256 of 32
 * bytes) to a browser peer against the same job to a daemon, measured in one
 * run, side by side. A requester A (WebSockets listener, control API with
 * /contribute) and a daemon worker B, both in this process; the /contribute
 * page in headless Chromium joins through A. Each round submits the job from A
 * pinned to the browser and pinned to B, in alternating order; prints medians
 * (and p10/p90) of the time from submit to result, and their ratio.
 *
 *   node dist/scripts/bench-browser.js [--rounds 40] [--warmup 5]
 */
import { readFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import { createShoal } from '../src/create.js'
import { startApiServer } from '../src/api/server.js'
import type { ShoalNode } from '../src/create.js'

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '40' }, warmup: { type: 'string', default: '5' }, chromium: { type: 'string', default: process.env.SHOAL_CHROMIUM ?? '/usr/bin/chromium' } } })
const rounds = Number(values.rounds)
const warmup = Number(values.warmup)

const module = await readFile(new URL('../../examples/jobs/build/sha256.wasm', import.meta.url))
const a = await createShoal({ listen: ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws'], localMesh: true, executor: false, capacity: { intervalMs: 5_000 } })
const b = await createShoal({ listen: ['/ip4/127.0.0.1/tcp/0'], localMesh: true, bootstrap: a.libp2p.getMultiaddrs().map(String).filter(m => !m.includes('/ws')), capacity: { intervalMs: 5_000, maxJobs: 1 } })
const api = await startApiServer({ node: a, listen: { host: '127.0.0.1', port: 0 }, token: 'bench' })
const browser = await chromium.launch({ executablePath: values.chromium, headless: true })
try {
  const page = await browser.newPage()
  await page.goto(`http://${api.address}/contribute/`)
  await page.waitForFunction(() => (globalThis as any).shoal?.peerId != null, undefined, { timeout: 60_000 })
  const browserId = await page.evaluate(() => (globalThis as any).shoal.peerId as string)
  const bId = b.peerId.toString()
  const seen = (id: string): boolean => a.capacityTable().some(r => r.peerId === id)
  for (let i = 0; i < 120 && !(seen(browserId) && seen(bId)); i++) await new Promise(resolve => setTimeout(resolve, 500))
  if (!seen(browserId) || !seen(bId)) throw new Error('A did not hear the browser\'s and B\'s adverts within a minute')

  const once = async (node: ShoalNode, worker: string): Promise<number> => {
    const started = performance.now()
    const r = await node.submit({ module, input: crypto.getRandomValues(new Uint8Array(32)), workers: [worker], maxAttempts: 1 }).result
    if (r.status !== 'succeeded' || r.worker !== worker) throw new Error(`job on ${worker} ${r.status}: ${r.reason ?? ''} ${r.message ?? ''}`)
    return performance.now() - started
  }
  const samples: Record<'browser' | 'daemon', number[]> = { browser: [], daemon: [] }
  for (let i = 0; i < warmup + rounds; i++) {
    const order: Array<['browser' | 'daemon', string]> = i % 2 === 0 ? [['browser', browserId], ['daemon', bId]] : [['daemon', bId], ['browser', browserId]]
    for (const [name, id] of order) {
      const ms = await once(a, id)
      if (i >= warmup) samples[name].push(ms)
    }
  }
  const stats = (xs: number[]): { p10: number, median: number, p90: number } => {
    const s = [...xs].sort((x, y) => x - y)
    const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))]
    return { p10: at(0.1), median: at(0.5), p90: at(0.9) }
  }
  const br = stats(samples.browser)
  const dm = stats(samples.daemon)
  const f = (n: number): string => n.toFixed(1).padStart(7)
  console.log(`trivial job round trip (sha-256 of 32 bytes, submit → result at the requester), ${rounds} rounds after ${warmup} warm-up, alternating`)
  console.log('                median     p10     p90  (ms)')
  console.log(`  browser peer ${f(br.median)} ${f(br.p10)} ${f(br.p90)}`)
  console.log(`  daemon       ${f(dm.median)} ${f(dm.p10)} ${f(dm.p90)}`)
  console.log(`  ratio browser/daemon (medians): ${(br.median / dm.median).toFixed(2)}`)
  const cache = await page.evaluate(() => (globalThis as any).shoal.executor.moduleCache()) as { compiled: number, cached: number }
  console.log(`  browser module cache: compiled ${cache.compiled}, from the cache ${cache.cached}; load average ${loadavg().map(l => l.toFixed(1)).join(' ')}`)
} finally {
  await browser.close()
  await api.close()
  await b.stop()
  await a.stop()
}
