import { expect } from 'chai'
import { loadScenario, scenarioNames } from '../../src/sim/load.js'
import { ENGINES, groupSizes, parseDuration, parseScenario, ScenarioError } from '../../src/sim/scenario.js'

describe('sim scenarios', () => {
  it('ships the eight scenarios of issue 6, each valid for every engine', async () => {
    const names = scenarioNames()
    expect(names).to.include.members(['baseline', 'churn', 'colluders', 'build-then-cheat', 'slander', 'sybil', 'liars', 'benign-errors'])
    for (const name of names) {
      for (const engine of ENGINES) {
        const s = await loadScenario(name, engine)
        expect(s.name).to.equal(name)
        const sizes = groupSizes(s)
        expect(Object.values(sizes).reduce((a, b) => a + b, 0)).to.equal(s.nodes)
      }
    }
  })

  it('merges per-engine overrides and command-line overrides', async () => {
    const inprocess = await loadScenario('colluders', 'inprocess')
    const algorithm = await loadScenario('colluders', 'algorithm', { seed: 7 })
    expect(inprocess.nodes).to.equal(50)
    expect(algorithm.nodes).to.equal(10_000)
    expect(algorithm.seed).to.equal(7)
    expect(groupSizes(inprocess).colluders).to.equal(15)
    expect((await loadScenario('baseline', 'algorithm', { nodes: 123, durationMs: 5000 })).nodes).to.equal(123)
  })

  it('parses durations and refuses bad ones', () => {
    expect(parseDuration('90s', 'x')).to.equal(90_000)
    expect(parseDuration('1.5h', 'x')).to.equal(5_400_000)
    expect(parseDuration(250, 'x')).to.equal(250)
    expect(() => parseDuration('soon', 'duration')).to.throw(ScenarioError, /duration/)
  })

  it('names the key that is wrong', () => {
    const base = { name: 'x', nodes: 10 }
    expect(() => parseScenario({ ...base, peers: { vampires: { count: 1 } } }, 'algorithm')).to.throw(ScenarioError, /unknown behaviour "vampires"/)
    expect(() => parseScenario({ ...base, workload: { jobsPerHour: 1 } }, 'algorithm')).to.throw(ScenarioError, /workload: unknown key "jobsPerHour"/)
    expect(() => parseScenario({ ...base, peers: { colluders: { count: 11 } } }, 'algorithm')).to.throw(ScenarioError, /more than the 10 nodes/)
    expect(() => parseScenario({ ...base, benignErrorRate: 2 }, 'algorithm')).to.throw(ScenarioError, /benignErrorRate/)
    expect(() => parseScenario({ nodes: 10 }, 'algorithm')).to.throw(ScenarioError, /name/)
  })

  it('loads a scenario by path and says what to do when there is none', async () => {
    const s = await loadScenario('simulations/churn.json', 'algorithm')
    expect(s.faults.churn?.shape).to.equal(0.7)
    let error: unknown
    try { await loadScenario('no-such-scenario', 'algorithm') } catch (err) { error = err }
    expect(String(error)).to.match(/no scenario "no-such-scenario": give a name \(.*baseline.*\) or a path/)
  })
})
