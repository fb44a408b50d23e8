/**
 * The importer's settings decide every CID: these pinned CIDs change if the
 * chunker, the layout, the CID version or raw leaves change (constants.ts,
 * IMPORTER; docs/data.md). A change of settings must change this test too.
 */
import { expect } from 'chai'
import { IMPORTER } from '../../src/data/index.js'
import { seededBytes, tcpDataPeer } from '../fixtures/data.js'
import type { DataPeer } from '../fixtures/data.js'

const MiB = 1024 * 1024

describe('data: importer settings (pinned CIDs)', function () {
  this.timeout(60_000)
  let peer: DataPeer
  before(async () => { peer = await tcpDataPeer() })
  after(async () => { await peer.node.stop(); await peer.remove() })

  it('names its settings', () => {
    expect(IMPORTER).to.deep.equal({ profile: 'unixfs-v1-2025', cidVersion: 1, rawLeaves: true, chunkSize: 1_048_576, layout: 'balanced', maxChildrenPerNode: 1_024 })
  })

  it('a small file is one raw block', async () => {
    const added = await peer.node.data.add(new TextEncoder().encode('hello shoal\n'), { provide: false })
    expect(added).to.deep.equal({ cid: 'bafkreia2sbpknlj3ibwwdglinpxrsy7bc4xinezgmbwymbr7aigxnhirf4', size: 12, blocks: 1 })
  })

  it('a file of 3 MiB + 17 bytes is 4 raw leaves of at most 1 MiB under one dag-pb node', async () => {
    const added = await peer.node.data.add(seededBytes('importer-pin', 3 * MiB + 17), { provide: false })
    expect(added.cid).to.equal('bafybeigdfgbf7ru77af354a2p4o6npsvp7uu7virmjxettqmfkdlcv6thi')
    expect(added.blocks).to.equal(5)
  })
})
