import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect } from 'chai'
import { runWasi, type WasiRunOptions, type WasiRunResult } from './wasi-runner.js'

// The example jobs, built by `npm run build:jobs` (part of `npm run build`) from examples/jobs/*.ts.
const BUILD_DIR = fileURLToPath(new URL('../../../examples/jobs/build/', import.meta.url))
const JOBS = ['sha256', 'primes', 'mandelbrot'] as const
type Job = typeof JOBS[number]

/** What a job may import: Shoal's WASI layer offers these and nothing else. */
const ALLOWED_IMPORTS = new Set([
  'args_get', 'args_sizes_get', 'environ_get', 'environ_sizes_get', 'fd_read', 'fd_write', 'fd_close',
  'fd_fdstat_get', 'fd_seek', 'proc_exit', 'clock_time_get', 'random_get', 'sched_yield', 'poll_oneoff'
])

const binaries = new Map<Job, Uint8Array>()
const modules = new Map<Job, WebAssembly.Module>()

function load (job: Job): WebAssembly.Module {
  let module = modules.get(job)
  if (module == null) {
    const path = BUILD_DIR + job + '.wasm'
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build:jobs\` (or \`npm run build\`)`)
    const binary = new Uint8Array(readFileSync(path))
    module = new WebAssembly.Module(binary)
    binaries.set(job, binary)
    modules.set(job, module)
  }
  return module
}

function run (job: Job, args: string[] = [], opts: Omit<WasiRunOptions, 'args'> = {}): WasiRunResult {
  return runWasi(load(job), { ...opts, args: [job, ...args] })
}

function text (bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8')
}

/** The limits of every memory the module defines (section 5), read from the binary. */
function memoryLimits (binary: Uint8Array): Array<{ min: number, max?: number }> {
  let pos = 8 // magic and version
  const leb = (): number => {
    let result = 0; let shift = 0; let byte: number
    do { byte = binary[pos++]; result += (byte & 0x7f) * 2 ** shift; shift += 7 } while ((byte & 0x80) !== 0)
    return result
  }
  while (pos < binary.length) {
    const id = binary[pos++]
    const size = leb()
    const end = pos + size
    if (id === 5) {
      const limits: Array<{ min: number, max?: number }> = []
      for (let count = leb(); count > 0; count--) {
        const flags = binary[pos++]
        const min = leb()
        limits.push((flags & 1) !== 0 ? { min, max: leb() } : { min })
      }
      return limits
    }
    pos = end
  }
  return []
}

function sha256 (data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

describe('example jobs (examples/jobs, under a test-only WASI runner)', () => {
  describe('the modules', () => {
    for (const job of JOBS) {
      it(`${job}.wasm is a WASI command importing only from wasi_snapshot_preview1, with a bounded memory`, () => {
        const module = load(job)
        for (const imp of WebAssembly.Module.imports(module)) {
          expect(imp.module, `${imp.module}.${imp.name}`).to.equal('wasi_snapshot_preview1')
          expect(imp.kind, imp.name).to.equal('function')
          expect(ALLOWED_IMPORTS.has(imp.name), imp.name).to.equal(true)
        }
        const exports = WebAssembly.Module.exports(module)
        expect(exports).to.deep.include({ name: '_start', kind: 'function' })
        expect(exports).to.deep.include({ name: 'memory', kind: 'memory' })
        const limits = memoryLimits(binaries.get(job)!)
        expect(limits).to.have.length(1)
        expect(limits[0].max).to.be.a('number')
        expect(limits[0].max!).to.be.at.most(4096)
        expect(limits[0].min).to.be.at.most(limits[0].max!)
      })
    }
  })

  describe('sha256', () => {
    it('hashes the empty input and "abc" like node:crypto', () => {
      for (const input of ['', 'abc']) {
        const data = Buffer.from(input)
        const result = run('sha256', [], { stdin: data })
        expect(result.exitCode).to.equal(0)
        expect(text(result.stdout)).to.equal(sha256(data))
      }
      expect(text(run('sha256', [], { stdin: Buffer.from('abc') }).stdout))
        .to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    })

    it('agrees with node:crypto around the block and padding boundaries', () => {
      const data = randomBytes(200)
      for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 200]) {
        const input = data.subarray(0, n)
        expect(text(run('sha256', [], { stdin: input }).stdout), `${n} bytes`).to.equal(sha256(input))
      }
    })

    it('hashes 1 MiB of random bytes like node:crypto, also when stdin arrives in odd-sized reads', () => {
      const data = randomBytes(1024 * 1024)
      const expected = sha256(data)
      const whole = run('sha256', [], { stdin: data })
      expect(whole.exitCode).to.equal(0)
      expect(text(whole.stdout)).to.equal(expected)
      expect(text(run('sha256', [], { stdin: data, readChunk: 1000 }).stdout)).to.equal(expected)
      expect(text(run('sha256', [], { stdin: data, readChunk: 1 << 17 }).stdout)).to.equal(expected)
    })

    it('streams several MiB within its bounded memory', () => {
      const data = randomBytes(24 * 1024 * 1024 + 7) // more than the module's 16 MiB maximum memory
      const result = run('sha256', [], { stdin: data })
      expect(result.exitCode).to.equal(0)
      expect(text(result.stdout)).to.equal(sha256(data))
    })
  })

  describe('primes', () => {
    it('counts the primes up to N given as an argument', () => {
      const cases: Array<[string, string]> = [
        ['0', '0'], ['1', '0'], ['2', '1'], ['3', '2'], ['4', '2'], ['9', '4'], ['10', '4'], ['25', '9'],
        ['100', '25'], ['1000', '168'], ['65536', '6542'], ['65537', '6543'], ['1000000', '78498']
      ]
      for (const [n, count] of cases) {
        const result = run('primes', [n])
        expect(result.exitCode, n).to.equal(0)
        expect(text(result.stdout), n).to.equal(count)
      }
    })

    it('counts up to 10^7', () => {
      expect(text(run('primes', ['10000000']).stdout)).to.equal('664579')
    })

    it('reads N from stdin when there is no argument', () => {
      const result = run('primes', [], { stdin: Buffer.from(' 1000\n') })
      expect(result.exitCode).to.equal(0)
      expect(text(result.stdout)).to.equal('168')
    })

    it('exits 2 with a message on stderr for bad input', () => {
      for (const bad of ['', 'ten', '-5', '1e6', '1000000000001']) {
        const result = run('primes', [bad])
        expect(result.exitCode, bad).to.equal(2)
        expect(result.stdout, bad).to.have.length(0)
        expect(text(result.stderr), bad).to.match(/^usage: primes N/)
      }
    })
  })

  describe('mandelbrot', () => {
    const render = (...args: number[]): Uint8Array => {
      const result = run('mandelbrot', args.map(String))
      expect(result.exitCode, text(result.stderr)).to.equal(0)
      return result.stdout
    }

    it('writes tileWidth*tileHeight*4 RGBA bytes, the same bytes on every run', () => {
      const a = render(64, 48, 10, 5, 30, 20, 200)
      expect(a).to.have.length(30 * 20 * 4)
      expect(Buffer.compare(a, render(64, 48, 10, 5, 30, 20, 200))).to.equal(0)
      for (let i = 3; i < a.length; i += 4) expect(a[i]).to.equal(255)
    })

    it('draws the set: black inside, palette colours outside', () => {
      const image = render(35, 25, 0, 0, 35, 25, 100)
      const pixel = (x: number, y: number): number[] => Array.from(image.subarray((y * 35 + x) * 4, (y * 35 + x) * 4 + 4))
      expect(pixel(20, 12)).to.deep.equal([0, 0, 0, 255]) // c = -0.5 + 0i, inside
      expect(pixel(0, 0)).to.not.deep.equal([0, 0, 0, 255]) // c = -2.45 + 1.2i, escapes at once
    })

    it('a tile is exactly the matching part of the whole image', () => {
      const full = render(16, 16, 0, 0, 16, 16, 50)
      expect(full).to.have.length(16 * 16 * 4)
      const crop = (x0: number, y0: number, w: number, h: number): Buffer => Buffer.concat(
        Array.from({ length: h }, (_, row) => full.subarray(((y0 + row) * 16 + x0) * 4, ((y0 + row) * 16 + x0 + w) * 4))
      )
      expect(Buffer.compare(render(16, 16, 0, 0, 8, 8, 50), crop(0, 0, 8, 8))).to.equal(0)
      expect(Buffer.compare(render(16, 16, 8, 8, 8, 8, 50), crop(8, 8, 8, 8))).to.equal(0)
      expect(Buffer.compare(render(16, 16, 3, 11, 13, 5, 50), crop(3, 11, 13, 5))).to.equal(0)
    })

    it('a large tile comes out in several writes and still matches its rows', () => {
      const big = render(400, 300, 0, 0, 400, 300, 30) // 480 000 bytes, several 64 KiB batches
      expect(big).to.have.length(400 * 300 * 4)
      const rows = render(400, 300, 0, 150, 400, 2, 30)
      expect(Buffer.compare(rows, big.subarray(150 * 400 * 4, 152 * 400 * 4))).to.equal(0)
    })

    it('exits 2 with a message on stderr for bad arguments', () => {
      for (const bad of [[], ['16', '16', '0', '0', '8', '8'], ['16', '16', '8', '0', '9', '8', '50'], ['0', '16', '0', '0', '1', '1', '5'],
        ['16', '16', '0', '0', '8', '8', '0'], ['16', '16', '0', '0', 'x', '8', '5']]) {
        const result = run('mandelbrot', bad)
        expect(result.exitCode, bad.join(' ')).to.equal(2)
        expect(result.stdout).to.have.length(0)
        expect(text(result.stderr)).to.match(/^usage: mandelbrot/)
      }
    })
  })
})
