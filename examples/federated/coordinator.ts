/**
 * The coordinator: federated averaging rounds over the mesh. Each round it
 * sends the current model to every participant as a job pinned to that
 * peer: with `trainer` (the way this example runs), a WebAssembly module
 * (examples/jobs/fl-train.ts) that names the participants' private data set,
 * so it runs on each holder and reads the shard there through its read-only
 * preopen; without, a job of the `fl-train` kind that participants serve with
 * a JS handler (participant.ts, kept for in-process tests). It waits for their updates, and
 * aggregates those that came back. A round needs `minParticipants` updates;
 * with fewer it is tried again (`roundRetries` times), then the run fails
 * with a FederatedError that says who dropped and why.
 */
import { FederatedError } from '../../src/workloads/errors.js'
import { aggregate } from './aggregate.js'
import { add, zeros } from './model.js'
import { TRAIN_KIND, decodeReply, decodeWasmReply, encode, encodeWasmRequest } from './protocol.js'
import { SHARD_DATASET, SHARD_GUEST_PATH } from './shards.js'
import type { Aggregator, Update } from './aggregate.js'
import type { TrainParams, Weights } from './model.js'
import type { TrainRequest } from './protocol.js'
import type { ShoalNode } from '../../src/index.js'

/** what the coordinator needs of its peer; `coordinatorMesh(node)` makes one from a ShoalNode */
export interface Mesh extends Pick<ShoalNode, 'submit' | 'capacityTable' | 'reputation'> {
  /** trust in [0, 1] of a peer, as this peer's reputation table has it */
  trust: (peer: string) => number
}

export function coordinatorMesh (node: ShoalNode): Mesh {
  return {
    submit: spec => node.submit(spec),
    capacityTable: filters => node.capacityTable(filters),
    reputation: () => node.reputation(),
    trust: peer => node.libp2p.services.reputation.trust(peer)
  }
}

export interface FederatedOptions {
  features: number
  rounds: number
  /** fewest updates a round may be aggregated from (default 2) */
  minParticipants?: number
  /** tries of a round that falls short before the run fails (default 2 more) */
  roundRetries?: number
  /** pause before trying a short round again, ms (default 1000) */
  retryDelayMs?: number
  aggregator?: Aggregator
  /** trimmed-mean: share of values dropped at each end (default 0.25) */
  trim?: number
  /**
   * a round with a participant whose trust is under this floor is aggregated
   * with `robust` instead of `aggregator` (fresh identities start at 0.3)
   */
  trustFloor?: number
  robust?: Exclude<Aggregator, 'fedavg'>
  /** a peer named a suspect in this many rounds is not asked again in this run */
  quarantineAfter?: number
  /** local training settings sent with the model; the seed is the round's */
  train: Omit<TrainParams, 'seed'>
  /** how long one participant may train, ms (default 30 000) */
  timeoutMs?: number
  /** accuracy of a model on the coordinator's own held-out data */
  evaluate?: (w: Weights) => number
  onRound?: (report: RoundReport) => void
  start?: Weights
  /**
   * train with this WebAssembly module on the participants' own data set:
   * participants are the peers that advertise `dataset` (default "shard"),
   * the job names it and passes `path` (default /data/shard/train.csv)
   */
  trainer?: WasmTrainer
}

export interface WasmTrainer {
  module: Uint8Array
  dataset?: string
  path?: string
}

export interface RoundReport {
  round: number
  /** 1 for the first try of the round */
  attempt: number
  /** the aggregator this round used */
  aggregator: Aggregator
  updates: Array<{ peer: string, count: number, norm: number }>
  dropped: Array<{ peer: string, reason: string }>
  /** peers whose update lay far from the others' (over 3x the median distance from the coordinate-wise median): likely poisoners */
  suspects: string[]
  accuracy?: number
  weights: Weights
}

export async function runFederated (mesh: Mesh, options: FederatedOptions): Promise<{ weights: Weights, rounds: RoundReport[] }> {
  const min = options.minParticipants ?? 2
  const retries = options.roundRetries ?? 2
  let weights = options.start ?? zeros(options.features)
  const rounds: RoundReport[] = []
  /** rounds in which each peer was named a suspect */
  const suspected = new Map<string, number>()
  const quarantined = (peer: string): boolean => options.quarantineAfter != null && (suspected.get(peer) ?? 0) >= options.quarantineAfter
  for (let round = 1; round <= options.rounds; round++) {
    let attempt = 0
    while (true) {
      attempt++
      const { updates, dropped } = await collect(mesh, round, weights, options, quarantined)
      if (updates.length >= min) {
        const how = aggregatorFor(mesh, updates.map(u => u.peer), options)
        const step = aggregate(updates.map(u => u.update), how, options.trim)
        weights = add(weights, step)
        const report: RoundReport = {
          round,
          attempt,
          aggregator: how,
          updates: updates.map(u => ({ peer: u.peer, count: u.update.count, norm: norm(u.update.delta) })),
          dropped,
          suspects: suspects(updates),
          accuracy: options.evaluate?.(weights),
          weights
        }
        for (const peer of report.suspects) suspected.set(peer, (suspected.get(peer) ?? 0) + 1)
        rounds.push(report)
        options.onRound?.(report)
        break
      }
      const why = `round ${round} got ${updates.length} update(s), fewer than the minimum of ${min}` +
        (dropped.length > 0 ? `; dropped: ${dropped.map(d => `${d.peer.slice(-6)} (${d.reason})`).join(', ')}` : '')
      const bring = options.trainer != null ? `that hold the data set "${options.trainer.dataset ?? SHARD_DATASET}"` : `that register "${TRAIN_KIND}"`
      if (attempt > retries) throw new FederatedError(`${why}; gave up after ${attempt} tries (lower minParticipants, or bring more peers ${bring})`)
      await new Promise(resolve => setTimeout(resolve, options.retryDelayMs ?? 1000))
    }
  }
  return { weights, rounds }
}

/** the peers that advertise the training kind (or, with a WebAssembly trainer, hold its data set), not banned here, sorted */
export function participants (mesh: Mesh, trainer?: WasmTrainer): string[] {
  const banned = new Set(mesh.reputation().filter(r => r.banned).map(r => r.peerId))
  return mesh.capacityTable(trainer != null ? { dataset: trainer.dataset ?? SHARD_DATASET } : { kind: TRAIN_KIND })
    .filter(r => r.source !== 'self' && !banned.has(r.peerId))
    .map(r => r.peerId)
    .sort()
}

/** the operator's aggregator, or the robust one when a participant's trust is under the floor */
function aggregatorFor (mesh: Mesh, peers: string[], options: FederatedOptions): Aggregator {
  const chosen = options.aggregator ?? 'fedavg'
  if (options.trustFloor == null || chosen !== 'fedavg') return chosen
  return peers.some(p => mesh.trust(p) < options.trustFloor!) ? options.robust ?? 'trimmed-mean' : chosen
}

async function collect (mesh: Mesh, round: number, weights: Weights, options: FederatedOptions, quarantined: (peer: string) => boolean): Promise<{ updates: Array<{ peer: string, update: Update }>, dropped: RoundReport['dropped'] }> {
  const request: TrainRequest = { round, weights, ...options.train, seed: round }
  const trainer = options.trainer
  // only the model and the settings go out; the shard stays where it is, and the job names it
  const job = trainer != null
    ? { module: trainer.module, input: encodeWasmRequest(request), args: [trainer.path ?? SHARD_GUEST_PATH], datasets: [trainer.dataset ?? SHARD_DATASET] }
    : { kind: TRAIN_KIND, input: encode(request) }
  const outcomes = await Promise.all(participants(mesh, trainer).map(async peer => {
    if (quarantined(peer)) return { peer, reason: 'quarantined: its updates were suspect' }
    const r = await mesh.submit({ ...job, workers: [peer], maxAttempts: 1, timeoutMs: options.timeoutMs ?? 30_000 }).result
      .catch((err: Error) => ({ status: 'failed' as const, reason: 'error', message: err.message, output: undefined, exitCode: undefined }))
    if (r.status !== 'succeeded' || r.output == null || (r.exitCode ?? 0) !== 0) {
      return { peer, reason: `${r.reason ?? r.status}${r.message != null ? `: ${r.message}` : ''}` }
    }
    try {
      return { peer, update: trainer != null ? decodeWasmReply(r.output, weights.length) : decodeReply(r.output, weights.length) }
    } catch (err) {
      return { peer, reason: `bad update: ${(err as Error).message}` }
    }
  }))
  return {
    updates: outcomes.filter((o): o is { peer: string, update: Update } => 'update' in o),
    dropped: outcomes.filter((o): o is { peer: string, reason: string } => 'reason' in o)
  }
}

/**
 * updates more than three times the median distance from the coordinate-wise
 * median of all updates (a reference a poisoner cannot drag, whatever the aggregator)
 */
function suspects (updates: Array<{ peer: string, update: Update }>): string[] {
  if (updates.length < 3) return []
  const reference = aggregate(updates.map(u => u.update), 'median')
  const distances = updates.map(u => norm(u.update.delta.map((v, i) => v - reference[i])))
  const sorted = [...distances].sort((a, b) => a - b)
  const typical = sorted[sorted.length >> 1]
  return updates.filter((_, i) => distances[i] > 3 * typical && distances[i] > 1e-9).map(u => u.peer)
}

function norm (v: number[]): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0))
}
