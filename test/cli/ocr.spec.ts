import { spawn } from 'node:child_process'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { ApiClient } from '../../src/api/client.js'
import { CLI, startDaemon, tempDir } from '../fixtures/daemon.js'
import { haveImageMagick, makeTestPages } from '../fixtures/ocr-pages.js'
import { characterErrorRate } from '../../src/workloads/index.js'
import type { OcrJson, OcrResultLine } from '../../src/cli/ocr.js'
import type { CapacityRow } from '../../src/index.js'
import type { RunningDaemon } from '../fixtures/daemon.js'
import type { TestPage } from '../fixtures/ocr-pages.js'

/** the CLI to its end, without spawnSync's fixed 60 s (a page set on a busy machine may take longer) */
async function shoal (args: string[], timeoutMs = 420_000): Promise<{ code: number | null, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
  const timer = setTimeout(() => { child.kill('SIGKILL') }, timeoutMs)
  const code = await new Promise<number | null>(resolve => { child.once('exit', c => { resolve(c) }) })
  clearTimeout(timer)
  return { code, stdout, stderr }
}

describe('shoal ocr end to end (two daemons over loopback TCP, one offering the ocr kind)', function () {
  this.timeout(600_000)
  const dirs: Array<{ path: string, remove: () => Promise<void> }> = []
  const daemons: RunningDaemon[] = []
  let a: RunningDaemon
  let b: RunningDaemon
  let pagesDir: string
  let pages: TestPage[]
  let work: string

  before(async () => {
    if (!haveImageMagick()) throw new Error('ImageMagick (/usr/bin/convert) and DejaVu fonts are needed: apt-get install imagemagick fonts-dejavu-core')
    for (let i = 0; i < 3; i++) dirs.push(await tempDir())
    work = dirs[2].path
    pagesDir = join(work, 'pages')
    await mkdir(pagesDir)
    pages = makeTestPages(pagesDir)
    a = await startDaemon(dirs[0].path, ['--local-mesh', '--advert-interval', '2'])
    b = await startDaemon(dirs[1].path, ['--local-mesh', '--advert-interval', '2', '--bootstrap', a.addresses[0], '--ocr', '--label', 'role=reader'])
    daemons.push(a, b)
    const client = await ApiClient.connect({ dataDir: a.dataDir })
    const hasAdvert = async (): Promise<boolean> => (await client.get<CapacityRow[]>('/capacity?where=kind%3Docr')).some(r => r.peerId === b.peerId)
    const end = Date.now() + 60_000
    while (!(await hasAdvert())) {
      if (Date.now() > end) throw new Error('A never held B\'s ocr advert')
      await sleep(200)
    }
  })

  after(async () => {
    await Promise.all(daemons.map(async d => d.stop('SIGKILL')))
    await Promise.all(dirs.map(async d => d.remove()))
  })

  it('reads a folder of pages on the mesh with a CER of at most 5%, writes JSON lines and an HTML report, and compares with this machine alone', async () => {
    const out = join(work, 'out', 'results.jsonl')
    const r = await shoal(['ocr', pagesDir, '--out', out, '--json', '--where', 'role=reader', '--data-dir', a.dataDir])
    expect(r.code, r.stderr + r.stdout.slice(0, 3000)).to.equal(0)
    const report = JSON.parse(r.stdout) as OcrJson
    expect(report.pages).to.equal(pages.length)
    expect(report.failed).to.equal(0)
    expect(report.peers).to.equal(1)
    expect(report.baseline?.sameText).to.equal(true)
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map(l => JSON.parse(l) as OcrResultLine)
    expect(lines.map(l => l.file)).to.deep.equal(pages.map(p => p.file))
    expect(lines.every(l => l.worker === b.peerId && typeof l.aloneMs === 'number')).to.equal(true)
    const cer = characterErrorRate(lines.map((l, i) => ({ truth: pages[i].lines.join('\n'), read: l.text ?? '' })))
    console.log(`      CER over ${pages.length} pages through shoal ocr: ${(cer * 100).toFixed(2)}%`)
    expect(cer).to.be.at.most(0.05)
    // turned pages: their lines were found upside down
    for (const [i, p] of pages.entries()) if (p.rotated) expect(lines[i].lines?.some(l => l.angle === 180), p.name).to.equal(true)

    expect(report.report).to.equal(join(work, 'out', 'results.html'))
    const html = await readFile(report.report!, 'utf8')
    for (const [i, p] of pages.entries()) {
      expect(html).to.include(`<h2>${p.name === p.file ? p.name : p.file}</h2>`)
      expect(html.match(new RegExp(`<polygon[^>]*>`, 'g'))?.length).to.be.at.least(lines.reduce((n, l) => n + (l.lines?.length ?? 0), 0))
      expect(html).to.include(lines[i].lines![0].text.replace(/&/g, '&amp;'))
    }
    expect(html).to.include(b.peerId)
    expect(html).to.match(/alone \(this machine, \d+ at once\)/)
    expect(html.match(/data:image\/png;base64,/g)).to.have.length(pages.length)
  })

  it('prints a table by page with the peer, and progress on stderr', async () => {
    const r = await shoal(['ocr', pages[0].file, pages[2].file, '--out', join(work, 'two.jsonl'), '--no-baseline', '--data-dir', a.dataDir])
    expect(r.code, r.stderr).to.equal(0)
    expect(r.stdout).to.match(/^PAGE\s+LINES\s+PEER\s+RUN\s+ROUND TRIP\s+TEXT$/m)
    expect(r.stdout).to.match(/^page-01\.png\s+2\s+12D3KooW…\S{6}\s+\d+ ms\s+[\d.]+ m?s\s+The quick brown fox \| jumps over the lazy dog$/m)
    expect(r.stdout).to.match(/^mesh: {2}2 page\(s\) on 1 peer\(s\)/m)
    expect(r.stderr).to.match(/^mesh: 2\/2 pages \(page-0[13]\.png by 12D3KooW/m)
  })

  it('says what to do when no peer offers ocr where asked, or a folder holds no PNG', async () => {
    const r = await shoal(['ocr', pagesDir, '--out', join(work, 'x.jsonl'), '--where', 'region=mars', '--data-dir', a.dataDir])
    expect(r.code).to.equal(2)
    expect(r.stderr).to.match(/no peer offers job kind "ocr" with region=mars.*shoal start --ocr/)
    const empty = join(work, 'empty')
    await mkdir(empty)
    const s = await shoal(['ocr', empty, '--out', join(work, 'x.jsonl'), '--data-dir', a.dataDir])
    expect(s.code).to.equal(2)
    expect(s.stderr).to.match(/holds no \.png files/)
  })
})
