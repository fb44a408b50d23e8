import { expect } from 'chai'
import { lpStream } from '@libp2p/utils'
import { BLOCKS_PROTOCOL } from '../../src/data/index.js'
import { BlockRequest } from '../../src/pb/blocks.js'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { seededBytes, sha256Of, tcpDataPeer } from '../fixtures/data.js'
import { hostileHolder } from '../fixtures/hostile-holder.js'
import { until } from '../fixtures/wait.js'
import type { DataPeer } from '../fixtures/data.js'
import type { Behaviour, HostileHolder } from '../fixtures/hostile-holder.js'

const MiB = 1024 * 1024
const SIZE = 40 * MiB

describe('data: hostile holders and requesters', function () {
  this.timeout(180_000)
  let honest: DataPeer
  let cid: string
  const cleanup: Array<() => Promise<void>> = []
  before(async () => {
    honest = await tcpDataPeer()
    cleanup.push(async () => { await honest.node.stop(); await honest.remove() })
    cid = (await honest.node.data.add(seededBytes('hostile', SIZE), { provide: false })).cid
  })
  after(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => {})
  })

  const cases: Array<[Behaviour, string, string]> = [
    ['garbage', 'bad-hash', 'bad-record'],
    ['silent', 'stalled', ''],
    ['oversized', 'oversized', 'oversized']
  ]
  for (const [behaviour, reason, offence] of cases) {
    it(`a ${behaviour} holder is dropped (${reason}) and the fetch finishes from the honest one`, async () => {
      const bad: HostileHolder = await hostileHolder(behaviour)
      cleanup.push(bad.stop)
      const fetcher = await tcpDataPeer()
      cleanup.push(async () => { await fetcher.node.stop(); await fetcher.remove() })
      // the hostile holder is met first: it is first in line for wants
      await fetcher.node.libp2p.dial(bad.node.getMultiaddrs()[0])
      await fetcher.node.libp2p.dial(honest.node.libp2p.getMultiaddrs()[0])
      const result = await fetcher.node.data.get(cid, { provide: false })
      const stats = fetcher.node.data.getStats()
      expect(bad.asked(), 'the hostile holder was asked').to.be.greaterThan(0)
      expect(stats.refused[reason as keyof typeof stats.refused], `refusals: ${JSON.stringify(stats.refused)}`).to.be.at.least(1)
      expect(result.sources.map(s => s.peer)).to.deep.equal([honest.node.peerId.toString()])
      expect(Object.keys(stats.fetched)).to.deep.equal([honest.node.peerId.toString()])
      if (offence !== '') {
        const offences = fetcher.node.libp2p.services.guard.stats().offences
        expect(offences[offence as keyof typeof offences], JSON.stringify(offences)).to.be.at.least(1)
      }
      // nothing unverified was stored: the bytes are the file's
      expect(await sha256Of(fetcher.node.data.cat(cid))).to.deep.equal(await sha256Of(seededBytes('hostile', SIZE)))
    })
  }

  it('a want flood is refused and counted, and the holder keeps serving others', async () => {
    const flooder = await hostileHolder('silent')
    cleanup.push(flooder.stop)
    await flooder.node.dial(honest.node.libp2p.getMultiaddrs()[0])
    const before = honest.node.data.getStats().refused.flood ?? 0
    // wants the holder does not have: answered `missing` fast, but a reader that never reads keeps them outstanding
    const wants = await Promise.all(Array.from({ length: 256 }, async (_, i) => CID.createV1(0x55, await sha256.digest(new Uint8Array([i, 1, 2])))))
    const stream = await flooder.node.dialProtocol(honest.node.peerId, BLOCKS_PROTOCOL)
    const lp = lpStream(stream)
    for (let i = 0; i < 3; i++) await lp.write(BlockRequest.encode({ wants: wants.map(c => c.bytes) })).catch(() => {})
    // one request of more wants than a request may carry
    const second = await flooder.node.dialProtocol(honest.node.peerId, BLOCKS_PROTOCOL)
    await lpStream(second).write(BlockRequest.encode({ wants: [...wants, ...wants].map(c => c.bytes) })).catch(() => {})
    await until('the floods to be counted', () => (honest.node.data.getStats().refused.flood ?? 0) >= before + 2, [], 20_000)
    expect(honest.node.libp2p.services.guard.stats().offences.flood).to.be.at.least(2)
    // an honest fetcher is still served
    const fetcher = await tcpDataPeer()
    cleanup.push(async () => { await fetcher.node.stop(); await fetcher.remove() })
    await fetcher.node.libp2p.dial(honest.node.libp2p.getMultiaddrs()[0])
    const result = await fetcher.node.data.get(cid, { provide: false })
    expect(result.fetchedBlocks).to.equal(result.blocks)
  })
})
