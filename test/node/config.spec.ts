import { expect } from 'chai'
import { defaultConfig, mergeConfig, parseHostPort, validateOptions } from '../../src/node/config.js'
import { ConfigError } from '../../src/node/errors.js'
import { addDatasetModule, parseDatasetFlag } from '../../src/node/datasets.js'

describe('config', () => {
  it('accepts every documented key', () => {
    const options = {
      dataDir: '/tmp/x',
      listen: ['/ip4/0.0.0.0/tcp/4001'],
      announce: ['/dns4/example.org/tcp/4001'],
      bootstrap: ['/ip4/1.2.3.4/tcp/4001/p2p/12D3KooWA5us63MBrBcU7mKK3GMFRKbrveDNg5xXjFXFFcrLS1oX'],
      api: '127.0.0.1:0',
      apiRemote: false,
      metrics: false,
      metricsPublic: true,
      transports: ['tcp'],
      dht: { protocol: '/x/kad/1.0.0', clientMode: true, addresses: 'public' },
      connections: { max: 10, allow: [], reconnect: 0 },
      limits: { jobStreamsPerConnection: 64, syncStreamsPerConnection: 4, maxModuleBytes: 1 << 20, maxInputBytes: 1 << 20, maxOutputBytes: 1 << 20, blobCacheBytes: 1 << 24 },
      retention: { days: 30, jobRecords: 1000, reports: 5000 },
      psk: '/etc/shoal/mesh.key',
      reachability: {
        mode: 'auto',
        autonat: true,
        probeMs: 5000,
        relayService: 'off',
        reservations: 2,
        relayLimits: { maxReservations: 8, reservationTtlMs: 60000, durationMs: 60000, dataBytes: 1048576 },
        webrtc: true,
        stun: ['stun:198.18.0.3:3478'],
        dcutr: true,
        upnp: false
      }
    }
    expect(validateOptions(options)).to.deep.equal(options)
  })

  it('checks the limits and the retention policy, and keeps their defaults when unset', () => {
    expect(() => validateOptions({ limits: { maxInputBytes: 10 } })).to.throw(ConfigError, /"limits.maxInputBytes" .*from 1024/)
    expect(() => validateOptions({ limits: { maxOutputBytes: 2 ** 31 } })).to.throw(ConfigError, /"limits.maxOutputBytes"/)
    expect(() => validateOptions({ limits: { jobStreamsPerConnection: 0 } })).to.throw(ConfigError, /"limits.jobStreamsPerConnection"/)
    expect(() => validateOptions({ limits: { streams: 1 } })).to.throw(ConfigError, /unknown key "limits.streams"/)
    expect(() => validateOptions({ retention: { days: 0 } })).to.throw(ConfigError, /"retention.days"/)
    expect(() => validateOptions({ retention: { jobRecords: 1.5 } })).to.throw(ConfigError, /"retention.jobRecords"/)
    expect(() => validateOptions({ psk: '' })).to.throw(ConfigError, /"psk"/)
    const merged = mergeConfig(defaultConfig(), { limits: { maxInputBytes: 4096 }, retention: { days: 2 } })
    expect(merged.limits).to.deep.equal({ ...defaultConfig().limits, maxInputBytes: 4096 })
    expect(merged.retention).to.deep.equal({ ...defaultConfig().retention, days: 2 })
    expect(defaultConfig().limits).to.include({ jobStreamsPerConnection: 256, syncStreamsPerConnection: 8, maxModuleBytes: 32 * 1024 * 1024, maxInputBytes: 64 * 1024 * 1024, maxOutputBytes: 16 * 1024 * 1024, blobCacheBytes: 256 * 1024 * 1024 })
    expect(defaultConfig().retention).to.deep.equal({ days: 30, jobRecords: 10_000, reports: 50_000 })
  })

  it('checks reachability keys and merges relay limits key by key', () => {
    expect(() => validateOptions({ reachability: { stun: ['198.18.0.3'] } })).to.throw(ConfigError, /"reachability.stun".*STUN/)
    expect(() => validateOptions({ reachability: { relayLimits: { bytes: 1 } } })).to.throw(ConfigError, /unknown key "reachability.relayLimits.bytes"/)
    expect(() => validateOptions({ reachability: { mode: 'open' } })).to.throw(ConfigError, /"reachability.mode".*auto, public, private/)
    const merged = mergeConfig(defaultConfig(), { reachability: { relayLimits: { durationMs: 1000 } } }, { reachability: { relayService: 'off' } })
    expect(merged.reachability.relayLimits.durationMs).to.equal(1000)
    expect(merged.reachability.relayLimits.dataBytes).to.equal(defaultConfig().reachability.relayLimits.dataBytes)
    expect(merged.reachability.relayService).to.equal('off')
    // nothing leaves the machine unasked: no STUN server by default, no UPnP
    expect(defaultConfig().reachability.stun).to.deep.equal([])
    expect(defaultConfig().reachability.upnp).to.equal(false)
  })

  it('names an unknown key, also a nested one', () => {
    expect(() => validateOptions({ colour: 1 }, 'file x')).to.throw(ConfigError, /unknown key "colour" in file x/)
    expect(() => validateOptions({ dht: { speed: 1 } })).to.throw(ConfigError, /unknown key "dht.speed"/)
  })

  it('names a key with a value of the wrong type', () => {
    expect(() => validateOptions({ listen: '/ip4/0.0.0.0/tcp/1' })).to.throw(ConfigError, /"listen" .*list of multiaddrs/)
    expect(() => validateOptions({ listen: ['nope'] })).to.throw(ConfigError, /"nope" is not one/)
    expect(() => validateOptions({ bootstrap: ['/ip4/1.2.3.4/tcp/1'] })).to.throw(ConfigError, /names no peer/)
    expect(() => validateOptions({ connections: { max: -1 } })).to.throw(ConfigError, /"connections.max"/)
    expect(() => validateOptions({ api: 'localhost' })).to.throw(ConfigError, /"api"/)
    expect(() => validateOptions({ transports: ['carrier-pigeon'] })).to.throw(ConfigError, /"transports"/)
    expect(() => validateOptions({ metricsPublic: 'yes' })).to.throw(ConfigError, /"metricsPublic" .*true or false/)
    expect(() => validateOptions({ metrics: 1 })).to.throw(ConfigError, /"metrics" .*true or false/)
    expect(() => validateOptions([])).to.throw(ConfigError, /JSON object/)
  })

  it('checks data sets: names, paths, visibility, module hashes, no duplicates; --dataset flags parse', () => {
    const ok = { name: 'shard', path: '/srv/shard', visibility: 'private', modules: ['ab'.repeat(32)] }
    expect(mergeConfig(defaultConfig(), validateOptions({ jobs: { datasets: [ok] } })).jobs.datasets).to.deep.equal([ok])
    for (const bad of [[{ name: '../x', path: '/a' }], [{ name: 'a', path: '' }], [{ name: 'a', path: '/a', visibility: 'secret' }],
      [{ name: 'a', path: '/a', modules: ['xyz'] }], [{ name: 'a', path: '/a', owner: 'me' }], [{ name: 'a', path: '/a' }, { name: 'a', path: '/b' }], 'a']) {
      expect(() => validateOptions({ jobs: { datasets: bad } }), JSON.stringify(bad)).to.throw(ConfigError, /"jobs.datasets"/)
    }
    expect(parseDatasetFlag('rows=/srv/rows:public')).to.deep.equal({ name: 'rows', path: '/srv/rows', visibility: 'public' })
    expect(parseDatasetFlag('rows=/srv/a:b')).to.deep.equal({ name: 'rows', path: '/srv/a:b', visibility: 'private' })
    expect(() => parseDatasetFlag('rows')).to.throw(ConfigError, /name=path/)
    expect(addDatasetModule([{ name: 'rows', path: '/r' }], `rows=${'CD'.repeat(32)}`)).to.deep.equal([{ name: 'rows', path: '/r', modules: ['cd'.repeat(32)] }])
    expect(() => addDatasetModule([{ name: 'rows', path: '/r' }], `other=${'cd'.repeat(32)}`)).to.throw(ConfigError, /no --dataset named "other"/)
  })

  it('layers defaults, file and flags; later wins, lists replace', () => {
    const merged = mergeConfig(defaultConfig(),
      { listen: ['/ip4/127.0.0.1/tcp/1'], dht: { clientMode: true } },
      { listen: ['/ip4/127.0.0.1/tcp/2'], connections: { max: 5 }, api: undefined })
    expect(merged.listen).to.deep.equal(['/ip4/127.0.0.1/tcp/2'])
    expect(merged.dht).to.deep.include({ clientMode: true, protocol: '/shoal/kad/1.0.0' })
    expect(merged.connections.max).to.equal(5)
    expect(merged.connections.allow).to.deep.equal(defaultConfig().connections.allow)
    expect(merged.api).to.equal(defaultConfig().api)
  })

  it('parses API addresses', () => {
    expect(parseHostPort(':0')).to.deep.equal({ host: '127.0.0.1', port: 0 })
    expect(parseHostPort('0.0.0.0:5080')).to.deep.equal({ host: '0.0.0.0', port: 5080 })
    expect(parseHostPort('[::1]:7')).to.deep.equal({ host: '::1', port: 7 })
    expect(parseHostPort('host:99999')).to.equal(undefined)
    expect(parseHostPort('no-port')).to.equal(undefined)
  })
})
