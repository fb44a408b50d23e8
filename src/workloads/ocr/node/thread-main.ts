/**
 * A worker thread that reads pages: it holds ONNX Runtime sessions for the
 * model blobs it was sent (by hash) and runs the whole page pipeline.
 * onnxruntime-node's session.run is synchronous on the calling thread, so
 * this keeps inference (and the JS pre- and post-processing) off the
 * daemon's event loop, where it would stall libp2p.
 */
import { setPriority } from 'node:os'
import { parentPort } from 'node:worker_threads'
import { OcrError } from '../../../inference/ocr/errors.js'
import { characterSet } from '../../../inference/ocr/lines.js'
import { unpackModels } from '../../../inference/ocr/models.js'
import { readPage } from '../../../inference/ocr/pipeline.js'
import { encodePage } from '../../../inference/ocr/result.js'
import { ortModels } from './ort.js'
import { decodePageImage } from '../../../node/onnx/png.js'
import { THREAD_NICE } from './threads.js'
import type { ThreadReply, ThreadRequest } from './threads.js'
import type { OrtModels } from './ort.js'

// below the daemon's event loop: inference that hogs the cores must not starve
// libp2p (a ping unanswered for 5 s closes the connection, and the jobs on it).
// On Linux this sets the nice value of this thread alone (ONNX Runtime's own
// threads, started from it, inherit it); elsewhere it may be refused.
try { setPriority(THREAD_NICE) } catch {}

const loaded = new Map<string, Promise<{ ort: OrtModels, chars: string[] }>>()

const reply = (msg: ThreadReply): void => { parentPort!.postMessage(msg) }

parentPort!.on('message', (msg: ThreadRequest) => {
  if (msg.type === 'load') {
    if (!loaded.has(msg.hash)) {
      const parts = unpackModels(msg.blob)
      const p = ortModels(parts).then(ort => ({ ort, chars: characterSet(parts.keys) }))
      p.catch(() => { loaded.delete(msg.hash) })
      loaded.set(msg.hash, p)
    }
    return
  }
  if (msg.type === 'unload') {
    const p = loaded.get(msg.hash)
    loaded.delete(msg.hash)
    p?.then(async m => m.ort.release(), () => {}).catch(() => {})
    return
  }
  void (async () => {
    const t0 = performance.now()
    try {
      const models = loaded.get(msg.hash)
      if (models == null) throw new OcrError(`models ${msg.hash.slice(0, 12)}… are not loaded in this thread`)
      const { ort, chars } = await models
      const page = await readPage(decodePageImage(msg.png), ort.run, chars)
      reply({ type: 'done', id: msg.id, output: encodePage(page), wallMs: performance.now() - t0 })
    } catch (err) {
      reply({ type: 'failed', id: msg.id, message: (err as Error).message, ocr: err instanceof OcrError })
    }
  })()
})
