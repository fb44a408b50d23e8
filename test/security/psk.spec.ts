import { stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'chai'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { cli, tempDir } from '../fixtures/daemon.js'
import { until } from '../fixtures/wait.js'
import { ConfigError } from '../../src/node/errors.js'
import { parsePsk, writeNewPsk } from '../../src/node/psk.js'
import type { ShoalNode } from '../../src/index.js'

describe('a private mesh (--psk)', function () {
  this.timeout(60_000)
  const nodes: ShoalNode[] = []
  let dir: Awaited<ReturnType<typeof tempDir>>
  let key: string
  let otherKey: string
  before(async () => {
    dir = await tempDir()
    key = join(dir.path, 'mesh.key')
    otherKey = join(dir.path, 'other.key')
    await writeNewPsk(key)
    await writeNewPsk(otherKey)
  })
  after(async () => {
    await stopAll(nodes)
    await dir.remove()
  })

  it('`shoal psk new` writes a key only its owner can read, and never overwrites one', async () => {
    const path = join(dir.path, 'cli.key')
    const made = cli(['psk', 'new', path, '--json'])
    expect(made.code, made.stderr).to.equal(0)
    expect(JSON.parse(made.stdout).path).to.equal(path)
    expect((await stat(path)).mode & 0o777).to.equal(0o600)
    const again = cli(['psk', 'new', path])
    expect(again.code).to.equal(2)
    expect(again.stderr).to.match(/already exists/)
  })

  it('peers with the key mesh; a peer without it, or with another key, cannot connect', async () => {
    const a = await memoryPeer({ psk: key })
    nodes.push(a)
    const b = await memoryPeer({ psk: key, bootstrap: a.libp2p.getMultiaddrs().map(String) })
    nodes.push(b)
    await until('the two key holders to connect', () => b.libp2p.getConnections(a.peerId).length > 0, [{ target: b.libp2p, events: ['peer:connect'] }])

    const outsider = await memoryPeer()
    const stranger = await memoryPeer({ psk: otherKey })
    nodes.push(outsider, stranger)
    for (const [name, peer] of [['a peer without a key', outsider], ['a peer with another key', stranger]] as const) {
      let error: Error | undefined
      await peer.libp2p.dial(a.libp2p.getMultiaddrs()[0], { signal: AbortSignal.timeout(5_000) }).catch((err: Error) => { error = err })
      expect(error, `${name} connected`).to.be.instanceOf(Error)
      expect(a.libp2p.getConnections(peer.peerId), name).to.have.length(0)
      expect(peer.libp2p.getConnections(a.peerId), name).to.have.length(0)
    }
    // and the other way: the key holder cannot reach them either
    let error: Error | undefined
    await a.libp2p.dial(outsider.libp2p.getMultiaddrs()[0], { signal: AbortSignal.timeout(5_000) }).catch((err: Error) => { error = err })
    expect(error).to.be.instanceOf(Error)
    // the private mesh still works for its members
    expect(b.libp2p.getConnections(a.peerId).length).to.be.greaterThan(0)
  })

  it('a bad key file is refused with an error that says what is wrong and what to do', async () => {
    const missing = join(dir.path, 'nope.key')
    await memoryPeer({ psk: missing }).then(() => { throw new Error('started') }, (err: Error) => {
      expect(err).to.be.instanceOf(ConfigError)
      expect(err.message).to.match(/no such file.*shoal psk new/)
    })
    const bad = join(dir.path, 'bad.key')
    await writeFile(bad, '/key/swarm/psk/1.0.0/\n/base16/\nnot-hex\n')
    await memoryPeer({ psk: bad }).then(() => { throw new Error('started') }, (err: Error) => {
      expect(err).to.be.instanceOf(ConfigError)
      expect(err.message).to.match(/64 hex digits/)
    })
    expect(() => parsePsk(new TextEncoder().encode('hello'), 'x.key')).to.throw(ConfigError, /not a pre-shared key file/)
    expect(() => parsePsk(new TextEncoder().encode('/key/swarm/psk/1.0.0/\n/base64/\nabc'), 'x.key')).to.throw(ConfigError, /base16/)
    // the daemon says so on one line, exit code 2
    const r = cli(['start', '--data-dir', dir.path, '--psk', bad, '--api', '127.0.0.1:0', '--listen', '/ip4/127.0.0.1/tcp/0'])
    expect(r.code).to.equal(2)
    expect(r.stderr.trim().split('\n')).to.have.length(1)
    expect(r.stderr).to.match(/64 hex digits/)
  })
})
