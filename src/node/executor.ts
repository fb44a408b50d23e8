/**
 * The daemon's job executor: WebAssembly in worker threads, app-registered
 * handlers and operator-approved native commands (src/executors), sharing
 * one pool of slots, seen by the jobs service as a JobExecutor.
 */
import { Executor, ExecutorRegistry, SlotPool } from '../executors/index.js'
import type { ExecutionResult, Handler, HandlerLimits, NativeCommand } from '../executors/index.js'
import type { ExecOutcome, ExecRequest, JobExecutor } from '../jobs/types.js'

export interface NodeExecutorInit {
  /** jobs run at once; the rest queue */
  slots: number
  /** operator-approved native commands, each a job kind */
  native?: NativeCommand[]
}

export function nodeExecutor (init: NodeExecutorInit): JobExecutor {
  const slots = new SlotPool(init.slots)
  const wasm = new Executor({ slots })
  const registry = new ExecutorRegistry({ slots, native: init.native })
  return {
    kinds: () => registry.kinds(),
    slots: () => slots.counts(),
    handle: (kind: string, handler: Handler, limits?: Partial<HandlerLimits>) => { registry.handle(kind, handler, limits) },
    close: async () => { await Promise.all([wasm.close(), registry.close()]) },
    run: async (request: ExecRequest, { signal, onProgress }): Promise<ExecOutcome> => {
      const progress = (fraction: number, message?: string): void => { onProgress?.({ phase: 'running', fraction, message }) }
      const result = request.kind === 'wasm'
        ? await wasm.run({
          module: request.module ?? new Uint8Array(),
          input: request.input,
          args: request.args,
          deterministic: request.deterministic,
          seed: request.seed,
          limits: request.limits
        }, { signal, onProgress: progress })
        // a handler keeps the limits it was registered with; the requester's timeout still bounds its wait
        : await registry.run(request.kind, { input: request.input, module: request.module, args: request.args, signal, onProgress: progress })
      return toOutcome(result)
    }
  }
}

function toOutcome (result: ExecutionResult): ExecOutcome {
  return {
    status: result.status,
    exitCode: result.exitCode,
    output: result.stdout,
    stderr: result.stderr,
    reason: result.reason,
    message: result.message,
    cpuMs: result.cpuMs ?? 0,
    wallMs: result.wallMs
  }
}
