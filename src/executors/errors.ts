/**
 * Why a job failed. Every failure of the sandbox, a handler or a native
 * command ends in one of these, with a message for people.
 */
export type FailureReason =
  /** the job itself is malformed (bad limits, args, env or seed) */
  | 'invalid-job'
  | 'input-too-large'
  /** not a WebAssembly module, or one Shoal will not run (no _start, memory64, shared memory…) */
  | 'invalid-module'
  /** the module imports something that is not WASI preview 1 (or Shoal's progress call) */
  | 'missing-import'
  /** the module needs, or ran into, more memory than the limit */
  | 'memory'
  | 'timeout'
  | 'output-too-large'
  /** the module trapped (unreachable, out-of-bounds access, stack overflow…) */
  | 'trap'
  /** cancelled by the caller, or the executor was closed */
  | 'cancelled'
  /** the worker thread or native process died on its own */
  | 'crashed'
  /** no handler or native command is registered for the job kind */
  | 'unknown-kind'
  /** a custom handler threw, or returned something that is not bytes */
  | 'handler-error'
  /** a native command could not be started */
  | 'spawn-failed'

/**
 * A failure with its reason. Thrown by the pure parts (module inspection,
 * job validation) and by handlers that want a specific reason; the executors
 * turn it into a failed result.
 */
export class ExecutorError extends Error {
  override name = 'ExecutorError'
  constructor (readonly reason: FailureReason, message: string) {
    super(message)
  }
}
