/**
 * `shoal jobs`: the jobs this peer requested or ran, newest first.
 * `shoal job <id>`: one of them, with its attempts.
 */
import { clientCommand, connect } from './common.js'
import { UsageError } from './errors.js'
import { formatDuration, formatTable, printJson, shortId } from './output.js'
import { MAX_JOBS_LIMIT } from '../api/constants.js'
import type { ClientFlags } from './common.js'
import type { ApiClient } from '../api/client.js'
import type { JobDetailJson } from '../api/jobs.js'
import type { JobRecord } from '../jobs/types.js'
import type { Command } from 'commander'

interface JobsFlags extends ClientFlags {
  limit?: number
}

/** how many hex digits of a job id the table shows (and the least `shoal job` takes) */
const SHORT_ID = 8
const MIN_PREFIX = 4

export function jobsCommand (program: Command): void {
  clientCommand(program.command('jobs').description('list recent jobs, requested here or run here for others'))
    .option('--limit <n>', `show at most n jobs (1-${MAX_JOBS_LIMIT}, default 20)`, parseLimit)
    .action(async (flags: JobsFlags) => {
      const records = await (await connect(flags)).get<JobRecord[]>(`/jobs?limit=${flags.limit ?? 20}`)
      if (flags.json === true) return printJson(records)
      if (records.length === 0) {
        console.log('no jobs yet (run one with `shoal run <module.wasm>`)')
        return
      }
      const now = Date.now()
      console.log(formatTable(['ID', 'ROLE', 'KIND', 'STATUS', 'PEER', 'WALL', 'AGE'], records.map(r => [
        r.id.slice(0, SHORT_ID),
        r.role,
        r.kind,
        r.status,
        // the other side: who ran it for us, or whom we ran it for
        r.role === 'requester' ? (r.worker != null ? shortId(r.worker) : '-') : shortId(r.requester),
        r.wallMs != null ? `${Math.round(r.wallMs)} ms` : '-',
        formatDuration(now - r.createdAt)
      ])))
    })

  clientCommand(program.command('job').description('show one job (requested here or run here) with its attempts'))
    .argument('<id>', `the job id, or a prefix of at least ${MIN_PREFIX} hex digits as \`shoal jobs\` shows`)
    .action(async (id: string, flags: ClientFlags) => {
      if (!new RegExp(`^[0-9a-fA-F]{${MIN_PREFIX},32}$`).test(id)) throw new UsageError(`a job id is 32 hex digits, or a prefix of at least ${MIN_PREFIX} of them (as \`shoal jobs\` shows), got "${id}"`)
      const client = await connect(flags)
      const detail = await client.get<JobDetailJson>(`/jobs/${await resolveId(client, id.toLowerCase())}`)
      if (flags.json === true) return printJson(detail)
      printDetail(detail)
    })
}

/** a prefix becomes the one recent job id it starts */
async function resolveId (client: ApiClient, id: string): Promise<string> {
  if (id.length === 32) return id
  const ids = [...new Set((await client.get<JobRecord[]>(`/jobs?limit=${MAX_JOBS_LIMIT}`)).map(r => r.id).filter(j => j.startsWith(id)))]
  if (ids.length === 0) throw new Error(`no job here starts with ${id} (among the last ${MAX_JOBS_LIMIT}; see \`shoal jobs\`)`)
  if (ids.length > 1) throw new UsageError(`${id} starts ${ids.length} jobs (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}): give more of the id`)
  return ids[0]
}

function printDetail (detail: JobDetailJson): void {
  const now = Date.now()
  console.log(`job ${detail.id}`)
  if (detail.records.length === 0) console.log('  (no record: the daemon refused the job before it started)')
  for (const r of detail.records) {
    console.log('')
    console.log(`${r.role === 'requester' ? 'requested here' : 'run here'}:`)
    const rows: Array<[string, string]> = [
      ['status', r.status + (r.reason != null ? ` (${r.reason}${r.message != null ? `: ${r.message}` : ''})` : '')],
      ['kind', r.kind],
      ['requester', r.requester],
      ['worker', r.worker ?? '-'],
      ['created', `${new Date(r.createdAt).toISOString()} (${formatDuration(now - r.createdAt)} ago)`],
      ['finished', r.finishedAt != null ? `${new Date(r.finishedAt).toISOString()} (after ${r.finishedAt - r.createdAt} ms)` : '-'],
      ['module', r.moduleHash != null ? `sha-256 ${r.moduleHash}` : '-'],
      ['input', `${r.inputSize} bytes, sha-256 ${r.inputHash}`],
      ['args', r.args.length > 0 ? r.args.map(a => JSON.stringify(a)).join(' ') : '-'],
      ['replicas', String(r.replicas)],
      ['output', r.outputHash != null ? `${r.outputSize ?? '?'} bytes, sha-256 ${r.outputHash}` : r.outputSize != null ? `${r.outputSize} bytes` : '-'],
      ['exit code', r.exitCode != null ? String(r.exitCode) : '-'],
      ['time', r.wallMs != null ? `wall ${Math.round(r.wallMs)} ms, cpu ${Math.round(r.cpuMs ?? 0)} ms` : '-']
    ]
    for (const [k, v] of rows) console.log(`  ${(k + ':').padEnd(11)}${v}`)
    if (r.attempts.length > 0) {
      console.log('  attempts:')
      const table = formatTable(['WORKER', 'REPLICA', 'OUTCOME', 'REASON', 'DURATION'], r.attempts.map(a => [
        shortId(a.worker),
        String(a.replica),
        a.outcome ?? 'running',
        a.reason != null ? a.reason + (a.outcome === 'failed' && a.message != null ? `: ${a.message}` : '') : '-',
        a.endedAt != null ? `${a.endedAt - a.startedAt} ms` : `${now - a.startedAt} ms so far`
      ]))
      for (const line of table.split('\n')) console.log(`    ${line}`)
    }
  }
  if (detail.output != null) {
    console.log('')
    console.log(`output: ${Buffer.from(detail.output, 'base64').byteLength} bytes held by the daemon for a while (base64 in \`shoal job ${detail.id} --json\`)`)
  }
}

function parseLimit (value: string): number {
  const n = value.trim() === '' ? NaN : Number(value)
  if (!Number.isInteger(n) || n < 1 || n > MAX_JOBS_LIMIT) throw new UsageError(`--limit takes a whole number from 1 to ${MAX_JOBS_LIMIT}, got "${value}"`)
  return n
}
