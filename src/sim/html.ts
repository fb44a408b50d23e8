/**
 * The report as one self-contained HTML page: summary, checks, and inline
 * SVG charts (no scripts, no CDN). Pure: returns the page as a string.
 */
import type { Report } from './metrics.js'

interface Line { name: string, color: string, points: Array<[number, number]> }

const W = 560
const H = 260
const PAD = { left: 64, right: 16, top: 28, bottom: 40 }

export function lineChart (title: string, xLabel: string, yLabel: string, lines: Line[], opts: { yMax?: number } = {}): string {
  const all = lines.flatMap(l => l.points)
  if (all.length === 0) return `<figure><figcaption>${esc(title)}</figcaption><p class="empty">no data in this run</p></figure>`
  const xMin = Math.min(...all.map(p => p[0]))
  const xMax = Math.max(...all.map(p => p[0]), xMin + 1e-9)
  const yMax = opts.yMax ?? niceMax(Math.max(...all.map(p => p[1]), 1e-9))
  const x = (v: number): number => PAD.left + (v - xMin) / (xMax - xMin || 1) * (W - PAD.left - PAD.right)
  const y = (v: number): number => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom)
  const ticks: string[] = []
  for (let k = 0; k <= 4; k++) {
    const yv = yMax * k / 4
    const xv = xMin + (xMax - xMin) * k / 4
    ticks.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(yv).toFixed(1)}" y2="${y(yv).toFixed(1)}" class="grid"/>`)
    ticks.push(`<text x="${PAD.left - 6}" y="${(y(yv) + 4).toFixed(1)}" text-anchor="end">${fmt(yv)}</text>`)
    ticks.push(`<text x="${x(xv).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${fmt(xv)}</text>`)
  }
  const paths = lines.filter(l => l.points.length > 0).map(l =>
    `<polyline fill="none" stroke="${l.color}" stroke-width="2" points="${l.points.map(p => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ')}"/>` +
    (l.points.length === 1 ? `<circle cx="${x(l.points[0][0]).toFixed(1)}" cy="${y(l.points[0][1]).toFixed(1)}" r="3" fill="${l.color}"/>` : ''))
  const legend = lines.map((l, k) => `<g transform="translate(${PAD.left + 8 + k * 130},${PAD.top - 12})"><rect width="12" height="4" y="-4" fill="${l.color}"/><text x="16" y="0">${esc(l.name)}</text></g>`)
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">
${ticks.join('\n')}
<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" class="axis"/>
<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" class="axis"/>
<text x="${(W + PAD.left) / 2}" y="${H - 6}" text-anchor="middle">${esc(xLabel)}</text>
<text transform="translate(14,${(H - PAD.bottom + PAD.top) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>
${paths.join('\n')}
${legend.join('\n')}
</svg></figure>`
}

export function renderHtml (report: Report): string {
  const { summary: s, series } = report
  const min = (t: number): number => t / 60_000
  const rows: Array<[string, string]> = [
    ['engine', `${s.engine}, ${s.nodes} nodes, seed ${s.seed}, ${min(s.durationMs).toFixed(1)} min simulated`],
    ['adverts delivered', pct(s.deliveryRatio)],
    ['advert dissemination p50 / p99 / max', `${s.disseminationMs.p50} / ${s.disseminationMs.p99} / ${s.disseminationMs.max} ms`],
    ['reports delivered; dissemination p50 / p99', `${pct(s.reports.deliveryRatio)}; ${s.reports.disseminationMs.p50} / ${s.reports.disseminationMs.p99} ms`],
    ['discovery p50 / p99', `${s.discoveryMs.p50} / ${s.discoveryMs.p99} ms`],
    ['jobs submitted / completed / failed / lost', `${s.jobs.submitted} / ${s.jobs.completed} / ${s.jobs.failed} / ${s.jobs.lost}`],
    ['job latency p50 / p99', `${s.jobLatencyMs.p50} / ${s.jobLatencyMs.p99} ms`],
    ['wrong results accepted (after warm-up)', `${pct(s.wrongAcceptedShare, 3)} of ${s.measuredJobs} jobs`],
    ['worker runs per job; with requester re-runs', `${s.replicasPerJob}; ${s.runsPerJob}`],
    ['honest peers banned / refused', `${pct(s.honestBannedShare, 3)} / ${pct(s.honestRefusedShare, 3)}`],
    ['malicious peers banned', pct(s.maliciousBannedShare)],
    ['reputation converged at', s.reputationConvergenceMs == null ? '—' : `${min(s.reputationConvergenceMs).toFixed(1)} min`],
    ['peak memory per peer', `${s.peakMemoryPerPeerMb} MB`],
    ['CPU time / wall time', `${(s.cpuMs / 1000).toFixed(1)} s / ${(s.wallMs / 1000).toFixed(1)} s`]
  ]
  const checks = s.checks.map(c => `<li class="${c.ok ? 'ok' : 'bad'}">${c.ok ? '✔' : '✘'} ${esc(c.name)} = ${c.value} (limit ${c.limit})</li>`).join('')
  const charts = [
    lineChart('Advert dissemination: share of peers reached', 'ms after publishing', 'share of receipts', [
      { name: 'adverts', color: '#1f77b4', points: series.disseminationCdf }
    ], { yMax: 1 }),
    lineChart('Job latency over time', 'minutes', 'ms', [
      { name: 'p50', color: '#2ca02c', points: series.latency.map(p => [min(p.t), p.p50]) },
      { name: 'p90', color: '#ff7f0e', points: series.latency.map(p => [min(p.t), p.p90]) },
      { name: 'p99', color: '#d62728', points: series.latency.map(p => [min(p.t), p.p99]) }
    ]),
    lineChart('Trust: honest vs malicious workers', 'minutes', 'mean trust', [
      { name: 'honest', color: '#2ca02c', points: series.trust.map(p => [min(p.t), p.honest]) },
      { name: 'malicious', color: '#d62728', points: series.trust.flatMap(p => p.malicious == null ? [] : [[min(p.t), p.malicious] as [number, number]]) }
    ], { yMax: 1 }),
    lineChart('Wrong results accepted', 'minutes', 'share of jobs finished', [
      { name: 'wrong accepted', color: '#d62728', points: series.wrong.map(p => [min(p.t), p.share]) }
    ]),
    lineChart('Memory per peer', 'minutes', 'MB (process RSS / peers)', [
      { name: 'RSS / peers', color: '#9467bd', points: series.memory.map(p => [min(p.t), p.mbPerPeer]) }
    ])
  ]
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shoal simulation: ${esc(s.scenario)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
table{border-collapse:collapse}td{padding:3px 12px 3px 0;border-bottom:1px solid #eee}td:first-child{color:#555}
figure{display:inline-block;margin:8px 16px 16px 0}figcaption{font-weight:600;margin-bottom:4px}
svg text{font-size:11px;fill:#444}.grid{stroke:#eee}.axis{stroke:#888}
.ok{color:#2a7}.bad{color:#c22}ul{list-style:none;padding:0}.empty{color:#888}pre{background:#f6f6f6;padding:8px;overflow:auto}
</style></head><body>
<h1>Shoal simulation: ${esc(s.scenario)}</h1>
<p>${esc(report.scenario.description)}</p>
<table>${rows.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>
${checks !== '' ? `<h2>Checks</h2><ul>${checks}</ul>` : ''}
<h2>Charts</h2>
${charts.join('\n')}
${report.notes.length > 0 ? `<h2>Notes</h2><ul>${report.notes.map(n => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<h2>Scenario</h2><pre>${esc(JSON.stringify(report.scenario, null, 2))}</pre>
</body></html>
`
}

function niceMax (v: number): number {
  const p = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p
  return 10 * p
}

function fmt (v: number): string {
  if (v === 0) return '0'
  if (Math.abs(v) >= 100) return v.toFixed(0)
  if (Math.abs(v) >= 1) return v.toFixed(1)
  return v.toPrecision(2)
}

function pct (x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`
}

function esc (s: string): string {
  return s.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
}
