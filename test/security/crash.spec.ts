import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { CLI, cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import type { RunJson } from '../../src/cli/run.js'
import type { CapacityRow, JobRecord } from '../../src/index.js'
import type { StoredReceipt } from '../../src/reputation/service.js'
import type { ReputationRowJson } from '../../src/api/reputation.js'
import type { RunningDaemon } from '../fixtures/daemon.js'
import type { ChildProcess } from 'node:child_process'

const SHA256 = resolve('examples/jobs/build/sha256.wasm')
const PRIMES = resolve('examples/jobs/build/primes.wasm')
/** several seconds of work on one core */
const LONG_N = '3000000000'

/** polls (at most every 200 ms, within a bound) until check passes */
async function poll<T> (what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs
  while (true) {
    const value = await check().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(200)
  }
}

const api = async <T>(d: RunningDaemon, path: string): Promise<T> => (await ApiClient.connect({ dataDir: d.dataDir })).get<T>(path)

describe('kill -9 and restart (daemons over loopback TCP)', function () {
  this.timeout(180_000)
  const dirs: Array<Awaited<ReturnType<typeof tempDir>>> = []
  const daemons: RunningDaemon[] = []
  const children: ChildProcess[] = []
  let a: RunningDaemon
  let b: RunningDaemon

  const start = async (dir: string, bootstrap?: RunningDaemon): Promise<RunningDaemon> => {
    const d = await startDaemon(dir, ['--local-mesh', '--max-jobs', '1', ...(bootstrap != null ? ['--bootstrap', bootstrap.addresses[0]] : [])])
    daemons.push(d)
    return d
  }
  const sees = async (requester: RunningDaemon, worker: RunningDaemon): Promise<void> => {
    await poll(`${requester.peerId.slice(-6)} to hold ${worker.peerId.slice(-6)}'s advert`, async () =>
      (await api<CapacityRow[]>(requester, '/capacity')).some(r => r.peerId === worker.peerId && r.runtimes.includes('wasm')) ? true : undefined)
  }

  before(async () => {
    for (let i = 0; i < 2; i++) dirs.push(await tempDir())
    a = await start(dirs[0].path)
    b = await start(dirs[1].path, a)
    await sees(a, b)
  })

  after(async () => {
    for (const c of children) if (c.exitCode == null && c.signalCode == null) c.kill('SIGKILL')
    await Promise.all(daemons.map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('a worker killed the moment the job is done keeps its receipt; both sides keep it, and the peers keep their reputation and ids', async () => {
    const r = cli(['run', SHA256, '--input', CLI, '--json', '--data-dir', a.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    const job: RunJson = JSON.parse(r.stdout)
    expect(job.worker).to.equal(b.peerId)
    // the requester's run ending means the worker said Kept: its receipt is on disk. And once B has
    // accepted A's report of the job (and so relayed it), the report and B's table are on disk too
    await poll('B to accept A\'s report of the job', async () => (await api<{ accepted: number }>(b, '/reputation/stats')).accepted >= 1 ? true : undefined)
    await b.stop('SIGKILL')
    const trustBefore = (await api<ReputationRowJson[]>(a, '/reputation')).find(row => row.peerId === b.peerId)
    expect(trustBefore?.good, 'A learned first-hand that B did right').to.be.greaterThan(0)

    // B back alone (no entry point, no redials): what it holds now it kept through kill -9, not from A again
    const alone = join(dirs[1].path, 'alone.json')
    await writeFile(alone, JSON.stringify({ connections: { reconnect: 0 } }))
    const isolated = await startDaemon(dirs[1].path, ['--config', alone])
    daemons.push(isolated)
    expect(isolated.peerId, 'the restarted worker has the same id').to.equal(job.worker)
    const held = await api<StoredReceipt[]>(isolated, '/receipts')
    const receipt = held.find(x => x.jobId === job.jobId)
    expect(receipt, 'the worker\'s receipt survived kill -9').to.include({ role: 'worker', worker: isolated.peerId, requester: a.peerId })
    expect(receipt!.ackEnvelope).to.be.a('string').and.not.equal('')
    expect((await api<ReputationRowJson[]>(isolated, '/reputation')).some(row => row.peerId === a.peerId), 'the report B accepted survived kill -9').to.equal(true)
    expect((await api<{ records: JobRecord[] }>(isolated, `/jobs/${job.jobId}`)).records[0]).to.include({ role: 'worker', status: 'succeeded' })
    await isolated.stop('SIGKILL')

    b = await start(dirs[1].path, a)

    // the requester restarted too: its receipt, its record and its view of B survive, and B is back in its table
    await a.stop('SIGKILL')
    a = await start(dirs[0].path, b)
    expect((await api<StoredReceipt[]>(a, '/receipts')).some(x => x.jobId === job.jobId && x.role === 'requester')).to.equal(true)
    const [kept] = (await api<{ records: JobRecord[] }>(a, `/jobs/${job.jobId}`)).records
    expect(kept).to.include({ status: 'succeeded' })
    expect(kept.results[0].workerKept, 'the worker said Kept before the requester called the job done').to.equal(true)
    const trustAfter = (await api<ReputationRowJson[]>(a, '/reputation')).find(row => row.peerId === b.peerId)
    expect(trustAfter, 'A still knows B after its own restart').to.not.equal(undefined)
    expect(trustAfter!.good).to.equal(trustBefore!.good)
    await sees(a, b)
  })

  it('a requester killed mid-job: the worker frees the slot and fails its record; on restart the requester marks the job interrupted', async () => {
    const run = spawn(process.execPath, [CLI, 'run', PRIMES, '--arg', LONG_N, '--json', '--data-dir', a.dataDir], { stdio: 'ignore' })
    children.push(run)
    const running = await poll('B to run the job', async () =>
      (await api<JobRecord[]>(b, '/jobs?limit=5')).find(j => j.role === 'worker' && j.status === 'running'))
    await poll('the running job to hold B\'s one slot', async () => (await api<CapacityRow>(b, '/capacity/self')).slotsFree === 0 ? true : undefined)
    await a.stop('SIGKILL')
    run.kill('SIGKILL')

    const ended = await poll('B to end the orphaned job', async () => {
      const [record] = (await api<{ records: JobRecord[] }>(b, `/jobs/${running.id}`)).records
      return record.status !== 'running' ? record : undefined
    })
    // the worker saw the requester go: it stopped the job (cancelled) or lost the stream (failed)
    expect(ended.status).to.be.oneOf(['cancelled', 'failed'])
    await poll('B\'s slot to be free again', async () => (await api<CapacityRow>(b, '/capacity/self')).slotsFree === 1 ? true : undefined)

    a = await start(dirs[0].path, b)
    const [record] = (await api<{ records: JobRecord[] }>(a, `/jobs/${running.id}`)).records
    expect(record).to.include({ role: 'requester', status: 'failed', reason: 'interrupted', message: 'interrupted by restart' })
    // and the restarted requester can use the mesh again
    await sees(a, b)
    const again = cli(['run', SHA256, '--input', CLI, '--json', '--data-dir', a.dataDir])
    expect(again.code, again.stderr).to.equal(0)
  })
})
