import { expect } from 'chai'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import type { ShoalNode } from '../../src/index.js'

describe('requester standing (operator option)', function () {
  this.timeout(60_000)
  const nodes: ShoalNode[] = []
  after(async () => { await stopAll(nodes) })

  it('a worker that asks for earned standing declines strangers and serves peers that worked for it', async () => {
    const strict = await memoryPeer({ jobs: { requireStanding: 'earned' } })
    const entry = strict.libp2p.getMultiaddrs().map(String)
    const stranger = await memoryPeer({ bootstrap: entry, executor: false })
    const helper = await memoryPeer({ bootstrap: entry })
    nodes.push(strict, stranger, helper)
    const sha256 = exampleJob('sha256')
    const to = (n: ShoalNode) => ({ module: sha256, input: new Uint8Array([1, 2, 3]), workers: [n.peerId.toString()] })

    const refused = await stranger.submit(to(strict)).result
    expect(refused.status).to.equal('failed')
    expect(refused.attempts[0].reason).to.equal('declined')
    expect(refused.attempts[0].message).to.match(/LOW_REPUTATION/)

    // the helper earns standing: it runs jobs for the strict peer, well
    for (let i = 0; i < 3; i++) expect((await strict.submit({ ...to(helper), input: new Uint8Array([i]) }).result).status).to.equal('succeeded')
    const served = await helper.submit(to(strict)).result
    expect(served.status, served.message).to.equal('succeeded')
  })
})
