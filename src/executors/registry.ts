/**
 * The daemon's registry of custom job kinds: app handlers (handlers.ts) and
 * operator-approved native commands (native.ts: child processes, Node only),
 * under the same limits: input size before the job starts, time, and output
 * size (native commands are also killed as soon as they write past the cap,
 * and their result waits until they are gone).
 */
import { HandlerRegistry } from './handlers.js'
import { registerNative } from './native.js'
import type { HandlerRegistryInit } from './handlers.js'
import type { NativeCommand } from './native.js'

export { DEFAULT_HANDLER_LIMITS, HandlerRegistry } from './handlers.js'
export type { Handler, HandleOptions, HandlerContext, HandlerJob, HandlerLimits, HandlerOutput, HandlerRegistryInit } from './handlers.js'

export interface RegistryInit extends HandlerRegistryInit {
  /** operator-approved commands (from the peer's config), each a job kind */
  native?: NativeCommand[]
}

export class ExecutorRegistry extends HandlerRegistry {
  constructor (init: RegistryInit = {}) {
    super(init)
    for (const cmd of init.native ?? []) this.native(cmd)
  }

  /** Registers an operator-approved native command as a job kind. */
  native (cmd: NativeCommand): this {
    registerNative(this, cmd)
    return this
  }
}
