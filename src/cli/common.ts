/**
 * What the CLI's commands share: finding the daemon, reading a config file,
 * collecting repeatable flags.
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { ApiClient } from '../api/client.js'
import { defaultDataDir } from '../node/data-dir.js'
import { validateOptions } from '../node/config.js'
import { ConfigError } from '../node/errors.js'
import { UsageError } from './errors.js'
import { DEFAULT_WORKER_MAX_TIMEOUT_MS } from '../jobs/constants.js'
import type { ShoalOptions } from '../node/config.js'
import type { JobResultJson } from '../api/jobs.js'
import type { Command } from 'commander'

export interface ClientFlags { dataDir?: string, api?: string, token?: string, json?: boolean }

/** adds the flags every command that talks to a daemon takes */
export function clientCommand (cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'data dir of the daemon to talk to (default: $SHOAL_DATA_DIR or ~/.shoal)')
    .option('--api <host:port>', 'address of the daemon\'s control API (instead of reading it from the data dir)')
    .option('--token <token>', 'the API token (instead of reading <data-dir>/api-token)')
    .option('--json', 'print JSON for programs instead of a table')
}

export async function connect (flags: ClientFlags): Promise<ApiClient> {
  return ApiClient.connect({ dataDir: resolve(flags.dataDir ?? defaultDataDir()), api: flags.api, token: flags.token })
}

/** commander collector for repeatable flags */
export function collect (value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

export function parseCount (flag: string) {
  return (value: string): number => {
    const n = Number(value)
    if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${flag} takes a whole number, got "${value}"`)
    return n
  }
}

export async function readConfigFile (path: string): Promise<ShoalOptions> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err: any) {
    throw new ConfigError(`cannot read config file ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err: any) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${err.message}`)
  }
  return validateOptions(parsed, `config file ${path}`)
}

/** commander parser for a whole-number flag in [min, max] */
export function wholeNumber (flag: string, min: number, max: number) {
  return (value: string): number => {
    const n = value.trim() === '' ? NaN : Number(value)
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, got "${value}"`)
    return n
  }
}

/** --timeout in seconds (fractions allowed), as ms */
export function timeoutSeconds (value: string): number {
  const n = value.trim() === '' ? NaN : Number(value)
  const max = DEFAULT_WORKER_MAX_TIMEOUT_MS / 1000
  if (!Number.isFinite(n) || n <= 0 || n > max || Math.round(n * 1000) < 1) throw new UsageError(`--timeout takes a number of seconds in (0, ${max}], got "${value}"`)
  return Math.round(n * 1000)
}

/** a job's result as the control API streams it, with the output decoded */
export type FetchedResult = Omit<JobResultJson, 'output'> & { output?: Uint8Array }

/**
 * Waits for job `jobId`'s result on the daemon's event stream (render and
 * ocr send many jobs at once and follow each one); the job is in `inFlight`
 * meanwhile, so an interrupted command can cancel what is still running.
 */
export async function jobResult (client: ApiClient, jobId: string, inFlight: Set<string>, signal?: AbortSignal): Promise<FetchedResult> {
  inFlight.add(jobId)
  try {
    for await (const { event, data } of client.events(`/jobs/${jobId}/events`, signal)) {
      if (event !== 'result') continue
      const r = data as JobResultJson
      return { ...r, output: r.output != null ? new Uint8Array(Buffer.from(r.output, 'base64')) : undefined }
    }
  } finally {
    inFlight.delete(jobId)
  }
  signal?.throwIfAborted()
  throw new Error(`the daemon ended job ${jobId}'s events before its result; see \`shoal job ${jobId}\``)
}
