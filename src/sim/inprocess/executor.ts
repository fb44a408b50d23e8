/**
 * The simulated workers' executor: a job of kind `sim` turns its input into
 * a deterministic output (so replicas can be compared) after a run time;
 * the behaviour decides what comes back, and a liar claims more slots than
 * it has (the jobs beyond its real slots wait). Passed to createShoal as `executor`
 * (a public hook): the rest of the peer is the real one.
 */
import type { ExecOutcome, ExecRequest, JobExecutor } from '../../jobs/types.js'
import type { Behaviour } from '../scenario.js'

export const SIM_KIND = 'sim'

/** what an honest worker returns for `input` */
export function expectedOutput (input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length)
  for (let i = 0; i < input.length; i++) out[i] = input[input.length - 1 - i] ^ 0x5a
  return out
}

export interface SimExecutorOptions {
  behaviour: Behaviour
  runMs: () => number
  /** an honest result is wrong by accident (a coin per job) */
  accident: () => boolean
  /** build-then-cheat: cheating has started */
  cheating: () => boolean
  /** job slots it really has */
  slots: number
  /** liars: the slots it claims (in its adverts and bids); jobs beyond `slots` wait for one */
  claimedSlots?: number
}

export function simExecutor (o: SimExecutorOptions): JobExecutor {
  let inUse = 0
  const waiting: Array<() => void> = []
  const slot = async (signal: AbortSignal): Promise<void> => {
    if (inUse < o.slots) { inUse++; return }
    await new Promise<void>((resolve, reject) => {
      const go = (): void => { signal.removeEventListener('abort', quit); inUse++; resolve() }
      const quit = (): void => { waiting.splice(waiting.indexOf(go), 1); reject(new Error('cancelled')) }
      waiting.push(go)
      signal.addEventListener('abort', quit, { once: true })
    })
  }
  const release = (): void => { inUse--; waiting.shift()?.() }
  return {
    kinds: () => [SIM_KIND],
    slots: () => ({ total: o.claimedSlots ?? o.slots, inUse: Math.min(inUse + waiting.length, o.claimedSlots ?? o.slots), queued: 0 }),
    async run (request: ExecRequest, { signal }): Promise<ExecOutcome> {
      const started = performance.now()
      await slot(signal)
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, Math.max(0, Math.round(o.runMs())))
          signal.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('cancelled')) }, { once: true })
        })
        let output = expectedOutput(request.input)
        const b = o.behaviour
        if (b === 'colluders' || b === 'sybils' || (b === 'build-then-cheat' && o.cheating())) output = new TextEncoder().encode('colluders')
        else if (b === 'wrong-results' || o.accident()) output = crypto.getRandomValues(new Uint8Array(16))
        const wallMs = performance.now() - started
        return { status: 'ok', exitCode: 0, output, stderr: new Uint8Array(), cpuMs: 0, wallMs }
      } finally {
        release()
      }
    }
  }
}
