import { expect } from 'chai'
import { startApiServer } from '../../src/api/server.js'
import { ApiClient } from '../../src/api/client.js'
import { ConfigError } from '../../src/node/errors.js'
import { memoryPeer } from '../fixtures/peers.js'
import type { ApiServer } from '../../src/api/server.js'
import type { ShoalNode } from '../../src/index.js'

describe('control API', function () {
  this.timeout(30_000)
  let node: ShoalNode
  let api: ApiServer
  const token = 'test-token-123'
  const call = async (path: string, init: RequestInit = {}, auth: string | null = `Bearer ${token}`): Promise<{ status: number, body: any }> => {
    const res = await fetch(`http://${api.address}${path}`, { ...init, headers: { ...(auth != null ? { authorization: auth } : {}), ...(init.headers ?? {}) } })
    return { status: res.status, body: await res.json() }
  }

  before(async () => {
    node = await memoryPeer()
    api = await startApiServer({ node, listen: { host: '127.0.0.1', port: 0 }, token })
  })
  after(async () => {
    await api.close()
    await node.stop()
  })

  it('answers /v1/id, /v1/peers and /v1/status with the token', async () => {
    const client = new ApiClient(api.address, token)
    expect((await client.get<any>('/id')).peerId).to.equal(node.peerId.toString())
    expect(await client.get('/peers')).to.deep.equal([])
    expect((await client.get<any>('/status')).dht.mode).to.equal('server')
  })

  it('401 without a token or with a wrong one', async () => {
    for (const auth of [null, 'Bearer nope', `Basic ${token}`, `Bearer ${token}x`]) {
      const r = await call('/v1/status', {}, auth)
      expect(r.status, String(auth)).to.equal(401)
      expect(r.body.error).to.match(/bearer token/)
    }
  })

  it('404 for unknown paths, 405 for wrong methods, as JSON errors', async () => {
    expect((await call('/v1/nothing')).status).to.equal(404)
    expect((await call('/elsewhere')).status).to.equal(404)
    const r = await call('/v1/status', { method: 'POST', body: '{}' })
    expect(r.status).to.equal(405)
    expect(r.body.error).to.match(/POST is not allowed/)
  })

  it('refuses a non-loopback bind unless asked', async () => {
    let error: unknown
    await startApiServer({ node, listen: { host: '0.0.0.0', port: 0 }, token }).catch(err => { error = err })
    expect(error).to.be.instanceOf(ConfigError)
  })
})
