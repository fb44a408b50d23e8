/**
 * The one-line-per-event log `shoal start` prints: peers joining and
 * leaving, jobs submitted, finished and run, reports published, peers
 * banned. `watchNode` turns the node's events into LogEvents; `humanLine`
 * and `jsonLine` format them (pure, so tests need no daemon).
 */
import { shortId } from './output.js'
import type { ShoalNode } from '../create.js'
import type { JobRecord } from '../jobs/types.js'
import type { VerifiedReport } from '../reputation/reports.js'

export type LogEventName = 'peer:joined' | 'peer:left' | 'job:submitted' | 'job:finished' | 'job:ran' | 'report:published' | 'peer:banned'

/** one event: its name, when, and flat fields (full ids; the human line shortens them) */
export interface LogEvent {
  time: Date
  event: LogEventName
  fields: Record<string, string | number | undefined>
}

export type LogFormat = 'human' | 'json'

/** `{"time","event",...fields}`, one object per line; absent fields left out */
export function jsonLine (e: LogEvent): string {
  const fields = Object.fromEntries(Object.entries(e.fields).filter(([, v]) => v !== undefined))
  return JSON.stringify({ time: e.time.toISOString(), event: e.event, ...fields })
}

/** `<ISO time> <what happened>`, ids shortened */
export function humanLine (e: LogEvent): string {
  const f = e.fields
  const id = (v: string | number | undefined): string => shortId(String(v ?? '?'))
  // `<job id> <kind>[:<module hash>]`, both cut to 8 hex digits
  const job = (): string => `${String(f.job ?? '?').slice(0, 8)} ${String(f.kind ?? 'wasm')}${f.module != null ? `:${String(f.module).slice(0, 8)}` : ''}`
  const why = f.reason != null && f.reason !== f.outcome ? ` (${String(f.reason)})` : ''
  let text: string
  switch (e.event) {
    case 'peer:joined': text = `peer joined ${id(f.peer)}`; break
    case 'peer:left': text = `peer left ${id(f.peer)}`; break
    case 'job:submitted': text = `job submitted ${job()}, ${String(f.replicas ?? 1)} replica(s)`; break
    case 'job:finished': text = `job finished ${job()}: ${String(f.outcome)}${why}${f.worker != null ? ` by ${id(f.worker)}` : ''} in ${String(f.ms)} ms`; break
    case 'job:ran': text = `job ran ${job()} for ${id(f.requester)} in ${String(f.ms)} ms: ${String(f.outcome)}${why}`; break
    case 'report:published': text = `report published: ${id(f.worker)} ${String(f.outcome)} on job ${String(f.job ?? '?').slice(0, 8)}`; break
    case 'peer:banned': text = `peer banned ${id(f.peer)}${why}`; break
  }
  return `${e.time.toISOString()} ${text}`
}

export function formatLine (e: LogEvent, format: LogFormat): string {
  return format === 'json' ? jsonLine(e) : humanLine(e)
}

/** a finished or started job's fields, as both roles log them */
export function jobFields (r: JobRecord): LogEvent['fields'] {
  return { job: r.id, kind: r.kind, module: r.moduleHash }
}

/**
 * Calls `emit` for every event worth a line, until the returned function
 * is called.
 */
export function watchNode (node: ShoalNode, emit: (e: LogEvent) => void): () => void {
  const { shoal, jobs, reputation } = node.libp2p.services
  const now = (): Date => new Date()
  const elapsed = (r: JobRecord): number => Math.max(0, (r.finishedAt ?? Date.now()) - r.createdAt)
  const listeners: Array<[EventTarget, string, (evt: any) => void]> = [
    [shoal, 'peer:joined', (evt: CustomEvent<string>) => { emit({ time: now(), event: 'peer:joined', fields: { peer: evt.detail } }) }],
    [shoal, 'peer:left', (evt: CustomEvent<string>) => { emit({ time: now(), event: 'peer:left', fields: { peer: evt.detail } }) }],
    [jobs, 'job:started', (evt: CustomEvent<JobRecord>) => {
      const r = evt.detail
      if (r.role === 'requester') emit({ time: now(), event: 'job:submitted', fields: { ...jobFields(r), replicas: r.replicas } })
    }],
    [jobs, 'job:finished', (evt: CustomEvent<JobRecord>) => {
      const r = evt.detail
      if (r.role === 'requester') {
        emit({ time: now(), event: 'job:finished', fields: { ...jobFields(r), outcome: r.status, reason: r.reason, worker: r.worker, ms: elapsed(r) } })
      } else {
        emit({ time: now(), event: 'job:ran', fields: { ...jobFields(r), requester: r.requester, outcome: r.status, reason: r.reason, ms: elapsed(r) } })
      }
    }],
    [reputation, 'reputation:published', (evt: CustomEvent<VerifiedReport>) => {
      const r = evt.detail
      emit({ time: now(), event: 'report:published', fields: { job: r.jobId, worker: r.worker, outcome: r.outcome } })
    }],
    [reputation, 'reputation:banned', (evt: CustomEvent<{ peerId: string, reason: string }>) => {
      emit({ time: now(), event: 'peer:banned', fields: { peer: evt.detail.peerId, reason: evt.detail.reason } })
    }]
  ]
  for (const [target, name, listener] of listeners) target.addEventListener(name, listener)
  return () => { for (const [target, name, listener] of listeners) target.removeEventListener(name, listener) }
}
