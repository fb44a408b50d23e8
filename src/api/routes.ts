/**
 * The control API's routes: each maps a request to a JSON value (status
 * 200), a `Reply` (another status) or an `EventStream` (server-sent events),
 * using only the public ShoalNode interface, so the API shows what the
 * library offers. The jobs endpoints keep live job handles in a JobTracker;
 * the reputation, credits and receipts endpoints are in reputation.ts.
 */
import { HttpError } from './errors.js'
import { EventStream, Reply } from './replies.js'
import { credits, receipts, reputationRows, reputationStats } from './reputation.js'
import { addPath, getCid, unpin } from './data.js'
import { parseWhere, WHERE_FORM } from '../capacity/rows.js'
import type { JobTracker } from './jobs.js'
import type { LiveFeed } from './live.js'
import type { ShoalNode } from '../create.js'

export { EventStream, Reply }
export type { EventRunner } from './replies.js'

export interface RouteContext {
  node: ShoalNode
  /** the jobs submitted through this API, and the live view of jobs in progress */
  jobs: JobTracker
  /** the dashboard's feed: every section's state, then each again as it changes */
  live: LiveFeed
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE'
  /** path under the API prefix; `:name` segments become params */
  path: string
  handle: (ctx: RouteContext) => Promise<unknown> | unknown
}

export const routes: Route[] = [
  { method: 'GET', path: '/id', handle: ({ node }) => node.id() },
  { method: 'GET', path: '/peers', handle: async ({ node }) => node.peers() },
  { method: 'GET', path: '/status', handle: async ({ node }) => node.status() },
  { method: 'GET', path: '/events', handle: ({ live }) => new EventStream(live.runner()) },
  { method: 'GET', path: '/capacity', handle: ({ node, query }) => node.capacityTable(whereFilters(query)) },
  {
    method: 'GET',
    path: '/capacity/self',
    handle: ({ node }) => {
      const own = node.selfAdvert()
      if (own == null) throw new HttpError(404, 'this peer is not advertising capacity (started with --no-advertise or capacity.advertise false, or its first advert is not out yet)')
      return own
    }
  },
  { method: 'GET', path: '/capacity/stats', handle: ({ node }) => node.capacityStats() },
  {
    method: 'POST',
    path: '/jobs',
    handle: async ({ jobs, body }) => {
      const answer = await jobs.submit(body)
      // without "wait" the job runs on: 202 and its id
      return 'jobId' in answer ? new Reply(202, answer) : answer
    }
  },
  { method: 'GET', path: '/jobs', handle: async ({ jobs, query }) => jobs.list(query) },
  { method: 'GET', path: '/jobs/:id', handle: async ({ jobs, params }) => jobs.get(params.id) },
  { method: 'GET', path: '/jobs/:id/events', handle: async ({ jobs, params }) => new EventStream(await jobs.follow(params.id)) },
  { method: 'DELETE', path: '/jobs/:id', handle: async ({ jobs, params }) => jobs.cancel(params.id) },
  { method: 'GET', path: '/reputation', handle: ({ node }) => reputationRows(node) },
  { method: 'GET', path: '/reputation/stats', handle: ({ node }) => reputationStats(node) },
  { method: 'GET', path: '/credits', handle: async ({ node }) => credits(node) },
  { method: 'GET', path: '/receipts', handle: async ({ node, query }) => receipts(node, query) },
  { method: 'POST', path: '/data/add', handle: async ({ node, body }) => addPath(node, body) },
  { method: 'POST', path: '/data/get', handle: ({ node, body }) => getCid(node, body) },
  { method: 'GET', path: '/data/pins', handle: async ({ node }) => node.data.pins() },
  { method: 'DELETE', path: '/data/pins/:cid', handle: async ({ node, params }) => unpin(node, params.cid) },
  { method: 'GET', path: '/data/stats', handle: ({ node }) => node.data.getStats() },
  { method: 'POST', path: '/data/gc', handle: async ({ node, body }) => node.data.gc({ all: (body as any)?.all === true }) }
]

/** `?where=gpu=true&where=region=eu`: every filter must match */
function whereFilters (query: URLSearchParams): Record<string, string> {
  const parsed = parseWhere(query.getAll('where'))
  if ('bad' in parsed) throw new HttpError(400, `bad where filter "${parsed.bad}": use where=${WHERE_FORM}; repeat it to combine filters (?where=gpu=true&where=region=eu)`)
  return parsed.filters
}

/** finds the route for a method and path; 404 or 405 otherwise */
export function matchRoute (table: Route[], method: string, path: string): { route: Route, params: Record<string, string> } {
  let pathMatched = false
  for (const route of table) {
    const params = matchPath(route.path, path)
    if (params == null) continue
    pathMatched = true
    if (route.method === method) return { route, params }
  }
  if (pathMatched) throw new HttpError(405, `${method} is not allowed on ${path}`)
  throw new HttpError(404, `no such endpoint: ${path}`)
}

function decodeSegment (segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new HttpError(400, `bad percent-encoding in the path segment "${segment}"`)
  }
}

function matchPath (pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/')
  const got = path.replace(/\/+$/, '').split('/')
  if (want.length !== got.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      params[want[i].slice(1)] = decodeSegment(got[i])
    } else if (want[i] !== got[i]) {
      return undefined
    }
  }
  return params
}
