import { expect } from 'chai'
import { ExecutorError, SlotPool } from '../../src/executors/index.js'

describe('executors: slot pool', () => {
  it('grants in arrival order and passes a released slot to the next in line', async () => {
    const pool = new SlotPool(1)
    const first = await pool.acquire()
    const order: number[] = []
    const second = pool.acquire().then(release => { order.push(2); return release })
    const third = pool.acquire().then(release => { order.push(3); return release })
    expect(pool.counts()).to.deep.equal({ total: 1, inUse: 1, queued: 2 })
    first()
    ;(await second)()
    ;(await third)()
    expect(order).to.deep.equal([2, 3])
    expect(pool.counts()).to.deep.equal({ total: 1, inUse: 0, queued: 0 })
  })

  it('resizes: 0 holds new jobs, growing grants the waiting, shrinking lets running jobs finish', async () => {
    const pool = new SlotPool(2)
    const a = await pool.acquire()
    const b = await pool.acquire()
    pool.resize(1)
    let granted = false
    const waiting = pool.acquire().then(release => { granted = true; return release })
    a()
    // still one in use with one slot: the waiter keeps waiting
    expect(pool.counts()).to.deep.equal({ total: 1, inUse: 1, queued: 1 })
    b()
    const c = await waiting
    expect(granted).to.equal(true)
    pool.resize(0)
    const held = pool.acquire()
    c()
    expect(pool.counts()).to.deep.equal({ total: 0, inUse: 0, queued: 1 })
    pool.resize(3)
    ;(await held)()
    expect(pool.counts()).to.deep.equal({ total: 3, inUse: 0, queued: 0 })
  })

  it('a waiter whose signal aborts leaves the queue with a "cancelled" error', async () => {
    const pool = new SlotPool(1)
    pool.resize(0)
    const controller = new AbortController()
    const waiting = pool.acquire(controller.signal)
    controller.abort()
    const err = await waiting.then(() => undefined, (e: unknown) => e)
    expect(err).to.be.instanceOf(ExecutorError)
    expect((err as ExecutorError).reason).to.equal('cancelled')
    expect(pool.counts().queued).to.equal(0)
  })
})
