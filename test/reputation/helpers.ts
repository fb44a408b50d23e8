/** small helpers for the reputation tests */
import { ReputationTable, type Outcome, type ReputationConfig } from '../../src/reputation/table.js'

export const HOUR = 3600_000
export const DAY = 24 * HOUR

export function table (options: Partial<ReputationConfig> = {}): ReputationTable {
  return new ReputationTable({ self: 'me', ...options })
}

/** `times` first-hand outcomes of one kind for `worker` at `at` */
export function observeMany (t: ReputationTable, worker: string, outcome: Outcome, times: number, at: number): void {
  for (let i = 0; i < times; i++) t.observe(worker, outcome, at)
}

/** `times` reports of one kind by `reporter` about `worker` at `at` */
export function reportMany (t: ReputationTable, reporter: string, worker: string, outcome: Outcome, times: number, at: number): void {
  for (let i = 0; i < times; i++) t.report(reporter, worker, outcome, at)
}

/** every known peer's trust at `at` */
export function trustMap (t: ReputationTable, at: number): Record<string, number> {
  return Object.fromEntries(t.peers().sort().map(p => [p, t.trust(p, at)]))
}
