import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { VERSION } from '../src/version.js'

describe('version', () => {
  it('matches package.json', () => {
    expect(VERSION).to.equal(JSON.parse(readFileSync('package.json', 'utf8')).version)
  })
})
