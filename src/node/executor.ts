/**
 * The daemon's job executor: WebAssembly in worker threads (src/executors),
 * seen by the jobs service through its JobExecutor interface.
 */
import { Executor } from '../executors/pool.js'
import type { ExecOutcome, ExecRequest, JobExecutor } from '../jobs/types.js'

export interface NodeExecutorInit {
  /** jobs run at once; the rest queue */
  slots: number
}

export function nodeExecutor (init: NodeExecutorInit): JobExecutor {
  const wasm = new Executor({ slots: init.slots })
  return {
    kinds: () => [],
    slots: () => wasm.slots(),
    close: async () => { await wasm.close() },
    run: async (request: ExecRequest, { signal, onProgress }): Promise<ExecOutcome> => {
      if (request.kind !== 'wasm' || request.module == null) {
        return { status: 'failed', reason: 'unsupported', message: `no executor for job kind "${request.kind}"`, output: new Uint8Array(), stderr: new Uint8Array(), cpuMs: 0, wallMs: 0 }
      }
      const result = await wasm.run({
        module: request.module,
        input: request.input,
        args: request.args,
        deterministic: request.deterministic,
        seed: request.seed,
        limits: request.limits
      }, {
        signal,
        onProgress: (fraction, message) => { onProgress?.({ phase: 'running', fraction, message }) }
      })
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
  }
}
