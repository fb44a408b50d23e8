/**
 * `shoal start`: run a long-lived peer until SIGINT or SIGTERM.
 */
import { resolve } from 'node:path'
import { startDaemon } from '../daemon.js'
import { defaultConfig, mergeConfig, validateOptions } from '../node/config.js'
import { defaultDataDir } from '../node/data-dir.js'
import { ConfigError } from '../node/errors.js'
import { ADVERT_TTL_PERIODS, MAX_ADVERT_TTL_MS } from '../capacity/constants.js'
import { collect, parseCount, readConfigFile } from './common.js'
import { formatLine, watchNode } from './event-log.js'
import type { LogEvent } from './event-log.js'
import type { DatasetConfig, ShoalOptions } from '../node/config.js'
import { addDatasetModule, parseDatasetFlag } from '../node/datasets.js'
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
  requireStanding?: string
  ocr?: boolean
  maxConnections?: number
  label?: Record<string, string>
  dataset?: DatasetConfig[]
  datasetModule?: string[]
  maxJobs?: number
  maxMemory?: number
  cpuShare?: number
  price?: number
  advertInterval?: number
  /** commander defaults it to true for `--no-advertise`: only false means the flag was given */
  advertise?: boolean
  localMesh?: boolean
  metricsPublic?: boolean
  psk?: string
  keepDays?: number
  keepJobs?: number
  keepReports?: number
  reachability?: 'auto' | 'public' | 'private'
  relayService?: boolean
  stun?: string[]
  upnp?: boolean
  webrtc?: boolean
  natProbe?: number
  relayMaxReservations?: number
  relayDuration?: number
  relayData?: number
  quiet?: boolean
  logJson?: boolean
  storeMax?: number
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
    .option('--metrics-public', 'serve /metrics without the API token (every other endpoint still needs it)')
    .option('--dht-client', 'query the DHT without answering queries (for peers others cannot dial)')
    .option('--require-standing <rule>', 'run jobs only for requesters with standing here: none (default), not-refused, or earned (trust above a newcomer\'s)')
    .option('--ocr', 'offer the ocr job kind: read pages (any model blob whose models pass the checker) in the ONNX Runtime sandbox (see docs/ocr.md)')
    .option('--max-connections <n>', 'upper bound on open connections', parseCount('--max-connections'))
    .option('--label <key=value>', 'operator label, advertised and provided in the DHT (repeatable; replaces the config file\'s labels)', collectLabel)
    .option('--dataset <name=path[:private|:public]>', 'mount a directory read-only for jobs that name it (at /data/<name>); private (default): never served, only read by jobs run here (repeatable; replaces the config file\'s data sets)', (v: string, prev: DatasetConfig[] | undefined) => [...(prev ?? []), parseDatasetFlag(v)])
    .option('--dataset-module <name=sha256>', 'only modules with this sha-256 (hex) may read data set <name> (repeatable; without it any wasm module may)', collect)
    .option('--max-jobs <n>', 'most jobs at once (default: the cores offered)', parseNumber('--max-jobs', 'a whole number > 0', n => Number.isInteger(n) && n > 0))
    .option('--max-memory <MB>', 'most memory offered, MiB (default: all of it)', parseNumber('--max-memory', 'a whole number of MiB > 0', n => Number.isInteger(n) && n > 0))
    .option('--cpu-share <share>', 'share of the cores offered, 0 < share ≤ 1 (default 1)', parseNumber('--cpu-share', 'a number in (0, 1]', n => n > 0 && n <= 1))
    .option('--price <credits>', 'price in credits per job-second (default 0)', parseNumber('--price', 'a number ≥ 0', n => n >= 0))
    .option('--advert-interval <seconds>', 'republish the capacity advert this often, and on material change (default 10, at most 240)', parseNumber('--advert-interval', `a number of seconds in (0, ${MAX_ADVERT_INTERVAL_S}] (adverts live 2.5 intervals, and peers refuse any that live over 10 min)`, n => n > 0 && n <= MAX_ADVERT_INTERVAL_S && Math.round(n * 1000) > 0))
    .option('--no-advertise', 'do not join the capacity topic or advertise this peer (it can still look others up)')
    .option('--psk <file>', 'private mesh: connect only with peers holding this pre-shared key (make one with `shoal psk new <file>`)')
    .option('--keep-days <days>', 'prune job records and reputation reports older than this (default 30)', parseNumber('--keep-days', 'a number of days > 0', n => n > 0 && n <= 36_500))
    .option('--keep-jobs <n>', 'keep at most this many job records, the newest (default 10000)', parseNumber('--keep-jobs', 'a whole number > 0', n => Number.isInteger(n) && n > 0))
    .option('--keep-reports <n>', 'keep at most this many reputation reports, the newest (default 50000)', parseNumber('--keep-reports', 'a whole number > 0', n => Number.isInteger(n) && n > 0))
    .option('--local-mesh', 'many peers on this one host: do not penalise gossip peers for sharing the loopback address')
    .option('--reachability <mode>', 'auto (default: AutoNAT checks by other peers decide), public, or private')
    .option('--no-relay-service', 'never relay for other peers (default: relay while AutoNAT says this peer is public)')
    .option('--relay-max-reservations <n>', 'as a relay: most peers holding a reservation at once (default 32)', parseNumber('--relay-max-reservations', 'a whole number ≥ 0', n => Number.isInteger(n) && n >= 0))
    .option('--relay-duration <seconds>', 'as a relay: longest a relayed connection stays open (default 300)', parseNumber('--relay-duration', 'a whole number of seconds > 0', n => Number.isInteger(n) && n > 0))
    .option('--relay-data <bytes>', 'as a relay: most bytes one relayed connection carries (default 4194304)', parseNumber('--relay-data', 'a whole number of bytes > 0', n => Number.isInteger(n) && n > 0))
    .option('--nat-probe <seconds>', 'how long to wait for AutoNAT to confirm an address before taking relay reservations (default 30)', parseNumber('--nat-probe', 'a number of seconds > 0', n => n > 0))
    .option('--stun <url>', 'STUN server for WebRTC, stun:host:port (repeatable; default none, so nothing is contacted unasked)', collect)
    .option('--no-webrtc', 'no WebRTC transport (no direct private-to-private connections)')
    .option('--upnp', 'ask the home router to forward a port (UPnP / NAT-PMP)')
    .option('--store-max <size>', 'quota of the block store (docs/data.md), e.g. 500MiB, 20GiB (default 10GiB); past it unpinned blocks are collected, least recently used first', parseByteSize)
    .option('--quiet', 'print only the start-up banner, not a line per event')
    .option('--log-json', 'print each event as one JSON object per line: {"time","event",...fields}')
    .action(async (flags: StartFlags) => { await start(flags) })
}

/** longer intervals make adverts live past MAX_ADVERT_TTL_MS, and every peer would refuse them */
const MAX_ADVERT_INTERVAL_S = MAX_ADVERT_TTL_MS / ADVERT_TTL_PERIODS / 1000

/** commander collector for `--label key=value` */
function collectLabel (value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const eq = value.indexOf('=')
  if (eq <= 0) throw new ConfigError(`--label takes key=value (e.g. --label region=eu), got "${value}"`)
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) }
}

function parseNumber (flag: string, expected: string, ok: (n: number) => boolean) {
  return (value: string): number => {
    const n = value.trim() === '' ? NaN : Number(value)
    if (!Number.isFinite(n) || !ok(n)) throw new ConfigError(`${flag} takes ${expected}, got "${value}"`)
    return n
  }
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 }

/** `--store-max 20GiB`: a byte size with an optional unit */
export function parseByteSize (value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value)
  const unit = SIZE_UNITS[(m?.[2] ?? '').toLowerCase()]
  const n = m != null && unit != null ? Math.floor(Number(m[1]) * unit) : NaN
  if (!Number.isSafeInteger(n) || n <= 0) throw new ConfigError(`--store-max takes a size such as 500MiB, 20GiB or 10000000000 (bytes), got "${value}"`)
  return n
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
    metricsPublic: flags.metricsPublic,
    ...(flags.dhtClient === true ? { dht: { clientMode: true } } : {}),
    ...(flags.requireStanding != null || flags.dataset != null || flags.ocr === true
      ? {
          jobs: {
            ...(flags.requireStanding != null ? { requireStanding: flags.requireStanding as any } : {}),
            ...(flags.dataset != null ? { datasets: (flags.datasetModule ?? []).reduce(addDatasetModule, flags.dataset) } : {}),
            ...(flags.ocr === true ? { ocr: true } : {})
          }
        }
      : {}),
    ...(flags.maxConnections != null ? { connections: { max: flags.maxConnections } } : {}),
    capacity: {
      labels: flags.label,
      maxJobs: flags.maxJobs,
      maxMemoryMb: flags.maxMemory,
      cpuShare: flags.cpuShare,
      price: flags.price,
      intervalMs: flags.advertInterval != null ? Math.round(flags.advertInterval * 1000) : undefined,
      ...(flags.advertise === false ? { advertise: false } : {})
    },
    ...(flags.psk != null ? { psk: resolve(flags.psk) } : {}),
    ...(flags.storeMax != null ? { storeMax: flags.storeMax } : {}),
    retention: { days: flags.keepDays, jobRecords: flags.keepJobs, reports: flags.keepReports },
    ...(flags.localMesh === true ? { localMesh: true } : {}),
    reachability: {
      mode: flags.reachability,
      relayService: flags.relayService === false ? 'off' : undefined,
      stun: flags.stun,
      upnp: flags.upnp,
      webrtc: flags.webrtc === false ? false : undefined,
      probeMs: flags.natProbe != null ? Math.round(flags.natProbe * 1000) : undefined,
      relayLimits: {
        maxReservations: flags.relayMaxReservations,
        durationMs: flags.relayDuration != null ? flags.relayDuration * 1000 : undefined,
        dataBytes: flags.relayData
      }
    }
  }, 'flags')
  const config = mergeConfig(defaultConfig(), fromFile, fromFlags)
  const dataDir = resolve(config.dataDir ?? defaultDataDir())
  // events from before the banner is out (peers met while starting) wait for it
  const format = flags.logJson === true ? 'json' : 'human'
  const early: LogEvent[] = []
  let emit = (event: LogEvent): void => { early.push(event) }
  const daemon = await startDaemon({ ...config, dataDir }, {
    beforeStart: flags.quiet === true ? undefined : (started) => { watchNode(started, (event) => { emit(event) }) }
  })
  const { node } = daemon

  const id = node.id()
  console.log(`Shoal ${id.version} peer ${id.peerId}`)
  console.log('listening on:')
  for (const address of id.addresses) console.log(`  ${address}`)
  console.log(`data dir: ${dataDir}`)
  if (!config.capacity.advertise) {
    console.log('capacity: not advertising (--no-advertise, or capacity.advertise false)')
  } else {
    const labels = Object.entries(config.capacity.labels)
    if (labels.length > 0) console.log(`labels: ${labels.map(([k, v]) => `${k}=${v}`).join(', ')}`)
  }
  for (const d of daemon.node.datasets()) {
    console.log(`data set ${d.name}: ${d.size} bytes, ${d.public ? 'public' : 'private (never served; jobs that name it run here)'}${d.modules != null ? `, ${d.modules.length} approved module(s)` : ', any wasm module may read it'}`)
  }
  if (config.psk != null) console.log(`private mesh: only peers with the key in ${config.psk}`)
  if (daemon.api != null) {
    console.log(`control API: http://${daemon.api} (token in ${dataDir}/api-token)`)
    console.log(`dashboard: http://${daemon.api}/#token=${daemon.token}`)
    if (config.metrics) console.log(`metrics: http://${daemon.api}/metrics${config.metricsPublic ? ' (public)' : ' (needs the token)'}`)
  }
  console.log('stop with Ctrl-C')

  emit = (event) => { console.log(formatLine(event, format)) }
  for (const event of early.splice(0)) emit(event)

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
