/**
 * OCR of many pages on the mesh: one `ocr` job per page (the model blob as
 * its module, moved once per worker and then cached by hash; the PNG as its
 * input), at most `concurrency` in flight, the readings gathered by page.
 * A page that fails is reported with its reason; the others go on.
 *
 * Like render(), it takes a runner, so the same code reads through an
 * embedded ShoalNode, through the daemon's control API (the CLI), or in this
 * process alone (the baseline).
 */
import { OCR_KIND } from '../../inference/ocr/constants.js'
import { OcrError } from '../../inference/ocr/errors.js'
import { decodePage } from '../../inference/ocr/result.js'
import { pageText } from '../../inference/ocr/pipeline.js'
import type { OcrPage } from '../../inference/ocr/pipeline.js'
import type { ShoalNode } from '../../create.js'
import type { JobResult } from '../../jobs/types.js'

export const OCR_JOB_KIND = OCR_KIND
export const DEFAULT_OCR_CONCURRENCY = 16

export interface PageInput {
  /** how the page is named in reports (a file name) */
  name: string
  png: Uint8Array
}

/** one page as a job */
export interface OcrJob {
  kind: string
  module: Uint8Array
  input: Uint8Array
  args: string[]
}

export interface PageOutcome {
  output: Uint8Array
  /** the peer whose result was accepted ('local' for this process) */
  worker: string
  /** the peers whose outputs agreed with the accepted one (replicas) */
  agreed: string[]
  /** run time on the worker */
  wallMs?: number
  attempts: number
}

export type PageRunner = (job: OcrJob, index: number, signal?: AbortSignal) => Promise<PageOutcome>

export interface PageReport {
  index: number
  name: string
  /** the reading; undefined when the page failed (see error) */
  page?: OcrPage
  text?: string
  error?: string
  worker?: string
  agreed?: string[]
  wallMs?: number
  attempts?: number
  /** from handing the page to the runner to its reading, as the requester saw it */
  elapsedMs: number
}

export interface OcrRun {
  pages: PageReport[]
  /** first page sent to last reading back */
  wallMs: number
  failed: number
}

export interface OcrOptions {
  concurrency?: number
  onPage?: (report: PageReport, done: number, total: number) => void
  signal?: AbortSignal
}

/** reads every page with `run`; `models` is the packed model blob (packModels / readOcrModelBlob) */
export async function ocrPages (pages: PageInput[], models: Uint8Array, run: PageRunner, options: OcrOptions = {}): Promise<OcrRun> {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_OCR_CONCURRENCY)
  const reports: PageReport[] = new Array(pages.length)
  const started = performance.now()
  let next = 0
  let done = 0
  const lane = async (): Promise<void> => {
    while (next < pages.length) {
      options.signal?.throwIfAborted()
      const index = next++
      const { name, png } = pages[index]
      const t0 = performance.now()
      let report: PageReport
      try {
        const outcome = await run({ kind: OCR_JOB_KIND, module: models, input: png, args: [] }, index, options.signal)
        const page = decodePage(outcome.output)
        const { output: _output, ...rest } = outcome
        report = { index, name, page, text: pageText(page), ...rest, elapsedMs: performance.now() - t0 }
      } catch (err) {
        if (options.signal?.aborted === true) throw err
        report = { index, name, error: (err as Error).message, elapsedMs: performance.now() - t0 }
      }
      reports[index] = report
      options.onPage?.(report, ++done, pages.length)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, pages.length) }, lane))
  return { pages: reports, wallMs: performance.now() - started, failed: reports.filter(r => r.error != null).length }
}

export interface MeshOcrOptions {
  /** copies of each page on distinct peers, the majority reading accepted (default 1) */
  replicas?: number | 'auto'
  timeoutMs?: number
  /** only workers whose advert carries these labels */
  labels?: Record<string, string>
}

/** a runner that sends each page into the mesh through an embedded peer */
export function meshPageRunner (node: ShoalNode, options: MeshOcrOptions = {}): PageRunner {
  return async (job, index, signal) => {
    const result = await node.submit({ ...job, replicas: options.replicas, timeoutMs: options.timeoutMs, labels: options.labels, signal }).result
    return pageOutcome(index, result)
  }
}

/** a job result as a page outcome; a failed job names the page */
export function pageOutcome (index: number, result: Pick<JobResult, 'status' | 'output' | 'worker' | 'outputHash' | 'exitCode' | 'wallMs' | 'reason' | 'message' | 'attempts' | 'results'>): PageOutcome {
  if (result.status !== 'succeeded' || result.output == null) {
    throw new OcrError(`page ${index} ${result.status}: ${result.reason ?? 'no output'}${result.message != null ? `: ${result.message}` : ''}`)
  }
  if (result.exitCode != null && result.exitCode !== 0) throw new OcrError(`page ${index}: the job exited with ${result.exitCode}`)
  return {
    output: result.output,
    worker: result.worker ?? '?',
    agreed: result.results.filter(r => r.outputHash === result.outputHash).map(r => r.worker),
    wallMs: result.wallMs,
    attempts: result.attempts.length
  }
}
