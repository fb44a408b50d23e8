/**
 * A participant's shard on disk: the directory an operator mounts as a
 * private data set (`shoal start --dataset shard=<dir>:private`), holding
 * train.csv: a header line (x1..x8,y), then one row per example, numbers in
 * JavaScript's shortest round-trip form. The WebAssembly trainer
 * (examples/jobs/fl-train.ts) reads it through its read-only preopen.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Example } from './data.js'

/** the data set's name every participant uses for its own shard */
export const SHARD_DATASET = 'shard'
/** the file inside it, and the path a job sees it at */
export const SHARD_FILE = 'train.csv'
export const SHARD_GUEST_PATH = `/data/${SHARD_DATASET}/${SHARD_FILE}`

export function shardCsv (rows: Example[]): string {
  if (rows.length === 0) return ''
  const header = [...rows[0].x.map((_, j) => `x${j + 1}`), 'y'].join(',')
  return [header, ...rows.map(r => [...r.x, r.y].join(','))].join('\n') + '\n'
}

/** writes the shard's directory (created if missing); returns it */
export function writeShard (dir: string, rows: Example[]): string {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, SHARD_FILE), shardCsv(rows))
  return dir
}
