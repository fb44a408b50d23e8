/**
 * The daemon's data directory on disk: its default place, the lock that keeps
 * a second daemon out, and the files that tell other commands where the API is.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rm, writeFile, chmod } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { API_ADDRESS_FILE, API_TOKEN_FILE, LOCK_FILE } from './constants.js'
import { DataDirLockedError } from './errors.js'

/** `$SHOAL_DATA_DIR`, else `~/.shoal` */
export function defaultDataDir (): string {
  return resolve(process.env.SHOAL_DATA_DIR ?? join(homedir(), '.shoal'))
}

export async function ensureDataDir (dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
}

export interface DataDirLock { release: () => Promise<void> }

/**
 * Takes the data dir's lock file (holding our pid). A lock left by a process
 * that no longer runs (a daemon killed with SIGKILL) is taken over.
 */
export async function lockDataDir (dir: string): Promise<DataDirLock> {
  const path = join(dir, LOCK_FILE)
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600)
      await handle.writeFile(`${process.pid}\n`)
      await handle.close()
      return { release: async () => { await rm(path, { force: true }) } }
    } catch (err: any) {
      if (err.code !== 'EEXIST') throw err
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim())
      if (pid === process.pid) {
        throw new DataDirLockedError(`this process already runs a Shoal peer on ${dir}; stop it first, or use a different data dir`)
      }
      if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
        throw new DataDirLockedError(`another Shoal daemon (pid ${pid}) is using ${dir}; stop it first, or pass a different --data-dir`)
      }
      await rm(path, { force: true })
    }
  }
  throw new DataDirLockedError(`could not lock ${dir}: another process keeps taking ${path}`)
}

function isRunning (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err: any) {
    return err.code === 'EPERM'
  }
}

export interface ApiEndpoint { address: string, token: string }

export function newApiToken (): string {
  return randomBytes(32).toString('base64url')
}

/** Writes `api` and `api-token` (mode 0600) so the CLI can find the daemon. */
export async function writeApiFiles (dir: string, endpoint: ApiEndpoint): Promise<void> {
  const tokenPath = join(dir, API_TOKEN_FILE)
  await writeFile(tokenPath, endpoint.token + '\n', { mode: 0o600 })
  await chmod(tokenPath, 0o600)
  await writeFile(join(dir, API_ADDRESS_FILE), endpoint.address + '\n')
}

export async function readApiFiles (dir: string): Promise<ApiEndpoint | undefined> {
  try {
    const address = (await readFile(join(dir, API_ADDRESS_FILE), 'utf8')).trim()
    const token = (await readFile(join(dir, API_TOKEN_FILE), 'utf8')).trim()
    return { address, token }
  } catch (err: any) {
    if (err.code === 'ENOENT') return undefined
    throw err
  }
}

export async function removeApiFiles (dir: string): Promise<void> {
  await rm(join(dir, API_ADDRESS_FILE), { force: true })
  await rm(join(dir, API_TOKEN_FILE), { force: true })
}
