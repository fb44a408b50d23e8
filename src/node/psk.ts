/**
 * Pre-shared keys for a private mesh (libp2p pnet): the file format, a
 * reader with errors that say what is wrong, and a writer that keeps the
 * key to its owner.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { generateKey } from '@libp2p/pnet'
import { ConfigError } from './errors.js'

const HEADER = '/key/swarm/psk/1.0.0/'
const ENCODING = '/base16/'

/** checks a key file's bytes; throws a ConfigError naming the problem */
export function parsePsk (bytes: Uint8Array, source: string): Uint8Array {
  const lines = new TextDecoder().decode(bytes).split(/\r\n|\r|\n/)
  const hint = `(make one with \`shoal psk new ${source}\`)`
  if (lines[0] !== HEADER) throw new ConfigError(`${source} is not a pre-shared key file: its first line must be ${HEADER} ${hint}`)
  if (lines[1] !== ENCODING) throw new ConfigError(`${source}: only ${ENCODING} keys are understood, the second line says "${lines[1] ?? ''}" ${hint}`)
  if (!/^[0-9a-fA-F]{64}$/.test(lines[2] ?? '')) throw new ConfigError(`${source}: the key must be 64 hex digits (32 bytes) on the third line ${hint}`)
  if (lines.slice(3).some(l => l.trim() !== '')) throw new ConfigError(`${source}: unexpected text after the key ${hint}`)
  // pnet parses the same three lines; hand it exactly those
  return new TextEncoder().encode(`${HEADER}\n${ENCODING}\n${lines[2].toLowerCase()}`)
}

export async function readPskFile (path: string): Promise<Uint8Array> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (err: any) {
    throw new ConfigError(`cannot read the pre-shared key file ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message} (make one with \`shoal psk new ${path}\`)`)
  }
  return parsePsk(bytes, path)
}

/** writes a fresh key readable by its owner only; never overwrites a key */
export async function writeNewPsk (path: string): Promise<void> {
  const key = new Uint8Array(95)
  generateKey(key)
  try {
    await writeFile(path, key, { mode: 0o600, flag: 'wx' })
  } catch (err: any) {
    if (err.code === 'EEXIST') throw new ConfigError(`${path} already exists; a mesh's key is not replaced by accident (remove it first if you mean to)`)
    throw new ConfigError(`cannot write ${path}: ${err.message}`)
  }
}
