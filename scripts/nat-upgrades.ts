/**
 * How often, and how fast, peers behind NAT end on a direct connection.
 *
 *   sudo node dist/scripts/nat-upgrades.js [--runs 5] [--jobs 5] [--wait 20]
 *
 * Builds the test network of test/nat/nat.spec.ts (network namespaces,
 * iptables home routers, coturn) `runs` times. Each run: a relay on the
 * public segment; A behind an endpoint-independent NAT; B behind a
 * symmetric-like NAT (--random-fully); C behind an endpoint-independent NAT.
 * C and B each run `jobs` jobs on A, then the script waits up to `wait`
 * seconds for a direct connection. Per NAT pair it prints the share of
 * first contacts that became direct, the median time from first contact
 * to the first direct connection that carried a protocol, the jobs that
 * completed, and how long the first job took (CLI included: it makes the
 * first contact). Needs root, ip, iptables, turnserver.
 */
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { CLI, startDaemon, tempDir } from '../test/fixtures/daemon.js'
import { TestNet, hasTurnserver, netnsUnavailable, startStun } from '../test/fixtures/nat-net.js'
import type { RunningDaemon } from '../test/fixtures/daemon.js'
import type { ShoalStatus } from '../src/service/index.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, jobs: { type: 'string', default: '5' }, wait: { type: 'string', default: '20' } } })
const RUNS = Number(values.runs)
const JOBS = Number(values.jobs)
const WAIT_MS = Number(values.wait) * 1000
const STUN = 'stun:198.18.0.3:3478'

interface Sample { direct: boolean, ms?: number, transport?: string, jobsOk: number, jobs: number, firstJobMs: number }
const samples: Record<string, Sample[]> = { 'endpoint-independent <-> endpoint-independent (C to A)': [], 'symmetric <-> endpoint-independent (B to A)': [] }

function median (xs: number[]): number | undefined {
  if (xs.length === 0) return undefined
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

let current: TestNet | undefined
// Ctrl-C: take the namespaces and their processes down with us
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => { void (current?.destroy() ?? Promise.resolve()).finally(() => process.exit(130)) })
}

async function oneRun (run: number): Promise<void> {
  const net = new TestNet()
  current = net
  const dirs: Array<{ remove: () => Promise<void> }> = []
  const daemons: RunningDaemon[] = []
  try {
    net.createPublicSegment()
    const relayNs = net.addPublicHost('relay', 2)
    const stunNs = net.addPublicHost('stun', 3)
    const nsA = net.addHome('A', 10, 'endpoint-independent')
    const nsB = net.addHome('B', 20, 'symmetric')
    const nsC = net.addHome('C', 30, 'endpoint-independent')
    const work = await tempDir('shoal-natm-')
    dirs.push(work)
    startStun(net, stunNs, '198.18.0.3', work.path)
    const input = join(work.path, 'input.bin')
    await writeFile(input, randomBytes(4096))
    const place = async (ns: string, listen: string, extra: string[]): Promise<{ ns: string, daemon: RunningDaemon }> => {
      const dir = await tempDir('shoal-natm-')
      dirs.push(dir)
      const daemon = await startDaemon(dir.path, ['--quiet', '--stun', STUN, ...extra], 30_000, { prefix: ['ip', 'netns', 'exec', ns], listen })
      daemons.push(daemon)
      return { ns, daemon }
    }
    const relay = await place(relayNs, '/ip4/198.18.0.2/tcp/4001', ['--reachability', 'public'])
    const relayAddr = `/ip4/198.18.0.2/tcp/4001/p2p/${relay.daemon.peerId}`
    const [a, b, c] = await Promise.all([
      place(nsA, '/ip4/198.18.10.2/tcp/4001', ['--bootstrap', relayAddr, '--nat-probe', '2', '--label', 'home=a']),
      place(nsB, '/ip4/198.18.20.2/tcp/4001', ['--bootstrap', relayAddr, '--nat-probe', '2', '--label', 'home=b']),
      place(nsC, '/ip4/198.18.30.2/tcp/4001', ['--bootstrap', relayAddr, '--nat-probe', '2', '--label', 'home=c'])
    ])
    const status = (p: { ns: string, daemon: RunningDaemon }): ShoalStatus =>
      JSON.parse(net.execIn(p.ns, [process.execPath, CLI, 'status', '--json', '--data-dir', p.daemon.dataDir]).stdout)
    const until = async (p: { ns: string, daemon: RunningDaemon }, check: (s: ShoalStatus) => boolean, ms: number): Promise<ShoalStatus> => {
      const deadline = Date.now() + ms
      let s = status(p)
      while (!check(s) && Date.now() < deadline) s = status(p)
      return s
    }
    await until(a, s => s.reachability === 'private' && s.nat.reservations.length > 0, 30_000)
    // both requesters must hold A's advert before they can pick it
    for (const from of [b, c]) {
      const deadline = Date.now() + 30_000
      while (Date.now() < deadline) {
        const rows = JSON.parse(net.execIn(from.ns, [process.execPath, CLI, 'capacity', '--json', '--data-dir', from.daemon.dataDir]).stdout || '[]') as Array<{ peerId: string }>
        if (rows.some(r => r.peerId === a.daemon.peerId)) break
      }
    }
    for (const [name, from] of [[Object.keys(samples)[0], c], [Object.keys(samples)[1], b]] as const) {
      let ok = 0
      let firstJobMs = 0
      for (let i = 0; i < JOBS; i++) {
        const started = Date.now()
        const r = await net.execInAsync(from.ns, [process.execPath, CLI, 'run', 'examples/jobs/build/sha256.wasm', '--input', input, '--label', 'home=a', '--json', '--data-dir', from.daemon.dataDir], 90_000)
        if (i === 0) firstJobMs = Date.now() - started
        if (r.code === 0) ok++
      }
      const s = await until(from, s => s.nat.links.some(l => l.peerId === a.daemon.peerId && l.directAt != null), WAIT_MS)
      const link = s.nat.links.find(l => l.peerId === a.daemon.peerId)
      const sample: Sample = link?.directAt != null
        ? { direct: true, ms: link.directAt - link.firstContactAt, transport: link.directTransport, jobsOk: ok, jobs: JOBS, firstJobMs }
        : { direct: false, jobsOk: ok, jobs: JOBS, firstJobMs }
      samples[name].push(sample)
      console.error(`run ${run + 1}: ${name}: ${sample.direct ? `direct over ${sample.transport} after ${sample.ms} ms` : 'relayed only'}, ${ok}/${JOBS} jobs, first job ${firstJobMs} ms`)
    }
  } finally {
    current = undefined
    await Promise.all(daemons.map(async d => d.stop('SIGKILL')))
    await net.destroy()
    await Promise.all(dirs.map(async d => d.remove()))
  }
}

const why = netnsUnavailable() ?? (hasTurnserver() ? undefined : 'coturn is not installed')
if (why != null) {
  console.error(`cannot measure: ${why}`)
  process.exit(2)
}
for (let run = 0; run < RUNS; run++) await oneRun(run)
console.log('| NAT pair | runs | direct | median ms to direct | jobs completed | median first job ms |')
console.log('| --- | --- | --- | --- | --- | --- |')
for (const [name, xs] of Object.entries(samples)) {
  const direct = xs.filter(x => x.direct)
  const med = median(direct.map(x => x.ms ?? 0))
  console.log(`| ${name} | ${xs.length} | ${direct.length}/${xs.length} | ${med ?? '-'} | ${xs.reduce((n, x) => n + x.jobsOk, 0)}/${xs.reduce((n, x) => n + x.jobs, 0)} | ${median(xs.map(x => x.firstJobMs)) ?? '-'} |`)
}
