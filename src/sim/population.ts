/**
 * Who is who: every peer's behaviour, drawn from the scenario's groups in a
 * seeded random order (no group sits at the front of any list).
 */
import { BEHAVIOURS, groupSizes, MALICIOUS, type Behaviour, type Scenario } from './scenario.js'
import { shuffle } from './random.js'
import type { Rng } from '../reputation/rng.js'

export interface Population {
  behaviour: Behaviour[]
  /** peers whose work is honest (honest, slow): false bans are counted among them */
  honest: number[]
  malicious: number[]
}

export function population (s: Scenario, rng: Rng): Population {
  const sizes = groupSizes(s)
  const behaviour: Behaviour[] = []
  for (const b of BEHAVIOURS) for (let i = 0; i < sizes[b]; i++) behaviour.push(b)
  shuffle(behaviour, rng)
  const honest: number[] = []
  const malicious: number[] = []
  behaviour.forEach((b, i) => {
    if (b === 'honest' || b === 'slow') honest.push(i)
    else if (MALICIOUS.has(b)) malicious.push(i)
  })
  return { behaviour, honest, malicious }
}
