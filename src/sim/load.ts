/** Finding and reading scenario files: by name in simulations/, or by path. */
import { readdir, readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseScenario, ScenarioError, type Engine, type Scenario } from './scenario.js'

/** the package's simulations/ folder (this file is dist/src/sim/load.js) */
export const SIMULATIONS_DIR = fileURLToPath(new URL('../../../simulations/', import.meta.url))

export async function scenarioNames (): Promise<string[]> {
  const files = await readdir(SIMULATIONS_DIR).catch(() => [] as string[])
  return files.filter(f => f.endsWith('.json')).map(f => basename(f, '.json')).sort()
}

/** `nameOrPath`: a scenario name (simulations/<name>.json) or a path to a .json file */
export async function loadScenario (nameOrPath: string, engine: Engine, overrides: Parameters<typeof parseScenario>[2] = {}): Promise<Scenario> {
  const byName = resolve(SIMULATIONS_DIR, `${nameOrPath}.json`)
  const file = /[/\\]|\.json$/.test(nameOrPath) ? resolve(nameOrPath) : byName
  if (!existsSync(file)) {
    const names = await scenarioNames()
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
