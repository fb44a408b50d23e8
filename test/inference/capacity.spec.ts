import { expect } from 'chai'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { openAdvert, sealAdvert } from '../../src/capacity/advert.js'
import { checkAdvert } from '../../src/capacity/validate.js'
import { buildAdvert } from '../../src/capacity/offer.js'
import { rankWorkers } from '../../src/jobs/scheduler.js'
import { makeAdvert } from '../fixtures/adverts.js'

const model = 'ab'.repeat(32)

describe('onnx in capacity adverts and the scheduler', () => {
  it('adverts carry the onnx providers and the models held (fields 60, 61), signed and checked', async () => {
    const key = await generateKeyPair('Ed25519')
    const peerId = peerIdFromPrivateKey(key).toString()
    const advert = makeAdvert(peerId, { kinds: ['onnx'], onnxProviders: ['cpu'], models: [model] })
    const opened = await openAdvert(await sealAdvert(advert, key))
    expect(opened.advert.onnxProviders).to.deep.equal(['cpu'])
    expect(opened.advert.models).to.deep.equal([model])
    expect(() => { checkAdvert({ ...advert, models: ['abc'] }, { now: Date.now() }) }).to.throw(/sha-256/)
    expect(() => { checkAdvert({ ...advert, onnxProviders: [''] }, { now: Date.now() }) }).to.throw(/provider/)
  })

  it('the offer reads the executor\'s providers and models at each advert', () => {
    let models: string[] = []
    const offer = { cpuShare: 1, price: 0, labels: {}, runtimes: ['wasm'], kinds: ['onnx'], inference: () => ({ providers: ['cpu'], models }) }
    const m = { cores: 2, memoryTotalMb: 4096, memoryFreeMb: 2048, load: 0, gpus: [] }
    const t = { seq: 1, now: 1, ttlMs: 1000, version: 'x' }
    expect(buildAdvert('p', m, offer, 0, t).models).to.deep.equal([])
    models = [model]
    expect(buildAdvert('p', m, offer, 0, t)).to.include({ }).and.have.property('models').that.deep.equals([model])
  })

  it('the scheduler runs onnx only on workers with a provider, and prefers the ones holding the model', () => {
    const now = Date.now()
    const holder = makeAdvert('holder', { kinds: ['onnx'], onnxProviders: ['cpu'], models: [model], slotsFree: 4 }, now)
    const others = Array.from({ length: 5 }, (_, i) => makeAdvert(`w${i}`, { kinds: ['onnx'], onnxProviders: ['cpu'] }, now))
    const noProvider = makeAdvert('old', { kinds: ['onnx'] }, now)
    const small = makeAdvert('small', { kinds: ['onnx'], onnxProviders: ['cpu'], models: [model], memoryTotalMb: 64 }, now)
    let first = 0
    for (let i = 0; i < 50; i++) {
      const ranked = rankWorkers([...others, holder, noProvider, small], { kind: 'onnx', memoryMb: 256, labels: {}, module: model }, { self: 'me', exclude: new Set(), latency: () => 10, random: Math.random })
      expect(ranked).to.not.include('old')
      expect(ranked).to.not.include('small')
      if (ranked[0] === 'holder') first++
    }
    expect(first).to.equal(50)
  })
})
