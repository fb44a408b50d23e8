/**
 * One entry for every engine: the scenario goes in, a report comes out.
 * The engines share the scenario, the recorder and the report code.
 */
import { cpuUsage, memoryUsage } from 'node:process'
import { runAlgorithm } from './algorithm/engine.js'
import type { Report } from './metrics.js'
import type { Engine, Scenario } from './scenario.js'

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

export async function runSimulation (scenario: Scenario, engine: Engine, hooks: RunHooks = {}, options: EngineOptions = {}): Promise<Report> {
  switch (engine) {
    case 'algorithm':
      return runAlgorithm(scenario, { ...processProbes, onProgress: f => hooks.onProgress?.(f, 'simulating') })
    case 'inprocess': {
      const { runInProcess } = await import('./inprocess/engine.js')
      return runInProcess(scenario, hooks, options)
    }
    case 'multiprocess': {
      const { runMultiProcess } = await import('./multiprocess/engine.js')
      return runMultiProcess(scenario, hooks)
    }
  }
}
