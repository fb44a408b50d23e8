/**
 * One signal that aborts when any of several does, with the same reason.
 * Unlike AbortSignal.any, its listeners come off the long-lived signals (the
 * executor's own close signal) as soon as the job is done, so a daemon that
 * runs many jobs does not pile them up.
 */
export interface Linked {
  signal: AbortSignal
  dispose: () => void
}

export function linkSignals (...signals: Array<AbortSignal | undefined>): Linked {
  const ac = new AbortController()
  const present = signals.filter((s): s is AbortSignal => s !== undefined)
  const listeners = present.map(s => {
    const onAbort = (): void => { ac.abort(s.reason) }
    return [s, onAbort] as const
  })
  const dispose = (): void => { for (const [s, l] of listeners) s.removeEventListener('abort', l) }
  for (const [s, onAbort] of listeners) {
    if (s.aborted) { onAbort(); break }
    s.addEventListener('abort', onAbort, { once: true })
  }
  if (ac.signal.aborted) dispose()
  return { signal: ac.signal, dispose }
}
