import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import type { CreditsJson, ReceiptJson, ReputationRowJson } from '../../src/api/reputation.js'
import type { RunJson } from '../../src/cli/run.js'
import type { CapacityRow } from '../../src/index.js'
import type { CliResult, RunningDaemon } from '../fixtures/daemon.js'

const SHA256 = resolve('examples/jobs/build/sha256.wasm')
/** the worker's price, credits per job-second */
const PRICE = 2

/**
 * the report and the table update, and the worker's receipt (after the ack),
 * can lag the run by a moment: at most 20 tries, 250 ms apart
 */
async function retry<T> (what: string, attempt: () => T | undefined): Promise<T> {
  for (let i = 0; i < 20; i++) {
    const value = attempt()
    if (value !== undefined) return value
    await sleep(250)
  }
  throw new Error(`gave up after 20 tries, 250 ms apart: ${what}`)
}

function json<T> (r: CliResult): T {
  expect(r.code, r.stderr).to.equal(0)
  expect(r.stderr).to.equal('')
  return JSON.parse(r.stdout)
}

describe('shoal reputation, credits, receipts end to end (daemons over loopback TCP)', function () {
  this.timeout(120_000)
  const daemons: RunningDaemon[] = []
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  let a: RunningDaemon
  let b: RunningDaemon
  let job: RunJson

  const on = (d: RunningDaemon, args: string[]): CliResult => cli([...args, '--data-dir', d.dataDir])

  before(async () => {
    for (let i = 0; i < 3; i++) dirs.push(await tempDir())
    a = await startDaemon(dirs[0].path, ['--local-mesh'])
    daemons.push(a)
    b = await startDaemon(dirs[1].path, ['--local-mesh', '--price', String(PRICE), '--bootstrap', a.addresses[0]])
    daemons.push(b)
    const client = await ApiClient.connect({ dataDir: a.dataDir })
    for (let i = 0; ; i++) {
      const rows = await client.get<CapacityRow[]>('/capacity')
      if (rows.some(r => r.peerId === b.peerId && r.runtimes.includes('wasm'))) break
      if (i > 150) throw new Error('A never held B\'s advert')
      await sleep(200)
    }
    const inputFile = join(dirs[2].path, 'input.bin')
    await writeFile(inputFile, randomBytes(100_000))
    job = json<RunJson>(on(a, ['run', SHA256, '--input', inputFile, '--json']))
    expect(job.status).to.equal('succeeded')
    expect(job.worker).to.equal(b.peerId)
  })

  after(async () => {
    await Promise.all(daemons.map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('`shoal reputation --json` on A lists B with trust > 0 and good ≥ 1', async () => {
    const row = await retry('A to rate B', () => {
      const rows = json<ReputationRowJson[]>(on(a, ['reputation', '--json']))
      return rows.find(r => r.peerId === b.peerId && r.good >= 1)
    })
    expect(row).to.include({ peerId: b.peerId, bad: 0, banned: false })
    expect(row.trust).to.be.above(0)
    expect(row.lastSeen).to.be.a('number')
  })

  it('`shoal reputation` on A prints the table', async () => {
    const r = on(a, ['reputation'])
    expect(r.code, r.stderr).to.equal(0)
    const [header, ...lines] = r.stdout.trimEnd().split('\n')
    expect(header.split(/\s{2,}/)).to.deep.equal(['PEER', 'TRUST', 'GOOD', 'BAD', 'LAST SEEN', 'BANNED'])
    const line = lines.find(l => l.startsWith(`${b.peerId.slice(0, 8)}…${b.peerId.slice(-6)}`))
    expect(line, r.stdout).to.not.equal(undefined)
    expect(line).to.match(/\s0\.\d{3}\s+1\s+0\s+\d+s ago\s+-$/)
  })

  it('`shoal credits --json` and `shoal receipts --json` show the receipt on both sides: requester on A, worker on B', async () => {
    const [onA] = await retry('A to keep its receipt', () => {
      const list = json<ReceiptJson[]>(on(a, ['receipts', '--json']))
      return list.length > 0 ? list : undefined
    })
    const [onB] = await retry('B to keep its receipt', () => {
      const list = json<ReceiptJson[]>(on(b, ['receipts', '--json']))
      return list.length > 0 ? list : undefined
    })
    for (const [r, role] of [[onA, 'requester'], [onB, 'worker']] as const) {
      expect(r).to.include({ jobId: job.jobId, role, worker: b.peerId, requester: a.peerId })
      expect(r.wallMs).to.equal(job.wallMs)
      expect(r.credits).to.be.closeTo(PRICE * r.wallMs / 1000, 1e-9)
    }
    // the same signed bid, result and ack on both sides
    expect(onB.bidEnvelope).to.equal(onA.bidEnvelope)
    expect(onB.resultEnvelope).to.equal(onA.resultEnvelope)
    expect(onB.ackEnvelope).to.equal(onA.ackEnvelope)

    const creditsA = json<CreditsJson>(on(a, ['credits', '--json']))
    const creditsB = json<CreditsJson>(on(b, ['credits', '--json']))
    expect(creditsA).to.deep.equal({ earned: 0, spent: onA.credits, balance: 0 - onA.credits, receipts: 1 })
    expect(creditsB).to.deep.equal({ earned: onB.credits, spent: 0, balance: onB.credits, receipts: 1 })
  })

  it('`shoal receipts` and `shoal credits` print for humans; a bad --limit is exit code 2', () => {
    const r = on(b, ['receipts', '--limit', '5'])
    expect(r.code, r.stderr).to.equal(0)
    const [header, line] = r.stdout.trimEnd().split('\n')
    expect(header.split(/\s{2,}/)).to.deep.equal(['JOB', 'ROLE', 'WORKER', 'REQUESTER', 'CREDITS', 'WALL', 'AGE'])
    expect(line.split(/\s{2,}/)).to.deep.equal([
      job.jobId.slice(0, 8), 'worker', `${b.peerId.slice(0, 8)}…${b.peerId.slice(-6)}`, `${a.peerId.slice(0, 8)}…${a.peerId.slice(-6)}`,
      (PRICE * job.wallMs! / 1000).toFixed(3), `${job.wallMs} ms`, line.split(/\s{2,}/)[6]
    ])
    const c = on(a, ['credits'])
    expect(c.code, c.stderr).to.equal(0)
    expect(c.stdout).to.match(/^earned: +0\.000 credits \(as a worker\)\nspent: +\d+\.\d{3} credits \(as a requester\)\nbalance: +-?\d+\.\d{3} credits\nreceipts: +1\n$/)
    const bad = on(a, ['receipts', '--limit', '0'])
    expect(bad.code).to.equal(2)
    expect(bad.stderr).to.match(/^shoal: --limit takes a whole number from 1 to 1000/)
  })
})
