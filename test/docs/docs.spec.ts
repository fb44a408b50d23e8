/**
 * The docs run: every `sh runnable` block of README.md and docs/*.md runs
 * (and simulations/README.md) against a throwaway mesh of three real daemons on loopback (the tour's own
 * `npm run mesh -- --nodes 3 --dir /tmp/mesh`, in a temp dir instead of
 * /tmp/mesh), with `shoal` / `npx shoal` resolved to dist/src/cli/index.js.
 * A block fails when a command fails, or prints other than the doc shows.
 * The convention is in docs/development.md ("Docs that run"); the parser and
 * the matcher are in ./blocks.ts.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, normalize, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { CLI, cli, tempDir } from '../fixtures/daemon.js'
import { blockScript, matchOutput, runnableBlocks, splitOutput } from './blocks.js'
import type { Captures, DocBlock } from './blocks.js'
import type { ChildProcess } from 'node:child_process'

const ROOT = resolve('.')
const DOC_MESH = '/tmp/mesh'
const MESH_COMMAND = `npm run mesh -- --nodes 3 --dir ${DOC_MESH}`
const BLOCK_TIMEOUT_MS = 90_000

function docFiles (): string[] {
  const docs = readdirSync(join(ROOT, 'docs')).filter(f => f.endsWith('.md')).sort().map(f => join('docs', f))
  return ['README.md', ...docs, 'simulations/README.md']
}

const blocks: DocBlock[] = docFiles().flatMap(file => runnableBlocks(readFileSync(join(ROOT, file), 'utf8'), file))

interface BlockRun { code: number | null, stdout: string, stderr: string }

async function runScript (script: string, env: NodeJS.ProcessEnv): Promise<BlockRun> {
  const child = spawn('bash', ['-c', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr = (stderr + d).slice(-8192) })
  const timer = setTimeout(() => { child.kill('SIGKILL') }, BLOCK_TIMEOUT_MS)
  const code = await new Promise<number | null>(resolveExit => { child.once('exit', c => { resolveExit(c) }) })
  clearTimeout(timer)
  return { code, stdout, stderr }
}

describe('docs: runnable shell blocks', function () {
  this.timeout(BLOCK_TIMEOUT_MS + 30_000)
  let dir: Awaited<ReturnType<typeof tempDir>>
  let mesh: ChildProcess | undefined
  let meshDir: string
  let env: NodeJS.ProcessEnv
  let commandsRun = 0

  const rewrite = (text: string): string => text.replaceAll(DOC_MESH, meshDir).replace(/(^|[\s;&|(])npx shoal /g, '$1shoal ')

  before(async function () {
    this.timeout(90_000)
    dir = await tempDir('shoal-docs-')
    meshDir = join(dir.path, 'mesh')
    // `shoal` on the PATH is this checkout's CLI, on the Node running the tests
    const bin = join(dir.path, 'bin')
    await mkdir(bin)
    await writeFile(join(bin, 'shoal'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`)
    await chmod(join(bin, 'shoal'), 0o755)
    env = { ...process.env, PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH ?? ''}` }

    mesh = spawn(process.execPath, [resolve('dist/scripts/mesh.js'), '--nodes', '3', '--dir', meshDir, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    mesh.stdout?.setEncoding('utf8').on('data', (d: string) => { out += d })
    mesh.stderr?.setEncoding('utf8').on('data', (d: string) => { err += d })
    const peers = await new Promise<Array<{ dataDir: string }>>((ready, fail) => {
      const timer = setTimeout(() => { fail(new Error(`the mesh was not up within 60 s:\n${err}`)) }, 60_000)
      mesh?.stdout?.on('data', () => {
        const line = out.split('\n').find(l => l.startsWith('['))
        if (line != null && out.includes('\n', out.indexOf(line))) { clearTimeout(timer); ready(JSON.parse(line)) }
      })
      mesh?.once('exit', code => { clearTimeout(timer); fail(new Error(`the mesh exited with ${code}:\n${err}`)) })
    })
    // the tour's first command needs peer 0 to know the others' adverts: bounded polling
    for (const peer of peers) {
      const end = Date.now() + 30_000
      while (true) {
        const res = cli(['capacity', '--json', '--data-dir', peer.dataDir])
        if (res.code === 0 && (JSON.parse(res.stdout) as unknown[]).length === peers.length) break
        if (Date.now() > end) throw new Error(`${peer.dataDir} did not hear every advert within 30 s: ${res.stdout}${res.stderr}`)
        await sleep(200)
      }
    }
  })

  after(async function () {
    this.timeout(30_000)
    if (mesh != null && mesh.exitCode == null) {
      const exited = new Promise(resolveExit => mesh?.once('exit', resolveExit))
      mesh.kill('SIGTERM')
      await exited
    }
    await dir?.remove()
    console.log(`      ${blocks.length} runnable blocks, ${commandsRun} commands run`)
  })

  it('the README starts the mesh these blocks run against', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).to.include(MESH_COMMAND)
  })

  it('finds runnable blocks in the README and the guides', () => {
    expect(blocks.filter(b => b.file === 'README.md')).to.have.length.greaterThan(0)
    expect(new Set(blocks.map(b => b.file)).size).to.be.greaterThan(1)
  })

  for (const block of blocks) {
    it(`${block.file}:${block.line} (${block.commands.length} command${block.commands.length === 1 ? '' : 's'})`, async () => {
      const run = await runScript(blockScript(block, rewrite), env)
      const { outputs, finished } = splitOutput(run.stdout)
      const failed = outputs.length - 1
      if (run.code !== 0 || !finished) {
        const command = block.commands[Math.max(failed, 0)]
        expect.fail(`${block.file}:${command.line}: \`${command.text}\` failed (exit ${run.code}):\n${run.stderr}${outputs[failed] ?? ''}`)
      }
      commandsRun += block.commands.length
      const captures: Captures = new Map()
      block.commands.forEach((command, k) => {
        if (command.expected == null) return
        const match = matchOutput(command.expected.map(rewrite), outputs[k] ?? '', captures)
        if (!match.ok) expect.fail(`${block.file}:${command.line}: \`${command.text}\` printed other than the doc shows:\n${match.reason}`)
      })
    })
  }
})

/** relative links between the docs resolve, anchors included */
describe('docs: links', () => {
  const anchorsOf = (file: string): Set<string> => {
    const out = new Set<string>()
    let fenced = false
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (/^(`{3,}|~{3,})/.test(line)) fenced = !fenced
      const heading = fenced ? null : /^#{1,6} (.*)$/.exec(line)
      if (heading != null) out.add(heading[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-'))
    }
    return out
  }

  for (const file of docFiles()) {
    it(`${file}: every relative link and anchor resolves`, () => {
      const text = readFileSync(join(ROOT, file), 'utf8').replace(/^(`{3,}|~{3,}).*?^\1/gms, '')
      const broken: string[] = []
      for (const line of text.split('\n')) {
        // rows marked † name docs that arrive with branches merged in parallel
        if (line.startsWith('| † |')) continue
        for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
          const link = m[1]
          if (/^[a-z]+:/.test(link)) continue
          const [path, anchor] = link.split('#')
          const target = path === '' ? join(ROOT, file) : normalize(join(ROOT, dirname(file), path))
          if (!existsSync(target)) broken.push(`${link} (no such file)`)
          else if (anchor != null && target.endsWith('.md') && !anchorsOf(target).has(anchor)) broken.push(`${link} (no such heading)`)
        }
      }
      expect(broken, `broken links in ${file}`).to.deep.equal([])
    })
  }
})
