/**
 * `shoal reputation`: the reputation table as the daemon sees it.
 * `shoal credits`: its ledger, from the receipts it holds.
 * `shoal receipts`: those receipts, newest first.
 */
import { clientCommand, connect } from './common.js'
import { UsageError } from './errors.js'
import { formatDuration, formatTable, printJson, shortId } from './output.js'
import { MAX_RECEIPTS_LIMIT } from '../api/reputation.js'
import type { ClientFlags } from './common.js'
import type { CreditsJson, ReceiptJson, ReputationRowJson } from '../api/reputation.js'
import type { Command } from 'commander'

interface ReceiptsFlags extends ClientFlags {
  limit?: number
}

/** hex digits of a job id the receipts table shows, as `shoal jobs` does */
const SHORT_ID = 8

export function reputationCommands (program: Command): void {
  clientCommand(program.command('reputation').description('list the reputation table: every peer this one has evidence or reports about, most trusted first'))
    .action(async (flags: ClientFlags) => {
      const rows = await (await connect(flags)).get<ReputationRowJson[]>('/reputation')
      if (flags.json === true) return printJson(rows)
      if (rows.length === 0) {
        console.log('no reputation yet: peers appear here once this one requests jobs from them, or hears reports about them (`shoal run <module.wasm>`)')
        return
      }
      const now = Date.now()
      console.log(formatTable(['PEER', 'TRUST', 'GOOD', 'BAD', 'LAST SEEN', 'BANNED'], rows.map(r => [
        shortId(r.peerId),
        r.trust.toFixed(3),
        formatCount(r.good),
        formatCount(r.bad),
        r.lastSeen != null ? `${formatDuration(Math.max(0, now - r.lastSeen))} ago` : '-',
        r.banned ? 'yes' : '-'
      ])))
    })

  clientCommand(program.command('credits').description('show the credits earned as a worker and spent as a requester, from the receipts held'))
    .action(async (flags: ClientFlags) => {
      const c = await (await connect(flags)).get<CreditsJson>('/credits')
      if (flags.json === true) return printJson(c)
      console.log(`earned:    ${formatCredits(c.earned)} (as a worker)`)
      console.log(`spent:     ${formatCredits(c.spent)} (as a requester)`)
      console.log(`balance:   ${formatCredits(c.balance)}`)
      console.log(`receipts:  ${c.receipts}`)
    })

  clientCommand(program.command('receipts').description('list the signed receipts of finished jobs, either role, newest first'))
    .option('--limit <n>', `show at most n receipts (1-${MAX_RECEIPTS_LIMIT}, default 20)`, parseLimit)
    .action(async (flags: ReceiptsFlags) => {
      const receipts = await (await connect(flags)).get<ReceiptJson[]>(`/receipts?limit=${flags.limit ?? 20}`)
      if (flags.json === true) return printJson(receipts)
      if (receipts.length === 0) {
        console.log('no receipts yet: a job that ends with a signed result and ack leaves one on both sides (`shoal run <module.wasm>`)')
        return
      }
      const now = Date.now()
      console.log(formatTable(['JOB', 'ROLE', 'WORKER', 'REQUESTER', 'CREDITS', 'WALL', 'AGE'], receipts.map(r => [
        r.jobId.slice(0, SHORT_ID),
        r.role,
        shortId(r.worker),
        shortId(r.requester),
        r.credits.toFixed(3),
        `${Math.round(r.wallMs)} ms`,
        formatDuration(Math.max(0, now - r.at))
      ])))
    })
}

/** decayed evidence: whole numbers plainly, else two decimals */
function formatCount (x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2)
}

function formatCredits (x: number): string {
  return `${x.toFixed(3)} credits`
}

function parseLimit (value: string): number {
  const n = value.trim() === '' ? NaN : Number(value)
  if (!Number.isInteger(n) || n < 1 || n > MAX_RECEIPTS_LIMIT) throw new UsageError(`--limit takes a whole number from 1 to ${MAX_RECEIPTS_LIMIT}, got "${value}"`)
  return n
}
