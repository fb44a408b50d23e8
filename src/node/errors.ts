/** A config file, option or flag that cannot be used as given. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Another daemon already holds this data directory. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError'
}
