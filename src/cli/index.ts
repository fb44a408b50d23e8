#!/usr/bin/env node
import { runCli } from './program.js'

const code = await runCli(process.argv)
// commands that hold no handles end here; `start` returns after a clean shutdown
process.exit(code)
