import { expect } from 'chai'
import { blockScript, matchOutput, runnableBlocks, splitOutput } from './blocks.js'

const doc = [
  '# A doc',
  '',
  '```sh',
  'not run',
  '```',
  '',
  '```sh runnable',
  'shoal run job.wasm \\',
  '  --arg 1   # a comment',
  '#> 78498',
  '# a plain comment',
  'sha256sum README.md',
  '```',
  '',
  '````sh runnable',
  'echo one',
  '````'
].join('\n')

describe('docs: the runnable-block convention', () => {
  it('finds only `sh runnable` blocks, joins continuation lines, keeps #> lines as output', () => {
    const blocks = runnableBlocks(doc, 'a.md')
    expect(blocks.map(b => b.line)).to.deep.equal([7, 15])
    expect(blocks[0].commands).to.deep.equal([
      { text: 'shoal run job.wasm \\\n  --arg 1   # a comment', line: 8, expected: ['78498'] },
      { text: 'sha256sum README.md', line: 12 }
    ])
    expect(blocks[1].commands).to.deep.equal([{ text: 'echo one', line: 16 }])
  })

  it('refuses output shown before any command', () => {
    expect(() => runnableBlocks('```sh runnable\n#> 1\n```\n', 'b.md')).to.throw(/before any command/)
  })

  it('matches exact output, and fails on any difference', () => {
    expect(matchOutput(['78498'], '78498', new Map()).ok).to.equal(true)
    expect(matchOutput(['78498'], '78499\n', new Map()).ok).to.equal(false)
    expect(matchOutput(['78498'], '78498\nmore\n', new Map()).ok).to.equal(false)
    expect(matchOutput(['a', 'b'], 'a\n', new Map()).ok).to.equal(false)
  })

  it('lets runs of spaces stand for any run, … for any text in a line, a lone … for any lines', () => {
    expect(matchOutput(['PEER  TRUST'], 'PEER             TRUST\n', new Map()).ok).to.equal(true)
    expect(matchOutput(['12D3KooW… (self) …'], '12D3KooW…aoF5xX (self)  2  22.2 GiB\n', new Map()).ok).to.equal(true)
    expect(matchOutput(['12D3KooW… (self) …'], '12D3KooW…aoF5xX  2  22.2 GiB\n', new Map()).ok).to.equal(false)
    expect(matchOutput(['HEAD', '…', 'last'], 'HEAD\nx\ny\nlast\n', new Map()).ok).to.equal(true)
    expect(matchOutput(['HEAD', '…', 'last'], 'HEAD\nlast\n', new Map()).ok).to.equal(true)
    expect(matchOutput(['HEAD', '…', 'last'], 'HEAD\nx\n', new Map()).ok).to.equal(false)
  })

  it('holds a {{name}} to the same word across the commands of a block', () => {
    const captures = new Map<string, string>()
    expect(matchOutput(['{{digest}}'], 'abc123\n', captures).ok).to.equal(true)
    expect(matchOutput(['{{digest}}  README.md'], 'abc123  README.md\n', captures).ok).to.equal(true)
    expect(matchOutput(['{{digest}}  README.md'], 'abc124  README.md\n', captures).ok).to.equal(false)
    expect(matchOutput(['{{x}} {{x}}'], 'a b\n', new Map()).ok).to.equal(false)
    expect(matchOutput(['{{x}} {{x}}'], 'a a\n', new Map()).ok).to.equal(true)
  })

  it('splits a block script\'s output by command, and tells a finished run', () => {
    const [block] = runnableBlocks('```sh runnable\necho a\nprintf b\n```\n', 'c.md')
    const script = blockScript(block, t => t)
    expect(script).to.match(/^set -eo pipefail\n/)
    const fake = "\n@@doc-command-0@@\na\n\n@@doc-command-1@@\nb\n@@doc-command-end@@\n"
    expect(splitOutput(fake)).to.deep.equal({ outputs: ['a\n', 'b'], finished: true })
    expect(splitOutput('\n@@doc-command-0@@\na\n')).to.deep.equal({ outputs: ['a\n'], finished: false })
  })
})
