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

  async delete<T> (path: string): Promise<T> {
    return this.request<T>('DELETE', path)
  }

  async request<T> (method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetch(method, path, body, AbortSignal.timeout(60_000))
    return this.json<T>(res)
  }

  /**
   * Follows a stream of server-sent events until the server ends it or
   * `signal` aborts; an error status is thrown as an HttpError.
   */
  async * events (path: string, signal?: AbortSignal, body?: unknown): AsyncGenerator<{ event: string, data: unknown }> {
    // a body makes it a POST that answers with events (adding and fetching data)
    const res = await this.fetch(body === undefined ? 'GET' : 'POST', path, body, signal)
    if (!res.ok || res.body == null) {
      await this.json(res)
      return
    }
    let buffer = ''
    for await (const text of res.body.pipeThrough(new TextDecoderStream())) {
      buffer += text.replace(/\r\n?/g, '\n')
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        let event = 'message'
        const data: string[] = []
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue
          const colon = line.indexOf(':')
          const field = colon < 0 ? line : line.slice(0, colon)
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
          if (field === 'event') event = value
          else if (field === 'data') data.push(value)
        }
        if (data.length > 0) yield { event, data: JSON.parse(data.join('\n')) }
      }
    }
  }

  private async fetch (method: string, path: string, body: unknown, signal: AbortSignal | undefined): Promise<Response> {
    try {
      return await fetch(`http://${this.address}${API_PREFIX}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal
      })
    } catch (err: any) {
      const code = err.cause?.code
      if (code === 'ECONNREFUSED' || code === 'ECONNRESET') {
        throw new DaemonNotRunningError(`no Shoal daemon answers at ${this.address}: start one with \`shoal start\` (is the data dir right?)`)
      }
      throw err
    }
  }

  private async json<T> (res: Response): Promise<T> {
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
