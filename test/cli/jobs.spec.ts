import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { CLI, cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import type { JobDetailJson } from '../../src/api/jobs.js'
import type { RunJson } from '../../src/cli/run.js'
import type { CapacityRow, JobRecord } from '../../src/index.js'
import type { CliResult, RunningDaemon } from '../fixtures/daemon.js'
import type { ChildProcess } from 'node:child_process'

const SHA256 = resolve('examples/jobs/build/sha256.wasm')
const PRIMES = resolve('examples/jobs/build/primes.wasm')
/** π(3·10⁹): about 6 s on one core of the machine these tests were written on */
const LONG_N = '3000000000'
const LONG_COUNT = '144449537'
const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

interface Running { child: ChildProcess, stderr: () => string, done: Promise<CliResult> }

/** a CLI command in the background */
function cliChild (args: string[]): Running {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d })
  const done = new Promise<CliResult>(resolveDone => { child.once('exit', code => { resolveDone({ code, stdout: out, stderr: err }) }) })
  return { child, stderr: () => err, done }
}

/** polls (at most every 250 ms, within a bound) until check passes */
async function poll<T> (what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs
  while (true) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(200)
  }
}

describe('shoal run, jobs, job end to end (daemons over loopback TCP)', function () {
  this.timeout(180_000)
  const daemons: RunningDaemon[] = []
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  const children: ChildProcess[] = []
  let a: RunningDaemon
  let b: RunningDaemon
  let c: RunningDaemon
  let work: string
  let input: Uint8Array
  let inputFile: string
  let firstJob: RunJson

  const run = (args: string[], daemon = a): CliResult => cli(['run', ...args, '--data-dir', daemon.dataDir])
  const background = (args: string[]): Running => {
    const r = cliChild([...args, '--data-dir', a.dataDir])
    children.push(r.child)
    return r
  }

  before(async () => {
    for (let i = 0; i < 4; i++) dirs.push(await tempDir())
    work = dirs[3].path
    a = await startDaemon(dirs[0].path, ['--local-mesh'])
    daemons.push(a)
    for (const dir of dirs.slice(1, 3)) daemons.push(await startDaemon(dir.path, ['--local-mesh', '--bootstrap', a.addresses[0]]))
    ;[, b, c] = daemons
    // the requester must hold both workers' adverts before it can fail over from one to the other
    const client = await ApiClient.connect({ dataDir: a.dataDir })
    await poll('A to hold B\'s and C\'s adverts', async () => {
      const rows = await client.get<CapacityRow[]>('/capacity')
      return [b, c].every(d => rows.some(r => r.peerId === d.peerId && r.runtimes.includes('wasm'))) ? true : undefined
    })
    input = new Uint8Array(randomBytes(200_000))
    inputFile = join(work, 'input.bin')
    await writeFile(inputFile, input)
  })

  after(async () => {
    for (const child of children) if (child.exitCode == null && child.signalCode == null) child.kill('SIGKILL')
    await Promise.all(daemons.map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('`shoal run sha256.wasm --input <file> --json` on A: the right digest, from a worker that is not A', () => {
    const r = run([SHA256, '--input', inputFile, '--json'])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stderr).to.equal('')
    firstJob = JSON.parse(r.stdout)
    expect(Object.keys(firstJob)).to.include.members(['jobId', 'status', 'worker', 'attempts', 'outputHash', 'output', 'cpuMs', 'wallMs', 'exitCode'])
    expect(firstJob.status).to.equal('succeeded')
    expect(Buffer.from(firstJob.output!, 'base64').toString()).to.equal(sha256Hex(input))
    expect(firstJob.worker).to.be.oneOf([b.peerId, c.peerId])
    expect(firstJob.worker).to.not.equal(a.peerId)
    expect(firstJob.exitCode).to.equal(0)
    expect(firstJob.attempts).to.have.length(1)
    expect(firstJob.attempts[0]).to.include({ worker: firstJob.worker, outcome: 'succeeded' })
  })

  it('writes the output to stdout, or to --out; progress lines on stderr when it is not a terminal', async () => {
    const r = run([SHA256, '--input', inputFile])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.equal(sha256Hex(input))
    expect(r.stderr).to.match(/^job [0-9a-f]{32} submitted$/m)
    expect(r.stderr).to.match(/^job [0-9a-f]{8}: accepted by 12D3KooW…\S{6}$/m)
    expect(r.stderr).to.match(/^job [0-9a-f]{8}: finished on 12D3KooW…\S{6}: 64 bytes, wall \d+ ms, cpu \d+ ms$/m)

    const out = join(work, 'digest.txt')
    const o = run([SHA256, '--input', inputFile, '--out', out, '--json'])
    expect(o.code, o.stderr).to.equal(0)
    expect(JSON.parse(o.stdout).output).to.equal(undefined)
    expect(await readFile(out, 'utf8')).to.equal(sha256Hex(input))
  })

  it('`shoal jobs` lists the job on the requester and on its worker', () => {
    const r = cli(['jobs', '--json', '--data-dir', a.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    const mine = (JSON.parse(r.stdout) as JobRecord[]).find(j => j.id === firstJob.jobId)
    expect(mine).to.include({ role: 'requester', status: 'succeeded', worker: firstJob.worker, kind: 'wasm', requester: a.peerId, inputSize: input.byteLength })

    const worker = [b, c].find(d => d.peerId === firstJob.worker)!
    const w = cli(['jobs', '--json', '--limit', '50', '--data-dir', worker.dataDir])
    const theirs = (JSON.parse(w.stdout) as JobRecord[]).find(j => j.id === firstJob.jobId)
    expect(theirs).to.include({ role: 'worker', status: 'succeeded', requester: a.peerId, outputHash: firstJob.outputHash })

    const table = cli(['jobs', '--data-dir', a.dataDir])
    expect(table.code, table.stderr).to.equal(0)
    const lines = table.stdout.trim().split('\n')
    expect(lines[0]).to.match(/^ID +ROLE +KIND +STATUS +PEER +WALL +AGE$/)
    expect(lines.find(l => l.startsWith(firstJob.jobId.slice(0, 8)))).to.match(/^[0-9a-f]{8} +requester +wasm +succeeded +12D3KooW…\S{6} +\d+ ms +\d+s$/)
  })

  it('`shoal job <id>` shows the records and attempts; a prefix works too', () => {
    const r = cli(['job', firstJob.jobId, '--json', '--data-dir', a.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    const detail: JobDetailJson = JSON.parse(r.stdout)
    expect(detail.id).to.equal(firstJob.jobId)
    expect(detail.records).to.have.length(1)
    expect(detail.records[0]).to.include({ role: 'requester', status: 'succeeded', worker: firstJob.worker })
    expect(detail.records[0].attempts).to.deep.equal(firstJob.attempts)
    expect(detail.output).to.equal(firstJob.output)

    const human = cli(['job', firstJob.jobId.slice(0, 8), '--data-dir', a.dataDir])
    expect(human.code, human.stderr).to.equal(0)
    expect(human.stdout).to.match(new RegExp(`^job ${firstJob.jobId}$`, 'm'))
    expect(human.stdout).to.match(/^ {2}status: +succeeded$/m)
    expect(human.stdout).to.match(/^ {4}WORKER +REPLICA +OUTCOME +REASON +DURATION$/m)
    expect(human.stdout).to.match(/^ {4}12D3KooW…\S{6} +0 +succeeded +- +\d+ ms$/m)

    const unknown = cli(['job', '0123456789abcdef0123456789abcdef', '--data-dir', a.dataDir])
    expect(unknown.code).to.equal(1)
    expect(unknown.stderr).to.equal('shoal: no job 0123456789abcdef0123456789abcdef here\n')
  })

  it('a job that exits non-zero: its output and stderr, then exit code 1 saying so', () => {
    const r = run([PRIMES, '--arg', 'nonsense'])
    expect(r.code).to.equal(1)
    expect(r.stdout).to.equal('')
    expect(r.stderr).to.match(/^usage: primes N/m)
    expect(r.stderr).to.match(/^shoal: job [0-9a-f]{32} exited with 2$/m)
    const j = run([PRIMES, '--arg', 'nonsense', '--json'])
    expect(j.code).to.equal(1)
    expect(JSON.parse(j.stdout)).to.include({ status: 'succeeded', exitCode: 2 })
    expect(j.stderr).to.match(/^shoal: job [0-9a-f]{32} exited with 2\n$/)
  })

  it('a job no worker takes fails: exit code 1 with the reason', () => {
    // workers take at most 1024 MiB unless their operator says otherwise
    const r = run([SHA256, '--memory', '4096', '--json'])
    expect(r.code).to.equal(1)
    expect(JSON.parse(r.stdout)).to.include({ status: 'failed', reason: 'no-worker-succeeded' })
    expect(r.stderr).to.match(/^shoal: job [0-9a-f]{32} failed: no-worker-succeeded: .+\n$/)
  })

  it('bad flags give a one-line error and exit code 2', () => {
    const cases = [
      ['run', '--data-dir', a.dataDir],
      ['run', SHA256, '--replicas', '0', '--data-dir', a.dataDir],
      ['run', SHA256, '--timeout', 'soon', '--data-dir', a.dataDir],
      ['run', SHA256, '--timeout', '0', '--data-dir', a.dataDir],
      ['run', SHA256, '--memory', '-1', '--data-dir', a.dataDir],
      ['run', SHA256, '--label', 'nonsense', '--data-dir', a.dataDir],
      ['run', SHA256, '--input', join(work, 'no-such-file'), '--data-dir', a.dataDir],
      ['run', join(work, 'no-such.wasm'), '--data-dir', a.dataDir],
      ['run', SHA256, '--colour', 'blue', '--data-dir', a.dataDir],
      ['jobs', '--limit', '0', '--data-dir', a.dataDir],
      ['jobs', '--limit', 'all', '--data-dir', a.dataDir],
      ['job', 'xyz!', '--data-dir', a.dataDir],
      ['job', '--data-dir', a.dataDir]
    ]
    for (const args of cases) {
      const r = cli(args)
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).to.equal(2)
      expect(r.stderr.trim().split('\n'), args.join(' ')).to.have.length(1)
      expect(r.stderr, args.join(' ')).to.match(/^shoal: /)
    }
    expect(cli(['run', '--data-dir', a.dataDir]).stderr).to.match(/needs a module/)
    expect(cli(['run', SHA256, '--input', join(work, 'no-such-file'), '--data-dir', a.dataDir]).stderr).to.match(/cannot read --input .*no such file/)
  })

  it('Ctrl-C while waiting cancels the job and exits 130', async () => {
    const r = background(['run', PRIMES, '--arg', LONG_N])
    await poll('the job to run', async () => /running on/.test(r.stderr()) ? true : undefined)
    const id = /^job ([0-9a-f]{32}) submitted$/m.exec(r.stderr())![1]
    r.child.kill('SIGINT')
    const done = await r.done
    expect(done.code, done.stderr).to.equal(130)
    expect(done.stdout).to.equal('')
    expect(done.stderr).to.match(new RegExp(`^shoal: job ${id} cancelled$`, 'm'))
    const detail: JobDetailJson = JSON.parse(cli(['job', id, '--json', '--data-dir', a.dataDir]).stdout)
    expect(detail.records[0]).to.include({ status: 'cancelled', reason: 'cancelled' })
  })

  it('SIGKILL the worker mid-job: the job fails over to the other worker and `shoal run` still succeeds', async () => {
    const started = Date.now()
    const r = background(['run', PRIMES, '--arg', LONG_N, '--json'])
    // which worker runs it: a worker-role record with status running, through its control API
    const running = async (d: RunningDaemon): Promise<JobRecord | undefined> => {
      const client = await ApiClient.connect({ dataDir: d.dataDir })
      return (await client.get<JobRecord[]>('/jobs?limit=5')).find(j => j.role === 'worker' && j.status === 'running')
    }
    const [victim, record] = await poll('B or C to run the job', async () => {
      for (const d of [b, c]) {
        const found = await running(d)
        if (found != null) return [d, found] as const
      }
      return undefined
    })
    const survivor = victim === b ? c : b
    const killedAfter = Date.now() - started
    await victim.stop('SIGKILL')

    const done = await r.done
    const tookMs = Date.now() - started
    expect(done.code, done.stderr).to.equal(0)
    const out: RunJson = JSON.parse(done.stdout)
    expect(out.jobId).to.equal(record.id)
    expect(out.status).to.equal('succeeded')
    expect(Buffer.from(out.output!, 'base64').toString(), done.stdout).to.equal(LONG_COUNT)
    expect(out.attempts.length, JSON.stringify(out.attempts)).to.be.at.least(2)
    expect(out.attempts[0]).to.include({ worker: victim.peerId, outcome: 'failed' })
    expect(out.attempts[0].reason).to.be.oneOf(['disconnected', 'timeout'])
    expect(out.worker).to.equal(survivor.peerId)
    expect(out.attempts[out.attempts.length - 1]).to.include({ worker: survivor.peerId, outcome: 'succeeded' })
    console.log(`      (killed ${victim === b ? 'B' : 'C'} ${killedAfter} ms after submitting; the job finished on the other after ${tookMs} ms in all)`)
  })
})
