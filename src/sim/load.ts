/** Finding and reading scenario files: by name in simulations/, or by path. */
import { readFile } from 'node:fs/promises'
import { existsSync, readdirSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseScenario, ScenarioError, type Engine, type Scenario } from './scenario.js'

/** the package's simulations/ folder (this file is dist/src/sim/load.js) */
export const SIMULATIONS_DIR = fileURLToPath(new URL('../../../simulations/', import.meta.url))

export function scenarioNames (): string[] {
  let files: string[] = []
  try { files = readdirSync(SIMULATIONS_DIR) } catch {}
  return files.filter(f => f.endsWith('.json')).map(f => basename(f, '.json')).sort()
}

/** `nameOrPath`: a scenario name (simulations/<name>.json) or a path to a .json file */
export async function loadScenario (nameOrPath: string, engine: Engine, overrides: Parameters<typeof parseScenario>[2] = {}): Promise<Scenario> {
  const byName = resolve(SIMULATIONS_DIR, `${nameOrPath}.json`)
  const file = /[/\\]|\.json$/.test(nameOrPath) ? resolve(nameOrPath) : byName
  if (!existsSync(file)) {
    const names = scenarioNames()
    throw new ScenarioError(`no scenario "${nameOrPath}": give a name (${names.join(', ')}) or a path to a .json file`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(file, 'utf8'))
  } catch (err: any) {
    throw new ScenarioError(`${file}: not valid JSON (${err.message})`)
  }
  try {
    return parseScenario(raw, engine, overrides)
  } catch (err: any) {
    if (err instanceof ScenarioError) throw new ScenarioError(`${file}: ${err.message}`)
    throw err
  }
}
