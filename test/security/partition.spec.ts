import { spawn, spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { CLI, tempDir } from '../fixtures/daemon.js'
import { createTestNetwork, netnsUnavailable } from '../fixtures/netns.js'
import type { TestHost, TestNetwork } from '../fixtures/netns.js'
import type { RunJson } from '../../src/cli/run.js'
import type { CapacityRow } from '../../src/index.js'
import type { ReputationRowJson } from '../../src/api/reputation.js'
import type { ChildProcess } from 'node:child_process'

const SHA256 = resolve('examples/jobs/build/sha256.wasm')
const CLIENT = resolve('dist/src/api/client.js')
const PORT = 4101

interface HostDaemon { host: TestHost, dir: string, child: ChildProcess, peerId: string, out: () => string }

/** a command run inside a host's namespace */
function inHost (host: TestHost, args: string[]): { code: number | null, stdout: string, stderr: string } {
  const r = spawnSync('ip', ['netns', 'exec', host.ns, process.execPath, ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** the daemon's control API, read from inside its namespace (it listens on that namespace's loopback) */
function api<T> (d: HostDaemon, path: string): T {
  const script = `import { ApiClient } from ${JSON.stringify(CLIENT)}; const c = await ApiClient.connect({ dataDir: ${JSON.stringify(d.dir)} }); process.stdout.write(JSON.stringify(await c.get(${JSON.stringify(path)})))`
  const r = inHost(d.host, ['--input-type=module', '-e', script])
  if (r.code !== 0) throw new Error(`API ${path} on ${d.host.ns}: ${r.stderr}`)
  return JSON.parse(r.stdout)
}

async function poll (what: string, check: () => boolean, timeoutMs = 60_000, explain: () => string = () => ''): Promise<void> {
  const end = Date.now() + timeoutMs
  while (true) {
    let ok = false
    try { ok = check() } catch {}
    if (ok) return
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${(() => { try { return `\n${explain()}` } catch (err: any) { return ` (${err.message})` } })()}`)
    await sleep(500)
  }
}

describe('a network partition between two groups of daemons (network namespaces, 198.18.1.0/24)', function () {
  this.timeout(300_000)
  const unavailable = netnsUnavailable()
  let net: TestNetwork | undefined
  const daemons: HostDaemon[] = []
  const dirs: Array<Awaited<ReturnType<typeof tempDir>>> = []

  before(async function () {
    if (unavailable != null) {
      console.log(`      skipped: ${unavailable}`)
      this.skip()
    }
    net = createTestNetwork(2)
    for (const host of net.hosts) {
      const dir = await tempDir()
      dirs.push(dir)
      const bootstrap = daemons.length > 0 ? ['--bootstrap', `/ip4/${daemons[0].host.ip}/tcp/${PORT}/p2p/${daemons[0].peerId}`] : []
      const child = spawn('ip', ['netns', 'exec', host.ns, process.execPath, CLI, 'start', '--data-dir', dir.path, '--listen', `/ip4/${host.ip}/tcp/${PORT}`,
        '--api', '127.0.0.1:0', '--advert-interval', '2', '--quiet', ...bootstrap], { stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      child.stdout!.setEncoding('utf8').on('data', (s: string) => { out += s })
      child.stderr!.setEncoding('utf8').on('data', (s: string) => { out += s })
      await poll(`the daemon on ${host.ns} to start`, () => out.includes('control API:') || child.exitCode != null, 30_000)
      if (child.exitCode != null) throw new Error(`the daemon on ${host.ns} exited: ${out}`)
      daemons.push({ host, dir: dir.path, child, peerId: /peer (\S+)/.exec(out)![1], out: () => out })
    }
  })

  after(async () => {
    for (const d of daemons) if (d.child.exitCode == null && d.child.signalCode == null) d.child.kill('SIGKILL')
    await Promise.all(daemons.map(async d => d.child.exitCode != null || d.child.signalCode != null ? undefined : new Promise(resolve => d.child.once('exit', resolve))))
    net?.remove()
    await Promise.all(dirs.map(async d => d.remove()))
  })

  const workersSeen = (d: HostDaemon): string[] => api<CapacityRow[]>(d, '/capacity').filter(r => r.peerId !== d.peerId && r.runtimes.includes('wasm')).map(r => r.peerId).sort()
  const others = (d: HostDaemon, group?: 'a' | 'b'): string[] => daemons.filter(o => o !== d && (group == null || o.host.group === group)).map(o => o.peerId).sort()
  const run = (d: HostDaemon): RunJson => {
    const r = inHost(d.host, [CLI, 'run', SHA256, '--input', CLI, '--json', '--data-dir', d.dir])
    expect(r.code, r.stderr).to.equal(0)
    return JSON.parse(r.stdout)
  }
  const knows = (d: HostDaemon, peer: string): boolean => api<ReputationRowJson[]>(d, '/reputation').some(r => r.peerId === peer)

  it('each side keeps working while cut off; after healing, capacity tables and reputation reconverge', async () => {
    const [a1, a2, b1, b2] = daemons
    await poll('every daemon to hold the other three adverts', () => daemons.every(d => workersSeen(d).join() === others(d).join()))

    net!.cut()
    // each group runs jobs on its own side (a job may first try a worker across the cut and fail over)
    const jobA = run(a1)
    expect(jobA.status).to.equal('succeeded')
    expect(jobA.worker).to.equal(a2.peerId)
    const jobB = run(b1)
    expect(jobB.status).to.equal('succeeded')
    expect(jobB.worker).to.equal(b2.peerId)
    // the other side's adverts expire from each table
    await poll('each side\'s tables to hold only its own group', () => daemons.every(d => workersSeen(d).join() === others(d, d.host.group).join()))
    // reports of the jobs stayed on their side
    expect(knows(b2, a2.peerId), 'B heard of A\'s worker across the cut').to.equal(false)
    expect(knows(a2, b2.peerId), 'A heard of B\'s worker across the cut').to.equal(false)

    net!.heal()
    await poll('every daemon to hold all adverts again', () => daemons.every(d => workersSeen(d).join() === others(d).join()), 90_000)
    await poll('the reports made during the cut to reach the other side', () => knows(b2, a2.peerId) && knows(b1, a2.peerId) && knows(a2, b2.peerId) && knows(a1, b2.peerId), 60_000,
      () => daemons.map(d => `${d.host.ns} ${d.peerId.slice(-6)}: knows ${api<ReputationRowJson[]>(d, '/reputation').map(r => r.peerId.slice(-6)).join(',')}; stats ${JSON.stringify(api(d, '/reputation/stats'))}; peers ${api<any[]>(d, '/peers').map(p => String(p.id ?? p.peerId).slice(-6)).join(',')}`).join('\n'))
    // and the healed mesh runs jobs
    expect(run(b1).status).to.equal('succeeded')
  })
})
