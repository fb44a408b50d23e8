import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { shortId } from '../../src/cli/output.js'
import { readApiFiles } from '../../src/node/data-dir.js'
import { cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import { sample, scrape } from '../fixtures/metrics.js'
import type { CapacityRow } from '../../src/index.js'
import type { RunningDaemon } from '../fixtures/daemon.js'

const SHA256 = resolve('examples/jobs/build/sha256.wasm')
const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z'

/** the lines a daemon printed after its start-up banner */
const eventLines = (stdout: string): string[] => stdout.slice(stdout.indexOf('stop with Ctrl-C\n') + 'stop with Ctrl-C\n'.length).split('\n').filter(l => l !== '')

describe('`shoal start` for operators: event log and /metrics (daemons over loopback TCP)', function () {
  this.timeout(120_000)
  const daemons: RunningDaemon[] = []
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  let requester: RunningDaemon
  let worker: RunningDaemon
  let jobId: string

  before(async () => {
    for (let i = 0; i < 4; i++) dirs.push(await tempDir())
    requester = await startDaemon(dirs[0].path, ['--local-mesh'])
    daemons.push(requester)
    worker = await startDaemon(dirs[1].path, ['--local-mesh', '--log-json', '--metrics-public', '--bootstrap', requester.addresses[0]])
    daemons.push(worker)
    await untilAdvert(requester, row => row.peerId === worker.peerId)
    const input = join(dirs[3].path, 'input.bin')
    await writeFile(input, 'hash me')
    const r = cli(['run', SHA256, '--input', input, '--json', '--data-dir', requester.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    jobId = JSON.parse(r.stdout).jobId
  })

  after(async () => {
    await Promise.all(daemons.map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('prints one human line per event: peer joined, job submitted, job finished, report published', async () => {
    const w = shortId(worker.peerId)
    await requester.waitForOutput(out => out.includes(`report published: ${w} success on job ${jobId.slice(0, 8)}`))
    const lines = eventLines(requester.stdout())
    for (const line of [
      `peer joined ${escape(w)}`,
      `job submitted ${jobId.slice(0, 8)} wasm:[0-9a-f]{8}, 1 replica\\(s\\)`,
      `job finished ${jobId.slice(0, 8)} wasm:[0-9a-f]{8}: succeeded by ${escape(w)} in \\d+ ms`,
      `report published: ${escape(w)} success on job ${jobId.slice(0, 8)}`
    ]) {
      const re = new RegExp(`^${ISO} ${line}$`)
      expect(lines.some(l => re.test(l)), `${re.source} in\n${lines.join('\n')}`).to.equal(true)
    }
  })

  it('with --log-json, prints one JSON object per line: the worker\'s "job:ran"', async () => {
    await worker.waitForOutput(out => out.includes('"event":"job:ran"'))
    const events = eventLines(worker.stdout()).map(l => JSON.parse(l))
    for (const e of events) {
      expect(e.time).to.match(new RegExp(`^${ISO}$`))
      expect(e.event).to.be.a('string')
    }
    expect(events.find(e => e.event === 'peer:joined' && e.peer === requester.peerId)).to.not.equal(undefined)
    const ran = events.find(e => e.event === 'job:ran')
    expect(ran).to.include({ job: jobId, kind: 'wasm', requester: requester.peerId, outcome: 'succeeded' })
    expect(ran.module).to.match(/^[0-9a-f]{64}$/)
    expect(ran.ms).to.be.a('number')
  })

  it('serves /metrics: with the token, or without it under --metrics-public', async () => {
    const mine = (await readApiFiles(requester.dataDir))!
    expect(requester.stdout()).to.include(`metrics: http://${mine.address}/metrics (needs the token)`)
    expect((await scrape(mine.address)).status).to.equal(401)
    const r = await scrape(mine.address, mine.token)
    expect(r.status).to.equal(200)
    expect(sample(r, 'shoal_jobs_total', { role: 'requester', outcome: 'succeeded' })).to.equal(1)
    expect(r.families.has('libp2p_connection_manager_connections')).to.equal(true)

    const theirs = (await readApiFiles(worker.dataDir))!
    expect(worker.stdout()).to.include(`metrics: http://${theirs.address}/metrics (public)`)
    await worker.waitForOutput(out => out.includes('"event":"job:ran"'))
    const w = await scrape(theirs.address)
    expect(w.status).to.equal(200)
    expect(sample(w, 'shoal_jobs_total', { role: 'worker', outcome: 'succeeded' })).to.equal(1)
    expect((await fetch(`http://${theirs.address}/v1/status`)).status).to.equal(401)
  })

  it('with --quiet, prints the banner and nothing more, even after running a job', async () => {
    const quiet = await startDaemon(dirs[2].path, ['--local-mesh', '--quiet', '--bootstrap', requester.addresses[0]])
    daemons.push(quiet)
    await untilAdvert(quiet, row => row.peerId !== quiet.peerId && row.runtimes.includes('wasm'))
    const input = join(dirs[3].path, 'input.bin')
    const r = cli(['run', SHA256, '--input', input, '--json', '--data-dir', quiet.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    // the job's events (peer joined, submitted, finished) fired before `shoal run` got its result; all printed once it exits
    expect(await quiet.stop('SIGTERM')).to.equal(0)
    expect(eventLines(quiet.stdout())).to.deep.equal(['SIGTERM: stopping (closing connections, flushing the datastore)…', 'stopped'])
  })
})

/** a job needs a worker's advert first; a daemon in another process can only be asked (every 200 ms, at most a minute) */
async function untilAdvert (daemon: RunningDaemon, wanted: (row: CapacityRow) => boolean): Promise<void> {
  const client = await ApiClient.connect({ dataDir: daemon.dataDir })
  const end = Date.now() + 60_000
  while (!(await client.get<CapacityRow[]>('/capacity')).some(wanted)) {
    if (Date.now() > end) throw new Error(`${daemon.peerId} never saw the advert it waited for`)
    await sleep(200)
  }
}

function escape (text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
