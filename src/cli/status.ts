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
      console.log(`reachability: ${s.reachability} (${s.nat.reason})${s.nat.relay.serving ? `, relaying for ${s.nat.relay.reservations}/${s.nat.relay.maxReservations} peers` : ''}`)
      const { refused, cut } = s.nat.relay
      if (s.nat.relay.serving || refused.banned + refused.notServing + refused.full + cut.duration + cut.data > 0) {
        console.log(`relay:        refused ${refused.full} over the limit, ${refused.banned} banned, ${refused.notServing} while not relaying; cut ${cut.duration} relayed connections at the duration limit, ${cut.data} at the data limit`)
      }
      console.log('addresses:')
      for (const a of s.addresses) console.log(`  ${a}`)
      if (s.nat.observedAddresses.length > 0) {
        console.log('observed by others:')
        for (const a of s.nat.observedAddresses) console.log(`  ${a}`)
      }
      if (s.nat.reservations.length > 0) {
        console.log('relay reservations:')
        for (const r of s.nat.reservations) console.log(`  ${r.relay}  ${r.address}`)
      }
      if (s.nat.connections.length > 0) {
        console.log('connections:')
        for (const c of s.nat.connections) console.log(`  ${c.peerId}  ${c.relayed ? 'relayed' : 'direct '}  ${c.transport.padEnd(6)}  ${c.direction.padEnd(8)}  ${c.address}`)
      }
    })
}
