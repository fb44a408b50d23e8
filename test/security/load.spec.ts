import { expect } from 'chai'
import { exampleJob } from '../fixtures/jobs.js'
import { runLoad } from '../../scripts/load-mesh.js'

// the small version of `npm run load` (5,000 jobs): same mesh, same kills, same checks
describe('load under faults: 200 jobs through 6 peers while two workers are killed with SIGKILL and restarted', function () {
  this.timeout(240_000)

  it('every job ends succeeded or failed with a reason; none vanishes or runs on; no receipt a worker confirmed is lost', async () => {
    const report = await runLoad({ jobs: 200, peers: 6, kills: 2, concurrency: 24, module: exampleJob('sha256') })
    console.log(`      (${report.succeeded} succeeded, ${report.failed} failed, ${report.retries} retries, ${report.unconfirmed} acks unconfirmed by a dying worker, ${report.durationMs} ms)`)
    expect(report.kills, 'both workers were killed and came back with their ids').to.have.length(2)
    expect(report.vanished).to.equal(0)
    expect(report.stillRunning).to.equal(0)
    expect(report.succeeded + report.failed).to.equal(200)
    for (const reason of Object.keys(report.failedReasons)) expect(reason).to.not.equal('no reason')
    expect(report.receiptsLost).to.equal(0)
    // every succeeded job left a receipt with the requester
    expect(report.requesterReceipts).to.be.at.least(report.succeeded)
  })
})
