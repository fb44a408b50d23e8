/**
 * Fetch throughput of a CID over /shoal/blocks/1.0.0, against a raw libp2p
 * stream copying the same bytes in the same run:
 *
 *   npm run bench:data -- [--size MiB] [--runs N] [--json]
 *
 * - raw: a bare libp2p node in a child process (TCP loopback, Noise, Yamux,
 *   as Shoal's) writes `size` bytes in 1 MiB messages on one stream; this
 *   process reads them. The baseline.
 * - one holder: daemon A (`shoal start`, blockstore-fs) adds a file of `size`
 *   bytes (deterministic); daemon F, connected to A alone, runs `shoal get`
 *   through its API; then unpins and collects everything, and again (`runs`).
 * - three holders: daemons B and C fetch the CID from A; daemon G, connected
 *   to A, B and C, fetches it `runs` times the same way.
 * - peak memory: the fetching daemons' VmHWM (/proc/<pid>/status) once done.
 * Medians of the runs; ratio = fetch MiB/s ÷ raw MiB/s of the same run.
 * Bitswap is not wired (docs/data.md says why), so it has no row here.
 */
import { fork, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { ApiClient } from '../src/api/client.js'
import { readApiFiles } from '../src/node/data-dir.js'
import { seededBytes } from '../test/fixtures/data.js'
import { createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type { ChildProcess } from 'node:child_process'
import type { FetchResult } from '../src/data/index.js'

const RAW_PROTOCOL = '/shoal-bench/raw/1.0.0'
const MiB = 1024 * 1024
const SELF = fileURLToPath(import.meta.url)
const CLI = resolve('dist/src/cli/index.js')

async function rawSource (size: number): Promise<void> {
  const node = await createLibp2p({ addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] }, transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
  await node.handle(RAW_PROTOCOL, async (stream) => {
    const chunk = new Uint8Array(MiB).fill(7)
    for (let sent = 0; sent < size; sent += MiB) {
      if (!stream.send(chunk.subarray(0, Math.min(MiB, size - sent)))) await stream.onDrain()
    }
    await stream.close()
  })
  process.send?.({ addr: node.getMultiaddrs()[0].toString() })
}

async function rawRun (addr: string, size: number): Promise<number> {
  const node = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
  try {
    const started = performance.now()
    const stream = await node.dialProtocol(multiaddr(addr), RAW_PROTOCOL)
    let got = 0
    for await (const chunk of stream) got += chunk.byteLength
    if (got !== size) throw new Error(`raw stream carried ${got} bytes, not ${size}`)
    return size / MiB / ((performance.now() - started) / 1000)
  } finally {
    await node.stop()
  }
}

interface Daemon { child: ChildProcess, dir: string, api: ApiClient, addr: string, peerId: string }

async function daemon (bootstrap: string[] = []): Promise<Daemon> {
  const dir = await mkdtemp(join(tmpdir(), 'shoal-bench-data-'))
  const args = [CLI, 'start', '--data-dir', dir, '--listen', '/ip4/127.0.0.1/tcp/0', '--api', '127.0.0.1:0', '--quiet', '--local-mesh', '--no-advertise', '--reachability', 'public', '--no-relay-service', '--no-webrtc', '--store-max', '64GiB', ...bootstrap.flatMap(b => ['--bootstrap', b])]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout?.setEncoding('utf8').on('data', (d: string) => { out += d })
  const end = Date.now() + 60_000
  while (!out.includes('control API:')) {
    if (Date.now() > end || child.exitCode != null) throw new Error(`daemon did not start:\n${out}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  const files = await readApiFiles(dir)
  if (files == null) throw new Error('no API files')
  const peerId = /peer (\S+)/.exec(out)?.[1] ?? ''
  const addr = [...out.matchAll(/^ {2}(\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/\S+)$/gm)][0]?.[1] ?? ''
  return { child, dir, api: new ApiClient(files.address, files.token), addr, peerId }
}

async function fetchVia (d: Daemon, cid: string): Promise<FetchResult> {
  for await (const { event, data } of d.api.events('/data/get', undefined, { cid })) {
    if (event === 'error') throw new Error((data as any).message)
    if (event === 'done') return data as FetchResult
  }
  throw new Error('no result')
}

async function peakRss (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }

async function measure (fetcher: Daemon, cid: string, runs: number, rawAddr: string, size: number): Promise<{ mibs: number[], raws: number[], sources: FetchResult['sources'][] }> {
  const mibs: number[] = []
  const raws: number[] = []
  const sources: FetchResult['sources'][] = []
  for (let i = 0; i < runs; i++) {
    raws.push(await rawRun(rawAddr, size))
    const r = await fetchVia(fetcher, cid)
    if (r.fetchedBytes < size) throw new Error(`fetched only ${r.fetchedBytes} bytes: the store was not empty`)
    mibs.push(r.fetchedBytes / MiB / (r.ms / 1000))
    sources.push(r.sources)
    await fetcher.api.delete(`/data/pins/${cid}`)
    await fetcher.api.post('/data/gc', { all: true })
  }
  return { mibs, raws, sources }
}

async function main (): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '1024' }, runs: { type: 'string', default: '3' }, json: { type: 'boolean', default: false }, role: { type: 'string' } } })
  const size = Math.round(Number(values.size) * MiB)
  if (values.role === 'raw') { await rawSource(size); return }
  const runs = Number(values.runs)
  const log = (s: string): void => { if (values.json !== true) console.log(s) }
  const rawChild = fork(SELF, ['--role', 'raw', '--size', String(values.size)], { stdio: 'inherit' })
  const rawAddr = await new Promise<string>(resolve => rawChild.once('message', (m: any) => { resolve(m.addr) }))
  const daemons: Daemon[] = []
  try {
    const a = await daemon(); daemons.push(a)
    const file = join(a.dir, 'bench.bin')
    await pipeline(Readable.from(seededBytes('bench-data', size)), createWriteStream(file))
    let t = performance.now()
    let cid = ''
    for await (const { event, data } of a.api.events('/data/add', undefined, { path: file })) {
      if (event === 'done') cid = (data as any).cid
      if (event === 'error') throw new Error((data as any).message)
    }
    log(`added ${values.size} MiB on A in ${((performance.now() - t) / 1000).toFixed(1)} s: ${cid}`)
    const f = await daemon([a.addr]); daemons.push(f)
    const one = await measure(f, cid, runs, rawAddr, size)
    const fRss = await peakRss(f.child.pid as number)
    log(`one holder: ${one.mibs.map(x => x.toFixed(1)).join(', ')} MiB/s; raw ${one.raws.map(x => x.toFixed(1)).join(', ')} MiB/s`)
    const b = await daemon([a.addr]); daemons.push(b)
    const c = await daemon([a.addr]); daemons.push(c)
    t = performance.now()
    await fetchVia(b, cid)
    await fetchVia(c, cid)
    log(`B and C fetched it from A in ${((performance.now() - t) / 1000).toFixed(1)} s`)
    const g = await daemon([a.addr, b.addr, c.addr]); daemons.push(g)
    const three = await measure(g, cid, runs, rawAddr, size)
    const gRss = await peakRss(g.child.pid as number)
    log(`three holders: ${three.mibs.map(x => x.toFixed(1)).join(', ')} MiB/s; raw ${three.raws.map(x => x.toFixed(1)).join(', ')} MiB/s`)
    log(`  sources of the last run: ${three.sources.at(-1)?.map(s => `${s.peer.slice(-6)} ${(s.bytes / MiB).toFixed(0)} MiB`).join(', ')}`)
    const report = {
      sizeMiB: Number(values.size),
      runs,
      raw: { medianMiBs: median([...one.raws, ...three.raws]) },
      oneHolder: { medianMiBs: median(one.mibs), ratioToRaw: median(one.mibs.map((m, i) => m / one.raws[i])), peakRssMiB: fRss },
      threeHolders: { medianMiBs: median(three.mibs), ratioToRaw: median(three.mibs.map((m, i) => m / three.raws[i])), peakRssMiB: gRss },
      bitswap: 'not wired'
    }
    if (values.json === true) console.log(JSON.stringify(report, null, 2))
    else {
      console.log(`\nfetch of ${values.size} MiB, medians of ${runs}:`)
      console.log(`  raw libp2p stream  ${report.raw.medianMiBs.toFixed(1)} MiB/s`)
      console.log(`  one holder         ${report.oneHolder.medianMiBs.toFixed(1)} MiB/s  (${report.oneHolder.ratioToRaw.toFixed(2)}x raw)  fetcher peak RSS ${fRss.toFixed(0)} MiB`)
      console.log(`  three holders      ${report.threeHolders.medianMiBs.toFixed(1)} MiB/s  (${report.threeHolders.ratioToRaw.toFixed(2)}x raw)  fetcher peak RSS ${gRss.toFixed(0)} MiB`)
    }
  } finally {
    rawChild.kill()
    for (const d of daemons) {
      d.child.kill('SIGTERM')
      await new Promise(resolve => { if (d.child.exitCode != null) resolve(null); else d.child.once('exit', resolve) })
      await rm(d.dir, { recursive: true, force: true })
    }
  }
}

await main()
