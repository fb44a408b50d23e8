/**
 * `shoal id`: the running peer's id and addresses.
 */
import { clientCommand, connect } from './common.js'
import { printJson } from './output.js'
import type { ClientFlags } from './common.js'
import type { Command } from 'commander'

export function idCommand (program: Command): void {
  clientCommand(program.command('id').description('show the running peer\'s id and addresses'))
    .action(async (flags: ClientFlags) => {
      const id = await (await connect(flags)).get<{ peerId: string, addresses: string[], version: string }>('/id')
      if (flags.json === true) return printJson(id)
      console.log(`peer id:  ${id.peerId}`)
      console.log(`version:  ${id.version}`)
      console.log('addresses:')
      for (const a of id.addresses) console.log(`  ${a}`)
    })
}
