import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { startApiServer } from '../../src/api/server.js'
import { contributeFiles } from '../../src/api/static.js'
import { memoryPeer } from '../fixtures/peers.js'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ApiServer } from '../../src/api/server.js'
import type { ShoalNode } from '../../src/index.js'

describe('/contribute: the browser peer\'s page, served without a token', function () {
  this.timeout(30_000)
  let node: ShoalNode
  let api: ApiServer

  before(async () => {
    node = await memoryPeer()
    api = await startApiServer({ node, listen: { host: '127.0.0.1', port: 0 }, token: 'secret' })
  })
  after(async () => {
    await api.close()
    await node.stop()
  })

  it('serves the built page and its scripts, cross-origin isolated, allowed to dial WebSockets and compile WebAssembly', async () => {
    const page = await fetch(`http://${api.address}/contribute/`)
    expect(page.status).to.equal(200)
    expect(page.headers.get('content-type')).to.match(/text\/html/)
    expect(await page.text()).to.include('contribute.js')
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).to.include("connect-src 'self' ws: wss:")
    expect(csp).to.include("'wasm-unsafe-eval'")
    expect(csp).to.not.include("'unsafe-eval'")
    expect(page.headers.get('cross-origin-embedder-policy')).to.equal('require-corp')
    for (const file of ['contribute.js', 'shoal-worker.js', 'style.css', 'icon.svg']) {
      const res = await fetch(`http://${api.address}/contribute/${file}`)
      expect(res.status, file).to.equal(200)
      expect((await res.arrayBuffer()).byteLength, file).to.be.greaterThan(0)
    }
  })

  it('/contribute redirects to /contribute/ (the page\'s links are relative)', async () => {
    const res = await fetch(`http://${api.address}/contribute`, { redirect: 'manual' })
    expect(res.status).to.equal(301)
    expect(res.headers.get('location')).to.equal('/contribute/')
  })

  it('peer.json names this peer and only its WebSocket addresses', async () => {
    const res = await fetch(`http://${api.address}/contribute/peer.json`)
    expect(res.status).to.equal(200)
    const body = await res.json() as { peerId: string, addresses: string[] }
    expect(body.peerId).to.equal(node.peerId.toString())
    // a memory-transport peer has no WebSocket listener
    expect(body.addresses).to.deep.equal([])
  })

  it('a file missing from the build is a 404 that says how to build it; unknown paths are 404s', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoal-web-'))
    try {
      await writeFile(join(dir, 'index.html'), '<!doctype html>')
      const files = contributeFiles({ id: () => ({ peerId: 'p', addresses: ['/ip4/127.0.0.1/tcp/1/ws', '/ip4/127.0.0.1/tcp/2'] }) }, dir)
      const answer = async (path: string): Promise<{ status: number, body: string }> => {
        let status = 0
        let body = ''
        const res = {
          writeHead: (s: number) => { status = s; return res },
          setHeader: () => {},
          end: (b?: string | Buffer) => { body = b?.toString() ?? '' }
        }
        await files.serve({ method: 'GET', headers: {} } as IncomingMessage, res as unknown as ServerResponse, path)
        return { status, body }
      }
      expect((await answer('/contribute/')).status).to.equal(200)
      const missing = await answer('/contribute/contribute.js')
      expect(missing.status).to.equal(404)
      expect(missing.body).to.include('npm run build:web')
      expect((await answer('/contribute/nothing')).status).to.equal(404)
      expect(JSON.parse((await answer('/contribute/peer.json')).body).addresses).to.deep.equal(['/ip4/127.0.0.1/tcp/1/ws'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
