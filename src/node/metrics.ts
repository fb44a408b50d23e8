/**
 * Prometheus metrics for one peer: libp2p's own (`@libp2p/prometheus-metrics`)
 * and Shoal's (`shoal_*`), on a registry of the peer's own. Several peers
 * share a process in tests and simulations, so nothing goes to prom-client's
 * global default registry. Shoal's counters are read from the services'
 * own counters when Prometheus scrapes; only job outcomes and latencies,
 * which no service counts, are counted here as jobs finish.
 */
import type { OnnxStats } from './onnx/pool.js'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { CapacityStats } from '../capacity/index.js'
import type { JobsServiceEvents } from '../jobs/service.js'
import type { JobRecord } from '../jobs/types.js'
import type { ReputationStats } from '../reputation/service.js'
import type { GuardStats } from '../guard/index.js'
import type { RelayCuts, RelayRefusals } from '../reachability/index.js'
import type { DataStats } from '../data/index.js'
import type { ComponentLogger, Metrics, TypedEventTarget } from '@libp2p/interface'

/** job latency buckets, seconds: from a tiny WASM job on a LAN to a long render */
export const JOB_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800]

type Libp2pMetricsFactory = (components: { logger: ComponentLogger }) => Metrics

/**
 * libp2p's metrics on `registry`. `@libp2p/prometheus-metrics` keeps its
 * metric objects in a module-level map (a second node would reuse, and
 * write into, the first node's) and clears prom-client's global registry
 * when constructed; a module instance per peer (about 28 KiB, kept for the
 * life of the process) keeps peers apart and leaves the global registry
 * alone. The process's own metrics are left to `processMetrics()`.
 */
export async function libp2pMetrics (registry: Registry): Promise<Libp2pMetricsFactory> {
  const url = `${import.meta.resolve('@libp2p/prometheus-metrics')}?registry=${++instances}`
  const { prometheusMetrics } = await import(url) as typeof import('@libp2p/prometheus-metrics')
  return prometheusMetrics({ registry, preserveExistingMetrics: true, collectDefaultMetrics: false }) as Libp2pMetricsFactory
}

let instances = 0

let processRegistry: Registry | undefined

/**
 * The process's metrics (`process_*`, `nodejs_*`: CPU, memory, event loop
 * lag, GC), once per process: they describe the process, not a peer, and
 * each collector runs an event-loop monitor and a GC observer for ever.
 */
export function processMetrics (): Registry {
  if (processRegistry == null) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry })
  }
  return processRegistry
}

/** what Shoal's metrics read, narrowed to what they need */
export interface MeteredPeer {
  capacity: { getStats: () => CapacityStats }
  jobs: TypedEventTarget<Pick<JobsServiceEvents, 'job:finished'>>
  reputation: {
    getStats: () => ReputationStats
    credits: () => Promise<{ earned: number, spent: number }>
    rows: () => Array<{ banned: boolean }>
  }
  /** the executor's slots; undefined on a peer that only requests */
  slots: () => { total: number, inUse: number, queued: number } | undefined
  /** peers with an open connection */
  connectedPeers: () => number
  /** offers this peer declined as a worker, by reason; absent on a node without jobs */
  declined?: () => Record<string, number>
  /** the guard's counts; absent on a node without one */
  guard?: { stats: () => GuardStats }
  /** the data service's counts; absent on a node without one */
  data?: { getStats: () => DataStats }
  /** this peer as a relay: reservations held now, refusals and cuts so far; absent on a node without reachability */
  relay?: { reservations: () => number, stats: () => { refused: RelayRefusals, cut: RelayCuts } }
  /** the ONNX Runtime sandbox's counts; absent on a peer that runs no onnx jobs */
  onnx?: { stats: () => OnnxStats }
}

/** registers Shoal's metrics on `registry`, for as long as the peer lives */
export function registerShoalMetrics (registry: Registry, peer: MeteredPeer): void {
  const registers = [registry]

  counterFrom(registers, 'shoal_capacity_adverts_received_total', 'capacity adverts received (gossip and sync), before validation', () => peer.capacity.getStats().received)
  counterFrom(registers, 'shoal_capacity_adverts_accepted_total', 'capacity adverts that passed validation', () => peer.capacity.getStats().accepted)
  labelledFrom(registers, 'shoal_capacity_adverts_rejected_total', 'capacity adverts refused, by reason', 'reason', () => peer.capacity.getStats().rejected)
  counterFrom(registers, 'shoal_capacity_adverts_published_total', 'capacity adverts this peer published', () => peer.capacity.getStats().published)

  counterFrom(registers, 'shoal_reputation_reports_published_total', 'reputation reports this peer signed and published', () => peer.reputation.getStats().published)
  counterFrom(registers, 'shoal_reputation_reports_accepted_total', 'reputation reports accepted into the table (gossip and sync)', () => peer.reputation.getStats().accepted)
  labelledFrom(registers, 'shoal_reputation_reports_rejected_total', 'reputation reports refused, by reason', 'reason', () => peer.reputation.getStats().rejected)
  gaugeFrom(registers, 'shoal_reputation_banned_peers', 'peers banned here now', () => peer.reputation.rows().filter(r => r.banned).length)

  // the ledger is the receipts in the datastore: what it says survives restarts, so it is read, not
  // counted; both counters of one scrape share one read
  let reading: Promise<{ earned: number, spent: number }> | undefined
  const ledger = async (): Promise<{ earned: number, spent: number }> => {
    reading ??= peer.reputation.credits().finally(() => { reading = undefined })
    return reading
  }
  counterFrom(registers, 'shoal_credits_earned_total', 'credits earned as a worker (from the receipts held)', async () => (await ledger()).earned)
  counterFrom(registers, 'shoal_credits_spent_total', 'credits spent as a requester (from the receipts held)', async () => (await ledger()).spent)

  gaugeFrom(registers, 'shoal_executor_slots_total', 'job slots this peer offers (0 on a peer that only requests)', () => peer.slots()?.total ?? 0)
  gaugeFrom(registers, 'shoal_executor_slots_in_use', 'job slots running a job now', () => peer.slots()?.inUse ?? 0)
  gaugeFrom(registers, 'shoal_executor_queued', 'jobs accepted here and waiting for a slot', () => peer.slots()?.queued ?? 0)
  gaugeFrom(registers, 'shoal_peers_connected', 'peers with an open connection', () => peer.connectedPeers())

  const declined = peer.declined
  if (declined != null) {
    labelledFrom(registers, 'shoal_jobs_declined_total', 'job offers this peer declined as a worker, by reason (busy, paused, price, too-big, unsupported, bad-offer, low-reputation, shutting-down, no-dataset: it names a data set not held here, dataset-refused: a module the operator did not approve for a data set)', 'reason', () => declined())
  }

  const guard = peer.guard
  if (guard != null) {
    labelledFrom(registers, 'shoal_guard_offences_total', 'protocol offences by other peers, by kind (protocols/README.md section 7)', 'offence', () => guard.stats().offences)
    counterFrom(registers, 'shoal_guard_bans_total', 'peers banned for protocol misbehaviour', () => guard.stats().bans)
    gaugeFrom(registers, 'shoal_guard_open_streams', 'inbound Shoal protocol streams being served now', () => Object.values(guard.stats().openStreams).reduce((a, b) => a + b, 0))
  }

  const data = peer.data
  if (data != null) {
    const sum = (t: Record<string, { blocks: number, bytes: number }>, k: 'blocks' | 'bytes'): number => Object.values(t).reduce((a, r) => a + r[k], 0)
    counterFrom(registers, 'shoal_data_blocks_fetched_total', 'blocks fetched from other peers over /shoal/blocks/1.0.0 (verified and stored)', () => sum(data.getStats().fetched, 'blocks'))
    counterFrom(registers, 'shoal_data_bytes_fetched_total', 'bytes of blocks fetched from other peers over /shoal/blocks/1.0.0', () => sum(data.getStats().fetched, 'bytes'))
    counterFrom(registers, 'shoal_data_blocks_served_total', 'blocks served to other peers over /shoal/blocks/1.0.0', () => sum(data.getStats().served, 'blocks'))
    counterFrom(registers, 'shoal_data_bytes_served_total', 'bytes of blocks served to other peers over /shoal/blocks/1.0.0', () => sum(data.getStats().served, 'bytes'))
    labelledFrom(registers, 'shoal_data_refusals_total', 'blocks, holders and wants refused or skipped, by reason (docs/data.md)', 'reason', () => data.getStats().refused)
    gaugeFrom(registers, 'shoal_data_stored_bytes', 'bytes of blocks in the store', () => data.getStats().storedBytes)
    gaugeFrom(registers, 'shoal_data_store_max_bytes', 'the store quota', () => data.getStats().storeMaxBytes)
  }

  const relay = peer.relay
  if (relay != null) {
    gaugeFrom(registers, 'shoal_relay_reservations', 'relay reservations this peer holds for others now', () => relay.reservations())
    labelledFrom(registers, 'shoal_relay_reservations_refused_total', 'relay reservation requests refused, by reason (banned: a banned peer; not-serving: this peer does not relay now; full: over maxReservations)', 'reason',
      () => { const r = relay.stats().refused; return { banned: r.banned, 'not-serving': r.notServing, full: r.full } })
    labelledFrom(registers, 'shoal_relay_connections_cut_total', 'relayed connections this peer cut for outgrowing a limit, by limit (duration, data)', 'limit', () => ({ ...relay.stats().cut }))
  }

  const onnx = peer.onnx
  if (onnx != null) {
    labelledFrom(registers, 'shoal_onnx_jobs_failed_total', 'onnx jobs run here that failed, by reason (custom-op, external-data, memory-bomb, wrong-input, memory, timeout, crashed…)', 'reason', () => onnx.stats().refused)
    counterFrom(registers, 'shoal_onnx_models_checked_total', 'ONNX models read and checked before loading (a model is checked once per memory limit while it stays cached)', () => onnx.stats().modelsChecked)
    counterFrom(registers, 'shoal_onnx_processes_started_total', 'ONNX Runtime child processes started', () => onnx.stats().childrenStarted)
    counterFrom(registers, 'shoal_onnx_processes_killed_total', 'ONNX Runtime child processes killed (a cap passed, a cancel, a crash, idle)', () => onnx.stats().childrenKilled)
    gaugeFrom(registers, 'shoal_onnx_processes', 'ONNX Runtime child processes alive now', () => onnx.stats().childrenAlive)
  }

  const jobs = new Counter({
    name: 'shoal_jobs_total',
    help: 'jobs finished here, by role (requester: submitted here; worker: run here for another peer) and outcome (succeeded, failed, cancelled)',
    labelNames: ['role', 'outcome'],
    registers
  })
  // two measures, not one labelled by role: a round trip (failover and replicas included) is not a run
  const latency = {
    requester: new Histogram({
      name: 'shoal_job_round_trip_seconds',
      help: 'jobs submitted here, whatever their outcome: from submit to the accepted result (failover, replicas and transfers included)',
      buckets: JOB_DURATION_BUCKETS,
      registers
    }),
    worker: new Histogram({
      name: 'shoal_job_run_seconds',
      help: 'jobs run here for other peers, whatever their outcome: from taking the offer to the result being acknowledged',
      buckets: JOB_DURATION_BUCKETS,
      registers
    })
  }
  peer.jobs.addEventListener('job:finished', (evt: CustomEvent<JobRecord>) => {
    const r = evt.detail
    jobs.inc({ role: r.role, outcome: r.status })
    latency[r.role].observe(Math.max(0, (r.finishedAt ?? Date.now()) - r.createdAt) / 1000)
  })
}

type Read = () => number | Promise<number>

/** a counter whose value is another object's running count, read at scrape time */
function counterFrom (registers: Registry[], name: string, help: string, read: Read): void {
  // eslint-disable-next-line no-new
  new Counter({
    name,
    help,
    registers,
    async collect () {
      this.reset()
      this.inc(await read())
    }
  })
}

/** one counter per label value, from a record of running counts (e.g. rejections by reason) */
function labelledFrom (registers: Registry[], name: string, help: string, label: string, read: () => Partial<Record<string, number>>): void {
  // eslint-disable-next-line no-new
  new Counter({
    name,
    help,
    labelNames: [label],
    registers,
    collect () {
      this.reset()
      for (const [value, count] of Object.entries(read())) if (count != null && count > 0) this.inc({ [label]: value }, count)
    }
  })
}

function gaugeFrom (registers: Registry[], name: string, help: string, read: Read): void {
  // eslint-disable-next-line no-new
  new Gauge({
    name,
    help,
    registers,
    async collect () {
      this.set(await read())
    }
  })
}
