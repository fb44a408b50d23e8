/**
 * Shoal behind real NATs: Linux network namespaces, iptables home routers,
 * coturn as the STUN server, real daemons. Needs root (or CAP_NET_ADMIN)
 * and iproute2, iptables, coturn; skipped with a message otherwise.
 *
 *   public 198.18.0.0/24: relay .2 (declared public), STUN .3, probe .4
 *   home A 198.18.10.0/24 behind an endpoint-independent NAT (MASQUERADE)
 *   home B 198.18.20.0/24 behind a symmetric-like NAT (MASQUERADE --random-fully)
 *   home C 198.18.30.0/24 behind an endpoint-independent NAT
 */
import { createHash, randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import { CLI, startDaemon, tempDir } from '../fixtures/daemon.js'
import { TestNet, hasTurnserver, netnsUnavailable, startStun } from '../fixtures/nat-net.js'
import type { RunningDaemon } from '../fixtures/daemon.js'
import type { ShoalStatus } from '../../src/service/index.js'

const STUN = 'stun:198.18.0.3:3478'
const SHA256 = 'examples/jobs/build/sha256.wasm'
const RELAY_MAX_RESERVATIONS = 8

interface Placed { ns: string, daemon: RunningDaemon }
interface RunJson { status: string, worker?: string, output?: string, attempts: Array<{ worker: string, outcome: string, reason?: string }> }

describe('reachability behind NAT (network namespaces)', function () {
  this.timeout(120_000)
  const net = new TestNet()
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  let relay: Placed
  let homeA: Placed
  let homeB: Placed
  let homeC: Placed
  let relayAddr: string
  let inputFile: string
  let digest: string

  const status = (p: Placed): ShoalStatus => {
    const r = net.execIn(p.ns, [process.execPath, CLI, 'status', '--json', '--data-dir', p.daemon.dataDir])
    if (r.code !== 0) throw new Error(`status in ${p.ns} failed: ${r.stderr}`)
    return JSON.parse(r.stdout)
  }

  /** polls a daemon's status until the check passes; fails with the last status after `ms` */
  const waitFor = async (p: Placed, what: string, check: (s: ShoalStatus) => boolean, ms = 40_000): Promise<ShoalStatus> => {
    const deadline = Date.now() + ms
    let last: ShoalStatus | undefined
    while (Date.now() < deadline) {
      last = status(p)
      if (check(last)) return last
      // the status command itself takes a few hundred ms: that is the polling interval
    }
    throw new Error(`${what}: not within ${ms} ms; last status:\n${JSON.stringify(last, null, 2)}`)
  }

  const place = async (ns: string, listen: string, extra: string[]): Promise<Placed> => {
    const dir = await tempDir('shoal-nat-')
    dirs.push(dir)
    const daemon = await startDaemon(dir.path, ['--quiet', '--stun', STUN, ...extra], 30_000, { prefix: ['ip', 'netns', 'exec', ns], listen })
    return { ns, daemon }
  }

  /** polls a daemon's capacity table until it holds the peer's advert */
  const waitForAdvert = async (p: Placed, peerId: string, ms = 30_000): Promise<void> => {
    const deadline = Date.now() + ms
    while (Date.now() < deadline) {
      const rows = JSON.parse(net.execIn(p.ns, [process.execPath, CLI, 'capacity', '--json', '--data-dir', p.daemon.dataDir]).stdout || '[]') as Array<{ peerId: string }>
      if (rows.some(r => r.peerId === peerId)) return
    }
    throw new Error(`${p.ns} did not hold ${peerId}'s advert within ${ms} ms`)
  }

  const runJobs = async (from: Placed, n: number, labels: string[]): Promise<RunJson[]> => {
    const out: RunJson[] = []
    // five at a time: each is a CLI process on a 2-core machine
    for (let i = 0; i < n; i += 5) {
      const batch = await Promise.all(Array.from({ length: Math.min(5, n - i) }, async () =>
        net.execInAsync(from.ns, [process.execPath, CLI, 'run', SHA256, '--input', inputFile, '--json', '--data-dir', from.daemon.dataDir, ...labels.flatMap(l => ['--label', l])], 90_000)))
      for (const r of batch) {
        expect(r.code, `shoal run failed: ${r.stderr}`).to.equal(0)
        out.push(JSON.parse(r.stdout))
      }
    }
    return out
  }

  before(async function () {
    const why = netnsUnavailable() ?? (hasTurnserver() ? undefined : 'coturn is not installed (apt-get install coturn)')
    if (why != null) {
      console.log(`      skipped: ${why}`)
      this.skip()
    }
    const work = await tempDir('shoal-nat-work-')
    dirs.push(work)
    const input = randomBytes(4096)
    inputFile = join(work.path, 'input.bin')
    await writeFile(inputFile, input)
    digest = createHash('sha256').update(input).digest('hex')

    net.createPublicSegment()
    const relayNs = net.addPublicHost('relay', 2)
    const stunNs = net.addPublicHost('stun', 3)
    net.addPublicHost('probe', 4)
    const nsA = net.addHome('A', 10, 'endpoint-independent')
    const nsB = net.addHome('B', 20, 'symmetric')
    const nsC = net.addHome('C', 30, 'endpoint-independent')
    startStun(net, stunNs, '198.18.0.3', work.path)

    // a server with a public address says so (AutoNAT v2 never confirms 198.18/15, which libp2p counts as non-public)
    relay = await place(relayNs, '/ip4/198.18.0.2/tcp/4001', ['--reachability', 'public', '--label', 'role=relay', '--relay-max-reservations', String(RELAY_MAX_RESERVATIONS)])
    relayAddr = `/ip4/198.18.0.2/tcp/4001/p2p/${relay.daemon.peerId}`
    ;[homeA, homeB, homeC] = await Promise.all([
      place(nsA, '/ip4/198.18.10.2/tcp/4001', ['--bootstrap', relayAddr, '--nat-probe', '2', '--label', 'home=a']),
      place(nsB, '/ip4/198.18.20.2/tcp/4001', ['--bootstrap', relayAddr, '--nat-probe', '2', '--label', 'home=b']),
      place(nsC, '/ip4/198.18.30.2/tcp/4001', ['--bootstrap', relayAddr, '--nat-probe', '2', '--label', 'home=c'])
    ])
  })

  after(async () => {
    await Promise.all([relay, homeA, homeB, homeC].map(async p => p?.daemon.stop('SIGKILL')))
    await net.destroy()
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('the peer behind router A reports private and holds a reservation; the relay reports public', async () => {
    const a = await waitFor(homeA, 'A private with a reservation', s => s.reachability === 'private' && s.nat.reservations.length > 0)
    expect(a.nat.reservations[0].relay).to.equal(relay.daemon.peerId)
    expect(a.nat.reservations[0].address).to.include('/p2p-circuit')
    expect(a.addresses.some(x => x.includes('/p2p-circuit/webrtc')), 'announces a WebRTC address through the relay').to.equal(true)
    const r = status(relay)
    expect(r.reachability).to.equal('public')
    expect(r.nat.relay.serving).to.equal(true)
  })

  it('the peer behind A is reachable through its circuit address from the public segment', async () => {
    const a = status(homeA)
    const circuit = a.nat.reservations[0].address
    const probe = await place(`${net.id}-probe`, '/ip4/198.18.0.4/tcp/4001', ['--bootstrap', circuit, '--no-webrtc', '--label', 'role=probe'])
    try {
      const s = await waitFor(probe, 'probe connected to A', s => s.nat.connections.some(c => c.peerId === homeA.daemon.peerId))
      const toA = s.nat.connections.filter(c => c.peerId === homeA.daemon.peerId)
      expect(toA.some(c => c.relayed && c.transport === 'relay'), JSON.stringify(toA)).to.equal(true)
    } finally {
      await probe.daemon.stop('SIGKILL')
    }
  })

  it('C (endpoint-independent NAT) finds A through the mesh and runs 20 jobs on it; the connection becomes direct (WebRTC)', async () => {
    await waitFor(homeC, 'C private', s => s.reachability === 'private')
    await waitForAdvert(homeC, homeA.daemon.peerId)
    const results = await runJobs(homeC, 20, ['home=a'])
    expect(results.map(r => r.status)).to.deep.equal(Array(20).fill('succeeded'))
    for (const r of results) {
      expect(r.worker).to.equal(homeA.daemon.peerId)
      expect(Buffer.from(r.output ?? '', 'base64').toString()).to.equal(digest)
    }
    const c = status(homeC)
    const link = c.nat.links.find(l => l.peerId === homeA.daemon.peerId)
    expect(link, 'C records its first contact with A').to.not.equal(undefined)
    expect(link?.firstRelayed, 'the first contact went through the relay').to.equal(true)
    // the jobs' requester dialled A's /webrtc address through the relay, and ICE went through both NATs
    expect(link?.directAt, `a direct connection carried a protocol: ${JSON.stringify(c.nat)}`).to.be.a('number')
    expect(link?.directTransport).to.equal('webrtc')
    const toA = c.nat.connections.filter(x => x.peerId === homeA.daemon.peerId)
    expect(toA.some(x => !x.relayed && x.transport === 'webrtc'), `C holds a direct WebRTC connection to A: ${JSON.stringify(toA)}`).to.equal(true)
    for (const x of toA) expect(x.relayed).to.equal(x.transport === 'relay')
    // and A sees it too (it answered the dial: one dialler per pair)
    const fromC = status(homeA).nat.connections.filter(x => x.peerId === homeC.daemon.peerId && x.transport === 'webrtc')
    expect(fromC.map(x => x.direction), JSON.stringify(fromC)).to.include('inbound')
  })

  it('B (symmetric-like NAT) runs 20 jobs on A: all complete, relayed or direct, none lost', async () => {
    await waitForAdvert(homeB, homeA.daemon.peerId)
    const results = await runJobs(homeB, 20, ['home=a'])
    expect(results.map(r => r.status)).to.deep.equal(Array(20).fill('succeeded'))
    for (const r of results) expect(Buffer.from(r.output ?? '', 'base64').toString()).to.equal(digest)
    const b = status(homeB)
    const toA = b.nat.connections.filter(x => x.peerId === homeA.daemon.peerId)
    expect(toA.length, 'B holds a connection to A').to.be.greaterThan(0)
  })

  it('a relay under a flood of reservation requests stays within its limit and keeps serving jobs', async () => {
    const flood = net.spawnIn(`${net.id}-probe`, [process.execPath, 'dist/test/nat/flood.js', relayAddr, '30'])
    const report = await new Promise<{ tried: number, held: number, refused: number }>((resolve, reject) => {
      let out = ''
      let err = ''
      flood.stderr?.setEncoding('utf8').on('data', (d: string) => { err += d })
      flood.stdout?.setEncoding('utf8').on('data', (d: string) => {
        out += d
        const line = out.split('\n').find(l => l.startsWith('{'))
        if (line != null) resolve(JSON.parse(line))
      })
      flood.once('exit', code => { reject(new Error(`flood exited with ${code}: ${err}`)) })
    })
    expect(report.tried).to.equal(30)
    expect(report.refused, 'the relay refused what went over its limit').to.be.greaterThan(0)
    const r = status(relay)
    expect(r.nat.relay.reservations).to.be.at.most(RELAY_MAX_RESERVATIONS)
    // and counted each refusal (a flood peer whose request got no answer at all would not be)
    expect(r.nat.relay.refused.full, JSON.stringify(r.nat.relay)).to.be.at.least(report.refused)
    // the relay still runs its own jobs, and still relays for A
    const jobs = await runJobs(homeB, 3, ['role=relay'])
    expect(jobs.map(j => j.worker)).to.deep.equal(Array(3).fill(relay.daemon.peerId))
    expect(status(homeA).nat.reservations.length).to.be.greaterThan(0)
  })
})
