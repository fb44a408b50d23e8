/**
 * How the CLI reaches a running daemon: the API address and token come from
 * flags, or from the files the daemon wrote into its data dir.
 */
import { API_PREFIX } from './constants.js'
import { DaemonNotRunningError, HttpError } from './errors.js'
import { readApiFiles } from '../node/data-dir.js'

export interface ApiClientOptions {
  dataDir: string
  /** host:port; overrides the data dir's `api` file */
  api?: string
  /** overrides the data dir's `api-token` file */
  token?: string
}

export class ApiClient {
  constructor (readonly address: string, private readonly token: string) {}

  static async connect (options: ApiClientOptions): Promise<ApiClient> {
    const files = await readApiFiles(options.dataDir)
    const address = options.api ?? files?.address
    const token = options.token ?? files?.token
    if (address == null || token == null) {
      throw new DaemonNotRunningError(`no Shoal daemon is running with data dir ${options.dataDir}: start one with \`shoal start --data-dir ${options.dataDir}\`, or point at one with --data-dir or --api and --token`)
    }
    return new ApiClient(address, token)
  }

  async get<T> (path: string): Promise<T> {
    return this.request<T>('GET', path)
  }

  async post<T> (path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body)
  }

  async request<T> (method: string, path: string, body?: unknown): Promise<T> {
    let res: Response
    try {
      res = await fetch(`http://${this.address}${API_PREFIX}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(60_000)
      })
    } catch (err: any) {
      const code = err.cause?.code
      if (code === 'ECONNREFUSED' || code === 'ECONNRESET') {
        throw new DaemonNotRunningError(`no Shoal daemon answers at ${this.address}: start one with \`shoal start\` (is the data dir right?)`)
      }
      throw err
    }
    const text = await res.text()
    let value: any
    try {
      value = JSON.parse(text)
    } catch {
      throw new HttpError(res.status, `the daemon at ${this.address} sent something that is not JSON (HTTP ${res.status})`)
    }
    if (!res.ok) throw new HttpError(res.status, value?.error ?? `HTTP ${res.status}`)
    return value as T
  }
}
