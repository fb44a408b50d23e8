/**
 * `shoal peers`: the peers the daemon is connected to.
 */
import { clientCommand, connect } from './common.js'
import { formatTable, printJson } from './output.js'
import type { ClientFlags } from './common.js'
import type { PeerSummary } from '../service/index.js'
import type { Command } from 'commander'

export function peersCommand (program: Command): void {
  clientCommand(program.command('peers').description('list connected peers'))
    .action(async (flags: ClientFlags) => {
      const peers = await (await connect(flags)).get<PeerSummary[]>('/peers')
      if (flags.json === true) return printJson(peers)
      if (peers.length === 0) {
        console.log('no peers connected (start another peer with --bootstrap pointing here, or check the bootstrap addresses)')
        return
      }
      console.log(formatTable(['PEER', 'LATENCY', 'DIR', 'ADDRESS'], peers.map(p => [
        p.id,
        p.latencyMs == null ? '-' : `${p.latencyMs} ms`,
        p.direction === 'inbound' ? 'in' : 'out',
        p.addresses.join(' ')
      ])))
    })
}
