/**
 * `shoal status`: is the daemon up, and how does it see the mesh.
 */
import { clientCommand, connect } from './common.js'
import { formatDuration, printJson } from './output.js'
import type { ClientFlags } from './common.js'
import type { ShoalStatus } from '../service/index.js'
import type { Command } from 'commander'

export function statusCommand (program: Command): void {
  clientCommand(program.command('status').description('show the running peer\'s state'))
    .action(async (flags: ClientFlags) => {
      const s = await (await connect(flags)).get<ShoalStatus & { dataDir: string | null }>('/status')
      if (flags.json === true) return printJson(s)
      console.log(`peer id:      ${s.peerId}`)
      console.log(`version:      ${s.version}`)
      console.log(`up for:       ${formatDuration(s.uptimeMs)}`)
      console.log(`data dir:     ${s.dataDir ?? '(in memory)'}`)
      console.log(`peers:        ${s.peers} connected (${s.connections} connections), ${s.knownPeers} known`)
      console.log(`dht:          ${s.dht.mode} mode, ${s.dht.routingTableSize} in routing table, ${s.dht.discovered} found through queries`)
      console.log('addresses:')
      for (const a of s.addresses) console.log(`  ${a}`)
    })
}
