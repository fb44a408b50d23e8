import { expect } from 'chai'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runAlgorithm } from '../../src/sim/algorithm/engine.js'
import { renderHtml } from '../../src/sim/html.js'
import { loadScenario } from '../../src/sim/load.js'
import { cdf, percentile, spread } from '../../src/sim/stats.js'
import { cli, tempDir } from '../fixtures/daemon.js'

describe('sim: report', function () {
  this.timeout(60_000)

  it('percentiles, spreads and CDFs', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(values, 50)).to.equal(50)
    expect(percentile(values, 99)).to.equal(99)
    expect(spread(values)).to.deep.equal({ p50: 50, p99: 99, max: 100 })
    const c = cdf(values, 10)
    expect(c[c.length - 1]).to.deep.equal([100, 1])
    expect(c.every(([, share], i) => i === 0 || share >= c[i - 1][1])).to.equal(true)
    expect(percentile([], 50)).to.equal(0)
  })

  it('the HTML page is self-contained and has the five charts', async () => {
    const s = await loadScenario('colluders', 'algorithm', { nodes: 100, durationMs: 10 * 60_000 })
    const html = renderHtml(runAlgorithm({ ...s, warmupMs: 0 }, { memory: () => 50e6 }))
    expect(html).to.match(/^<!doctype html>/)
    expect(html.match(/<svg /g)?.length).to.equal(5)
    for (const title of ['Advert dissemination', 'Job latency over time', 'Trust: honest vs malicious', 'Wrong results accepted', 'Memory per peer']) {
      expect(html).to.include(title)
    }
    expect(html).to.include('<polyline')
    expect(html).to.not.match(/<script|https?:\/\//)
  })

  it('shoal sim writes report.json and report.html and prints one summary object with --json', async () => {
    const dir = await tempDir('shoal-sim-')
    try {
      const out = join(dir.path, 'report')
      const r = cli(['sim', 'baseline', '--nodes', '100', '--duration', '5m', '--seed', '3', '--json', '--out', out])
      expect(r.code, r.stderr).to.equal(0)
      const summary = JSON.parse(r.stdout)
      for (const key of ['scenario', 'engine', 'nodes', 'deliveryRatio', 'disseminationMs', 'jobs', 'jobLatencyMs', 'wrongAcceptedShare',
        'honestBannedShare', 'replicasPerJob', 'peakMemoryPerPeerMb', 'discoveryMs', 'reputationConvergenceMs', 'cpuMs']) {
        expect(summary, key).to.have.property(key)
      }
      expect(summary).to.include({ scenario: 'baseline', engine: 'algorithm', nodes: 100, seed: 3 })
      expect(summary.disseminationMs).to.have.keys('p50', 'p99', 'max')
      expect(summary.jobs).to.have.keys('submitted', 'completed', 'failed', 'lost')
      const json = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'))
      expect(json.summary.jobs).to.deep.equal(summary.jobs)
      expect(await readFile(join(out, 'report.html'), 'utf8')).to.include('<svg ')
    } finally {
      await dir.remove()
    }
  })

  it('shoal sim refuses an unknown scenario or engine with a clear message', () => {
    const a = cli(['sim', 'nope'])
    expect(a.code).to.equal(2)
    expect(a.stderr).to.match(/no scenario "nope".*baseline/)
    const b = cli(['sim', 'baseline', '--engine', 'quantum'])
    expect(b.code).to.equal(2)
    expect(b.stderr).to.match(/--engine takes algorithm, inprocess, multiprocess/)
  })
})
