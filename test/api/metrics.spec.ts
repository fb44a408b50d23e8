import { expect } from 'chai'
import { startApiServer } from '../../src/api/server.js'
import { CAPACITY_TOPIC } from '../../src/capacity/index.js'
import { exampleJob } from '../fixtures/jobs.js'
import { histogramCount, sample, scrape } from '../fixtures/metrics.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { once, until } from '../fixtures/wait.js'
import type { Scrape } from '../fixtures/metrics.js'
import type { ApiServer } from '../../src/api/server.js'
import type { ShoalNode } from '../../src/index.js'

describe('GET /metrics', function () {
  this.timeout(120_000)
  const token = 'metrics-token'
  let requester: ShoalNode
  let worker: ShoalNode
  const servers: ApiServer[] = []
  const serve = async (node: ShoalNode, metricsPublic = false): Promise<ApiServer> => {
    const server = await startApiServer({ node, listen: { host: '127.0.0.1', port: 0 }, token, metricsPublic })
    servers.push(server)
    return server
  }
  let requesterApi: ApiServer
  let workerApi: ApiServer

  before(async () => {
    requester = await memoryPeer({ capacity: { intervalMs: 5_000, maxJobs: 1 } })
    worker = await memoryPeer({ bootstrap: requester.libp2p.getMultiaddrs().map(String), capacity: { intervalMs: 5_000, maxJobs: 2, price: 1 } })
    await until('the requester to see the worker\'s advert', () => requester.capacityTable().some(r => r.peerId === worker.peerId.toString()),
      [{ target: requester.libp2p.services.capacity, events: ['capacity:update'] }], 60_000)
    requesterApi = await serve(requester)
    workerApi = await serve(worker)

    // one job, its receipts on both sides, and the requester's report seen by the worker
    const seenReport = until('the worker to accept the requester\'s report', () => worker.libp2p.services.reputation.getStats().accepted >= 1,
      [{ target: worker.libp2p.services.reputation, events: ['reputation:report'] }], 60_000)
    const result = await requester.submit({ module: exampleJob('sha256'), input: crypto.getRandomValues(new Uint8Array(60_000)) }).result
    expect(result.status, result.message).to.equal('succeeded')
    for (const node of [requester, worker]) {
      await until('a receipt on both sides', async () => (await node.credits()).receipts >= 1, [{ target: node.libp2p.services.reputation, events: ['reputation:receipt'] }], 30_000)
    }
    await seenReport
  })

  after(async () => {
    await Promise.all(servers.map(async s => s.close()))
    await stopAll([requester, worker])
  })

  it('serves the Prometheus text format with libp2p\'s metric families', async () => {
    const s = await scrape(requesterApi.address, token)
    expect(s.status).to.equal(200)
    expect(s.contentType).to.match(/^text\/plain; version=0\.0\.4/)
    for (const family of ['libp2p_connection_manager_connections', 'libp2p_data_transfer_bytes_total', 'libp2p_protocol_streams_total', 'shoal_dht_routing_table_size', 'process_cpu_seconds_total']) {
      expect(s.families.has(family), family).to.equal(true)
    }
  })

  it('keeps each peer\'s metrics apart: libp2p\'s and Shoal\'s', async () => {
    const [r, w] = await Promise.all([scrape(requesterApi.address, token), scrape(workerApi.address, token)])
    // the worker dialled the requester: each side counts its own end of the one connection
    const conns = (s: Scrape, dir: string): number | undefined => sample(s, 'libp2p_connection_manager_connections', { libp2p_connection_manager_connections: dir })
    expect(conns(r, 'inbound')).to.be.at.least(1)
    expect(conns(w, 'outbound')).to.be.at.least(1)
    expect(conns(r, 'outbound')).to.equal(0)
    expect(conns(w, 'inbound')).to.equal(0)
    expect(sample(r, 'shoal_jobs_total', { role: 'worker' })).to.equal(undefined)
    expect(sample(w, 'shoal_jobs_total', { role: 'requester' })).to.equal(undefined)
    expect(requester.metrics).to.not.equal(worker.metrics)
  })

  it('counts the requester\'s job, adverts, report and spending', async () => {
    const before = requester.capacityStats()
    const s = await scrape(requesterApi.address, token)
    const after = requester.capacityStats()
    expect(sample(s, 'shoal_jobs_total', { role: 'requester', outcome: 'succeeded' })).to.equal(1)
    expect(sample(s, 'shoal_jobs_total', { role: 'requester', outcome: 'failed' })).to.equal(undefined)
    expect(histogramCount(s, 'shoal_job_round_trip_seconds')).to.equal(1)
    const received = sample(s, 'shoal_capacity_adverts_received_total') ?? 0
    expect(received).to.be.at.least(Math.max(1, before.received)).and.at.most(after.received)
    expect(sample(s, 'shoal_capacity_adverts_accepted_total')).to.be.at.least(1)
    expect(sample(s, 'shoal_reputation_reports_published_total')).to.equal(requester.libp2p.services.reputation.getStats().published).and.at.least(1)
    const ledger = await requester.credits()
    expect(sample(s, 'shoal_credits_spent_total')).to.equal(ledger.spent)
    expect(sample(s, 'shoal_credits_earned_total')).to.equal(0)
    expect(sample(s, 'shoal_peers_connected')).to.equal(1)
    expect(sample(s, 'shoal_executor_slots_total')).to.equal(1)
  })

  it('counts the worker\'s job, slots, the report it accepted and its earnings', async () => {
    const s = await scrape(workerApi.address, token)
    expect(sample(s, 'shoal_jobs_total', { role: 'worker', outcome: 'succeeded' })).to.equal(1)
    expect(histogramCount(s, 'shoal_job_run_seconds')).to.equal(1)
    expect(sample(s, 'shoal_executor_slots_total')).to.equal(2)
    expect(sample(s, 'shoal_executor_slots_in_use')).to.equal(0)
    expect(sample(s, 'shoal_reputation_reports_accepted_total')).to.be.at.least(1)
    const earned = (await worker.credits()).earned
    expect(sample(s, 'shoal_credits_earned_total')).to.equal(earned)
    // both sides read the same signed bid and result
    expect(earned).to.equal((await requester.credits()).spent)
  })

  it('counts rejected adverts by reason', async () => {
    const rejected = async (reason: string): Promise<number> => sample(await scrape(workerApi.address, token), 'shoal_capacity_adverts_rejected_total', { reason }) ?? 0
    const before = await rejected('malformed')
    const rejection = once<{ reason: string }>(worker.libp2p.services.capacity, 'capacity:reject')
    await requester.libp2p.services.pubsub.publish(CAPACITY_TOPIC, new TextEncoder().encode('not an advert'))
    expect((await rejection).reason).to.equal('malformed')
    expect(await rejected('malformed')).to.equal(before + 1)
  })

  it('401 without the token, unless /metrics is public; public opens nothing else', async () => {
    for (const auth of [undefined, 'wrong']) {
      const s = await scrape(requesterApi.address, auth)
      expect(s.status).to.equal(401)
      expect(JSON.parse(s.text).error).to.match(/bearer token/)
    }
    const open = await serve(requester, true)
    const s = await scrape(open.address)
    expect(s.status).to.equal(200)
    expect(sample(s, 'shoal_jobs_total', { role: 'requester', outcome: 'succeeded' })).to.equal(1)
    const status = await fetch(`http://${open.address}/v1/status`)
    expect(status.status).to.equal(401)
  })

  it('405 for other methods; 404 as JSON on a peer with metrics off', async () => {
    const post = await fetch(`http://${requesterApi.address}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    expect(post.status).to.equal(405)
    expect((await post.json()).error).to.match(/GET/)
    const quiet = await memoryPeer({ metrics: false, capacity: { advertise: false } })
    try {
      expect(quiet.metrics).to.equal(undefined)
      const api = await serve(quiet)
      const s = await scrape(api.address, token)
      expect(s.status).to.equal(404)
      expect(JSON.parse(s.text).error).to.match(/metrics are off/)
    } finally {
      await quiet.stop()
    }
  })
})
