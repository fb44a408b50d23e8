import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { JobTracker } from '../../src/api/jobs.js'
import { LiveFeed, SECTIONS, standing } from '../../src/api/live.js'
import { startApiServer } from '../../src/api/server.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import type { ReputationRowJson } from '../../src/api/reputation.js'
import type { ApiServer } from '../../src/api/server.js'
import type { ShoalNode } from '../../src/index.js'

type Feed = AsyncGenerator<{ event: string, data: any }>

/** the next event of the feed that passes `check` */
async function next (feed: Feed, check: (event: string, data: any) => boolean = () => true): Promise<{ event: string, data: any }> {
  for (;;) {
    const { value, done } = await feed.next()
    if (done === true) throw new Error('the live feed ended')
    if (check(value.event, value.data)) return value
  }
}

describe('live feed (GET /v1/events)', function () {
  this.timeout(30_000)
  let node: ShoalNode
  let other: ShoalNode | undefined
  let api: ApiServer
  let client: ApiClient
  const token = 'live-test-token'
  const watchers = (): number => ['job:update', 'job:evidence'].reduce((n, e) => n + node.libp2p.services.jobs.listenerCount(e), 0) +
    node.libp2p.services.capacity.listenerCount('capacity:update')

  before(async () => {
    node = await memoryPeer()
    api = await startApiServer({ node, listen: { host: '127.0.0.1', port: 0 }, token })
    client = new ApiClient(api.address, token)
  })
  after(async () => {
    await api.close()
    await stopAll([other, node])
  })

  it('sends every section first, then a section again when it changes', async () => {
    const before = watchers()
    const stop = new AbortController()
    const feed = client.events('/events', stop.signal)
    try {
      const first: string[] = []
      const data: Record<string, any> = {}
      for (const _ of SECTIONS) {
        const { event, data: d } = await next(feed)
        first.push(event)
        data[event] = d
      }
      expect(first).to.deep.equal([...SECTIONS])
      expect(data.self).to.include({ peerId: node.peerId.toString(), version: node.id().version })
      expect(data.peers).to.deep.equal([])
      expect(data.jobs).to.deep.equal({ jobs: [], progress: {} })
      expect(data.credits).to.deep.include({ earned: 0, spent: 0, balance: 0, receipts: 0, recent: [] })
      // while someone watches, the feed listens to the services
      expect(watchers()).to.be.greaterThan(before)

      other = await memoryPeer({ bootstrap: node.libp2p.getMultiaddrs().map(String) })
      const joined = other.peerId.toString()
      const { data: peers } = await next(feed, (event, d) => event === 'peers' && d.some((p: { id: string }) => p.id === joined))
      expect(peers).to.have.length(1)
      await next(feed, (event, rows) => event === 'capacity' && rows.some((r: { peerId: string }) => r.peerId === joined))
    } finally {
      stop.abort()
      await feed.return(undefined).catch(() => {})
    }
    // and stops listening once nobody does (the server notices the client is gone)
    await until('the feed to see its client go', () => api.live.watching === 0, [{ target: api.live, events: ['clients'] }])
    expect(watchers()).to.equal(before)
  })

  it('needs the bearer token, in the header only', async () => {
    const base = `http://${api.address}/v1/events`
    expect((await fetch(base)).status).to.equal(401)
    expect((await fetch(`${base}?token=${token}`)).status).to.equal(401)
    expect((await fetch(base, { headers: { authorization: 'Bearer wrong' } })).status).to.equal(401)
  })

  it('the page and its files need no token and carry the security headers; other paths stay JSON 404s', async () => {
    const page = await fetch(`http://${api.address}/`)
    expect(page.status).to.equal(200)
    expect(page.headers.get('content-security-policy')).to.match(/default-src 'none'.*frame-ancestors 'none'/)
    const etag = page.headers.get('etag')
    expect(etag).to.be.a('string')
    expect((await fetch(`http://${api.address}/`, { headers: { 'if-none-match': etag! } })).status).to.equal(304)
    const js = await fetch(`http://${api.address}/dashboard/app.js`)
    expect(js.headers.get('content-type')).to.match(/^text\/javascript/)
    expect((await fetch(`http://${api.address}/dashboard/app.js`, { method: 'POST' })).status).to.equal(405)
    const elsewhere = await fetch(`http://${api.address}/elsewhere`)
    expect(elsewhere.status).to.equal(404)
    expect((await elsewhere.json()).error).to.match(/no such endpoint/)
  })
})

describe('live feed coalescing', function () {
  this.timeout(30_000)
  it('a burst of changes to a section is one read and one event', async () => {
    const node = await memoryPeer()
    const tracker = new JobTracker(node)
    let reads = 0
    // the node, counting how often the feed reads its peers
    const counted = new Proxy(node, {
      get (target, key) {
        if (key === 'peers') return async () => { reads++; return target.peers() }
        const value = Reflect.get(target, key, target)
        return typeof value === 'function' ? value.bind(target) : value
      }
    })
    const feed = new LiveFeed(counted, tracker)
    const arrived = new EventTarget()
    const sent: string[] = []
    const stop = new AbortController()
    const running = feed.runner()((event) => { sent.push(event); arrived.dispatchEvent(new Event(event)) }, stop.signal)
    try {
      await until('the first snapshot', () => sent.length === SECTIONS.length, [{ target: arrived, events: [...SECTIONS] }])
      expect(reads).to.equal(1)
      for (let i = 0; i < 100; i++) feed.mark('peers')
      await until('the peers section again', () => sent.filter(e => e === 'peers').length === 2, [{ target: arrived, events: ['peers'] }])
      // one read for the burst (a third only if the feed's slow tick came round meanwhile on a loaded machine)
      expect(reads).to.be.within(2, 3)
    } finally {
      stop.abort()
      await running
      feed.close()
      tracker.close()
      await node.stop()
    }
  })
})

describe('standing (how a reputation row reads at a glance)', () => {
  const row = (r: Partial<ReputationRowJson>): ReputationRowJson => ({ peerId: 'p', trust: 0.3, good: 0, bad: 0, banned: false, lastSeen: null, ...r })
  it('self, banned, suspicious, trusted, newcomer', () => {
    expect(standing(row({ peerId: 'me', trust: 1 }), 'me')).to.equal('self')
    expect(standing(row({ banned: true, trust: 0, bad: 3 }), 'me')).to.equal('banned')
    expect(standing(row({ bad: 0.5, good: 4, trust: 0.6 }), 'me')).to.equal('suspicious')
    expect(standing(row({ trust: 0.12 }), 'me')).to.equal('suspicious')
    expect(standing(row({ good: 1, trust: 0.49 }), 'me')).to.equal('trusted')
    expect(standing(row({ trust: 0.5 }), 'me')).to.equal('trusted')
    expect(standing(row({}), 'me')).to.equal('newcomer')
  })
})
