/**
 * The HTML report of an OCR run: one self-contained file (pages inlined as
 * data: URLs), each page with its boxes drawn over it, its text, the peer
 * that read it and how long it took, and the run on the mesh against the
 * same pages read on this machine alone.
 */
import { toBase64 } from '../../utils/base64.js'
import type { OcrPage } from '../../inference/ocr/pipeline.js'

export interface ReportPage {
  name: string
  png: Uint8Array
  page?: OcrPage
  error?: string
  worker?: string
  agreed?: string[]
  /** run time on the worker, and as the requester saw it */
  wallMs?: number
  elapsedMs: number
  /** the same page read on this machine alone */
  aloneMs?: number
}

export interface ReportSummary {
  title?: string
  /** the whole run on the mesh, and the same pages on this machine alone */
  meshMs: number
  aloneMs?: number
  aloneThreads?: number
  replicas: number | 'auto'
  generatedAt?: Date
}

export function renderOcrReport (pages: ReportPage[], summary: ReportSummary): string {
  const peers = new Set(pages.map(p => p.worker).filter(w => w != null)).size
  const failed = pages.filter(p => p.error != null).length
  const lines = pages.reduce((n, p) => n + (p.page?.lines.length ?? 0), 0)
  const ratio = summary.aloneMs != null && summary.meshMs > 0 ? summary.aloneMs / summary.meshMs : undefined
  const head = [
    `${pages.length} page(s), ${lines} line(s) read on ${peers} peer(s)${failed > 0 ? `, <b class="bad">${failed} failed</b>` : ''}; replicas ${esc(String(summary.replicas))}`,
    `mesh: ${ms(summary.meshMs)}` + (summary.aloneMs != null
      ? ` · alone (this machine, ${summary.aloneThreads ?? '?'} at once): ${ms(summary.aloneMs)} · ${ratio! >= 1 ? `the mesh took ${ratio!.toFixed(2)}x less time` : `the mesh took ${(1 / ratio!).toFixed(2)}x more time`}`
      : ' · no run alone for comparison')
  ]
  const cards = pages.map(p => card(p)).join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(summary.title ?? 'Shoal OCR report')}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1b1f24;background:#f6f7f9}
h1{font-size:20px;margin:0 0 8px}.summary p{margin:2px 0}.bad{color:#b42318}
.page{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:12px;margin:16px 0;display:flex;gap:16px;flex-wrap:wrap}
.shot{position:relative;max-width:640px;line-height:0}.shot img{max-width:100%;height:auto;display:block}
.shot svg{position:absolute;inset:0;width:100%;height:100%}.shot polygon{fill:rgba(21,112,239,.12);stroke:#1570ef;stroke-width:2;vector-effect:non-scaling-stroke}
.shot polygon.turned{stroke:#dc6803;fill:rgba(220,104,3,.12)}
.info{flex:1;min-width:260px}.info h2{font-size:15px;margin:0 0 6px}pre{background:#f2f4f7;padding:8px;white-space:pre-wrap;margin:6px 0}
table{border-collapse:collapse}td{padding:1px 10px 1px 0;vertical-align:top}code{font-size:12px}
</style></head><body>
<h1>${esc(summary.title ?? 'Shoal OCR report')}</h1>
<div class="summary">${head.map(h => `<p>${h}</p>`).join('')}${summary.generatedAt != null ? `<p>made ${esc(summary.generatedAt.toISOString())}</p>` : ''}</div>
${cards}
</body></html>
`
}

function card (p: ReportPage): string {
  const w = p.page?.width
  const h = p.page?.height
  const polys = p.page != null
    ? p.page.lines.map(l => `<polygon class="${l.angle === 180 ? 'turned' : ''}" points="${l.box.map(pt => pt.join(',')).join(' ')}"><title>${esc(l.text)} (${l.score})</title></polygon>`).join('')
    : ''
  const overlay = w != null && h != null ? `<svg viewBox="0 0 ${w} ${h}" preserveAspectRatio="none">${polys}</svg>` : ''
  const rows: Array<[string, string]> = []
  if (p.worker != null) rows.push(['peer', `<code>${esc(p.worker)}</code>`])
  if (p.agreed != null && p.agreed.length > 1) rows.push(['agreed', p.agreed.map(a => `<code>${esc(short(a))}</code>`).join(' ')])
  if (p.wallMs != null) rows.push(['run on the worker', ms(p.wallMs)])
  rows.push(['round trip', ms(p.elapsedMs)])
  if (p.aloneMs != null) rows.push(['alone, here', ms(p.aloneMs)])
  if (p.page != null) {
    const turned = p.page.lines.filter(l => l.angle === 180).length
    rows.push(['lines', `${p.page.lines.length}${turned > 0 ? ` (${turned} upside down, turned)` : ''}`])
  }
  return `<section class="page"><div class="shot"><img alt="${esc(p.name)}" src="data:image/png;base64,${toBase64(p.png)}">${overlay}</div>
<div class="info"><h2>${esc(p.name)}</h2>${p.error != null ? `<p class="bad">failed: ${esc(p.error)}</p>` : `<pre>${esc(p.page?.lines.map(l => l.text).join('\n') ?? '')}</pre>`}
<table>${rows.map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join('')}</table></div></section>`
}

function esc (s: string): string {
  return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function short (id: string): string {
  return id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id
}

function ms (v: number): string {
  return v < 10_000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`
}
