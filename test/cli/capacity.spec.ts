import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { cli, startDaemon, tempDir } from '../fixtures/daemon.js'
import { shortId } from '../../src/cli/output.js'
import type { CliResult, RunningDaemon } from '../fixtures/daemon.js'
import type { CapacityRow } from '../../src/index.js'

describe('shoal capacity end to end (daemons over loopback TCP)', function () {
  this.timeout(120_000)
  const daemons: RunningDaemon[] = []
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  let first: RunningDaemon
  let second: RunningDaemon

  before(async () => {
    for (let i = 0; i < 3; i++) dirs.push(await tempDir())
    first = await startDaemon(dirs[0].path, ['--local-mesh'])
    daemons.push(first)
    second = await startDaemon(dirs[1].path, [
      '--local-mesh', '--bootstrap', first.addresses[0],
      '--label', 'gpu=true', '--label', 'region=eu', '--max-jobs', '3', '--advert-interval', '5', '--price', '0.5'
    ])
    daemons.push(second)
  })

  after(async () => {
    await Promise.all(daemons.map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('the start banner shows the advertised labels', () => {
    expect(second.stdout()).to.match(/^labels: gpu=true, region=eu$/m)
    expect(first.stdout()).to.not.match(/^labels:/m)
  })

  it('`shoal capacity --json --where region=eu` on the first lists the second', async () => {
    // the advert comes by the sync protocol (or gossip) once the two are connected
    await first.waitForOutput(out => out.includes(`peer joined ${shortId(second.peerId)}`))
    let rows: CapacityRow[] = []
    let last: CliResult | undefined
    for (let attempt = 0; attempt < 20; attempt++) {
      last = cli(['capacity', '--json', '--where', 'region=eu', '--data-dir', dirs[0].path])
      expect(last.code, last.stderr).to.equal(0)
      rows = JSON.parse(last.stdout)
      if (rows.length > 0) break
      await sleep(500)
    }
    expect(rows.map(r => r.peerId), last?.stdout).to.deep.equal([second.peerId])
    const row = rows[0]
    expect(row.slotsFree).to.equal(3)
    expect(row.slotsTotal).to.equal(3)
    expect(row.labels).to.deep.equal({ gpu: 'true', region: 'eu' })
    expect(row.price).to.equal(0.5)
    expect(row.cores).to.be.at.least(1)
    expect(row.memoryFreeMb).to.be.a('number')
    expect(row.gpus).to.be.an('array')
    expect(row.seq).to.be.a('number')
    // --advert-interval 5: the advert lives 2.5 periods
    expect(row.expiresAt - row.issuedAt).to.equal(12_500)
    expect(row.expiresAt).to.be.greaterThan(Date.now())

    // every filter must match
    const none = cli(['capacity', '--json', '--where', 'region=eu', '--where', 'gpu=false', '--data-dir', dirs[0].path])
    expect(JSON.parse(none.stdout)).to.deep.equal([])
  })

  it('`shoal capacity` prints a table with both peers', () => {
    const r = cli(['capacity', '--data-dir', dirs[0].path])
    expect(r.code, r.stderr).to.equal(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).to.match(/^PEER +CORES +MEM FREE +LOAD +GPUS +SLOTS +PRICE +LABELS +AGE$/)
    const theirs = lines.find(l => l.startsWith(shortId(second.peerId)))
    expect(theirs, r.stdout).to.not.equal(undefined)
    expect(theirs).to.match(/ 3\/3 /)
    expect(theirs).to.match(/ gpu=true,region=eu /)
    expect(theirs).to.match(/ \d+(\.\d)? GiB \/ \d+(\.\d)? GiB | \d+ MiB \/ /)
    expect(theirs).to.match(/ \d+s$/)
    expect(lines.some(l => l.startsWith(`${shortId(first.peerId)} (self)`)), r.stdout).to.equal(true)
  })

  it('`shoal capacity --self --json` prints this peer\'s own advert', () => {
    const r = cli(['capacity', '--self', '--json', '--data-dir', dirs[1].path])
    expect(r.code, r.stderr).to.equal(0)
    const own: CapacityRow = JSON.parse(r.stdout)
    expect(own.peerId).to.equal(second.peerId)
    expect(own.labels).to.deep.equal({ gpu: 'true', region: 'eu' })
    expect(own.slotsTotal).to.equal(3)
    expect(own.source).to.equal('self')
    const human = cli(['capacity', '--self', '--data-dir', dirs[1].path])
    expect(human.code, human.stderr).to.equal(0)
    expect(human.stdout).to.match(/^slots: +3 free of 3$/m)
  })

  it('a daemon started with --no-advertise has no advert of its own', async () => {
    const quiet = await startDaemon(dirs[2].path, ['--local-mesh', '--no-advertise', '--quiet'])
    daemons.push(quiet)
    expect(quiet.stdout()).to.match(/^capacity: not advertising/m)
    const r = cli(['capacity', '--self', '--data-dir', dirs[2].path])
    expect(r.code).to.equal(1)
    expect(r.stderr.trim().split('\n')).to.have.length(1)
    expect(r.stderr).to.match(/^shoal: this peer is not advertising capacity/)
  })

  it('bad capacity flags give a one-line error and exit code 2', () => {
    const cases = [
      ['start', '--label', 'nonsense'],
      ['start', '--label', '=eu'],
      ['start', '--cpu-share', '2'],
      ['start', '--max-jobs', '0'],
      ['start', '--price', 'free'],
      ['start', '--advert-interval', '-1'],
      ['start', '--advert-interval', '241'],
      ['capacity', '--where', 'nonsense', '--data-dir', dirs[0].path],
      ['capacity', '--self', '--where', 'gpu=true', '--data-dir', dirs[0].path]
    ]
    for (const args of cases) {
      const r = cli(args)
      expect(r.code, args.join(' ')).to.equal(2)
      expect(r.stderr.trim().split('\n'), args.join(' ')).to.have.length(1)
      expect(r.stderr, args.join(' ')).to.match(/^shoal: /)
    }
    expect(cli(['start', '--label', 'nonsense']).stderr).to.match(/--label takes key=value/)
  })

  it('a peer that is killed (no goodbye) expires from the others\' tables', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    const victim = await startDaemon(dir.path, ['--local-mesh', '--bootstrap', first.addresses[0], '--advert-interval', '1'])
    daemons.push(victim)
    const listed = (): boolean => {
      const r = cli(['capacity', '--json', '--data-dir', dirs[0].path])
      return r.code === 0 && (JSON.parse(r.stdout) as CapacityRow[]).some(row => row.peerId === victim.peerId)
    }
    await first.waitForOutput(out => out.includes(`peer joined ${shortId(victim.peerId)}`))
    for (let i = 0; i < 40 && !listed(); i++) await sleep(250)
    expect(listed(), 'the victim is listed before the kill').to.equal(true)
    await victim.stop('SIGKILL')
    const killedAt = Date.now()
    // its advert lives 2.5 s (2.5 periods of 1 s); give the expiry timer a little slack
    for (let i = 0; i < 40 && listed(); i++) await sleep(250)
    expect(listed(), 'the victim expired').to.equal(false)
    expect(Date.now() - killedAt).to.be.below(10_000)
  })
})
