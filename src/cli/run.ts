/**
 * `shoal run <module.wasm>`: sends a job into the mesh through the local
 * daemon, follows it (progress on stderr), and writes its output to stdout or
 * --out. Ctrl-C cancels the job.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { clientCommand, collect, connect, timeoutSeconds, wholeNumber } from './common.js'
import { UsageError } from './errors.js'
import { shortId } from './output.js'
import { MAX_REPLICAS } from '../api/constants.js'
import { HttpError } from '../api/errors.js'
import { DEFAULT_WORKER_MAX_TIMEOUT_MS, MAX_INPUT_BYTES, MAX_MODULE_BYTES } from '../jobs/constants.js'
import type { ClientFlags } from './common.js'
import type { ApiClient } from '../api/client.js'
import type { JobResultJson } from '../api/jobs.js'
import type { AttemptRecord, ExecProgress } from '../jobs/types.js'
import type { Command } from 'commander'

/** ends the command with this exit code, and the message (if any) as `shoal: <message>` on stderr */
export class ExitError extends Error {
  override name = 'ExitError'
  constructor (readonly code: number, message: string) {
    super(message)
  }
}

interface RunFlags extends ClientFlags {
  input?: string
  inputCid?: string
  moduleCid?: string
  arg?: string[]
  kind?: string
  replicas?: number | 'auto'
  timeout?: number
  memory?: number
  label?: Record<string, string>
  worker?: string[]
  dataset?: string[]
  out?: string
}

/** what `shoal run --json` prints */
export interface RunJson {
  jobId: string
  status: JobResultJson['status']
  worker?: string
  attempts: AttemptRecord[]
  outputHash?: string
  /** base64; left out with --out */
  output?: string
  cpuMs?: number
  wallMs?: number
  exitCode?: number
  reason?: string
  message?: string
}

export function runCommand (program: Command): void {
  clientCommand(program.command('run').description('run a WebAssembly job on the mesh and print its output'))
    .argument('[module]', 'the WebAssembly module (.wasm); optional only with --kind naming another job kind')
    .option('--input <file>', 'the job\'s stdin: a file, or - for this command\'s stdin (default: empty)')
    .option('--input-cid <cid>', 'the job\'s stdin by CID (from `shoal add`): workers fetch it from any holder, with no size limit of the job stream (up to 1 GiB)')
    .option('--module-cid <cid>', 'the module (or model) by CID instead of a file: workers fetch it from any holder')
    .option('--arg <arg>', 'an argument for the job (after argv[0]); repeatable, in order', collect)
    .option('--kind <kind>', 'the job kind (default wasm); other kinds run on peers that registered them')
    .option('--replicas <k|auto>', `run k copies on distinct workers and accept the majority output (1-${MAX_REPLICAS}, default 1), or "auto": as many as the workers' reputation calls for, on a trust-weighted quorum`, (v: string) => v === 'auto' ? 'auto' as const : wholeNumber('--replicas', 1, MAX_REPLICAS)(v))
    .option('--timeout <seconds>', 'how long the job may run on its worker (default 60)', timeoutSeconds)
    .option('--memory <MB>', 'most memory the job may use, MiB (default 256)', wholeNumber('--memory', 1, 4096))
    .option('--label <key=value>', 'run only on workers that advertise this label; repeatable, all must match', collectLabel)
    .option('--worker <peer id>', 'run only on this worker; repeatable: the job tries them in order, moving to the next when one fails or goes away', collect)
    .option('--dataset <name>', 'the job reads this data set (read-only at /data/<name>); it runs only on workers that hold it; repeatable', collect)
    .option('--out <file>', 'write the output to this file instead of stdout')
    .action(async (module: string | undefined, flags: RunFlags) => { await run(module, flags) })
}

async function run (modulePath: string | undefined, flags: RunFlags): Promise<void> {
  if (flags.kind !== undefined && flags.kind.trim() === '') throw new UsageError('--kind takes a job kind name, got ""')
  if (modulePath == null && flags.moduleCid == null && (flags.kind ?? 'wasm') === 'wasm') throw new UsageError('shoal run needs a module: shoal run <module.wasm> [--input <file>] (or --module-cid <cid>, or --kind naming another job kind)')
  if (modulePath != null && flags.moduleCid != null) throw new UsageError('give the module as a file or as --module-cid, not both')
  if (flags.input != null && flags.inputCid != null) throw new UsageError('give --input or --input-cid, not both')
  const module = modulePath != null ? await readBytes(modulePath, 'module', MAX_MODULE_BYTES) : undefined
  const input = flags.input == null ? undefined : flags.input === '-' ? await readStdin() : await readBytes(flags.input, '--input', MAX_INPUT_BYTES)
  const client = await connect(flags)
  const json = flags.json === true

  // Ctrl-C (or SIGTERM) while the job runs cancels it, and ends with 128 + the signal's number; a second one leaves at once
  const interrupted = new AbortController()
  let signalExit = 130
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted.signal.aborted) process.exit(signalExit)
    signalExit = signal === 'SIGTERM' ? 143 : 130
    interrupted.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  let progress: Progress | undefined
  try {
    const { jobId } = await client.post<{ jobId: string }>('/jobs', {
      module: module != null ? base64(module) : undefined,
      input: input != null ? base64(input) : undefined,
      moduleCid: flags.moduleCid,
      inputCid: flags.inputCid,
      args: flags.arg,
      kind: flags.kind,
      replicas: flags.replicas,
      timeoutMs: flags.timeout,
      memoryMb: flags.memory,
      labels: flags.label,
      workers: flags.worker,
      datasets: flags.dataset
    })
    progress = new Progress(json ? 'off' : process.stderr.isTTY ? 'tty' : 'lines', jobId)
    const result = await follow(client, jobId, progress, interrupted.signal)
    progress.stop()
    if (result == null) {
      const cancelled = await client.delete<{ status: string }>(`/jobs/${jobId}`).catch((err: Error) => ({ status: `not cancelled (${err.message})` }))
      throw new ExitError(signalExit, cancelled.status === 'cancelled' ? `job ${jobId} cancelled` : `job ${jobId} interrupted: ${cancelled.status}`)
    }
    await finish(result, flags, progress)
  } finally {
    progress?.stop()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** the job's events until its result; undefined when interrupted */
export async function follow (client: ApiClient, id: string, progress: Progress, interrupted: AbortSignal): Promise<JobResultJson | undefined> {
  if (interrupted.aborted) return undefined
  try {
    for await (const { event, data } of client.events(`/jobs/${id}/events`, interrupted)) {
      if (event === 'accepted') {
        progress.set('accepted by', (data as { worker: string }).worker)
      } else if (event === 'progress') {
        const p = data as ExecProgress & { worker: string }
        progress.set(p.phase === 'queued' ? 'queued on' : 'running on', p.worker, p.fraction)
      } else if (event === 'attempt-failed') {
        const a = data as AttemptRecord
        progress.note(`attempt on ${shortId(a.worker)} failed (${a.reason ?? 'error'}${a.message != null ? `: ${a.message}` : ''})`)
        progress.set('finding another worker')
      } else if (event === 'result') {
        return data as JobResultJson
      }
    }
  } catch (err: any) {
    if (interrupted.aborted) return undefined
    if (err instanceof HttpError) throw err
    throw new Error(`lost the daemon while following job ${id}: ${err.cause?.message ?? err.message}`)
  }
  if (interrupted.aborted) return undefined
  throw new Error(`the daemon ended job ${id}'s events before its result; see \`shoal job ${id}\``)
}

async function finish (result: JobResultJson, flags: RunFlags, progress: Progress): Promise<void> {
  const id = result.id
  const output = result.output != null ? Buffer.from(result.output, 'base64') : undefined
  const succeeded = result.status === 'succeeded'
  if (succeeded && flags.out != null) await writeFile(flags.out, output ?? new Uint8Array())

  if (flags.json === true) {
    const summary: RunJson = {
      jobId: id,
      status: result.status,
      worker: result.worker,
      attempts: result.attempts,
      outputHash: result.outputHash,
      output: flags.out == null ? result.output : undefined,
      cpuMs: result.cpuMs,
      wallMs: result.wallMs,
      exitCode: result.exitCode,
      reason: result.reason,
      message: result.message
    }
    await write(process.stdout, JSON.stringify(summary, null, 2) + '\n')
  } else {
    // the job's own stderr (its tail) goes to ours, as if it had run here
    if (result.stderr != null) await write(process.stderr, Buffer.from(result.stderr, 'base64'))
    if (succeeded) {
      const attempts = result.attempts.length
      progress.note(`finished on ${shortId(result.worker ?? '?')}: ${result.exitCode != null && result.exitCode !== 0 ? `exit code ${result.exitCode}, ` : ''}${output?.byteLength ?? 0} bytes, wall ${ms(result.wallMs)}, cpu ${ms(result.cpuMs)}${attempts > 1 ? `, ${attempts} attempts` : ''}`)
      if (flags.out == null && output != null) await write(process.stdout, output)
    }
  }

  if (!succeeded) throw new ExitError(1, `job ${id} ${result.status === 'cancelled' ? 'cancelled' : 'failed'}: ${result.reason ?? 'unknown'}: ${result.message ?? ''}`)
  if (result.exitCode != null && result.exitCode !== 0) throw new ExitError(1, `job ${id} exited with ${result.exitCode}`)
}

type Mode = 'tty' | 'lines' | 'off'

/**
 * Progress on stderr: on a terminal one line rewritten in place (phase,
 * worker, elapsed); elsewhere a plain line per change; with --json nothing.
 */
export class Progress {
  private phase = 'finding a worker'
  private worker?: string
  private fraction?: number
  private ticker?: ReturnType<typeof setInterval>
  private readonly started = Date.now()

  constructor (private readonly mode: Mode, private readonly id: string) {
    if (mode === 'off') return
    if (mode === 'lines') {
      this.line(`job ${id} submitted`)
      return
    }
    this.render()
    this.ticker = setInterval(() => { this.render() }, 250)
  }

  set (phase: string, worker?: string, fraction?: number): void {
    const changed = phase !== this.phase || worker !== this.worker
    this.phase = phase
    this.worker = worker
    this.fraction = fraction
    if (this.mode === 'tty') this.render()
    else if (this.mode === 'lines' && changed) this.line(this.describe())
  }

  /** a line that stays (above the progress line on a terminal) */
  note (text: string): void {
    if (this.mode === 'off') return
    if (this.mode === 'tty') process.stderr.write('\r\x1b[K')
    this.line(`job ${this.id.slice(0, 8)}: ${text}`)
    if (this.mode === 'tty' && this.ticker != null) this.render()
  }

  stop (): void {
    if (this.ticker == null) return
    clearInterval(this.ticker)
    this.ticker = undefined
    process.stderr.write('\r\x1b[K')
  }

  private describe (): string {
    return `job ${this.id.slice(0, 8)}: ${this.phase}${this.worker != null ? ` ${shortId(this.worker)}` : ''}`
  }

  private render (): void {
    // executors report 0 as a job starts: a percentage only once the job reports one itself
    const fraction = this.fraction != null && this.fraction > 0 ? ` ${Math.round(this.fraction * 100)}%` : ''
    const text = `${this.describe()}${fraction}  ${((Date.now() - this.started) / 1000).toFixed(1)}s`
    const width = process.stderr.columns > 0 ? process.stderr.columns : 80
    process.stderr.write(`\r\x1b[K${text.slice(0, Math.max(10, width - 1))}`)
  }

  private line (text: string): void {
    process.stderr.write(`${text}\n`)
  }
}

export async function readBytes (path: string, what: string, max: number): Promise<Uint8Array> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (err: any) {
    throw new UsageError(`cannot read ${what} ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.message}`)
  }
  if (bytes.byteLength > max) throw new UsageError(`${what} ${path} is ${bytes.byteLength} bytes; a job takes at most ${max}`)
  return bytes
}

export async function readStdin (): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length
    if (size > MAX_INPUT_BYTES) throw new UsageError(`the input on stdin is over ${MAX_INPUT_BYTES} bytes, the most a job takes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** resolves once the bytes are handed to the OS, so exiting right after loses nothing */
export async function write (stream: NodeJS.WriteStream, data: string | Uint8Array): Promise<void> {
  await new Promise<void>((resolve, reject) => { stream.write(data, err => { if (err != null) reject(err); else resolve() }) })
}

export function base64 (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

export function ms (value: number | undefined): string {
  return value == null ? '-' : `${Math.round(value)} ms`
}

function collectLabel (value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const eq = value.indexOf('=')
  if (eq <= 0) throw new UsageError(`--label takes key=value (e.g. --label region=eu), got "${value}"`)
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) }
}
