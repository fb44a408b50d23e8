/**
 * The doc-test's pure half: finding the runnable shell blocks in a Markdown
 * file and checking what a command printed against what the doc shows.
 *
 * The convention (docs/development.md, "Docs that run"):
 * - a fenced block whose info string is `sh runnable` is run;
 * - each line that is not a comment is a command (a trailing `\` continues it);
 * - `#> ` lines right after a command are what it prints on stdout, in order;
 *   a command without them is only required to succeed;
 * - in those lines `…` stands for any text within the line, a line that is
 *   only `…` for any number of lines, and `{{name}}` for one word that must be
 *   the same wherever that name appears again in the block; runs of spaces
 *   match any run of spaces (tables align their columns to their content).
 */

export const RUNNABLE_INFO = 'sh runnable'

export interface DocCommand {
  /** the shell text, continuation lines joined with their newlines */
  text: string
  /** 1-based line in the Markdown file where the command starts */
  line: number
  /** the `#>` lines without their prefix; undefined when the doc shows no output */
  expected?: string[]
}

export interface DocBlock {
  file: string
  /** 1-based line of the opening fence */
  line: number
  commands: DocCommand[]
}

/** every `sh runnable` block of a Markdown text, in order */
export function runnableBlocks (markdown: string, file: string): DocBlock[] {
  const lines = markdown.split('\n')
  const blocks: DocBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})\s*(.*)$/.exec(lines[i])
    if (open == null) continue
    const fence = open[1]
    let end = i + 1
    while (end < lines.length && !lines[end].startsWith(fence)) end++
    if (open[2].trim() === RUNNABLE_INFO) blocks.push({ file, line: i + 1, commands: parseCommands(lines.slice(i + 1, end), i + 2) })
    i = end
  }
  return blocks
}

function parseCommands (body: string[], firstLine: number): DocCommand[] {
  const commands: DocCommand[] = []
  let current: DocCommand | undefined
  let continuing = false
  body.forEach((raw, k) => {
    const line = raw.replace(/\s+$/, '')
    if (continuing && current != null) {
      current.text += '\n' + line
      continuing = line.endsWith('\\')
      return
    }
    if (line.startsWith('#>')) {
      if (current == null) throw new Error(`line ${firstLine + k}: output (#>) before any command`)
      ;(current.expected ??= []).push(line.slice(2).replace(/^ /, ''))
      return
    }
    if (line.trim() === '' || line.trimStart().startsWith('#')) return
    current = { text: line, line: firstLine + k }
    commands.push(current)
    continuing = line.endsWith('\\')
  })
  return commands
}

export type Captures = Map<string, string>

export interface Match { ok: boolean, reason?: string }

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const squeeze = (s: string): string => s.trim().replace(/[ \t]+/g, ' ')

/**
 * Checks a command's stdout against the doc's expected lines. `captures`
 * carries `{{name}}` values from one command of a block to the next, and
 * gains the ones first seen here.
 */
export function matchOutput (expected: string[], stdout: string, captures: Captures): Match {
  const actual = stdout.split('\n').map(squeeze)
  while (actual.length > 0 && actual[actual.length - 1] === '') actual.pop()
  const names: string[] = []
  let pattern = '^'
  for (const want of expected.map(squeeze)) {
    if (want === '…') { pattern += '(?:[^\\n]*\\n)*?'; continue }
    const parts = want.split(/(…|\{\{[^}]+\}\})/)
    for (const part of parts) {
      if (part === '…') pattern += '[^\\n]*?'
      else if (/^\{\{[^}]+\}\}$/.test(part)) {
        const name = part.slice(2, -2).trim()
        const known = captures.get(name)
        if (known != null) pattern += escapeRegExp(known)
        else if (names.includes(name)) pattern += `\\k<g${names.indexOf(name)}>`
        else { pattern += `(?<g${names.length}>\\S+)`; names.push(name) }
      } else pattern += escapeRegExp(part).replace(/ /g, '[ \\t]+')
    }
    pattern += '\\n'
  }
  pattern += '$'
  const text = actual.map(l => l + '\n').join('')
  const m = new RegExp(pattern).exec(text)
  if (m == null) {
    return {
      ok: false,
      reason: `the doc shows:\n${expected.map(l => '  ' + l).join('\n')}\nit printed:\n${actual.map(l => '  ' + l).join('\n')}`
    }
  }
  names.forEach((name, k) => { captures.set(name, m.groups?.[`g${k}`] ?? '') })
  return { ok: true }
}

/** a bash script that runs the block's commands in order, printing a marker before each */
export function blockScript (block: DocBlock, rewrite: (text: string) => string): string {
  const steps = block.commands.map((c, k) => `printf '\\n${MARKER}${k}@@\\n'\n${rewrite(c.text)}`)
  return ['set -eo pipefail', ...steps, `printf '\\n${MARKER}end@@\\n'`].join('\n') + '\n'
}

const MARKER = '@@doc-command-'

/** splits a block script's stdout into each command's own output, by index */
export function splitOutput (stdout: string): { outputs: string[], finished: boolean } {
  const outputs: string[] = []
  let finished = false
  const re = new RegExp(`\\n${MARKER}(\\d+|end)@@\\n`, 'g')
  let last: { index: number, end: number } | undefined
  for (const m of stdout.matchAll(re)) {
    if (last != null) outputs[last.index] = stdout.slice(last.end, m.index)
    if (m[1] === 'end') { finished = true; last = undefined; break }
    last = { index: Number(m[1]), end: m.index + m[0].length }
  }
  if (last != null) outputs[last.index] = stdout.slice(last.end)
  return { outputs, finished }
}
