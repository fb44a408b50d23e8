import { request } from 'node:http'
import { expect } from 'chai'
import { MAX_BODY_BYTES } from '../../src/api/constants.js'
import { startApiServer } from '../../src/api/server.js'
import { memoryPeer } from '../fixtures/peers.js'
import type { ApiServer } from '../../src/api/server.js'
import type { ShoalNode } from '../../src/index.js'

interface Answer { status: number, type: string | undefined, body: any }

describe('control API: bad requests get a 4xx JSON error and the daemon keeps serving', function () {
  this.timeout(60_000)
  const token = 'errors-token'
  let node: ShoalNode
  let api: ApiServer

  /** one raw HTTP request: full control over headers and body, no client-side checks */
  const raw = async (method: string, path: string, options: { auth?: string | null, headers?: Record<string, string>, body?: string | Buffer, chunks?: Iterable<Buffer>, ownConnection?: boolean } = {}): Promise<Answer> => {
    const colon = api.address.lastIndexOf(':')
    const auth = options.auth === undefined ? `Bearer ${token}` : options.auth
    return new Promise((resolve, reject) => {
      let answered = false
      const req = request({ host: api.address.slice(0, colon), port: Number(api.address.slice(colon + 1)), method, path, headers: { ...(auth != null ? { authorization: auth } : {}), ...options.headers }, ...(options.ownConnection === true ? { agent: false } : {}) }, res => {
        answered = true
        let text = ''
        res.setEncoding('utf8').on('data', (d: string) => { text += d }).on('end', () => {
          let body: unknown
          try { body = JSON.parse(text) } catch { body = text }
          resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body })
        })
      })
      // the server may hang up on a body it refused while the rest is still being sent: the answer counts
      req.on('error', err => { if (!answered) reject(err) })
      if (options.chunks != null) {
        const it = options.chunks[Symbol.iterator]()
        const pump = (): void => {
          for (let next = it.next(); !next.done; next = it.next()) {
            if (!req.write(next.value)) { req.once('drain', pump); return }
          }
          req.end()
        }
        pump()
      } else {
        req.end(options.body)
      }
    })
  }
  const expectError = (a: Answer, status: number, message: RegExp): void => {
    expect(a.status, JSON.stringify(a.body)).to.equal(status)
    expect(a.type).to.match(/^application\/json/)
    expect(a.body.error).to.match(message)
  }

  before(async () => {
    node = await memoryPeer({ capacity: { advertise: false } })
    api = await startApiServer({ node, listen: { host: '127.0.0.1', port: 0 }, token })
  })
  afterEach(async () => {
    // after every bad request the daemon still answers good ones
    const ok = await raw('GET', '/v1/id')
    expect(ok.status).to.equal(200)
    expect(ok.body.peerId).to.equal(node.peerId.toString())
  })
  after(async () => {
    await api.close()
    await node.stop()
  })

  it('401 for a missing, wrong or malformed token, saying how to authenticate', async () => {
    for (const auth of [null, '', 'Bearer', 'Bearer ', 'Bearer wrong', `Basic ${token}`, `Bearer ${token}x`, `Bearer  ${token}`]) {
      const a = await raw('GET', '/v1/status', { auth })
      expectError(a, 401, /Authorization: Bearer <token>.*api-token/)
    }
    // the token is checked before the route: unknown routes and bad bodies give nothing away
    expectError(await raw('GET', '/v1/nothing', { auth: null }), 401, /bearer token/)
    expectError(await raw('POST', '/v1/jobs', { auth: null, body: '{nope' }), 401, /bearer token/)
    // the scheme is case-insensitive
    expect((await raw('GET', '/v1/status', { auth: `bearer ${token}` })).status).to.equal(200)
  })

  it('400 for a body that is not JSON, or not the object a job needs', async () => {
    const json = { 'content-type': 'application/json' }
    expectError(await raw('POST', '/v1/jobs', { headers: json, body: '{"module": ' }), 400, /not valid JSON/)
    expectError(await raw('POST', '/v1/jobs', { headers: json, body: '\u0000\u0001' }), 400, /not valid JSON/)
    expectError(await raw('POST', '/v1/jobs', { headers: json }), 400, /needs a JSON object body/)
    expectError(await raw('POST', '/v1/jobs', { headers: json, body: '[1, 2]' }), 400, /must be a JSON object/)
    expectError(await raw('POST', '/v1/jobs', { headers: json, body: '{"module": 5}' }), 400, /"module" must be a base64 string/)
    expectError(await raw('POST', '/v1/jobs', { headers: json, body: '{"colour": "red"}' }), 400, /unknown field "colour"/)
    expectError(await raw('GET', '/v1/jobs?limit=0'), 400, /limit must be a whole number/)
    expectError(await raw('GET', '/v1/capacity?where=nokey'), 400, /bad where filter/)
  })

  it('404 for a job this peer does not know, by any route', async () => {
    const unknown = '0123456789abcdef0123456789abcdef'
    expectError(await raw('GET', `/v1/jobs/${unknown}`), 404, new RegExp(`no job ${unknown} here`))
    expectError(await raw('GET', `/v1/jobs/${unknown}/events`), 404, /no job/)
    expectError(await raw('DELETE', `/v1/jobs/${unknown}`), 404, /no job/)
    expectError(await raw('GET', '/v1/jobs/not-a-job-id'), 404, /32 hex digits/)
  })

  it('400 for a path with broken percent-encoding', async () => {
    expectError(await raw('GET', '/v1/jobs/%E0%A4%A'), 400, /percent-encoding/)
  })

  it('413 for a body over the limit: declared up front, or streamed without a length', async () => {
    // declared: refused from the header, before the body is read (this client then gives up, on a connection of its own)
    const declared = await raw('POST', '/v1/jobs', { headers: { 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) }, chunks: [], ownConnection: true })
    expectError(declared, 413, new RegExp(`over ${MAX_BODY_BYTES} bytes`))
    // streamed (chunked): refused once it passes the limit; the rest is dropped, so the answer arrives
    const chunk = Buffer.alloc(1024 * 1024, 0x20)
    const chunks = function * (): Generator<Buffer> { for (let i = 0; i <= MAX_BODY_BYTES / chunk.length + 8; i++) yield chunk }
    const streamed = await raw('POST', '/v1/jobs', { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks: chunks() }).catch((err: Error) => err)
    if (streamed instanceof Error) throw new Error(`the client saw no 413 before the connection went: ${streamed.message}`)
    expectError(streamed, 413, new RegExp(`over ${MAX_BODY_BYTES} bytes`))
  })

  it('404 for an unknown route, inside the API prefix or outside it', async () => {
    expectError(await raw('GET', '/v1/nothing'), 404, /no such endpoint: \/nothing/)
    expectError(await raw('GET', '/v2/status'), 404, /the API lives under \/v1\//)
    expectError(await raw('GET', '/v1/jobs/a/b/c'), 404, /no such endpoint/)
  })

  it('405 for a known route with the wrong method', async () => {
    expectError(await raw('POST', '/v1/status', { body: '{}' }), 405, /POST is not allowed on \/status/)
    expectError(await raw('DELETE', '/v1/jobs'), 405, /DELETE is not allowed/)
    expectError(await raw('PUT', '/v1/jobs'), 405, /PUT is not allowed/)
    expectError(await raw('PUT', '/metrics'), 405, /scrape it with GET/)
  })
})
