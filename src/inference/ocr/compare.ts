/**
 * Keys `ocr` results for the quorum, by the onnx kind's rule (../compare.ts)
 * with samePage as the cross-backend comparison: replicas from one backend
 * agree only byte for byte; replicas from different backends agree when
 * they read the same text with boxes within DEFAULT_BOX_TOLERANCE_PX. Each
 * result joins the first group whose representative (fixed: its first
 * member) it agrees with and whose members on its own backend have its very
 * bytes. Failed and undecodable results keep their exact key.
 */
import { decodePage, pageBackend, samePage } from './result.js'
import type { PageResult } from './result.js'

interface Group {
  key: string
  rep: PageResult
  /** backend key → the output hash its members share */
  hashes: Map<string, string>
}

export class PageGrouper {
  private readonly groups: Group[] = []
  private readonly known = new Map<string, string>()

  key (status: string, exitCode: number | undefined, output: Uint8Array, outputHash: string): string {
    const exactKey = `${status}/${exitCode ?? 0}/${outputHash}`
    if (status !== 'OK') return exactKey
    const cached = this.known.get(outputHash)
    if (cached != null) return cached
    let page: PageResult
    try {
      page = decodePage(output)
    } catch {
      return exactKey
    }
    const backend = pageBackend(page)
    for (const g of this.groups) {
      const own = g.hashes.get(backend)
      if (own != null ? own !== outputHash : !samePage(g.rep, page)) continue
      g.hashes.set(backend, outputHash)
      this.known.set(outputHash, g.key)
      return g.key
    }
    const key = `${status}/${exitCode ?? 0}/ocr:${outputHash}`
    this.groups.push({ key, rep: page, hashes: new Map([[backend, outputHash]]) })
    this.known.set(outputHash, key)
    return key
  }
}
