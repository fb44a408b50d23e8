/**
 * Participants as real daemons: each is a `shoal start` process of its own,
 * with its own data dir, holding its shard as a private data set that only
 * the example's trainer module may read:
 *
 *   shoal start --dataset shard=<dir>:private --dataset-module shard=<sha-256 of fl-train.wasm>
 *
 * No handler is registered anywhere: the daemon runs the WebAssembly job the
 * coordinator sends, and the module reads the shard through its preopen.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { SHARD_DATASET } from './shards.js'
import type { ChildProcess } from 'node:child_process'

const CLI = fileURLToPath(new URL('../../src/cli/index.js', import.meta.url))

export interface ParticipantDaemon {
  peerId: string
  child: ChildProcess
  /** what it printed so far */
  stdout: () => string
  /** SIGTERM, then waits for the process to exit; resolves to its exit code */
  stop: () => Promise<number | null>
}

export interface ParticipantOptions {
  dataDir: string
  /** the directory holding train.csv (shards.ts) */
  shardDir: string
  /** the coordinator's multiaddrs, with /p2p/<id> */
  bootstrap: string[]
  /** the trainer module: only it may read the shard */
  trainer: Uint8Array
  /** extra arguments for node (before the CLI), e.g. an --import hook */
  nodeArgs?: string[]
  env?: Record<string, string>
  timeoutMs?: number
}

export async function startParticipant (o: ParticipantOptions): Promise<ParticipantDaemon> {
  const trainerHash = createHash('sha256').update(o.trainer).digest('hex')
  const args = [
    ...(o.nodeArgs ?? []), CLI, 'start', '--data-dir', o.dataDir, '--listen', '/ip4/127.0.0.1/tcp/0', '--api', '127.0.0.1:0',
    '--local-mesh', '--quiet', '--advert-interval', '5', ...o.bootstrap.flatMap(b => ['--bootstrap', b]),
    '--dataset', `${SHARD_DATASET}=${o.shardDir}:private`, '--dataset-module', `${SHARD_DATASET}=${trainerHash}`
  ]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...o.env } })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d })
  const exited = new Promise<number | null>(resolve => { child.once('exit', code => { resolve(code) }) })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { finish(new Error(`a participant did not start within ${o.timeoutMs ?? 30_000} ms:\n${out}\n${err}`)) }, o.timeoutMs ?? 30_000)
    const onData = (): void => { if (out.includes('control API:')) finish() }
    const onExit = (code: number | null): void => { finish(new Error(`a participant exited with ${code}:\n${out}\n${err}`)) }
    function finish (error?: Error): void {
      clearTimeout(timer)
      child.stdout.off('data', onData)
      child.off('exit', onExit)
      if (error != null) { child.kill('SIGKILL'); reject(error) } else resolve()
    }
    child.stdout.on('data', onData)
    child.once('exit', onExit)
    onData()
  })
  return {
    peerId: /peer (\S+)/.exec(out)?.[1] ?? '',
    child,
    stdout: () => out,
    stop: async () => {
      if (child.exitCode == null && child.signalCode == null) child.kill('SIGTERM')
      return exited
    }
  }
}
