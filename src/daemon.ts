/**
 * A long-lived peer: the Shoal node, its control API, and the files in the
 * data dir that let the CLI find it. `shoal start` is a thin shell around this.
 */
import { createShoal } from './create.js'
import { startApiServer } from './api/server.js'
import { parseHostPort } from './node/config.js'
import { newApiToken, removeApiFiles, writeApiFiles } from './node/data-dir.js'
import { ConfigError } from './node/errors.js'
import type { ShoalNode } from './create.js'
import type { ShoalConfig } from './node/config.js'

export interface Daemon {
  node: ShoalNode
  /** host:port of the control API, or null when it is off */
  api: string | null
  token: string
  stop: () => Promise<void>
}

export interface DaemonHooks {
  /** called before the node starts, so that listeners see its first events (peers met at start-up) */
  beforeStart?: (node: ShoalNode) => void
}

export async function startDaemon (config: ShoalConfig & { dataDir: string }, hooks: DaemonHooks = {}): Promise<Daemon> {
  const node = await createShoal({ ...config, start: false })
  try {
    hooks.beforeStart?.(node)
    await node.start()
    const token = newApiToken()
    let closeApi = async (): Promise<void> => {}
    let api: string | null = null
    if (config.api !== false) {
      const listen = parseHostPort(config.api)
      if (listen == null) throw new ConfigError(`bad API address "${config.api}": use host:port`)
      const server = await startApiServer({ node, listen, token, allowRemote: config.apiRemote, metricsPublic: config.metricsPublic })
      closeApi = server.close
      api = server.address
      await writeApiFiles(config.dataDir, { address: server.address, token })
    }
    let stopping: Promise<void> | undefined
    return {
      node,
      api,
      token,
      stop: async () => {
        stopping ??= (async () => {
          await removeApiFiles(config.dataDir)
          await closeApi()
          await node.stop()
        })()
        await stopping
      }
    }
  } catch (err) {
    await node.stop()
    throw err
  }
}
