import { expect } from 'chai'
import { startApiServer } from '../../src/api/server.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import type { ApiServer } from '../../src/api/server.js'
import type { CapacityRow, ShoalNode } from '../../src/index.js'

describe('control API: capacity', function () {
  this.timeout(60_000)
  const token = 'capacity-token'
  const nodes: ShoalNode[] = []
  const servers: ApiServer[] = []
  let a: ShoalNode
  let b: ShoalNode
  let api: ApiServer

  const call = async (server: ApiServer, path: string): Promise<{ status: number, body: any }> => {
    const res = await fetch(`http://${server.address}${path}`, { headers: { authorization: `Bearer ${token}` } })
    return { status: res.status, body: await res.json() }
  }
  const ids = (rows: CapacityRow[]): string[] => rows.map(r => r.peerId).sort()

  before(async () => {
    a = await memoryPeer({ capacity: { intervalMs: 60_000, labels: { region: 'us' } } })
    nodes.push(a)
    b = await memoryPeer({
      bootstrap: a.libp2p.getMultiaddrs().map(String),
      capacity: { intervalMs: 60_000, labels: { gpu: 'true', region: 'eu' }, maxJobs: 3, price: 0.25 }
    })
    nodes.push(b)
    api = await startApiServer({ node: a, listen: { host: '127.0.0.1', port: 0 }, token })
    servers.push(api)
    const want = [a.peerId.toString(), b.peerId.toString()]
    await until('a to hold its own advert and b\'s', () => want.every(id => a.capacityTable().some(r => r.peerId === id)),
      [{ target: a.libp2p.services.capacity, events: ['capacity:update'] }])
  })

  after(async () => {
    await Promise.all(servers.map(async s => s.close()))
    await stopAll(nodes)
  })

  it('GET /v1/capacity lists every advert, own included, as plain rows', async () => {
    const r = await call(api, '/v1/capacity')
    expect(r.status).to.equal(200)
    const rows: CapacityRow[] = r.body
    expect(ids(rows)).to.deep.equal([a.peerId.toString(), b.peerId.toString()].sort())
    const own = rows.find(row => row.peerId === a.peerId.toString())
    expect(own?.source).to.equal('self')
    const theirs = rows.find(row => row.peerId === b.peerId.toString())
    expect(theirs).to.include({ slotsTotal: 3, slotsFree: 3, price: 0.25 })
    expect(theirs?.source).to.be.oneOf(['gossip', 'sync'])
    expect(theirs?.labels).to.deep.equal({ gpu: 'true', region: 'eu' })
    expect(theirs?.runtimes).to.be.an('array')
    for (const key of ['cores', 'memoryTotalMb', 'memoryFreeMb', 'load', 'gpus', 'kinds', 'seq', 'issuedAt', 'expiresAt', 'version', 'ageMs']) {
      expect(theirs, key).to.have.property(key)
    }
    expect(theirs!.expiresAt).to.be.greaterThan(Date.now())
    expect(theirs!.ageMs).to.be.at.least(0)
  })

  it('?where= filters on labels and derived fields; every filter must match', async () => {
    expect(ids((await call(api, '/v1/capacity?where=region=eu')).body)).to.deep.equal([b.peerId.toString()])
    expect(ids((await call(api, '/v1/capacity?where=gpu=true&where=region=eu')).body)).to.deep.equal([b.peerId.toString()])
    expect(ids((await call(api, '/v1/capacity?where=gpu=true&where=region=us')).body)).to.deep.equal([])
    expect(ids((await call(api, '/v1/capacity?where=region=us')).body)).to.deep.equal([a.peerId.toString()])
    expect((await call(api, '/v1/capacity?where=runtime=no-such-runtime')).body).to.deep.equal([])
    // derived keys: runtime=<r> keeps the peers that list r
    const runtime = a.capacityTable().find(r => r.peerId === b.peerId.toString())?.runtimes[0]
    if (runtime != null) expect(ids((await call(api, `/v1/capacity?where=runtime=${runtime}`)).body)).to.include(b.peerId.toString())
    expect((await call(api, '/v1/capacity?where=region=mars')).body).to.deep.equal([])
    // a value may itself hold "=" (encoded or not)
    expect((await call(api, `/v1/capacity?where=${encodeURIComponent('region=eu=x')}`)).body).to.deep.equal([])
  })

  it('a malformed where is a 400 that names the form', async () => {
    for (const where of ['nonsense', '=eu', '']) {
      const r = await call(api, `/v1/capacity?where=${encodeURIComponent(where)}`)
      expect(r.status, where).to.equal(400)
      expect(r.body.error, where).to.match(/bad where filter/)
      expect(r.body.error, where).to.include('<key>=<value>')
    }
  })

  it('GET /v1/capacity/self is this peer\'s own advert', async () => {
    const r = await call(api, '/v1/capacity/self')
    expect(r.status).to.equal(200)
    expect(r.body.peerId).to.equal(a.peerId.toString())
    expect(r.body.source).to.equal('self')
    expect(r.body.labels).to.deep.equal({ region: 'us' })
    expect(r.body.seq).to.be.a('number')
  })

  it('GET /v1/capacity/stats counts what was received and published', async () => {
    const r = await call(api, '/v1/capacity/stats')
    expect(r.status).to.equal(200)
    expect(r.body.accepted).to.be.at.least(1)
    expect(r.body.published).to.be.at.least(1)
    expect(r.body).to.have.property('rejected')
    expect(r.body.syncs).to.have.keys(['served', 'pulled', 'advertsPulled'])
  })

  it('GET /v1/capacity/self is a 404 with a reason on a peer that does not advertise', async () => {
    const quiet = await memoryPeer({ capacity: { advertise: false } })
    nodes.push(quiet)
    const server = await startApiServer({ node: quiet, listen: { host: '127.0.0.1', port: 0 }, token })
    servers.push(server)
    const r = await call(server, '/v1/capacity/self')
    expect(r.status).to.equal(404)
    expect(r.body.error).to.match(/not advertising/)
    expect(quiet.selfAdvert()).to.equal(undefined)
  })
})
