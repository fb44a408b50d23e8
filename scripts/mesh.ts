/**
 * A local mesh of real Shoal daemons on loopback, one child process each:
 *
 *   npm run mesh -- --nodes 5 [--dir <base>] [--json]
 *
 * Peer 0 starts first; the others get its address as their entry point and
 * find each other through the DHT. All run with --local-mesh (they share
 * 127.0.0.1, which gossipsub scoring would otherwise penalise). Ctrl-C stops
 * them all (and removes the data dirs unless --dir was given).
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { formatTable } from '../src/cli/output.js'
import type { ChildProcess } from 'node:child_process'

const CLI = fileURLToPath(new URL('../src/cli/index.js', import.meta.url))
const READY_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 15_000

const USAGE = `usage: node dist/scripts/mesh.js [--nodes N] [--dir <base>] [--json]

  --nodes N      how many peers to start (default 5)
  --dir <base>   keep the data dirs in <base>/peer-<i> (default: a temp dir, removed on exit)
  --json         print the peers as one JSON array once all are up`

interface Peer {
  index: number
  peerId: string
  dataDir: string
  api: string
  addresses: string[]
}

interface Child {
  index: number
  process: ChildProcess
  exited: Promise<void>
  stderr: () => string
}

const children: Child[] = []

function usageError (message: string): never {
  process.stderr.write(`mesh: ${message} (--help for usage)\n`)
  process.exit(2)
}

function parseFlags (): { nodes: number, dir?: string, json: boolean } {
  let values
  try {
    ({ values } = parseArgs({
      options: {
        nodes: { type: 'string', default: '5' },
        dir: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false }
      },
      strict: true,
      allowPositionals: false
    }))
  } catch (err: any) {
    usageError(err.message.split('\n')[0])
  }
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const nodes = Number(values.nodes)
  if (!/^\d+$/.test(values.nodes) || nodes < 1) usageError(`--nodes takes a whole number ≥ 1, got "${values.nodes}"`)
  return { nodes, dir: values.dir, json: values.json }
}

/** starts one daemon; resolves once it prints its "control API:" line */
async function startPeer (index: number, dataDir: string, bootstrap?: string): Promise<Peer> {
  // --local-mesh: every peer shares 127.0.0.1, which gossipsub would otherwise penalise
  // TCP and WebSockets, as `shoal start` listens by default: a /contribute page joins over WebSockets
  const args = [CLI, 'start', '--data-dir', dataDir, '--listen', '/ip4/127.0.0.1/tcp/0', '--listen', '/ip4/127.0.0.1/tcp/0/ws', '--api', '127.0.0.1:0', '--local-mesh', '--quiet']
  if (bootstrap != null) args.push('--bootstrap', bootstrap)
  // its own process group: a Ctrl-C in the terminal reaches only us, and we stop the peers once
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let out = ''
  let err = ''
  const exited = new Promise<void>(resolveExit => { child.once('exit', () => { resolveExit() }) })
  children.push({ index, process: child, exited, stderr: () => err })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { err = (err + d).slice(-8192) })
  child.stdout.setEncoding('utf8')

  await new Promise<void>((ready, fail) => {
    const done = (error?: Error): void => {
      clearTimeout(timer)
      child.off('exit', onExit)
      child.off('error', onError)
      if (error != null) fail(error)
      else ready()
    }
    const onData = (d: string): void => {
      if (out.includes('control API:')) return // ready already; keep draining the pipe
      out += d
      if (out.includes('control API:')) done()
    }
    const onExit = (code: number | null, signal: string | null): void => {
      done(new Error(`peer ${index} exited (${signal ?? `code ${code}`}) before it was ready:\n${err.trim() || out.trim()}`))
    }
    const onError = (e: Error): void => { done(new Error(`peer ${index} could not be started: ${e.message}`)) }
    const timer = setTimeout(() => {
      done(new Error(`peer ${index} was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${err.trim() || out.trim()}`))
    }, READY_TIMEOUT_MS)
    child.stdout.on('data', onData)
    child.once('exit', onExit)
    child.once('error', onError)
  })

  const listening = /^listening on:\n((?: {2}.*\n)*)/m.exec(out)?.[1] ?? ''
  return {
    index,
    peerId: /^Shoal \S+ peer (\S+)$/m.exec(out)?.[1] ?? '?',
    dataDir,
    api: /^control API: http:\/\/(\S+)/m.exec(out)?.[1] ?? '?',
    addresses: listening.split('\n').map(l => l.trim()).filter(l => l !== '')
  }
}

let stopping = false

/** SIGTERM to every peer, wait for them, remove the temp dir */
async function stopAll (removeDir: string | undefined): Promise<void> {
  stopping = true
  const running = children.filter(c => c.process.exitCode == null && c.process.signalCode == null)
  for (const c of running) c.process.kill('SIGTERM')
  const timer = setTimeout(() => {
    for (const c of running) c.process.kill('SIGKILL')
  }, STOP_TIMEOUT_MS)
  await Promise.all(running.map(async c => c.exited))
  clearTimeout(timer)
  if (removeDir != null) await rm(removeDir, { recursive: true, force: true })
}

async function main (): Promise<void> {
  const flags = parseFlags()
  let base: string
  try {
    base = flags.dir != null ? resolve(flags.dir) : await mkdtemp(join(tmpdir(), 'shoal-mesh-'))
    await mkdir(base, { recursive: true })
  } catch (err: any) {
    process.stderr.write(`mesh: cannot create the data dirs: ${err.message}\n`)
    process.exit(1)
  }
  const tempBase = flags.dir == null ? base : undefined

  let signals = 0
  const onSignal = (signal: string): void => {
    if (++signals > 1) {
      for (const c of children) c.process.kill('SIGKILL')
      process.exit(1)
    }
    const running = children.filter(c => c.process.exitCode == null && c.process.signalCode == null).length
    process.stderr.write(`mesh: ${signal}: stopping ${running} peers…\n`)
    stopAll(tempBase).then(() => { process.exit(0) }, (err) => {
      process.stderr.write(`mesh: ${err.message}\n`)
      process.exit(1)
    })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  try {
    process.stderr.write(`mesh: starting ${flags.nodes} peers in ${base}\n`)
    const first = await startPeer(0, join(base, 'peer-0'))
    const entry = first.addresses.find(a => /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//.test(a))
    if (entry == null) throw new Error(`peer 0 printed no /ip4/127.0.0.1/tcp/…/p2p/… address: ${first.addresses.join(' ')}`)
    const rest = await Promise.all(Array.from({ length: flags.nodes - 1 }, async (_, i) => {
      if (stopping) throw new Error('stopped')
      return startPeer(i + 1, join(base, `peer-${i + 1}`), entry)
    }))
    const peers = [first, ...rest]

    if (flags.json) {
      console.log(JSON.stringify(peers))
    } else {
      console.log(formatTable(['#', 'PEER ID', 'API', 'DATA DIR'], peers.map(p => [String(p.index), p.peerId, p.api, p.dataDir])))
      const last = peers[peers.length - 1].dataDir
      console.log(`\nentry point: ${entry}`)
      console.log('ask a peer what it sees:')
      console.log(`  node dist/src/cli/index.js peers --data-dir ${last}`)
      console.log(`  npx shoal peers --data-dir ${last}`)
      console.log(`  npx shoal capacity --data-dir ${last}`)
      console.log(`stop with Ctrl-C${tempBase != null ? ' (the data dirs are removed)' : ''}`)
    }
  } catch (err: any) {
    if (stopping) return // a signal came during start-up; onSignal finishes
    process.stderr.write(`mesh: ${err.message}\n`)
    await stopAll(tempBase)
    process.exit(1)
  }

  // a peer that dies on its own is reported; the others keep running
  for (const c of children) {
    void c.exited.then(() => {
      if (stopping) return
      const stderr = c.stderr().trim()
      process.stderr.write(`mesh: peer ${c.index} exited (${c.process.signalCode ?? `code ${c.process.exitCode}`})${stderr !== '' ? `:\n${stderr}` : ''}\n`)
      if (children.every(o => o.process.exitCode != null || o.process.signalCode != null)) {
        process.stderr.write('mesh: every peer has exited\n')
        void stopAll(tempBase).then(() => process.exit(1))
      }
    })
  }
}

await main()
