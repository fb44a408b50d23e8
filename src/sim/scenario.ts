/**
 * Scenarios: who the peers are and how they behave, what work they do, what
 * goes wrong, for how long. Plain JSON (simulations/*.json), checked here
 * with errors that name the key. Pure: loading the file is in load.ts.
 * The format is documented in simulations/README.md.
 */

export const BEHAVIOURS = [
  'honest', 'offline', 'slow', 'wrong-results', 'colluders', 'build-then-cheat', 'slanderers', 'sybils', 'liars'
] as const
export type Behaviour = typeof BEHAVIOURS[number]

/** behaviours whose results are wrong on purpose: "malicious" in the report */
export const MALICIOUS: ReadonlySet<Behaviour> = new Set(['wrong-results', 'colluders', 'build-then-cheat', 'sybils'])

export type CheatStrategy = 'always' | 'when-quorum'

export interface PeerGroup {
  /** a number of peers, or a share of all nodes (0-1); honest takes what is left */
  count?: number
  share?: number
  /** colluders, sybils: cheat on every job, or only when the whole first batch is theirs */
  strategy?: CheatStrategy
  /** slow: run time multiplied by this */
  factor?: number
  /** build-then-cheat: behave for this long (ms), then cheat */
  cheatAfterMs?: number
  /** liars: slots advertised; their real slots are `slots` */
  advertisedSlots?: number
  /** sybils, slanderers: reports published per job they request (false ones) */
  reportsPerJob?: number
}

export interface ChurnFault {
  /** Weibull session length: shape k (< 1: many short sessions and a few long ones) and scale */
  shape: number
  scaleMs: number
  /** mean time offline between sessions (exponential) */
  offlineMeanMs: number
  /** share of peers that churn (the others stay up) */
  share: number
}

export interface Workload {
  /** jobs submitted per minute over the whole mesh */
  jobsPerMinute: number
  /** how many honest peers submit jobs (slanderers and sybils submit too) */
  requesters: number
  /** mean run time of a job on an honest worker (exponential) */
  jobMs: number
  /** requester gives up on a worker after this */
  jobTimeoutMs: number
  /** fitting workers a requester considers per job (the head of its capacity-table ranking) */
  candidates: number
  /** slots per worker */
  slots: number
}

export interface Network {
  /** one-way latency per link (memory transport's latency option in-process) */
  latencyMs: number
  /** gossip mesh degree (algorithm engine's overlay) */
  degree: number
  /** adverts are republished this often */
  advertPeriodMs: number
  /** in process and multi-process: each peer's connection limit (a real peer's default, 300, would connect everyone to everyone) */
  maxConnections: number
}

export interface Scenario {
  name: string
  description: string
  nodes: number
  durationMs: number
  /** measurements of jobs start after this */
  warmupMs: number
  seed: number
  peers: Partial<Record<Behaviour, PeerGroup>>
  /** share of honest results that are wrong by accident */
  benignErrorRate: number
  workload: Workload
  network: Network
  faults: { churn?: ChurnFault }
  /** what the engine must show; the CLI prints whether each holds */
  expect: Expect
}

export interface Expect {
  deliveryRatioMin?: number
  jobsLostMax?: number
  wrongAcceptedShareMax?: number
  replicasPerJobMax?: number
  honestBannedShareMax?: number
}

export type Engine = 'algorithm' | 'inprocess' | 'multiprocess'
export const ENGINES: readonly Engine[] = ['algorithm', 'inprocess', 'multiprocess']

export class ScenarioError extends Error {
  override name = 'ScenarioError'
}

const DEFAULT_WORKLOAD: Workload = { jobsPerMinute: 60, requesters: 8, jobMs: 1000, jobTimeoutMs: 30_000, candidates: 48, slots: 2 }
const DEFAULT_NETWORK: Network = { latencyMs: 10, degree: 8, advertPeriodMs: 60_000, maxConnections: 32 }

/** "90s", "15m", "2h", "500ms", or a number of ms */
export function parseDuration (value: unknown, key: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value
  const m = typeof value === 'string' ? /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value.trim()) : null
  if (m == null) throw new ScenarioError(`${key}: expected a duration like "90s", "15m", "2h" or a number of ms, got ${JSON.stringify(value)}`)
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms']
  return Math.round(Number(m[1]) * unit)
}

type Json = Record<string, unknown>

/**
 * A scenario from its JSON, with the overrides of `engines[engine]` merged
 * in (a scenario can say "10,000 peers at the algorithm level, 50 in
 * process"), then the command line's.
 */
export function parseScenario (raw: unknown, engine: Engine, overrides: { nodes?: number, seed?: number, durationMs?: number } = {}): Scenario {
  if (!isObject(raw)) throw new ScenarioError('a scenario is a JSON object')
  const perEngine = isObject(raw.engines) ? raw.engines[engine] : undefined
  const merged = isObject(perEngine) ? deepMerge(raw, perEngine) : raw
  const known = ['name', 'description', 'nodes', 'duration', 'warmup', 'seed', 'peers', 'benignErrorRate', 'workload', 'network', 'faults', 'expect', 'engines']
  unknownKeys(merged, known, 'scenario')
  const name = str(merged.name, 'name')
  const nodes = overrides.nodes ?? int(merged.nodes ?? 100, 'nodes', 2)
  const durationMs = overrides.durationMs ?? parseDuration(merged.duration ?? '10m', 'duration')
  const warmupMs = Math.min(parseDuration(merged.warmup ?? 0, 'warmup'), durationMs)
  const scenario: Scenario = {
    name,
    description: typeof merged.description === 'string' ? merged.description : '',
    nodes,
    durationMs,
    warmupMs,
    seed: overrides.seed ?? int(merged.seed ?? 1, 'seed', 0),
    peers: parsePeers(merged.peers ?? {}),
    benignErrorRate: rate(merged.benignErrorRate ?? 0, 'benignErrorRate'),
    workload: section(merged.workload, DEFAULT_WORKLOAD, 'workload', ['jobMs', 'jobTimeoutMs']),
    network: section(merged.network, DEFAULT_NETWORK, 'network', ['latencyMs', 'advertPeriodMs']),
    faults: parseFaults(merged.faults ?? {}),
    expect: parseExpect(merged.expect ?? {})
  }
  if (durationMs <= 0) throw new ScenarioError('duration must be > 0')
  groupSizes(scenario) // checks the shares add up
  return scenario
}

/** how many peers each behaviour gets; honest takes the rest */
export function groupSizes (s: Scenario): Record<Behaviour, number> {
  const sizes = Object.fromEntries(BEHAVIOURS.map(b => [b, 0])) as Record<Behaviour, number>
  let taken = 0
  for (const b of BEHAVIOURS) {
    const g = s.peers[b]
    if (g == null || b === 'honest') continue
    sizes[b] = g.count ?? Math.round((g.share ?? 0) * s.nodes)
    taken += sizes[b]
  }
  if (taken > s.nodes) throw new ScenarioError(`peers: the groups add up to ${taken} peers, more than the ${s.nodes} nodes`)
  sizes.honest = s.nodes - taken
  return sizes
}

function parsePeers (raw: unknown): Scenario['peers'] {
  if (!isObject(raw)) throw new ScenarioError('peers: expected an object of behaviour → { count | share, … }')
  const out: Scenario['peers'] = {}
  for (const [key, value] of Object.entries(raw)) {
    if (!(BEHAVIOURS as readonly string[]).includes(key)) throw new ScenarioError(`peers: unknown behaviour "${key}" (known: ${BEHAVIOURS.join(', ')})`)
    if (!isObject(value)) throw new ScenarioError(`peers.${key}: expected an object`)
    unknownKeys(value, ['count', 'share', 'strategy', 'factor', 'cheatAfter', 'advertisedSlots', 'reportsPerJob'], `peers.${key}`)
    const g: PeerGroup = {}
    if (value.count != null) g.count = int(value.count, `peers.${key}.count`, 0)
    if (value.share != null) g.share = rate(value.share, `peers.${key}.share`)
    if (value.strategy != null) {
      if (value.strategy !== 'always' && value.strategy !== 'when-quorum') throw new ScenarioError(`peers.${key}.strategy: "always" or "when-quorum"`)
      g.strategy = value.strategy
    }
    if (value.factor != null) g.factor = num(value.factor, `peers.${key}.factor`)
    if (value.cheatAfter != null) g.cheatAfterMs = parseDuration(value.cheatAfter, `peers.${key}.cheatAfter`)
    if (value.advertisedSlots != null) g.advertisedSlots = int(value.advertisedSlots, `peers.${key}.advertisedSlots`, 1)
    if (value.reportsPerJob != null) g.reportsPerJob = num(value.reportsPerJob, `peers.${key}.reportsPerJob`)
    out[key as Behaviour] = g
  }
  return out
}

function parseFaults (raw: unknown): Scenario['faults'] {
  if (!isObject(raw)) throw new ScenarioError('faults: expected an object')
  unknownKeys(raw, ['churn'], 'faults')
  if (raw.churn == null) return {}
  const c = raw.churn
  if (!isObject(c)) throw new ScenarioError('faults.churn: expected an object')
  unknownKeys(c, ['shape', 'scale', 'offlineMean', 'share'], 'faults.churn')
  return {
    churn: {
      shape: num(c.shape ?? 0.7, 'faults.churn.shape'),
      scaleMs: parseDuration(c.scale ?? '30m', 'faults.churn.scale'),
      offlineMeanMs: parseDuration(c.offlineMean ?? '5m', 'faults.churn.offlineMean'),
      share: rate(c.share ?? 1, 'faults.churn.share')
    }
  }
}

function parseExpect (raw: unknown): Expect {
  if (!isObject(raw)) throw new ScenarioError('expect: expected an object')
  const keys = ['deliveryRatioMin', 'jobsLostMax', 'wrongAcceptedShareMax', 'replicasPerJobMax', 'honestBannedShareMax'] as const
  unknownKeys(raw, [...keys], 'expect')
  const out: Expect = {}
  for (const k of keys) if (raw[k] != null) out[k] = num(raw[k], `expect.${k}`)
  return out
}

function section<T extends object> (raw: unknown, defaults: T, key: string, durations: string[]): T {
  if (raw == null) return { ...defaults }
  if (!isObject(raw)) throw new ScenarioError(`${key}: expected an object`)
  unknownKeys(raw, Object.keys(defaults), key)
  const out: Record<string, number> = { ...defaults as Record<string, number> }
  for (const k of Object.keys(defaults)) {
    if (raw[k] == null) continue
    out[k] = durations.includes(k) ? parseDuration(raw[k], `${key}.${k}`) : num(raw[k], `${key}.${k}`)
  }
  return out as T
}

function deepMerge (a: Json, b: Json): Json {
  const out: Json = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = isObject(v) && isObject(a[k]) ? deepMerge(a[k] as Json, v) : v
  delete out.engines
  return out
}

function unknownKeys (o: Json, known: string[], where: string): void {
  for (const k of Object.keys(o)) if (!known.includes(k)) throw new ScenarioError(`${where}: unknown key "${k}" (known: ${known.join(', ')})`)
}

function isObject (x: unknown): x is Json {
  return typeof x === 'object' && x != null && !Array.isArray(x)
}
function str (x: unknown, key: string): string {
  if (typeof x !== 'string' || x === '') throw new ScenarioError(`${key}: expected a non-empty string`)
  return x
}
function num (x: unknown, key: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new ScenarioError(`${key}: expected a number ≥ 0, got ${JSON.stringify(x)}`)
  return x
}
function int (x: unknown, key: string, min: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) throw new ScenarioError(`${key}: expected a whole number ≥ ${min}, got ${JSON.stringify(x)}`)
  return x
}
function rate (x: unknown, key: string): number {
  const v = num(x, key)
  if (v > 1) throw new ScenarioError(`${key}: expected a share in [0, 1], got ${v}`)
  return v
}
