/**
 * `shoal add <file|folder>`, `shoal get <cid> [--out path]`, `shoal pins`,
 * `shoal unpin <cid>`: data by content address, through the daemon
 * (docs/data.md).
 */
import { resolve } from 'node:path'
import cliProgress from 'cli-progress'
import { clientCommand, connect } from './common.js'
import { ExitError } from './run.js'
import { formatTable, printJson } from './output.js'
import type { ClientFlags } from './common.js'
import type { AddResult, FetchProgress, FetchResult, PinRow } from '../data/index.js'
import type { Command } from 'commander'

export function dataCommands (program: Command): void {
  clientCommand(program.command('add').description('add a file or folder to this peer\'s store, pin it and provide it; prints its CID'))
    .argument('<path>', 'a file or a folder on this host')
    .option('--name <name>', 'a name kept with the pin (default: the file\'s name)')
    .action(async (path: string, flags: ClientFlags & { name?: string }) => {
      const client = await connect(flags)
      const bar = progressBar(flags.json === true, 'adding', 'MiB')
      let result: (AddResult & { name: string }) | undefined
      try {
        for await (const { event, data } of client.events('/data/add', undefined, { path: resolve(path), name: flags.name })) {
          const d = data as any
          if (event === 'progress') bar.tick(d.bytes / 2 ** 20, d.total > 0 ? d.total / 2 ** 20 : undefined)
          else if (event === 'error') throw new ExitError(1, `could not add ${path}: ${d.message}`)
          else if (event === 'done') result = d
        }
      } finally {
        bar.stop()
      }
      if (result == null) throw new ExitError(1, 'the daemon ended the answer early; see its log')
      if (flags.json === true) return printJson(result)
      console.log(result.cid)
      process.stderr.write(`added ${result.name}: ${mib(result.size)} in ${result.blocks} blocks, pinned and provided\n`)
    })

  clientCommand(program.command('get').description('fetch a CID from every holder at once (verified block by block; blocks already held are not fetched again) and pin it'))
    .argument('<cid>', 'the CID, e.g. bafy…')
    .option('--out <path>', 'write the file (or folder) here once fetched')
    .action(async (cid: string, flags: ClientFlags & { out?: string }) => {
      const client = await connect(flags)
      const bar = progressBar(flags.json === true, 'fetching', 'blocks')
      let result: (FetchResult & { out?: string }) | undefined
      try {
        for await (const { event, data } of client.events('/data/get', undefined, { cid, ...(flags.out != null ? { out: resolve(flags.out) } : {}) })) {
          const d = data as any
          if (event === 'progress') { const p = d as FetchProgress; bar.tick(p.done, p.known) } else if (event === 'error') throw new ExitError(1, `could not fetch ${cid}: ${d.message}`)
          else if (event === 'done') result = d
        }
      } finally {
        bar.stop()
      }
      if (result == null) throw new ExitError(1, 'the daemon ended the answer early; see its log')
      if (flags.json === true) return printJson(result)
      const sources = result.sources.map(s => `${s.peer.slice(-6)} ${mib(s.bytes)}`).join(', ')
      console.log(`${result.cid}: ${mib(result.size)} in ${result.blocks} blocks; fetched ${result.fetchedBlocks} (${mib(result.fetchedBytes)}${sources !== '' ? ` from ${sources}` : ''}), ${result.heldBlocks} already held; ${(result.ms / 1000).toFixed(1)} s`)
      if (result.out != null) console.log(`wrote ${result.out}`)
    })

  clientCommand(program.command('pins').description('what this peer keeps pinned, with sizes'))
    .action(async (flags: ClientFlags) => {
      const pins = await (await connect(flags)).get<PinRow[]>('/data/pins')
      if (flags.json === true) return printJson(pins)
      if (pins.length === 0) {
        console.log('nothing pinned (add something with `shoal add <file>`, or fetch it with `shoal get <cid>`)')
        return
      }
      console.log(formatTable(['CID', 'SIZE', 'BLOCKS', 'NAME'], pins.map(p => [p.cid, mib(p.size), String(p.blocks), p.name ?? '-'])))
    })

  clientCommand(program.command('unpin').description('unpin a CID: its blocks stay until the store needs the room'))
    .argument('<cid>', 'a CID that `shoal pins` lists')
    .action(async (cid: string, flags: ClientFlags) => {
      const result = await (await connect(flags)).delete<{ cid: string, unpinned: boolean }>(`/data/pins/${encodeURIComponent(cid)}`)
      if (flags.json === true) return printJson(result)
      console.log(`unpinned ${result.cid}`)
    })
}

function mib (bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`
}

/** a bar on a terminal, nothing elsewhere or with --json */
function progressBar (json: boolean, label: string, unit: string): { tick: (done: number, total?: number) => void, stop: () => void } {
  if (json || process.stderr.isTTY !== true) return { tick: () => {}, stop: () => {} }
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: `${label} [{bar}] {value}/{total} ${unit} | {duration_formatted}`, hideCursor: true, formatValue: (v: number) => String(Math.round(v)) }, cliProgress.Presets.shades_classic)
  let started = false
  return {
    tick: (done, total) => {
      if (!started) { bar.start(total ?? done, 0); started = true }
      if (total != null) bar.setTotal(total)
      bar.update(done)
    },
    stop: () => { if (started) bar.stop() }
  }
}
