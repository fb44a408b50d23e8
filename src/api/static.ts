/**
 * The dashboard's static files: a fixed list read from the `dashboard/`
 * folder next to this module (the build copies it there) on the first
 * request for any of them, so they cost a daemon nobody looks at nothing; sent
 * without a token (they hold no data; every data request needs one), with
 * headers that keep the page to this origin and out of other sites' frames.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { logger } from '@libp2p/logger'
import { CONTRIBUTE_PATH, DASHBOARD_PATH } from './constants.js'
import type { IncomingMessage, ServerResponse } from 'node:http'

const log = logger('shoal:api:static')

/** URL path → file in the dashboard folder, and its type */
const FILES: Record<string, { file: string, type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  [`${DASHBOARD_PATH}app.js`]: { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  [`${DASHBOARD_PATH}style.css`]: { file: 'style.css', type: 'text/css; charset=utf-8' },
  [`${DASHBOARD_PATH}icon.svg`]: { file: 'icon.svg', type: 'image/svg+xml' }
}

/** the page may load only from this daemon, run no inline code, and be framed by no one */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin'
}

interface StaticFile { body: Buffer, type: string, etag: string }

export interface Dashboard {
  /** true for `/` and everything under DASHBOARD_PATH */
  owns: (path: string) => boolean
  serve: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>
}

export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('./dashboard/', import.meta.url))
/** where `npm run build:web` writes the browser peer's page (dist/web) */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url))

/** the files, read once when first asked for; a missing one is logged and answered with a 404 that says how to get it */
export function dashboardFiles (dir = DEFAULT_DASHBOARD_DIR): Dashboard {
  const files = staticFiles(dir, FILES, SECURITY_HEADERS, 'npm run build')
  return {
    owns: (path) => path === '/' || path.startsWith(DASHBOARD_PATH),
    serve: files.serve
  }
}

/** URL path → file of the browser peer's page, and its type */
const CONTRIBUTE_FILES: Record<string, { file: string, type: string }> = {
  [CONTRIBUTE_PATH]: { file: 'index.html', type: 'text/html; charset=utf-8' },
  [`${CONTRIBUTE_PATH}contribute.js`]: { file: 'contribute.js', type: 'text/javascript; charset=utf-8' },
  [`${CONTRIBUTE_PATH}shoal-worker.js`]: { file: 'shoal-worker.js', type: 'text/javascript; charset=utf-8' },
  // onnx jobs: onnxruntime-web's worker and its WebAssembly runtime (15 MB), from this daemon, never a CDN
  [`${CONTRIBUTE_PATH}shoal-onnx-worker.js`]: { file: 'shoal-onnx-worker.js', type: 'text/javascript; charset=utf-8' },
  [`${CONTRIBUTE_PATH}ort/ort-wasm-simd-threaded.wasm`]: { file: 'ort/ort-wasm-simd-threaded.wasm', type: 'application/wasm' },
  [`${CONTRIBUTE_PATH}style.css`]: { file: 'style.css', type: 'text/css; charset=utf-8' },
  [`${CONTRIBUTE_PATH}icon.svg`]: { file: 'icon.svg', type: 'image/svg+xml' }
}

/**
 * The browser peer's page: like the dashboard's, but it dials this daemon's
 * WebSocket listener (another port: ws:), and its job workers compile
 * WebAssembly ('wasm-unsafe-eval', which allows no JavaScript eval).
 */
export const CONTRIBUTE_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'content-security-policy': "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  // cross-origin isolated: job workers get SharedArrayBuffer, which WASI sleeps wait on
  'cross-origin-embedder-policy': 'require-corp'
}

/**
 * `/contribute/`: the page that makes a browser a Shoal peer (files from
 * `npm run build:web`), and `/contribute/peer.json`: this daemon's peer id and
 * WebSocket addresses, for the page to dial (public: every peer it meets
 * learns them anyway).
 */
export function contributeFiles (node: { id: () => { peerId: string, addresses: string[] } }, dir = DEFAULT_WEB_DIR): Dashboard {
  const files = staticFiles(dir, CONTRIBUTE_FILES, CONTRIBUTE_HEADERS, 'npm run build:web')
  return {
    owns: (path) => path === CONTRIBUTE_PATH.slice(0, -1) || path.startsWith(CONTRIBUTE_PATH),
    serve: async (req, res, path) => {
      if (path === CONTRIBUTE_PATH.slice(0, -1)) {
        // relative links in the page need the trailing slash
        res.writeHead(301, { ...CONTRIBUTE_HEADERS, location: CONTRIBUTE_PATH }).end()
        return
      }
      if (path === `${CONTRIBUTE_PATH}peer.json`) {
        const { peerId, addresses } = node.id()
        const body = JSON.stringify({ peerId, addresses: addresses.filter(a => /\/wss?(\/|$)/.test(a)) })
        res.writeHead(200, { ...CONTRIBUTE_HEADERS, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' })
        res.end(req.method === 'HEAD' ? undefined : body)
        return
      }
      await files.serve(req, res, path)
    }
  }
}

function staticFiles (dir: string, table: Record<string, { file: string, type: string }>, headers: Readonly<Record<string, string>>, rebuild: string): Pick<Dashboard, 'serve'> {
  let loading: Promise<Map<string, StaticFile>> | undefined
  const load = async (): Promise<Map<string, StaticFile>> => {
    const files = new Map<string, StaticFile>()
    for (const [path, { file, type }] of Object.entries(table)) {
      try {
        const body = await readFile(join(dir, file))
        files.set(path, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` })
      } catch (err: any) {
        log.error('static file %s is missing from %s - %e', file, dir, err)
      }
    }
    return files
  }
  return {
    serve: async (req, res, path) => {
      const found = (await (loading ??= load())).get(path)
      if (found == null) {
        const why = path in table
          ? `the file ${table[path].file} is missing from ${dir}: rebuild with \`${rebuild}\``
          : `no such file: ${path}`
        sendText(res, 404, why)
        return
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD')
        sendText(res, 405, `${req.method ?? ''} is not allowed on ${path}`)
        return
      }
      const h = { ...headers, 'content-type': found.type, etag: found.etag, 'cache-control': 'no-cache' }
      if (req.headers['if-none-match'] === found.etag) {
        res.writeHead(304, h).end()
        return
      }
      res.writeHead(200, { ...h, 'content-length': found.body.byteLength })
      res.end(req.method === 'HEAD' ? undefined : found.body)
    }
  }
}

function sendText (res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
  res.end(text)
}
