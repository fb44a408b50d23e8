/**
 * `shoal psk new <file>`: a fresh pre-shared key for a private mesh.
 */
import { resolve } from 'node:path'
import { writeNewPsk } from '../node/psk.js'
import { printJson } from './output.js'
import type { Command } from 'commander'

export function pskCommand (program: Command): void {
  const psk = program.command('psk').description('pre-shared keys for a private mesh (only peers with the key can connect)')
  psk.command('new <file>')
    .description('write a new random key to <file> (mode 0600); copy it to every peer of the mesh and start them with --psk <file>')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, flags: { json?: boolean }) => {
      const path = resolve(file)
      await writeNewPsk(path)
      if (flags.json === true) return printJson({ path })
      console.log(`wrote a new pre-shared key to ${path} (readable by you only)`)
      console.log('start every peer of the private mesh with --psk <file>, or "psk": "<file>" in its config')
    })
}
