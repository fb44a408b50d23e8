/**
 * The credits ledger: running totals of the receipts held, kept in the
 * datastore in the same batch as each receipt, so a scrape or a dashboard
 * tick reads three numbers instead of every receipt, and a restart reads
 * one key. The newest receipts are kept in memory too, for the dashboard.
 */
import { Key } from 'interface-datastore'
import { LEDGER_KEY, RECEIPT_PREFIX, RECENT_RECEIPTS } from './constants.js'
import type { Datastore } from 'interface-datastore'

export interface LedgerReceipt {
  jobId: string
  role: 'requester' | 'worker'
  worker: string
  credits: number
  at: number
}

export interface LedgerTotals {
  earned: number
  spent: number
  balance: number
  receipts: number
}

interface Stored { earned: number, spent: number, receipts: number }

export const receiptKey = (r: Pick<LedgerReceipt, 'role' | 'jobId' | 'worker'>): Key => new Key(`${RECEIPT_PREFIX}${r.role}/${r.jobId}/${r.worker}`)

const utf8 = new TextEncoder()
const text = new TextDecoder()

export class ReceiptLedger<R extends LedgerReceipt = LedgerReceipt> {
  private totalsHeld: Stored = { earned: 0, spent: 0, receipts: 0 }
  /** newest first, at most RECENT_RECEIPTS; undefined until first asked for */
  private recentHeld?: R[]
  /** receipts are written one after the other: the totals on disk are never older than the receipts beside them */
  private writing: Promise<void> = Promise.resolve()

  constructor (private readonly datastore: Datastore) {}

  /** the totals from disk; a datastore from before the ledger is counted once, and the count kept */
  async load (): Promise<void> {
    const key = new Key(LEDGER_KEY)
    if (await this.datastore.has(key)) {
      this.totalsHeld = JSON.parse(text.decode(await this.datastore.get(key)))
      return
    }
    this.totalsHeld = await ReceiptLedger.recount(this.datastore)
    await this.datastore.put(key, utf8.encode(JSON.stringify(this.totalsHeld)))
  }

  /** the totals, O(1) */
  totals (): LedgerTotals {
    const { earned, spent, receipts } = this.totalsHeld
    return { earned, spent, balance: earned - spent, receipts }
  }

  /** keeps a receipt and the totals with it in one batch (both or neither survive a crash); the same receipt twice counts once */
  async keep (receipt: R): Promise<void> {
    const next = this.writing.catch(() => {}).then(async () => {
      const key = receiptKey(receipt)
      // the same receipt kept again replaces the first: its credits count once, as now written
      const previous: LedgerReceipt | undefined = await this.datastore.has(key) ? JSON.parse(text.decode(await this.datastore.get(key))) : undefined
      const totals = { ...this.totalsHeld }
      const add = (r: LedgerReceipt, sign: 1 | -1): void => {
        if (r.role === 'worker') totals.earned += sign * r.credits
        else totals.spent += sign * r.credits
        totals.receipts += sign
      }
      if (previous != null) add(previous, -1)
      add(receipt, 1)
      const batch = this.datastore.batch()
      batch.put(key, utf8.encode(JSON.stringify(receipt)))
      batch.put(new Key(LEDGER_KEY), utf8.encode(JSON.stringify(totals)))
      await batch.commit()
      this.totalsHeld = totals
      if (this.recentHeld != null) {
        this.recentHeld = [receipt, ...this.recentHeld.filter(r => !(r.jobId === receipt.jobId && r.role === receipt.role && r.worker === receipt.worker))].slice(0, RECENT_RECEIPTS)
      }
    })
    this.writing = next
    await next
  }

  /** the newest receipts: from memory up to RECENT_RECEIPTS (one scan the first time), else a scan */
  async recent (limit: number): Promise<R[]> {
    if (limit > RECENT_RECEIPTS) return (await this.all()).slice(0, limit)
    this.recentHeld ??= (await this.all()).slice(0, RECENT_RECEIPTS)
    return this.recentHeld.slice(0, limit)
  }

  private async all (): Promise<R[]> {
    await this.writing.catch(() => {})
    const out: R[] = []
    for await (const { value } of this.datastore.query({ prefix: RECEIPT_PREFIX })) out.push(JSON.parse(text.decode(value)))
    return out.sort((a, b) => b.at - a.at)
  }

  /** the totals counted from every receipt held: what the ledger must always equal */
  static async recount (datastore: Datastore): Promise<Stored> {
    const totals = { earned: 0, spent: 0, receipts: 0 }
    for await (const { value } of datastore.query({ prefix: RECEIPT_PREFIX })) {
      const r: LedgerReceipt = JSON.parse(text.decode(value))
      if (r.role === 'worker') totals.earned += r.credits
      else totals.spent += r.credits
      totals.receipts++
    }
    return totals
  }
}
