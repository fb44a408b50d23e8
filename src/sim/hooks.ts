/**
 * What every engine is handed besides the scenario: progress hooks, the
 * in-process engine's options, and the process's probes (engines stay free
 * of I/O themselves).
 */
import { cpuUsage, memoryUsage } from 'node:process'

/** how the in-process engine runs its peers (not part of a scenario: the same scenario runs either way) */
export interface EngineOptions {
  /** worker threads that share the peers (default: one per core) */
  threads?: number
  /** no encryption between simulated peers: less CPU per peer, so more peers */
  plaintext?: boolean
}

export interface RunHooks {
  /** share of the run done, and what is running */
  onProgress?: (fraction: number, phase: string) => void
}

/** the process's measurements, handed to the engines (which stay free of I/O) */
export const processProbes = {
  memory: (): number => memoryUsage.rss(),
  cpu: (): number => { const u = cpuUsage(); return (u.user + u.system) / 1000 },
  wall: (): number => performance.now()
}

