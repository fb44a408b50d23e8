/**
 * Plane geometry for DB post-processing and cropping: convex hull, minimum-
 * area rectangle (rotating calipers), the unclip offset, a homography.
 *
 * Written here rather than taken from OpenCV.js (what @gutenye/ocr-common
 * uses): these few functions are ~200 lines, while OpenCV.js would add about
 * 10 MB of WebAssembly to the contribute page and an async start-up, and its
 * results would depend on a second native-ish build besides ONNX Runtime.
 */

export type Point = [number, number]
/** top-left, top-right, bottom-right, bottom-left (PaddleOCR's order) */
export type Quad = [Point, Point, Point, Point]

/** Andrew's monotone chain; points as [x, y]; returns the hull counter-clockwise, without repeats */
export function convexHull (points: Point[]): Point[] {
  const pts = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1])
  if (pts.length <= 2) return pts
  const cross = (o: Point, a: Point, b: Point): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
  const lower: Point[] = []
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop()
    lower.push(p)
  }
  const upper: Point[] = []
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop()
    upper.push(p)
  }
  lower.pop()
  upper.pop()
  return lower.concat(upper)
}

/**
 * The smallest-area rectangle around a convex hull: one of its sides lies on
 * a hull edge (rotating calipers, here by trying each edge). Returns its 4
 * corners in no particular order. A hull of 1 or 2 points gives a degenerate
 * rectangle (zero width), which callers drop as too small.
 */
export function minAreaRect (hull: Point[]): Point[] {
  if (hull.length === 0) return []
  if (hull.length === 1) return [hull[0], hull[0], hull[0], hull[0]]
  let best: { area: number, corners: Point[] } | undefined
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]
    const b = hull[(i + 1) % hull.length]
    const len = Math.hypot(b[0] - a[0], b[1] - a[1])
    if (len === 0) continue
    const ux = (b[0] - a[0]) / len
    const uy = (b[1] - a[1]) / len
    let minU = Infinity; let maxU = -Infinity; let minV = Infinity; let maxV = -Infinity
    for (const p of hull) {
      const u = p[0] * ux + p[1] * uy
      const v = -p[0] * uy + p[1] * ux
      if (u < minU) minU = u
      if (u > maxU) maxU = u
      if (v < minV) minV = v
      if (v > maxV) maxV = v
    }
    const area = (maxU - minU) * (maxV - minV)
    if (best === undefined || area < best.area - 1e-9) {
      const at = (u: number, v: number): Point => [u * ux - v * uy, u * uy + v * ux]
      best = { area, corners: [at(minU, minV), at(maxU, minV), at(maxU, maxV), at(minU, maxV)] }
    }
  }
  return best?.corners ?? [hull[0], hull[0], hull[0], hull[0]]
}

/**
 * PaddleOCR's get_mini_boxes order: the two leftmost corners give the top-left
 * (smaller y) and bottom-left, the two rightmost the top-right and bottom-right.
 */
export function orderCorners (corners: Point[]): Quad {
  const pts = corners.slice().sort((a, b) => a[0] - b[0])
  const [l1, l2, r1, r2] = pts
  const [tl, bl] = l1[1] <= l2[1] ? [l1, l2] : [l2, l1]
  const [tr, br] = r1[1] <= r2[1] ? [r1, r2] : [r2, r1]
  return [tl, tr, br, bl]
}

export function distance (a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1])
}

/** the shorter side of a rectangle given as an ordered quad */
export function shortSide (q: Quad): number {
  return Math.min(distance(q[0], q[1]), distance(q[1], q[2]))
}

/** shoelace area of a polygon (absolute) */
export function polygonArea (pts: Point[]): number {
  let s = 0
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i]
    const b = pts[(i + 1) % pts.length]
    s += a[0] * b[1] - b[0] * a[1]
  }
  return Math.abs(s) / 2
}

export function perimeter (pts: Point[]): number {
  let s = 0
  for (let i = 0; i < pts.length; i++) s += distance(pts[i], pts[(i + 1) % pts.length])
  return s
}

/**
 * DB's unclip: the shrunk text kernel grown back by d = area * ratio /
 * perimeter. PaddleOCR offsets the polygon with round joins (pyclipper) and
 * takes the min-area rectangle of the result; for a rectangle that is exactly
 * the rectangle grown by d on every side, which is what this computes.
 */
export function unclipRect (q: Quad, ratio: number): Quad {
  const area = polygonArea(q)
  const len = perimeter(q)
  const d = len > 0 ? area * ratio / len : 0
  const cx = (q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4
  const cy = (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4
  const w = distance(q[0], q[1])
  const h = distance(q[0], q[3])
  const [ux, uy] = w > 0 ? [(q[1][0] - q[0][0]) / w, (q[1][1] - q[0][1]) / w] : [1, 0]
  const [vx, vy] = h > 0 ? [(q[3][0] - q[0][0]) / h, (q[3][1] - q[0][1]) / h] : [-uy, ux]
  const a = w / 2 + d
  const b = h / 2 + d
  const at = (su: number, sv: number): Point => [cx + su * a * ux + sv * b * vx, cy + su * a * uy + sv * b * vy]
  return orderCorners([at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)])
}

/** whether p is inside (or on) the convex quad q */
export function insideConvex (q: Point[], x: number, y: number): boolean {
  let sign = 0
  for (let i = 0; i < q.length; i++) {
    const a = q[i]
    const b = q[(i + 1) % q.length]
    const c = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])
    if (Math.abs(c) < 1e-9) continue
    const s = c > 0 ? 1 : -1
    if (sign === 0) sign = s
    else if (s !== sign) return false
  }
  return true
}

/**
 * The homography H (3x3, row-major, h33 = 1) taking each of `from`'s 4 points
 * to the matching point of `to`; undefined when they are degenerate.
 */
export function homography (from: Point[], to: Point[]): number[] | undefined {
  const A: number[][] = []
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]
    const [u, v] = to[i]
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y, v])
  }
  // Gaussian elimination with partial pivoting on the 8x9 augmented matrix
  for (let c = 0; c < 8; c++) {
    let p = c
    for (let r = c + 1; r < 8; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r
    if (Math.abs(A[p][c]) < 1e-12) return undefined
    ;[A[c], A[p]] = [A[p], A[c]]
    for (let r = 0; r < 8; r++) {
      if (r === c) continue
      const f = A[r][c] / A[c][c]
      if (f === 0) continue
      for (let k = c; k < 9; k++) A[r][k] -= f * A[c][k]
    }
  }
  const h = A.map((row, i) => row[8] / row[i])
  return [...h, 1]
}
