/**
 * Data set names: letters, digits, `.`, `_`, `-`, starting with a letter or
 * digit, at most DATASET_NAME_MAX characters. A name becomes a directory in
 * the job's view (/data/<name>), travels in adverts and offers and is typed
 * on command lines, so nothing else is allowed.
 */
export const DATASET_NAME_MAX = 64
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

export function isDatasetName (name: unknown): name is string {
  return typeof name === 'string' && name.length <= DATASET_NAME_MAX && NAME.test(name)
}
