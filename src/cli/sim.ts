/**
 * `shoal sim <scenario>`: runs a simulation (simulations/<scenario>.json or a
 * path), writes DIR/report.json and DIR/report.html, shows progress on
 * stderr, and prints the summary (--json: one object on stdout).
 */
import { SingleBar } from 'cli-progress'
import { UsageError } from './errors.js'
import { printJson } from './output.js'
import { ExitError } from './run.js'
import { loadScenario, scenarioNames } from '../sim/load.js'
import { runSimulation } from '../sim/run.js'
import { writeReport } from '../sim/write.js'
import { ENGINES, parseDuration, ScenarioError, type Engine } from '../sim/scenario.js'
import type { Summary } from '../sim/metrics.js'
import type { Command } from 'commander'

interface SimFlags {
  nodes?: string
  seed?: string
  duration?: string
  out?: string
  json?: boolean
  engine: string
  threads?: string
  plaintext?: boolean
  progress: boolean
}

export function simCommand (program: Command): void {
  program.command('sim')
    .description('run a simulation scenario of honest, faulty and malicious peers and write a report (report.json, report.html)')
    .argument('<scenario>', 'a scenario name from simulations/ (baseline, churn, colluders, …) or a path to a .json file')
    .option('--nodes <n>', 'how many peers (default: the scenario\'s, per engine)')
    .option('--seed <s>', 'random seed (same seed, same scenario: same algorithm-level result)')
    .option('--duration <d>', 'simulated time, e.g. 90s, 15m, 2h')
    .option('--out <dir>', 'where to write report.json and report.html (default sim-out/<scenario>)')
    .option('--engine <engine>', `${ENGINES.join(' | ')}`, 'algorithm')
    .option('--json', 'print the summary as one JSON object on stdout')
    .option('--threads <n>', 'in-process engine: worker threads that share the peers (default: one per core)')
    .option('--plaintext', 'in-process engine: no encryption between simulated peers (the default there: less CPU per peer, so more peers)')
    .option('--no-plaintext', 'in-process engine: Noise on every simulated link, as between real peers')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (name: string, flags: SimFlags) => {
      if (!(ENGINES as readonly string[]).includes(flags.engine)) throw new UsageError(`--engine takes ${ENGINES.join(', ')}, got "${flags.engine}"`)
      const engine = flags.engine as Engine
      const whole = (v: string | undefined, flag: string, min: number): number | undefined => {
        if (v == null) return undefined
        if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${flag} takes a whole number ≥ ${min}, got "${v}"`)
        return Number(v)
      }
      if (engine !== 'inprocess' && (flags.threads != null || flags.plaintext != null)) throw new UsageError('--threads, --plaintext and --no-plaintext are for --engine inprocess')
      // in-process peers never leave the process: no encryption unless asked for
      const options = { threads: whole(flags.threads, '--threads', 1), plaintext: flags.plaintext ?? true }
      let scenario
      try {
        scenario = await loadScenario(name, engine, {
          nodes: whole(flags.nodes, '--nodes', 2),
          seed: whole(flags.seed, '--seed', 0),
          durationMs: flags.duration == null ? undefined : parseDuration(flags.duration, '--duration')
        })
      } catch (err: any) {
        if (err instanceof ScenarioError) throw new UsageError(err.message)
        throw err
      }
      const bar = flags.progress && process.stderr.isTTY === true
        ? new SingleBar({ format: `${scenario.name} [${engine}, ${scenario.nodes} peers] {bar} {percentage}% {phase}`, stream: process.stderr, hideCursor: true })
        : undefined
      bar?.start(100, 0, { phase: 'starting' })
      // no terminal: a line per tenth, so a log still shows what runs
      let lastTenth = -1
      let lastPhase = ''
      const log = (f: number, phase: string): void => {
        const tenth = Math.floor(f * 10)
        const kind = phase.split(' ')[0]
        if (!flags.progress || (tenth === lastTenth && kind === lastPhase)) return
        lastTenth = tenth
        lastPhase = kind
        process.stderr.write(`${scenario.name}: ${Math.round(f * 100)}% ${phase}\n`)
      }
      let report
      try {
        report = await runSimulation(scenario, engine, { onProgress: (f, phase) => { if (bar != null) bar.update(Math.round(f * 100), { phase }); else log(f, phase) } }, options)
      } finally {
        bar?.stop()
      }
      const files = await writeReport(flags.out ?? `sim-out/${scenario.name}`, report)
      if (flags.json === true) printJson(report.summary)
      else printSummary(report.summary, files)
      if (report.summary.checks.some(c => !c.ok)) throw new ExitError(1, `${report.summary.checks.filter(c => !c.ok).map(c => c.name).join(', ')} outside the scenario's limits`)
    })
    .addHelpText('after', `\nscenarios: ${scenarioNames().join(', ')}`)
}

function printSummary (s: Summary, files: { json: string, html: string }): void {
  const pct = (x: number, d = 2): string => `${(x * 100).toFixed(d)}%`
  console.log(`${s.scenario} (${s.engine}, ${s.nodes} peers, seed ${s.seed})`)
  console.log(`  adverts delivered      ${pct(s.deliveryRatio)}, dissemination p50 ${s.disseminationMs.p50} ms, p99 ${s.disseminationMs.p99} ms, max ${s.disseminationMs.max} ms`)
  console.log(`  discovery              p50 ${s.discoveryMs.p50} ms, p99 ${s.discoveryMs.p99} ms`)
  console.log(`  jobs                   ${s.jobs.completed} completed, ${s.jobs.failed} failed, ${s.jobs.lost} lost; latency p50 ${s.jobLatencyMs.p50} ms, p99 ${s.jobLatencyMs.p99} ms`)
  console.log(`  wrong accepted         ${pct(s.wrongAcceptedShare, 3)} of ${s.measuredJobs} jobs after warm-up; ${s.replicasPerJob} worker runs per job, ${s.runsPerJob} with re-runs`)
  console.log(`  honest banned/refused  ${pct(s.honestBannedShare, 3)} / ${pct(s.honestRefusedShare, 3)}; malicious banned ${pct(s.maliciousBannedShare, 1)}`)
  console.log(`  peak memory per peer   ${s.peakMemoryPerPeerMb} MB; CPU ${(s.cpuMs / 1000).toFixed(1)} s, wall ${(s.wallMs / 1000).toFixed(1)} s`)
  for (const c of s.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name} = ${c.value} (limit ${c.limit})`)
  console.log(`report: ${files.html}`)
}
