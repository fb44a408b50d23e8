/**
 * `shoal start`: run a long-lived peer until SIGINT or SIGTERM.
 */
import { resolve } from 'node:path'
import { startDaemon } from '../daemon.js'
import { defaultConfig, mergeConfig, validateOptions } from '../node/config.js'
import { defaultDataDir } from '../node/data-dir.js'
import { collect, parseCount, readConfigFile } from './common.js'
import { shortId } from './output.js'
import type { ShoalOptions } from '../node/config.js'
import type { Command } from 'commander'

interface StartFlags {
  config?: string
  dataDir?: string
  listen?: string[]
  announce?: string[]
  bootstrap?: string[]
  api?: string
  apiRemote?: boolean
  dhtClient?: boolean
  maxConnections?: number
  quiet?: boolean
}

export function startCommand (program: Command): void {
  program.command('start')
    .description('run a Shoal peer until interrupted (Ctrl-C)')
    .option('--config <file>', 'JSON config file; flags override it')
    .option('--data-dir <dir>', 'where the identity and records live (default: $SHOAL_DATA_DIR or ~/.shoal)')
    .option('--listen <multiaddr>', 'address to listen on (repeatable; default TCP and WebSockets on 0.0.0.0, OS-chosen ports)', collect)
    .option('--announce <multiaddr>', 'address to tell others instead of the listen addresses (repeatable)', collect)
    .option('--bootstrap <multiaddr>', 'entry point into the mesh, with /p2p/<peer id> (repeatable)', collect)
    .option('--api <host:port>', 'control API address (default 127.0.0.1:5080; :0 picks a free port)')
    .option('--api-remote', 'allow the control API on a non-loopback address')
    .option('--dht-client', 'query the DHT without answering queries (for peers others cannot dial)')
    .option('--max-connections <n>', 'upper bound on open connections', parseCount('--max-connections'))
    .option('--quiet', 'print only the start-up banner, not a line per event')
    .action(async (flags: StartFlags) => { await start(flags) })
}

async function start (flags: StartFlags): Promise<void> {
  const fromFile = flags.config != null ? await readConfigFile(resolve(flags.config)) : undefined
  const fromFlags: ShoalOptions = validateOptions({
    ...(flags.dataDir != null ? { dataDir: resolve(flags.dataDir) } : {}),
    listen: flags.listen,
    announce: flags.announce,
    bootstrap: flags.bootstrap,
    api: flags.api,
    apiRemote: flags.apiRemote,
    ...(flags.dhtClient === true ? { dht: { clientMode: true } } : {}),
    ...(flags.maxConnections != null ? { connections: { max: flags.maxConnections } } : {})
  }, 'flags')
  const config = mergeConfig(defaultConfig(), fromFile, fromFlags)
  const dataDir = resolve(config.dataDir ?? defaultDataDir())
  const daemon = await startDaemon({ ...config, dataDir })
  const { node } = daemon

  const id = node.id()
  console.log(`Shoal ${id.version} peer ${id.peerId}`)
  console.log('listening on:')
  for (const address of id.addresses) console.log(`  ${address}`)
  console.log(`data dir: ${dataDir}`)
  if (daemon.api != null) console.log(`control API: http://${daemon.api} (token in ${dataDir}/api-token)`)
  console.log('stop with Ctrl-C')

  if (flags.quiet !== true) {
    const service = node.libp2p.services.shoal
    service.addEventListener('peer:joined', (evt) => { console.log(`${new Date().toISOString()} peer joined ${shortId(evt.detail)}`) })
    service.addEventListener('peer:left', (evt) => { console.log(`${new Date().toISOString()} peer left ${shortId(evt.detail)}`) })
  }

  await new Promise<void>((resolveStopped) => {
    let signals = 0
    const onSignal = (signal: string): void => {
      if (++signals > 1) {
        console.error(`${signal} again: exiting without a clean shutdown`)
        process.exit(1)
      }
      console.log(`${signal}: stopping (closing connections, flushing the datastore)…`)
      daemon.stop().then(() => {
        console.log('stopped')
        resolveStopped()
      }, (err) => {
        console.error(`shoal: error while stopping: ${err.message}`)
        process.exitCode = 1
        resolveStopped()
      })
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}
