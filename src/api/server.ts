/**
 * The daemon's local HTTP control API (what the CLI talks to): JSON in and
 * out (and server-sent events for following a job), a bearer token on every
 * request, loopback only unless told otherwise.
 */
import { createServer } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { logger } from '@libp2p/logger'
import { API_PREFIX, MAX_BODY_BYTES, MAX_SSE_BUFFER_BYTES, SSE_KEEPALIVE_MS } from './constants.js'
import { HttpError } from './errors.js'
import { JobTracker } from './jobs.js'
import { LiveFeed } from './live.js'
import { METRICS_PATH, metricsText } from './metrics.js'
import { contributeFiles, dashboardFiles } from './static.js'
import { EventStream, matchRoute, Reply, routes } from './routes.js'
import { ConfigError } from '../node/errors.js'
import { formatHostPort, isLoopbackHost } from '../node/config.js'
import type { HostPort } from '../node/config.js'
import type { ShoalNode } from '../create.js'
import type { Dashboard } from './static.js'
import type { IncomingMessage, ServerResponse, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

const log = logger('shoal:api')

export interface ApiServerInit {
  node: ShoalNode
  listen: HostPort
  token: string
  /** binding to anything but loopback must be asked for explicitly */
  allowRemote?: boolean
  /** serve /metrics without the token (nothing else) */
  metricsPublic?: boolean
}

export interface ApiServer {
  /** host:port actually bound (the OS picks the port for :0) */
  address: string
  /** the dashboard's feed (GET /v1/events) */
  live: LiveFeed
  close: () => Promise<void>
}

export async function startApiServer (init: ApiServerInit): Promise<ApiServer> {
  if (!isLoopbackHost(init.listen.host) && init.allowRemote !== true) {
    throw new ConfigError(`refusing to expose the control API on ${init.listen.host}: it controls this peer; bind it to 127.0.0.1, or set --api-remote if you mean it`)
  }
  const dashboard = dashboardFiles()
  const contribute = contributeFiles(init.node)
  const jobs = new JobTracker(init.node)
  const live = new LiveFeed(init.node, jobs)
  const server = createServer((req, res) => {
    handle(init, { jobs, live, dashboard, contribute }, req, res).catch(err => {
      log.error('request failed - %e', err)
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' })
      else res.destroy()
    })
  })
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  try {
    await listen(server, init.listen)
  } catch (err) {
    live.close()
    jobs.close()
    throw err
  }
  const bound = server.address() as AddressInfo
  const address = formatHostPort({ host: init.listen.host, port: bound.port })
  log('control API on http://%s', address)
  return {
    address,
    live,
    close: async () => {
      live.close()
      jobs.close()
      server.closeAllConnections()
      await new Promise<void>(resolve => { server.close(() => { resolve() }) })
    }
  }
}

async function listen (server: Server, { host, port }: HostPort): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE'
        ? new ConfigError(`the API address ${formatHostPort({ host, port })} is in use; pass --api ${host}:0 for a free port, or another --api`)
        : err)
    })
    server.listen(port, host, () => { resolve() })
  })
}

interface Parts { jobs: JobTracker, live: LiveFeed, dashboard: Dashboard, contribute: Dashboard }

async function handle ({ node, token, metricsPublic }: ApiServerInit, { jobs, live, dashboard, contribute }: Parts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (dashboard.owns(url.pathname)) {
      await dashboard.serve(req, res, url.pathname)
      return
    }
    if (contribute.owns(url.pathname)) {
      await contribute.serve(req, res, url.pathname)
      return
    }
    const isMetrics = url.pathname === METRICS_PATH
    if (!isMetrics && !url.pathname.startsWith(API_PREFIX + '/')) throw new HttpError(404, `no such endpoint: ${url.pathname} (the API lives under ${API_PREFIX}/)`)
    if (!(isMetrics && metricsPublic === true) && !authorised(req.headers.authorization, token)) {
      res.setHeader('www-authenticate', 'Bearer realm="shoal"')
      throw new HttpError(401, 'missing or wrong bearer token: send "Authorization: Bearer <token>" with the token from <data-dir>/api-token')
    }
    if (isMetrics) {
      const { contentType, body } = await metricsText(node, req.method ?? 'GET')
      res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' })
      res.end(req.method === 'HEAD' ? undefined : body)
      return
    }
    const { route, params } = matchRoute(routes, req.method ?? 'GET', url.pathname.slice(API_PREFIX.length))
    const body = req.method === 'POST' ? await readJson(req) : undefined
    const result = await route.handle({ node, jobs, live, params, query: url.searchParams, body })
    if (result instanceof EventStream) await sendEvents(res, result)
    else if (result instanceof Reply) sendJson(res, result.status, result.body)
    else sendJson(res, 200, result)
  } catch (err) {
    if (err instanceof HttpError && err.status >= 400) {
      sendJson(res, err.status, { error: err.message })
      return
    }
    throw err
  }
}

function authorised (header: string | undefined, token: string): boolean {
  // the scheme is case-insensitive (RFC 9110), the token is not
  const match = /^Bearer (.+)$/i.exec(header ?? '')
  if (match == null) return false
  const given = Buffer.from(match[1])
  const wanted = Buffer.from(token)
  return given.length === wanted.length && timingSafeEqual(given, wanted)
}

async function readJson (req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`)
  const bytes = await readBody(req, MAX_BODY_BYTES)
  if (bytes.byteLength === 0) return undefined
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch (err: any) {
    throw new HttpError(400, `request body is not valid JSON: ${err.message}`)
  }
}

/**
 * The whole body, or 413 as soon as it passes `limit`. The rest is read and
 * dropped rather than cut off: a server that hangs up on a client still
 * sending makes its TCP stack reset the connection, and the client may lose
 * the answer (server.requestTimeout bounds how long a client can keep it up).
 */
async function readBody (req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (): void => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size <= limit) {
        chunks.push(chunk)
        return
      }
      done()
      req.resume()
      reject(new HttpError(413, `request body over ${limit} bytes`))
    }
    const onEnd = (): void => { done(); resolve(Buffer.concat(chunks)) }
    const onError = (err: Error): void => { done(); reject(err) }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

/** `event: <name>` and `data: <JSON>` per event, a comment line now and then, until the stream is done or the client goes */
async function sendEvents (res: ServerResponse, stream: EventStream): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' })
  res.flushHeaders()
  const gone = new AbortController()
  res.once('close', () => { gone.abort() })
  const keepAlive = setInterval(() => { res.write(': keep-alive\n\n') }, SSE_KEEPALIVE_MS)
  try {
    await stream.run((event, data) => {
      if (res.writableEnded || res.destroyed) return
      // a client this far behind gets cut off rather than held in memory; it reconnects to a fresh snapshot
      if (res.writableLength > MAX_SSE_BUFFER_BYTES) res.destroy()
      else res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    }, gone.signal)
  } finally {
    clearInterval(keepAlive)
    res.end()
  }
}

function sendJson (res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' })
  res.end(body)
}
