/**
 * Splitting an image into tiles and putting tiles back together: pure, no
 * I/O. Pixels are RGBA, 4 bytes each, rows top to bottom.
 */
import { RenderError } from './errors.js'

export interface Tile {
  /** 0-based, row by row from the top left */
  index: number
  x: number
  y: number
  width: number
  height: number
}

/** the most tiles one render may have */
export const MAX_TILES = 4096

/**
 * Splits a width x height image into `count` tiles on a grid as close to
 * square as `count` allows (64 → 8x8, 6 → 3 columns x 2 rows, 7 → 7x1).
 * Column and row edges fall at floor(i * side / n), so every pixel is in
 * exactly one tile and tile sizes differ by at most one pixel.
 */
export function planTiles (width: number, height: number, count: number): Tile[] {
  for (const [name, v] of [['width', width], ['height', height], ['tiles', count]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RenderError(`${name} must be a whole number ≥ 1, got ${v}`)
  }
  if (count > MAX_TILES) throw new RenderError(`at most ${MAX_TILES} tiles, got ${count}`)
  const { cols, rows } = grid(count, width, height)
  if (cols > width || rows > height) throw new RenderError(`${count} tiles (${cols}x${rows}) do not fit a ${width}x${height} image: use fewer tiles`)
  const xs = edges(width, cols)
  const ys = edges(height, rows)
  const tiles: Tile[] = []
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      tiles.push({ index: tiles.length, x: xs[c], y: ys[r], width: xs[c + 1] - xs[c], height: ys[r + 1] - ys[r] })
    }
  }
  return tiles
}

/** columns x rows = count, the pair closest to square, more columns on a wide image */
function grid (count: number, width: number, height: number): { cols: number, rows: number } {
  let small = 1
  for (let d = 1; d * d <= count; d++) if (count % d === 0) small = d
  const large = count / small
  return width >= height ? { cols: large, rows: small } : { cols: small, rows: large }
}

function edges (side: number, parts: number): number[] {
  return Array.from({ length: parts + 1 }, (_, i) => Math.floor(i * side / parts))
}

/** bytes of a tile's RGBA pixels */
export function tileBytes (tile: Tile): number {
  return tile.width * tile.height * 4
}

/**
 * Copies each tile's RGBA pixels into their place in the whole image.
 * Every tile must be there, with exactly its size in bytes.
 */
export function assemble (width: number, height: number, tiles: Tile[], pixels: Uint8Array[]): Uint8Array {
  if (pixels.length !== tiles.length) throw new RenderError(`${pixels.length} tile outputs for ${tiles.length} tiles`)
  const image = new Uint8Array(width * height * 4)
  tiles.forEach((tile, i) => {
    const bytes = pixels[i]
    if (bytes?.byteLength !== tileBytes(tile)) {
      throw new RenderError(`tile ${tile.index} (${tile.width}x${tile.height} at ${tile.x},${tile.y}) came back with ${bytes?.byteLength ?? 0} bytes, expected ${tileBytes(tile)}`)
    }
    const row = tile.width * 4
    for (let ty = 0; ty < tile.height; ty++) {
      image.set(bytes.subarray(ty * row, (ty + 1) * row), ((tile.y + ty) * width + tile.x) * 4)
    }
  })
  return image
}
