import { writeFile, access } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import { cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import { shortId } from '../../src/cli/output.js'
import type { RunningDaemon } from '../fixtures/daemon.js'

describe('shoal CLI end to end (3 daemons over loopback TCP)', function () {
  this.timeout(120_000)
  const daemons: RunningDaemon[] = []
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []

  before(async () => {
    for (let i = 0; i < 3; i++) dirs.push(await tempDir())
    daemons.push(await startDaemon(dirs[0].path))
    const entry = daemons[0].addresses[0]
    daemons.push(await startDaemon(dirs[1].path, ['--bootstrap', entry]))
    // the third is to find the second through the first's DHT: let the first know it first
    await daemons[0].waitForOutput(out => out.includes(`peer joined ${shortId(daemons[1].peerId)}`))
    daemons.push(await startDaemon(dirs[2].path, ['--bootstrap', entry]))
  })

  after(async () => {
    await Promise.all(daemons.map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('`shoal peers --json` on the third lists the other two', async () => {
    const others = [daemons[0].peerId, daemons[1].peerId].sort()
    // the third learns of the second through the DHT: wait for its "peer joined" lines
    await daemons[2].waitForOutput(out => others.every(id => out.includes(`peer joined ${shortId(id)}`)), 90_000)
    const r = cli(['peers', '--json', '--data-dir', dirs[2].path])
    expect(r.code, r.stderr).to.equal(0)
    const peers: Array<{ id: string, addresses: string[], protocols: string[], latencyMs: number | null }> = JSON.parse(r.stdout)
    expect(peers.map(p => p.id).filter(id => others.includes(id)).sort()).to.deep.equal(others)
    for (const p of peers) {
      expect(p.addresses.length).to.be.greaterThan(0)
      expect(p.protocols).to.include('/shoal/kad/1.0.0')
      expect(p).to.have.property('latencyMs')
    }
  })

  it('`shoal id` and `shoal status` answer, as a table and as JSON', () => {
    const id = JSON.parse(cli(['id', '--json', '--data-dir', dirs[1].path]).stdout)
    expect(id.peerId).to.equal(daemons[1].peerId)
    const status = JSON.parse(cli(['status', '--json', '--data-dir', dirs[1].path]).stdout)
    expect(status.peerId).to.equal(daemons[1].peerId)
    expect(status.dht.mode).to.equal('server')
    const table = cli(['status', '--data-dir', dirs[1].path])
    expect(table.code).to.equal(0)
    expect(table.stdout).to.match(/peer id: +12D3/)
  })

  it('refuses a second daemon on the same data dir', () => {
    const r = cli(['start', '--data-dir', dirs[0].path, '--api', '127.0.0.1:0', '--listen', '/ip4/127.0.0.1/tcp/0'])
    expect(r.code).to.equal(2)
    expect(r.stderr.trim().split('\n')).to.have.length(1)
    expect(r.stderr).to.match(/another Shoal daemon \(pid \d+\) is using/)
  })

  it('bad flags give a one-line error and exit code 2', () => {
    for (const args of [['start', '--no-such-flag'], ['start', '--listen', 'not-a-multiaddr'], ['start', '--bootstrap', '/ip4/127.0.0.1/tcp/1'], ['start', '--max-connections', 'lots'], ['peers', '--bogus']]) {
      const r = cli(args)
      expect(r.code, args.join(' ')).to.equal(2)
      expect(r.stderr.trim().split('\n'), args.join(' ')).to.have.length(1)
      expect(r.stderr).to.match(/^shoal: /)
    }
  })

  it('a bad config file gives a one-line error naming the problem and exit code 2', async () => {
    const dir = dirs[0].path
    const cases: Array<[string, RegExp]> = [
      ['{"listen": ["/ip4/127.0.0.1/tcp/0"], "colour": "blue"}', /unknown key "colour"/],
      ['{"dht": {"mode": "fast"}}', /unknown key "dht.mode"/],
      ['{"listen": "/ip4/127.0.0.1/tcp/0"}', /"listen" .* must be a list of multiaddrs/],
      ['{ not json', /not valid JSON/]
    ]
    for (const [text, message] of cases) {
      const file = join(dir, 'bad-config.json')
      await writeFile(file, text)
      const r = cli(['start', '--config', file])
      expect(r.code, text).to.equal(2)
      expect(r.stderr.trim().split('\n'), text).to.have.length(1)
      expect(r.stderr).to.match(message)
    }
  })

  it('with no daemon running, commands say so and how to start one', async () => {
    const empty = await tempDir()
    try {
      const r = cli(['peers', '--data-dir', empty.path])
      expect(r.code).to.equal(1)
      expect(r.stderr).to.match(/no Shoal daemon is running.*shoal start/)
    } finally {
      await empty.remove()
    }
  })

  it('shuts down cleanly on SIGTERM: api files removed, lock released, restart keeps the peer id', async () => {
    const d = daemons[1]
    const code = await d.stop('SIGTERM')
    expect(code).to.equal(0)
    expect(d.stdout()).to.include('stopped')
    for (const file of ['api', 'api-token', 'lock']) {
      let exists = true
      await access(join(d.dataDir, file)).catch(() => { exists = false })
      expect(exists, file).to.equal(false)
    }
    const again = await startDaemon(d.dataDir)
    daemons[1] = again
    expect(again.peerId).to.equal(d.peerId)
  })
})
