import { expect } from 'chai'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import type { ShoalNode } from '../../src/index.js'

const advertisesKind = (n: ShoalNode, peer: ShoalNode, kind: string): boolean =>
  n.libp2p.services.capacity.list().some(e => e.advert.peerId === peer.peerId.toString() && e.advert.kinds.includes(kind))

describe('job kinds beyond wasm', function () {
  this.timeout(60_000)
  const nodes: ShoalNode[] = []
  after(async () => { await stopAll(nodes) })

  it('an app handler and an operator-approved native command run as job kinds, found through adverts', async () => {
    const requester = await memoryPeer({ capacity: { intervalMs: 60_000 } })
    const entry = requester.libp2p.getMultiaddrs().map(String)
    const app = await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 60_000 } })
    // `cat` stands in for a local GPU image generator: input on stdin, image on stdout
    const operator = await memoryPeer({ bootstrap: entry, capacity: { intervalMs: 60_000 }, jobs: { native: [{ kind: 'image/generate', command: 'cat' }] } })
    nodes.push(requester, app, operator)

    const progress: number[] = []
    app.handle('image/tiles', async ({ input, args, progress: report }) => {
      report(0.5, 'half way')
      return new TextEncoder().encode(`${args.join(',')}:${new TextDecoder().decode(input).toUpperCase()}`)
    })
    await until('the requester to see both kinds advertised', () => advertisesKind(requester, app, 'image/tiles') && advertisesKind(requester, operator, 'image/generate'),
      [{ target: requester.libp2p.services.capacity, events: ['capacity:update'] }])

    const tiles = requester.submit({ kind: 'image/tiles', input: new TextEncoder().encode('tile'), args: ['x', 'y'] })
    tiles.addEventListener('progress', (evt) => { if (evt.detail.fraction != null) progress.push(evt.detail.fraction) })
    const a = await tiles.result
    expect(a.status, a.message).to.equal('succeeded')
    expect(a.worker).to.equal(app.peerId.toString())
    expect(new TextDecoder().decode(a.output)).to.equal('x,y:TILE')
    expect(progress).to.include(0.5)

    const b = await requester.submit({ kind: 'image/generate', input: new TextEncoder().encode('a prompt') }).result
    expect(b.status, b.message).to.equal('succeeded')
    expect(b.worker).to.equal(operator.peerId.toString())
    expect(new TextDecoder().decode(b.output)).to.equal('a prompt')

    // nobody runs an unknown kind: the job fails with a reason, it does not hang
    const c = await requester.submit({ kind: 'no/such-kind', input: new Uint8Array([1]) }).result
    expect(c.status).to.equal('failed')
    expect(c.reason).to.equal('no-worker-succeeded')
  })

  it('refuses a config that names a native command badly', async () => {
    let error: unknown
    await memoryPeer({ jobs: { native: [{ kind: 'wasm', command: 'cat' }] } }).catch(err => { error = err })
    expect(String(error)).to.match(/jobs.native/)
  })
})
