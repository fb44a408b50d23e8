/**
 * Federated learning on a mesh, end to end:
 *
 *   npm run example:federated -- [--peers 4] [--rounds 10] [--aggregator fedavg|median|trimmed-mean]
 *                                [--min 3] [--trust-floor 0.5] [--quarantine 1] [--json]
 *                                [--in-process [--poison <i>]]
 *
 * Starts a coordinator here and `--peers` participants, each a `shoal start`
 * daemon of its own (daemons.ts) holding one shard of the example data
 * (data.ts, written to a temporary directory by shards.ts) as a private data
 * set that only the trainer module may read. Each round the coordinator
 * sends the trainer (examples/jobs/fl-train.wasm, `npm run build:jobs`) and
 * the model to every holder; the module reads the shard through its
 * read-only preopen and returns the update. `--in-process` runs the older
 * form instead: participants in this process on the in-memory transport,
 * training in a registered `fl-train` JS handler (participant.ts), which is
 * also how `--poison i` makes participant i send poisoned updates. The coordinator runs
 * federated averaging rounds over the mesh and prints the held-out accuracy
 * after each round next to the same model trained centrally on the pooled
 * shards. `--poison i` makes participant i send poisoned updates;
 * `--trust-floor f` aggregates robustly any round with a participant trusted
 * under f; `--quarantine n` stops asking a peer named a suspect in n rounds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createShoal } from '../../src/index.js'
import { formatTable, shortId } from '../../src/cli/output.js'
import { AGGREGATORS } from './aggregate.js'
import { coordinatorMesh, runFederated } from './coordinator.js'
import { FEATURES, dataset, shard } from './data.js'
import { accuracy, trainCentrally } from './model.js'
import { joinFederation, poison } from './participant.js'
import { TRAIN_KIND } from './protocol.js'
import { startParticipant } from './daemons.js'
import { SHARD_DATASET, writeShard } from './shards.js'
import type { ParticipantDaemon } from './daemons.js'
import type { WasmTrainer } from './coordinator.js'
import type { Aggregator } from './aggregate.js'
import type { ShoalNode } from '../../src/index.js'

export const TRAIN_SETTINGS = { epochs: 1, learningRate: 0.1, batchSize: 32, l2: 1e-3 }

const { values } = parseArgs({
  options: {
    peers: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '10' },
    aggregator: { type: 'string', default: 'fedavg' },
    poison: { type: 'string' },
    'trust-floor': { type: 'string' },
    quarantine: { type: 'string' },
    min: { type: 'string' },
    'in-process': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false }
  }
})
const peers = whole('--peers', values.peers, 1, 32)
const rounds = whole('--rounds', values.rounds, 1, 1000)
const poisoner = values.poison != null ? whole('--poison', values.poison, 0, peers - 1) : undefined
const min = values.min != null ? whole('--min', values.min, 1, peers) : Math.max(1, peers - 1)
if (!(AGGREGATORS as readonly string[]).includes(values.aggregator)) fail(`--aggregator takes ${AGGREGATORS.join(', ')}, got "${values.aggregator}"`)
const aggregator = values.aggregator as Aggregator
const trustFloor = values['trust-floor'] != null ? fraction('--trust-floor', values['trust-floor']) : undefined
const quarantineAfter = values.quarantine != null ? whole('--quarantine', values.quarantine, 1, 1000) : undefined
const inProcess = values['in-process'] === true
if (poisoner != null && !inProcess) fail('--poison needs --in-process: a daemon runs the trainer module it is sent, and has no way to tamper with it')

const { train, test } = dataset()
const shards = shard(train, peers)
const central = trainCentrally(train, FEATURES, rounds, TRAIN_SETTINGS)

const nodes: ShoalNode[] = []
const daemons: ParticipantDaemon[] = []
const work = inProcess ? undefined : mkdtempSync(join(tmpdir(), 'shoal-federated-'))
let trainer: WasmTrainer | undefined
try {
  const coordinator = inProcess
    ? await createShoal({ transports: ['memory'], listen: ['/memory/fl-coordinator'], api: false, capacity: { intervalMs: 5_000 } })
    : await createShoal({ transports: ['tcp'], listen: ['/ip4/127.0.0.1/tcp/0'], api: false, localMesh: true, executor: false, capacity: { intervalMs: 5_000 } })
  nodes.push(coordinator)
  const entry = coordinator.libp2p.getMultiaddrs().map(String)
  let names: Map<string, string>
  if (inProcess) {
    for (let i = 0; i < peers; i++) {
      const node = await createShoal({ transports: ['memory'], listen: [`/memory/fl-participant-${i}`], bootstrap: entry, api: false, capacity: { intervalMs: 5_000 } })
      joinFederation(node, shards[i], i === poisoner ? { tamper: poison } : {})
      nodes.push(node)
    }
    names = new Map(nodes.slice(1).map((n, i) => [n.peerId.toString(), `p${i}${i === poisoner ? ' (poisoner)' : ''}`]))
  } else {
    const wasm = fileURLToPath(new URL('../../../examples/jobs/build/fl-train.wasm', import.meta.url))
    let module: Uint8Array
    try {
      module = new Uint8Array(readFileSync(wasm))
    } catch {
      fail(`no trainer module at ${wasm}: run \`npm run build:jobs\` first`)
    }
    trainer = { module }
    log(`starting ${peers} participant daemons, each holding its shard as the private data set "${SHARD_DATASET}"…`)
    for (let i = 0; i < peers; i++) {
      daemons.push(await startParticipant({ dataDir: join(work!, `p${i}`), shardDir: writeShard(join(work!, `shard-${i}`), shards[i]), bootstrap: entry, trainer: module, timeoutMs: 60_000 }))
    }
    names = new Map(daemons.map((d, i) => [d.peerId, `p${i}`]))
  }
  log(`participants: ${shards.map((s, i) => `p${i} ${s.length} rows (${Math.round(100 * s.filter(r => r.y === 1).length / s.length)}% positive)`).join(', ')}`)
  log(inProcess ? `waiting for the coordinator to see ${peers} peers advertise "${TRAIN_KIND}"…` : `waiting for the coordinator to see ${peers} holders of "${SHARD_DATASET}"…`)
  const filter: Record<string, string> = inProcess ? { kind: TRAIN_KIND } : { dataset: SHARD_DATASET }
  await waitFor(() => coordinator.capacityTable(filter).filter(r => r.source !== 'self').length >= peers, 60_000)

  const started = performance.now()
  const result = await runFederated(coordinatorMesh(coordinator), {
    features: FEATURES,
    rounds,
    minParticipants: min,
    aggregator,
    trustFloor,
    quarantineAfter,
    train: TRAIN_SETTINGS,
    evaluate: w => accuracy(w, test),
    trainer,
    onRound: r => { log(`round ${r.round}: accuracy ${pct(r.accuracy ?? 0)} from ${r.updates.length} update(s), ${r.aggregator}`) }
  })
  const seconds = (performance.now() - started) / 1000
  const rows = result.rounds.map((r, i) => ({
    round: r.round,
    federated: r.accuracy ?? 0,
    central: accuracy(central[i], test),
    updates: r.updates.length,
    aggregator: r.aggregator,
    dropped: r.dropped.map(d => names.get(d.peer) ?? shortId(d.peer)),
    suspects: r.suspects.map(p => names.get(p) ?? shortId(p))
  }))
  if (values.json === true) {
    process.stdout.write(JSON.stringify({ peers, mode: inProcess ? 'in-process' : 'daemons', rounds, aggregator, poisoner: poisoner ?? null, minParticipants: min, seconds, testRows: test.length, trainRows: train.length, perRound: rows }, null, 2) + '\n')
  } else {
    console.log(formatTable(['ROUND', 'FEDERATED', 'CENTRAL', 'GAP', 'UPDATES', 'AGGREGATOR', 'DROPPED', 'SUSPECTS'], rows.map(r => [
      String(r.round), pct(r.federated), pct(r.central), `${((r.federated - r.central) * 100).toFixed(2)}`, String(r.updates), r.aggregator, r.dropped.join(' ') || '-', r.suspects.join(' ') || '-'
    ])))
    console.log(`\n${peers} participants (${inProcess ? 'in this process, JS handler' : 'shoal start daemons, WebAssembly trainer on private data sets'}), aggregator ${aggregator}${poisoner != null ? `, p${poisoner} poisons its updates` : ''}; accuracy on ${test.length} held-out rows; ${rounds} rounds in ${seconds.toFixed(1)} s`)
  }
} finally {
  await Promise.all([...nodes.map(async n => n.stop()), ...daemons.map(async d => d.stop())])
  if (work != null) rmSync(work, { recursive: true, force: true })
}

async function waitFor (check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) fail(`timed out after ${timeoutMs} ms waiting for the participants' adverts`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

function fraction (flag: string, value: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) fail(`${flag} takes a number from 0 to 1, got "${value}"`)
  return n
}

function pct (x: number): string {
  return `${(x * 100).toFixed(2)}%`
}

function log (line: string): void {
  if (values.json !== true) process.stderr.write(`${line}\n`)
}

function whole (flag: string, value: string, lo: number, hi: number): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < lo || n > hi) fail(`${flag} takes a whole number from ${lo} to ${hi}, got "${value}"`)
  return n
}

function fail (message: string): never {
  process.stderr.write(`federated: ${message}\n`)
  process.exit(2)
}
