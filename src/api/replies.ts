/**
 * What a route may answer besides a plain JSON value: a `Reply` with another
 * status, or an `EventStream` of server-sent events. Apart from routes.ts so
 * the modules that make event streams (jobs.ts, live.ts) need not import the
 * routes that use them.
 */

/** a JSON answer with a status other than 200 */
export class Reply {
  constructor (readonly status: number, readonly body: unknown) {}
}

/**
 * An answer of server-sent events (text/event-stream): the server sends the
 * head, then `run` sends events until it resolves (the server then ends the
 * response) or the client goes away (`signal` aborts).
 */
export class EventStream {
  constructor (readonly run: EventRunner) {}
}

export type EventRunner = (send: (event: string, data: unknown) => void, signal: AbortSignal) => Promise<void>
