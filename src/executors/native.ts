/**
 * Operator-approved native commands as job kinds. Only commands listed in the
 * peer's config ever run, each without a shell, in its own process group so
 * that a timeout or cancel kills everything it started. The job's input goes
 * to stdin; its result is stdout, stderr and the exit code.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { ExecutorError } from './errors.js'
import type { HandlerContext, HandlerLimits, HandlerOutput, HandlerRegistry } from './handlers.js'

export interface NativeCommand {
  kind: string
  /** a path, or a name looked up on the PATH of `env` */
  command: string
  args?: string[]
  /** append the job's args to `args` (default false: a job cannot change the command line) */
  passArgs?: boolean
  /** the command's whole environment; default: only PATH from this process */
  env?: Record<string, string>
  cwd?: string
  limits?: Partial<HandlerLimits>
}

/** Registers an operator-approved command as a job kind (the config's list, one call each). */
export function registerNative (registry: HandlerRegistry, cmd: NativeCommand): void {
  if (typeof cmd.command !== 'string' || cmd.command === '') throw new TypeError(`native kind ${cmd.kind}: command must be a non-empty string`)
  // a copy: changing the config object later does not change what runs
  const fixed: NativeCommand = { ...cmd, args: [...(cmd.args ?? [])], env: cmd.env === undefined ? undefined : { ...cmd.env } }
  registry.handle(cmd.kind, (ctx) => runNative(fixed, ctx), cmd.limits, { settlesOnAbort: true })
}

/** Runs the command for one job. Settles only once the process group is gone (its stdio closed). */
export async function runNative (cmd: NativeCommand, ctx: HandlerContext): Promise<HandlerOutput> {
  const argv = [...(cmd.args ?? []), ...(cmd.passArgs === true ? ctx.args : [])]
  const env = cmd.env ?? (process.env.PATH !== undefined ? { PATH: process.env.PATH } : {})
  const cap = ctx.limits.maxOutputBytes
  return new Promise((resolve, reject) => {
    let child: ChildProcess
    try {
      child = spawn(cmd.command, argv, {
        shell: false,
        detached: process.platform !== 'win32',
        stdio: ['pipe', 'pipe', 'pipe'],
        env,
        cwd: cmd.cwd,
        windowsHide: true
      })
    } catch (err) {
      reject(new ExecutorError('spawn-failed', `cannot start ${cmd.command}: ${(err as Error).message}`))
      return
    }
    const out: Buffer[] = []
    const errOut: Buffer[] = []
    let bytes = 0
    let ending: ExecutorError | undefined
    const stop = (why: ExecutorError): void => {
      ending ??= why
      killGroup(child)
    }
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      if (ending !== undefined) return
      bytes += chunk.length
      if (bytes > cap) stop(new ExecutorError('output-too-large', `output exceeds ${cap} bytes`))
      else into.push(chunk)
    }
    child.stdout?.on('data', collect(out))
    child.stderr?.on('data', collect(errOut))
    // a command that does not read its input closes the pipe under us: not an error
    child.stdin?.on('error', () => {})
    child.stdin?.end(ctx.input)

    const onAbort = (): void => {
      const reason: unknown = ctx.signal.reason
      stop(reason instanceof ExecutorError ? reason : new ExecutorError('cancelled', 'cancelled by the requester'))
    }
    if (ctx.signal.aborted) onAbort()
    else ctx.signal.addEventListener('abort', onAbort, { once: true })

    child.on('error', (err) => {
      // a failed spawn (ENOENT, EACCES) has no pid and emits no 'close' of its own
      if (child.pid === undefined) {
        ctx.signal.removeEventListener('abort', onAbort)
        reject(new ExecutorError('spawn-failed', `cannot start ${cmd.command}: ${err.message}`))
      }
    })
    child.on('close', (code, signal) => {
      ctx.signal.removeEventListener('abort', onAbort)
      if (child.pid === undefined) return
      if (ending !== undefined) reject(ending)
      else if (code !== null) resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(errOut), exitCode: code })
      else reject(new ExecutorError('crashed', `${cmd.command} was killed by ${signal ?? 'a signal'}`))
    })
  })
}

function killGroup (child: ChildProcess): void {
  if (child.pid === undefined) return
  try {
    // negative pid: the whole process group the detached child leads (its
    // leader may have exited already while what it started holds the pipes)
    if (process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL')
    else child.kill('SIGKILL')
  } catch {
    child.kill('SIGKILL')
  }
}
