/** An API failure with the HTTP status it maps to; the message is shown to the caller. */
export class HttpError extends Error {
  override name = 'HttpError'
  constructor (readonly status: number, message: string) {
    super(message)
  }
}

/** The CLI found no daemon to talk to. */
export class DaemonNotRunningError extends Error {
  override name = 'DaemonNotRunningError'
}
