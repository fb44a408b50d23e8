/**
 * `shoal capacity`: the capacity table the daemon holds (every peer's latest
 * advert), or with --self this peer's own advert.
 */
import { clientCommand, collect, connect } from './common.js'
import { UsageError } from './errors.js'
import { formatTable, printJson, shortId } from './output.js'
import { parseWhere, WHERE_FORM } from '../capacity/rows.js'
import type { ClientFlags } from './common.js'
import type { CapacityRow } from '../capacity/rows.js'
import type { Command } from 'commander'

interface CapacityFlags extends ClientFlags {
  where?: string[]
  self?: boolean
}

export function capacityCommand (program: Command): void {
  clientCommand(program.command('capacity').description('list the capacity adverts this peer holds (what every peer offers)'))
    .option('--where <key=value>', 'keep peers whose label (or gpu, runtime, kind) matches; repeatable, all must match', collect)
    .option('--self', 'show this peer\'s own advert instead')
    .action(async (flags: CapacityFlags) => {
      const where = flags.where ?? []
      const parsed = parseWhere(where)
      if ('bad' in parsed) throw new UsageError(`--where takes ${WHERE_FORM}, got "${parsed.bad}"`)
      if (flags.self === true && where.length > 0) throw new UsageError('--self shows this peer\'s own advert: it takes no --where')
      const client = await connect(flags)

      if (flags.self === true) {
        const own = await client.get<CapacityRow>('/capacity/self')
        if (flags.json === true) return printJson(own)
        printAdvert(own)
        return
      }

      const query = where.map(w => `where=${encodeURIComponent(w)}`).join('&')
      const rows = await client.get<CapacityRow[]>(`/capacity${query !== '' ? `?${query}` : ''}`)
      if (flags.json === true) return printJson(rows)
      if (rows.length === 0) {
        console.log(where.length > 0
          ? `no advert matches ${where.map(w => `--where ${w}`).join(' ')}`
          : 'no capacity adverts yet (adverts arrive within one advert interval of peers connecting; see `shoal peers`)')
        return
      }
      console.log(formatTable(['PEER', 'CORES', 'MEM FREE', 'LOAD', 'GPUS', 'SLOTS', 'PRICE', 'LABELS', 'AGE'], rows.map(r => [
        shortId(r.peerId) + (r.source === 'self' ? ' (self)' : ''),
        String(r.cores),
        `${formatMiB(r.memoryFreeMb)} / ${formatMiB(r.memoryTotalMb)}`,
        r.load.toFixed(2),
        formatGpus(r.gpus),
        `${r.slotsFree}/${r.slotsTotal}`,
        String(r.price),
        formatLabels(r.labels),
        `${Math.round(r.ageMs / 1000)}s`
      ])))
    })
}

function printAdvert (r: CapacityRow): void {
  console.log(`peer id:   ${r.peerId}`)
  console.log(`version:   ${r.version}`)
  console.log(`cores:     ${r.cores}`)
  console.log(`memory:    ${formatMiB(r.memoryFreeMb)} free of ${formatMiB(r.memoryTotalMb)}`)
  console.log(`load:      ${r.load.toFixed(2)}`)
  console.log(`gpus:      ${r.gpus.length === 0 ? '-' : r.gpus.map(g => `${g.name} (${formatMiB(g.memoryMb)}, ${g.utilisation}%)`).join(', ')}`)
  console.log(`runtimes:  ${r.runtimes.join(', ') || '-'}`)
  console.log(`kinds:     ${r.kinds.join(', ') || '-'}`)
  console.log(`slots:     ${r.slotsFree} free of ${r.slotsTotal}`)
  console.log(`price:     ${r.price} credits per job-second`)
  console.log(`labels:    ${formatLabels(r.labels)}`)
  console.log(`datasets:  ${r.datasets.length === 0 ? '-' : r.datasets.map(d => `${d.name} (${d.size} bytes, ${d.public ? 'public' : 'private'}${d.cid != null ? `, ${d.cid}` : ''})`).join(', ')}`)
  console.log(`seq:       ${r.seq}`)
  console.log(`issued:    ${new Date(r.issuedAt).toISOString()} (${Math.round(r.ageMs / 1000)}s ago)`)
  console.log(`expires:   ${new Date(r.expiresAt).toISOString()}`)
}

/** 3277 → "3.2 GiB", 8192 → "8 GiB", 512 → "512 MiB" */
export function formatMiB (mb: number): string {
  if (mb < 1024) return `${mb} MiB`
  const gib = Math.round((mb / 1024) * 10) / 10
  return `${Number.isInteger(gib) ? gib.toFixed(0) : gib.toFixed(1)} GiB`
}

/** "-" for none, the names for one or two, else the count */
function formatGpus (gpus: CapacityRow['gpus']): string {
  if (gpus.length === 0) return '-'
  if (gpus.length <= 2) return gpus.map(g => g.name).join(', ')
  return String(gpus.length)
}

function formatLabels (labels: Record<string, string>): string {
  const entries = Object.entries(labels)
  return entries.length === 0 ? '-' : entries.map(([k, v]) => `${k}=${v}`).join(',')
}
