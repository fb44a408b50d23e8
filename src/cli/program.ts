/**
 * The `shoal` command line: one file per command, assembled here.
 */
import { Command, CommanderError } from 'commander'
import { capacityCommand } from './capacity.js'
import { dataCommands } from './data.js'
import { idCommand } from './id.js'
import { inferCommand } from './infer.js'
import { jobsCommand } from './jobs.js'
import { peersCommand } from './peers.js'
import { renderCommand } from './render.js'
import { ocrCommand } from './ocr.js'
import { pskCommand } from './psk.js'
import { reputationCommands } from './reputation.js'
import { ExitError, runCommand } from './run.js'
import { simCommand } from './sim.js'
import { startCommand } from './start.js'
import { statusCommand } from './status.js'
import { UsageError } from './errors.js'
import { DaemonNotRunningError, HttpError } from '../api/errors.js'
import { ConfigError, DataDirLockedError } from '../node/errors.js'
import { VERSION } from '../version.js'

export function buildProgram (): Command {
  const program = new Command('shoal')
    .description('Shoal: a peer-to-peer compute mesh')
    .version(VERSION)
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ outputError: (text, write) => { write(`shoal: ${text.replace(/^error: /, '')}`) } })
  startCommand(program)
  idCommand(program)
  peersCommand(program)
  statusCommand(program)
  capacityCommand(program)
  runCommand(program)
  inferCommand(program)
  renderCommand(program)
  ocrCommand(program)
  jobsCommand(program)
  dataCommands(program)
  reputationCommands(program)
  pskCommand(program)
  simCommand(program)
  return program
}

/** runs the CLI; resolves with the process exit code */
export async function runCli (argv: string[]): Promise<number> {
  const program = buildProgram()
  try {
    await program.parseAsync(argv)
    return 0
  } catch (err: any) {
    if (err instanceof CommanderError) {
      // help and --version end here too, with exit code 0
      return err.exitCode === 0 ? 0 : 2
    }
    if (err instanceof ExitError) {
      // a command that ends with its own exit code (a failed job, an interrupted `shoal run`)
      if (err.message !== '') process.stderr.write(`shoal: ${err.message.split('\n')[0]}\n`)
      return err.code
    }
    const usage = err instanceof UsageError || err instanceof ConfigError || err instanceof DataDirLockedError
    const message: string = err instanceof DaemonNotRunningError || err instanceof HttpError || usage
      ? err.message
      : (err?.message ?? String(err))
    process.stderr.write(`shoal: ${message.split('\n')[0]}\n`)
    return usage ? 2 : 1
  }
}
