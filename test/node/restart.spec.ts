import { expect } from 'chai'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { tempDir } from '../fixtures/daemon.js'
import { until } from '../fixtures/wait.js'
import { DataDirLockedError } from '../../src/index.js'
import type { ShoalNode } from '../../src/index.js'

describe('a peer with a data dir', function () {
  this.timeout(60_000)
  const nodes: ShoalNode[] = []
  let dir: Awaited<ReturnType<typeof tempDir>>
  before(async () => { dir = await tempDir() })
  after(async () => {
    await stopAll(nodes)
    await dir.remove()
  })

  it('keeps its peer id across a restart and redials the peers it knew', async () => {
    const other = await memoryPeer()
    nodes.push(other)
    const first = await memoryPeer({ dataDir: dir.path, bootstrap: other.libp2p.getMultiaddrs().map(String) })
    await until('the first run to connect', () => first.libp2p.getConnections(other.peerId).length > 0, [{ target: first.libp2p, events: ['peer:connect'] }])
    const id = first.peerId.toString()
    await first.stop()

    // no bootstrap this time: it must find `other` in its own peer store
    const second = await memoryPeer({ dataDir: dir.path })
    nodes.push(second)
    expect(second.peerId.toString()).to.equal(id)
    await until('the restarted peer to redial a known peer', () => second.libp2p.getConnections(other.peerId).length > 0,
      [{ target: second.libp2p, events: ['peer:connect'] }])
  })

  it('refuses a second peer on the same data dir while the first runs', async () => {
    let error: unknown
    await memoryPeer({ dataDir: dir.path }).catch(err => { error = err })
    expect(error).to.be.instanceOf(DataDirLockedError)
  })
})

describe('the data dir lock', () => {
  it('takes over a lock left by a daemon that was killed', async () => {
    const { spawnSync } = await import('node:child_process')
    const { writeFile } = await import('node:fs/promises')
    const { join } = await import('node:path')
    const { lockDataDir } = await import('../../src/node/data-dir.js')
    const dir = await tempDir()
    try {
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
      await writeFile(join(dir.path, 'lock'), dead.stdout + '\n')
      const lock = await lockDataDir(dir.path)
      await lock.release()
    } finally {
      await dir.remove()
    }
  })
})
