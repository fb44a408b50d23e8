import { createHash } from 'node:crypto'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { startApiServer } from '../../src/api/server.js'
import { exampleJob } from '../fixtures/jobs.js'
import { memoryPeer, stopAll } from '../fixtures/peers.js'
import { until } from '../fixtures/wait.js'
import type { JobDetailJson, JobResultJson } from '../../src/api/jobs.js'
import type { ApiServer } from '../../src/api/server.js'
import type { JobRecord, ShoalNode } from '../../src/index.js'

const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64')
const text = (base64: string | undefined): string => Buffer.from(base64 ?? '', 'base64').toString('utf8')

describe('control API: jobs', function () {
  this.timeout(120_000)
  const token = 'jobs-token'
  const sha256 = exampleJob('sha256')
  const primes = exampleJob('primes')
  let nodes: ShoalNode[] = []
  let requester: ShoalNode
  let api: ApiServer
  let client: ApiClient

  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number, body: any, type: string | null }> => {
    const res = await fetch(`http://${api.address}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
    })
    return { status: res.status, body: await res.json(), type: res.headers.get('content-type') }
  }
  /** every event of a stream that ends by itself (after the result) */
  const allEvents = async (id: string): Promise<Array<{ event: string, data: any }>> => {
    const events: Array<{ event: string, data: any }> = []
    for await (const e of client.events(`/jobs/${id}/events`, AbortSignal.timeout(60_000))) events.push(e)
    return events
  }

  before(async () => {
    requester = await memoryPeer({ capacity: { intervalMs: 5_000 } })
    nodes = [requester]
    for (let i = 0; i < 2; i++) nodes.push(await memoryPeer({ bootstrap: requester.libp2p.getMultiaddrs().map(String), capacity: { intervalMs: 5_000 } }))
    const workers = (): number => requester.libp2p.services.capacity.list().filter(e => e.source !== 'self' && e.advert.runtimes.includes('wasm')).length
    await until('the requester to see 2 wasm workers', () => workers() === 2, [{ target: requester.libp2p.services.capacity, events: ['capacity:update'] }], 60_000)
    api = await startApiServer({ node: requester, listen: { host: '127.0.0.1', port: 0 }, token })
    client = new ApiClient(api.address, token)
  })

  after(async () => {
    await api?.close()
    await stopAll(nodes)
  })

  it('POST /v1/jobs with "wait" runs the job and answers its result, output in base64', async () => {
    const input = crypto.getRandomValues(new Uint8Array(50_000))
    const r = await call('POST', '/jobs', { module: b64(sha256), input: b64(input), wait: true })
    expect(r.status, JSON.stringify(r.body)).to.equal(200)
    const result: JobResultJson = r.body
    expect(result.status).to.equal('succeeded')
    expect(text(result.output)).to.equal(sha256Hex(input))
    expect(result.outputSize).to.equal(64)
    expect(result.exitCode).to.equal(0)
    expect(result.worker).to.be.oneOf(nodes.slice(1).map(n => n.peerId.toString()))
    expect(result.attempts).to.have.length(1)
    expect(result.id).to.match(/^[0-9a-f]{32}$/)
  })

  it('POST /v1/jobs names a module posted before by "moduleHash"; one it does not hold is a 404 that says to send it', async () => {
    const hash = createHash('sha256').update(primes).digest('hex')
    const unknown = await call('POST', '/jobs', { moduleHash: 'ab'.repeat(32), input: b64(new Uint8Array(0)), wait: true })
    expect(unknown.status).to.equal(404)
    expect(unknown.body.error).to.match(/not held by this daemon.*send it once as "module"/)
    const first = await call('POST', '/jobs', { module: b64(primes), args: ['50'], wait: true })
    expect(first.status, JSON.stringify(first.body)).to.equal(200)
    const again = await call('POST', '/jobs', { moduleHash: hash, args: ['50'], wait: true })
    expect(again.status, JSON.stringify(again.body)).to.equal(200)
    expect(again.body.outputHash).to.equal(first.body.outputHash)
    const both = await call('POST', '/jobs', { module: b64(primes), moduleHash: hash })
    expect(both.status).to.equal(400)
    expect(both.body.error).to.match(/not both/)
  })

  it('POST /v1/jobs with "workers" runs the job on the pinned worker, whichever the scheduler would pick', async () => {
    for (const worker of nodes.slice(1).map(n => n.peerId.toString())) {
      const r = await call('POST', '/jobs', { module: b64(sha256), input: b64(new Uint8Array(10)), workers: [worker], wait: true })
      expect(r.status, JSON.stringify(r.body)).to.equal(200)
      expect(r.body.status).to.equal('succeeded')
      expect(r.body.worker).to.equal(worker)
    }
  })

  it('POST /v1/jobs answers 202 { jobId } at once; its events stream until the result', async () => {
    const input = new TextEncoder().encode('follow me')
    const r = await call('POST', '/jobs', { module: b64(sha256), input: b64(input), args: [], labels: {} })
    expect(r.status).to.equal(202)
    const id: string = r.body.jobId
    expect(id).to.match(/^[0-9a-f]{32}$/)

    const head = await fetch(`http://${api.address}/v1/jobs/${id}/events`, { headers: { authorization: `Bearer ${token}` } })
    expect(head.status).to.equal(200)
    expect(head.headers.get('content-type')).to.match(/^text\/event-stream/)
    const raw = await head.text() // the server ends the stream after the result
    expect(raw).to.match(/^event: result\ndata: \{.*\}\n\n$/m)

    const events = await allEvents(id)
    const names = events.map(e => e.event)
    expect(names[names.length - 1]).to.equal('result')
    expect(names).to.include('accepted')
    expect(names.indexOf('accepted')).to.be.lessThan(names.indexOf('result'))
    const accepted = events.find(e => e.event === 'accepted')!.data
    const result: JobResultJson = events[events.length - 1].data
    expect(result.status).to.equal('succeeded')
    expect(result.worker).to.equal(accepted.worker)
    expect(text(result.output)).to.equal(sha256Hex(input))

    const detail: JobDetailJson = (await call('GET', `/jobs/${id}`)).body
    expect(detail.id).to.equal(id)
    expect(detail.records.map(x => x.role)).to.deep.equal(['requester'])
    expect(detail.records[0]).to.include({ status: 'succeeded', worker: result.worker, outputHash: result.outputHash })
    expect(text(detail.output)).to.equal(sha256Hex(input))

    const listed: JobRecord[] = (await call('GET', '/jobs?limit=5')).body
    expect(listed.map(x => x.id)).to.include(id)
    expect(listed.length).to.be.at.most(5)
    expect(listed.every((x, i) => i === 0 || listed[i - 1].createdAt >= x.createdAt)).to.equal(true)
  })

  it('404 for a job it does not know, on every job endpoint', async () => {
    const unknown = '0123456789abcdef0123456789abcdef'
    for (const [method, path] of [['GET', `/jobs/${unknown}`], ['GET', `/jobs/${unknown}/events`], ['DELETE', `/jobs/${unknown}`], ['GET', '/jobs/not-a-job-id']]) {
      const r = await call(method, path)
      expect(r.status, `${method} ${path}`).to.equal(404)
      expect(r.type).to.match(/^application\/json/)
      expect(r.body.error, `${method} ${path}`).to.match(/^no job /)
    }
  })

  it('DELETE cancels a running job; 409 once it has finished', async () => {
    // ~3 s of work on one core: cancelled as soon as a worker runs it
    const { jobId } = (await call('POST', '/jobs', { module: b64(primes), args: ['1000000000'] })).body
    for await (const e of client.events(`/jobs/${jobId}/events`, AbortSignal.timeout(30_000))) {
      if (e.event === 'progress' && (e.data as { phase: string }).phase === 'running') break
    }
    const cancelled = await call('DELETE', `/jobs/${jobId}`)
    expect(cancelled.status, JSON.stringify(cancelled.body)).to.equal(200)
    expect(cancelled.body).to.deep.equal({ jobId, status: 'cancelled' })
    const events = await allEvents(jobId)
    const result: JobResultJson = events[events.length - 1].data
    expect(result).to.include({ status: 'cancelled', reason: 'cancelled', message: 'cancelled through the control API' })

    const again = await call('DELETE', `/jobs/${jobId}`)
    expect(again.status).to.equal(409)
    expect(again.body.error).to.match(/already finished \(cancelled\)/)

    const done = (await call('POST', '/jobs', { module: b64(sha256), wait: true })).body as JobResultJson
    expect(done.status).to.equal('succeeded')
    const late = await call('DELETE', `/jobs/${done.id}`)
    expect(late.status).to.equal(409)
    expect(late.body.error).to.equal(`job ${done.id} already finished (succeeded)`)
  })

  it('400 for a bad body, naming what is wrong', async () => {
    const module = b64(sha256)
    const cases: Array<[unknown, RegExp]> = [
      [undefined, /needs a JSON object body/],
      ['[1,2]', /must be a JSON object/],
      ['{"module": ', /not valid JSON/],
      [{ module, colour: 'blue' }, /unknown field "colour"/],
      [{ input: b64(new Uint8Array(3)) }, /a wasm job needs "module"/],
      [{ module: 'not base64!' }, /"module" must be a base64 string/],
      [{ module: 42 }, /"module" must be a base64 string/],
      [{ module, input: 'abc' }, /"input" must be a base64 string/],
      [{ module, args: ['ok', 3] }, /"args" must be an array of strings/],
      [{ module, args: 'one two' }, /"args" must be an array of strings/],
      [{ module, replicas: 0 }, /"replicas" must be a whole number from 1 to 16, got 0/],
      [{ module, replicas: 1.5 }, /"replicas" must be a whole number/],
      [{ module, timeoutMs: -1 }, /"timeoutMs" must be a whole number/],
      [{ module, timeoutMs: '60000' }, /"timeoutMs" must be a whole number/],
      [{ module, memoryMb: 5000 }, /"memoryMb" must be a whole number from 1 to 4096/],
      [{ module, labels: { region: 1 } }, /"labels" must be an object of string values/],
      [{ module, labels: ['eu'] }, /"labels" must be an object/],
      [{ module, kind: '' }, /"kind" must be a non-empty string/],
      [{ module, wait: 'yes' }, /"wait" must be true or false/],
      [{ module, workers: [] }, /"workers" must be 1-16 peer ids/],
      [{ module, workers: 'QmNope' }, /"workers" must be 1-16 peer ids/],
      [{ module, workers: ['not a peer id'] }, /"workers" must be 1-16 peer ids/]
    ]
    for (const [body, error] of cases) {
      const r = await call('POST', '/jobs', body)
      expect(r.status, JSON.stringify(body)).to.equal(400)
      expect(r.body.error, JSON.stringify(body)).to.match(error)
    }
    for (const limit of ['0', 'abc', '1001', '']) {
      const r = await call('GET', `/jobs?limit=${limit}`)
      expect(r.status, limit).to.equal(400)
      expect(r.body.error).to.match(/limit must be a whole number from 1 to 1000/)
    }
  })

  it('a finished job is followed again by replaying its events, ending at once', async () => {
    const { id } = (await call('POST', '/jobs', { module: b64(sha256), input: b64(new TextEncoder().encode('again')), wait: true })).body as JobResultJson
    const first = await allEvents(id)
    const second = await allEvents(id)
    expect(second).to.deep.equal(first)
    expect(second[second.length - 1].event).to.equal('result')
  })
})
