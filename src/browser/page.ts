/**
 * The /contribute page's script: finds the daemon to join (`?peer=` multiaddrs,
 * else the serving daemon's /contribute/peer.json), starts the browser peer,
 * and shows its id, jobs, credits and standing (as others report it), with a slot slider and a
 * pause button. Exposes the peer as `window.shoal` for tests and the curious.
 */
import { createBrowserShoal } from './peer.js'
import type { BrowserShoal } from './peer.js'
import type { ExecOutcome } from '../jobs/types.js'

/** how often the page re-reads credits, standing and connections */
const REFRESH_MS = 1000

/** decayed evidence counts: whole numbers when they are, else one decimal */
const round = (x: number): string => Number.isInteger(Math.round(x * 10) / 10) ? String(Math.round(x)) : x.toFixed(1)

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T

async function entryPoints (): Promise<string[]> {
  const given = new URLSearchParams(location.search).getAll('peer')
  if (given.length > 0) return given
  const res = await fetch(new URL('peer.json', location.href), { cache: 'no-store' })
  if (!res.ok) throw new Error(`could not ask the daemon for its address (${res.status}); open the page with ?peer=<a /ws multiaddr with /p2p/ id>`)
  const { peerId, addresses } = await res.json() as { peerId: string, addresses: string[] }
  if (addresses.length === 0) throw new Error('the daemon listens on no WebSocket address: start it with a /ws listen address (the default)')
  const withId = addresses.map(a => a.includes('/p2p/') ? a : `${a}/p2p/${peerId}`)
  // the address of the host this page came from first: it is the one known to be reachable
  const host = location.hostname
  return withId.sort((a, b) => Number(b.includes(`/${host}/`)) - Number(a.includes(`/${host}/`)))
}

interface Counters { run: number, failed: number, last: string }

async function main (): Promise<void> {
  const counters: Counters = { run: 0, failed: 0, last: '–' }
  const cores = Math.max(1, navigator.hardwareConcurrency ?? 1)
  const slider = $<HTMLInputElement>('slots')
  slider.max = String(cores)
  const saved = Number(localStorage.getItem('shoal.slots'))
  slider.value = String(Number.isInteger(saved) && saved >= 1 && saved <= cores ? saved : Math.max(1, Math.floor(cores / 2)))
  $('slots-value').textContent = slider.value
  $('cores').textContent = String(cores)

  const onJobEnd = (o: ExecOutcome): void => {
    if (o.status === 'ok') counters.run++
    else counters.failed++
    counters.last = o.status === 'ok' ? `ok, exit ${o.exitCode ?? 0}, ${Math.round(o.wallMs)} ms` : `failed (${o.reason ?? 'unknown'}): ${o.message ?? ''}`
    render()
  }
  const peer = await createBrowserShoal({ bootstrap: await entryPoints(), slots: Number(slider.value), onJobEnd })
  ;(globalThis as unknown as { shoal: BrowserShoal & { counters: Counters } }).shoal = Object.assign(peer, { counters })
  $('peer-id').textContent = peer.peerId

  slider.addEventListener('input', () => {
    $('slots-value').textContent = slider.value
    localStorage.setItem('shoal.slots', slider.value)
    peer.setSlots(Number(slider.value))
  })
  const pause = $<HTMLButtonElement>('pause')
  pause.disabled = false
  pause.addEventListener('click', () => {
    peer.setPaused(!peer.executor.paused)
    render()
  })
  addEventListener('pagehide', () => { void peer.stop() })

  let credits = 0
  function render (): void {
    const paused = peer.executor.paused
    const peers = peer.libp2p.getPeers().length
    const status = $('status')
    status.dataset.state = paused ? 'paused' : peers > 0 ? 'running' : 'connecting'
    status.textContent = paused ? 'paused: no new jobs' : peers > 0 ? 'contributing' : 'connecting…'
    pause.textContent = paused ? 'Resume' : 'Pause'
    const webrtc = new Set(peer.libp2p.getConnections().filter(c => c.remoteAddr.toString().includes('/webrtc') && c.limits == null).map(c => c.remotePeer.toString())).size
    $('peers').textContent = `${peers} peer${peers === 1 ? '' : 's'}${webrtc > 0 ? ` (${webrtc} over WebRTC)` : ''}`
    const relays = new Set(peer.libp2p.getMultiaddrs().map(String).filter(a => a.includes('/p2p-circuit/webrtc')).map(a => /\/p2p\/([^/]+)\/p2p-circuit/.exec(a)?.[1]))
    $('reachable').textContent = relays.size > 0
      ? `can reach this page (WebRTC, signalled through ${relays.size} relay${relays.size === 1 ? '' : 's'})`
      : 'cannot reach this page yet (no daemon it joined relays for it)'
    $('jobs-run').textContent = String(counters.run)
    $('jobs-failed').textContent = String(counters.failed)
    $('last-job').textContent = counters.last
    $('credits').textContent = String(credits)
    const s = peer.standing()
    $('standing').textContent = s.reporters === 0
      ? `no reports about this peer yet (a newcomer: trust ${s.trust.toFixed(2)})`
      : `trust ${s.trust.toFixed(3)} from ${s.reporters} peer${s.reporters === 1 ? '\'s' : 's\''} reports (${round(s.good)} good, ${round(s.bad)} bad)`
  }
  const refresh = async (): Promise<void> => {
    credits = (await peer.credits()).earned
    render()
  }
  render()
  setInterval(() => { refresh().catch(() => {}) }, REFRESH_MS)
}

main().catch((err: unknown) => {
  const status = $('status')
  status.dataset.state = 'error'
  status.textContent = 'stopped'
  const box = $('error')
  box.hidden = false
  box.textContent = err instanceof Error ? err.message : String(err)
  console.error(err)
})
