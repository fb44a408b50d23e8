/**
 * Hand-written WebAssembly jobs in WAT, compiled at test time with wabt.
 * Memory layout of the WASI ones: [0, 8) an iovec, [8, 12) a count written
 * back by WASI, 1024+ argv/env pointers, 8192+ string buffers, 65536+ stdin.
 */
import wabtInit from 'wabt'

let wabt: ReturnType<typeof wabtInit> | undefined

export async function wat (source: string, features: Record<string, boolean> = {}): Promise<Uint8Array> {
  const w = await (wabt ??= wabtInit())
  const m = w.parseWat('job.wat', source, features)
  try {
    return m.toBinary({}).buffer
  } finally {
    m.destroy()
  }
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b)
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

const W = 'wasi_snapshot_preview1'
const FD_WRITE = `(import "${W}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))`
/** $write(fd, ptr, len) through the iovec at 0 */
const WRITE = `
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))`

/** prints argv space-separated and a newline, then env one per line, then echoes stdin */
export const HELLO = `(module
  ${FD_WRITE}
  (import "${W}" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "${W}" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "${W}" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "${W}" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "${W}" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (memory (export "memory") 2 2)
  ${WRITE}
  (func $nul_to (param $ptr i32) (param $len i32) (param $c i32)
    (local $i i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (if (i32.eqz (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        (then (i32.store8 (i32.add (local.get $ptr) (local.get $i)) (local.get $c))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))
  (func (export "_start")
    (local $n i32)
    (drop (call $args_sizes_get (i32.const 12) (i32.const 16)))
    (drop (call $args_get (i32.const 1024) (i32.const 8192)))
    (local.set $n (i32.load (i32.const 16)))
    (call $nul_to (i32.const 8192) (local.get $n) (i32.const 32))
    (i32.store8 (i32.add (i32.const 8191) (local.get $n)) (i32.const 10))
    (call $write (i32.const 1) (i32.const 8192) (local.get $n))
    (drop (call $environ_sizes_get (i32.const 12) (i32.const 16)))
    (drop (call $environ_get (i32.const 1024) (i32.const 8192)))
    (local.set $n (i32.load (i32.const 16)))
    (call $nul_to (i32.const 8192) (local.get $n) (i32.const 10))
    (call $write (i32.const 1) (i32.const 8192) (local.get $n))
    (block $eof (loop $more
      (i32.store (i32.const 0) (i32.const 65536))
      (i32.store (i32.const 4) (i32.const 65536))
      (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
      (br_if $eof (i32.eqz (i32.load (i32.const 8))))
      (call $write (i32.const 1) (i32.const 65536) (i32.load (i32.const 8)))
      (br $more)))))`

/** "failing" on stderr, then exit code 3 */
export const EXIT_3 = `(module
  ${FD_WRITE}
  (import "${W}" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1 1)
  (data (i32.const 100) "failing\\n")
  ${WRITE}
  (func (export "_start")
    (call $write (i32.const 2) (i32.const 100) (i32.const 8))
    (call $proc_exit (i32.const 3))
    unreachable))`

/** stdout: 8 bytes CLOCK_REALTIME, 8 bytes CLOCK_MONOTONIC, 8 bytes CLOCK_MONOTONIC again, 32 bytes random_get */
export const CLOCK_RANDOM = `(module
  ${FD_WRITE}
  (import "${W}" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "${W}" "random_get" (func $random (param i32 i32) (result i32)))
  (memory (export "memory") 1 1)
  ${WRITE}
  (func (export "_start")
    (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 64)))
    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 72)))
    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 80)))
    (drop (call $random (i32.const 88) (i32.const 32)))
    (call $write (i32.const 1) (i32.const 64) (i32.const 56))))`

export const INFINITE_LOOP = `(module
  (memory (export "memory") 1 1)
  (func (export "_start") (loop $forever (br $forever))))`

/** grows 1 MiB at a time until memory.grow fails (-1), then traps; its memory has no maximum */
export const MEMORY_BOMB = `(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $more (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
    unreachable))`

/** writes 64 KiB blocks to stdout forever */
export const HUGE_OUTPUT = `(module
  ${FD_WRITE}
  (memory (export "memory") 2 2)
  ${WRITE}
  (func (export "_start") (loop $forever (call $write (i32.const 1) (i32.const 65536) (i32.const 65536)) (br $forever))))`

export const TRAP = `(module
  (memory (export "memory") 1 1)
  (func (export "_start") unreachable))`

export const MISSING_IMPORT = `(module
  (import "env" "host_secret" (func $secret (result i32)))
  (memory (export "memory") 1 1)
  (func (export "_start") (drop (call $secret))))`

export const NOT_WASI_CALL = `(module
  (import "${W}" "open_socket_please" (func $x))
  (memory (export "memory") 1 1)
  (func (export "_start") (call $x)))`

/** no memory maximum: exits 0 if growing by 1 page past 1 MiB fails (capped at 1 MiB), 1 if it succeeds */
export const NO_MAX = `(module
  (import "${W}" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))))`

/** imports its memory (no maximum); writes "imported" and the result of growing to 2 MiB, as "ok" or "-1" */
export const IMPORTED_MEMORY = `(module
  ${FD_WRITE}
  (import "env" "memory" (memory 1))
  (data (i32.const 100) "imported ok-1")
  ${WRITE}
  (func (export "_start")
    (call $write (i32.const 1) (i32.const 100) (i32.const 9))
    (if (i32.eq (memory.grow (i32.const 31)) (i32.const -1))
      (then (call $write (i32.const 1) (i32.const 111) (i32.const 2)))
      (else (call $write (i32.const 1) (i32.const 109) (i32.const 2))))))`

/** reports progress 0.5 then 1 through shoal.progress */
export const PROGRESS = `(module
  (import "shoal" "progress" (func $progress (param f64)))
  (memory (export "memory") 1 1)
  (func (export "_start") (call $progress (f64.const 0.5)) (call $progress (f64.const 1))))`

/** no _start: a reactor, not a command */
export const NO_START = `(module (memory (export "memory") 1 1) (func (export "run")))`

/** recurses forever */
export const STACK_OVERFLOW = `(module
  (memory (export "memory") 1 1)
  (func $f (call $f))
  (func (export "_start") (call $f)))`

/** writes from a pointer past the end of memory: fd_write returns EFAULT (21), which becomes the exit code */
export const BAD_POINTER = `(module
  ${FD_WRITE}
  (import "${W}" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1 1)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 65000))
    (i32.store (i32.const 4) (i32.const 10000))
    (call $proc_exit (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`

/** reports progress 0.1, then loops forever: the progress event says the loop has begun */
export const PROGRESS_THEN_LOOP = `(module
  (import "shoal" "progress" (func $progress (param f64)))
  (memory (export "memory") 1 1)
  (func (export "_start") (call $progress (f64.const 0.1)) (loop $forever (br $forever))))`

/** sleeps `ns` through poll_oneoff on CLOCK_MONOTONIC; stdout: the event's userdata (8 bytes), nevents (4), then the monotonic time (8) */
export const sleeper = (ns: bigint): string => `(module
  ${FD_WRITE}
  (import "${W}" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "${W}" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1 1)
  ${WRITE}
  (func (export "_start")
    (i64.store (i32.const 200) (i64.const 7))
    (i32.store8 (i32.const 208) (i32.const 0))
    (i32.store (i32.const 216) (i32.const 1))
    (i64.store (i32.const 224) (i64.const ${ns}))
    (i64.store (i32.const 232) (i64.const 0))
    (i32.store16 (i32.const 240) (i32.const 0))
    (drop (call $poll (i32.const 200) (i32.const 300) (i32.const 1) (i32.const 400)))
    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 500)))
    (call $write (i32.const 1) (i32.const 300) (i32.const 8))
    (call $write (i32.const 1) (i32.const 400) (i32.const 4))
    (call $write (i32.const 1) (i32.const 500) (i32.const 8))))`

/** a GC array type (hand-assembled: wabt cannot write GC types); _start allocates an 800 MB array */
export const GC_ARRAY = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x02, 0x5e, 0x7f, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01,
  0x01, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x13, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x06, 0x5f,
  0x73, 0x74, 0x61, 0x72, 0x74, 0x00, 0x00, 0x0a, 0x0e, 0x01, 0x0c, 0x00, 0x41, 0x80, 0x84, 0xaf, 0xdf, 0x00, 0xfb, 0x07,
  0x00, 0x1a, 0x0b
])

/** ten tables growing 10000 entries at a time until table.grow fails, then a trap */
export const TABLE_GROWER = `(module
  (memory (export "memory") 1 1)
  ${Array.from({ length: 10 }, (_, i) => `(table $t${i} 1 funcref)`).join(' ')}
  (func (export "_start")
    ${Array.from({ length: 10 }, (_, i) => `(loop $l${i} (br_if $l${i} (i32.ne (table.grow $t${i} (ref.null func) (i32.const 10000)) (i32.const -1))))`).join(' ')}
    unreachable))`

/** calls WASI functions that must fail in a sandbox, and writes their errnos to stdout as one byte each */
export const ERRNOS = `(module
  ${FD_WRITE}
  (import "${W}" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "${W}" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "${W}" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "${W}" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "${W}" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "${W}" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "${W}" "sock_send" (func $sock_send (param i32 i32 i32 i32 i32) (result i32)))
  (import "${W}" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "${W}" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "${W}" "args_get" (func $args_get (param i32 i32) (result i32)))
  (memory (export "memory") 1 1)
  ${WRITE}
  (func $put (param $i i32) (param $v i32) (i32.store8 (i32.add (i32.const 600) (local.get $i)) (local.get $v)))
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 1000))
    (i32.store (i32.const 4) (i32.const 10))
    (call $put (i32.const 0) (call $fd_seek (i32.const 1) (i64.const 0) (i32.const 0) (i32.const 16)))
    (call $put (i32.const 1) (call $fd_prestat_get (i32.const 3) (i32.const 16)))
    (call $put (i32.const 2) (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 4) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 16)))
    (call $put (i32.const 3) (call $fd_fdstat_get (i32.const 1) (i32.const 16)))
    (call $put (i32.const 4) (i32.load8_u (i32.const 16)))
    (call $put (i32.const 5) (call $fd_read (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $put (i32.const 6) (call $fd_close (i32.const 0)))
    (call $put (i32.const 7) (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $put (i32.const 8) (call $sock_send (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16)))
    (call $put (i32.const 9) (call $clock (i32.const 99) (i64.const 0) (i32.const 16)))
    (call $put (i32.const 10) (call $poll (i32.const 200) (i32.const 300) (i32.const 0) (i32.const 400)))
    (call $put (i32.const 11) (call $args_get (i32.const 70000) (i32.const 8192)))
    (call $write (i32.const 1) (i32.const 600) (i32.const 12))))`
