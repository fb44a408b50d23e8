/**
 * One entry for every engine: the scenario goes in, a report comes out.
 * The engines share the scenario, the recorder and the report code.
 */
import { runAlgorithm } from './algorithm/engine.js'
import { processProbes, type EngineOptions, type RunHooks } from './hooks.js'
import type { Report } from './metrics.js'
export type { EngineOptions, RunHooks } from './hooks.js'
import type { Engine, Scenario } from './scenario.js'

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
