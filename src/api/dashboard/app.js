// Shoal dashboard: reads the daemon's live feed (GET /v1/events, server-sent
// events over fetch so the token travels in a header, never in a URL) and
// draws each section as it arrives. No build step, no dependencies.
const TOKEN_KEY = 'shoal-api-token'
const FEED = '/v1/events'
const SVG_NS = 'http://www.w3.org/2000/svg'
const state = { self: null, peers: null, capacity: null, jobs: null, reputation: null, credits: null }
let retryMs = 1000

const $ = (id) => document.getElementById(id)

/** an element with attributes (class, data-*, title, …) and children (strings become text) */
function h (tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) if (v != null && v !== false) el.setAttribute(k, v === true ? '' : String(v))
  el.append(...children.flat().filter(c => c != null && c !== false).map(c => c instanceof Node ? c : String(c)))
  return el
}

function s (tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag)
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, String(v))
  el.append(...children.filter(c => c != null))
  return el
}

const shortId = (id) => id.length > 20 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id
const peerCell = (id) => h('span', { class: 'id', title: id }, shortId(id))
const badge = (text, kind = text) => h('span', { class: `badge ${kind}` }, text)
const num = (x, digits = 0) => x == null ? '–' : Number(x).toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })

function ago (ms) {
  if (ms == null) return '–'
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000))
  if (s < 60) return `${s}s ago`
  if (s < 3600) return `${Math.floor(s / 60)}m ago`
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`
  return `${Math.floor(s / 86400)}d ago`
}

function duration (ms) {
  if (ms == null) return '–'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)}m ${Math.round((ms % 60_000) / 1000)}s`
}

function table (id, headings, rows, empty) {
  const el = $(id)
  el.replaceChildren(
    // a heading starting with '#' is a number column: right-aligned
    h('thead', {}, h('tr', {}, headings.map(t => t.startsWith('#') ? h('th', { class: 'n' }, t.slice(1)) : h('th', {}, t)))),
    h('tbody', {}, rows.length > 0 ? rows : h('tr', { class: 'empty' }, h('td', { colspan: headings.length }, empty)))
  )
}

/** reputation standing by peer id, for the graph and the peers table */
function standings () {
  const map = new Map()
  for (const r of state.reputation ?? []) map.set(r.peerId, r.standing)
  return map
}

const render = {
  self () {
    const me = state.self
    if (me == null) return
    $('identity').replaceChildren(
      h('span', { class: 'id full', title: 'peer id' }, me.peerId),
      h('span', { class: 'muted' }, `v${me.version}`)
    )
    const facts = [
      ['Peer id', h('span', { class: 'id full', 'data-peer': me.peerId }, me.peerId)],
      ['Version', me.version],
      ['Up since', `${new Date(me.startedAt).toLocaleString()} (${ago(me.startedAt).replace(' ago', '')})`],
      ['Connections', `${me.connections} open, ${me.knownPeers} peers known`],
      ['DHT', `${me.dht.mode} mode, ${me.dht.routingTableSize} in routing table`],
      ['Addresses', me.addresses.length > 0 ? h('ul', { class: 'addrs' }, me.addresses.map(a => h('li', {}, a))) : 'none']
    ]
    $('self').replaceChildren(...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))
    render.graph()
  },

  peers () {
    const peers = state.peers ?? []
    const rank = standings()
    $('peer-count').textContent = String(peers.length)
    table('peers', ['Peer', 'Standing', '#Latency', 'Direction', 'Connected', 'Address'], peers.map(p =>
      h('tr', { 'data-peer': p.id },
        h('td', {}, h('span', { class: 'id full' }, p.id)),
        h('td', {}, badge(rank.get(p.id) ?? 'newcomer')),
        h('td', { class: 'n' }, p.latencyMs == null ? '–' : `${Math.round(p.latencyMs)} ms`),
        h('td', {}, p.direction),
        h('td', {}, ago(p.since)),
        h('td', { class: 'addr' }, p.addresses[0] ?? '–'))
    ), 'No peers connected yet: start another peer with --bootstrap pointing at this one.')
    render.graph()
  },

  graph () {
    const svg = $('graph')
    const peers = state.peers ?? []
    const rank = standings()
    const n = peers.length
    const radius = n <= 2 ? 120 : Math.min(125, 70 + n * 6)
    const edges = []
    const nodes = []
    peers.forEach((p, i) => {
      // two peers sit left and right, more start at the top: the box is wider than tall
      const angle = (n === 2 ? Math.PI : -Math.PI / 2) + (2 * Math.PI * i) / Math.max(n, 1)
      const x = Math.cos(angle) * radius * 1.45
      const y = Math.sin(angle) * radius
      const kind = rank.get(p.id) ?? 'newcomer'
      edges.push(s('line', { x1: 0, y1: 0, x2: x, y2: y, class: 'edge' }))
      if (p.latencyMs != null && n <= 12) edges.push(s('text', { x: x / 2, y: y / 2 - 4, class: 'latency' }, `${Math.round(p.latencyMs)} ms`))
      nodes.push(s('g', { class: `node ${kind}`, 'data-peer': p.id },
        s('title', {}, `${p.id}\n${kind}${p.latencyMs != null ? `, ${Math.round(p.latencyMs)} ms` : ''}`),
        s('circle', { cx: x, cy: y, r: 13 }),
        n <= 16 ? s('text', { x, y: y + (y >= 0 ? 28 : -20), class: 'label' }, shortId(p.id)) : null))
    })
    const me = state.self
    nodes.push(s('g', { class: 'node self' },
      s('title', {}, me?.peerId ?? 'this peer'),
      s('circle', { cx: 0, cy: 0, r: 20 }),
      s('text', { x: 0, y: 4, class: 'me' }, 'you')))
    if (n === 0) nodes.push(s('text', { x: 0, y: 52, class: 'label' }, 'no peers connected yet'))
    svg.replaceChildren(...edges, ...nodes)
  },

  capacity () {
    const rows = state.capacity ?? []
    const self = state.self?.peerId
    $('capacity-count').textContent = String(rows.length)
    table('capacity', ['Peer', '#Cores', '#Memory free', '#Load', 'Slots free', 'GPUs', 'Runs', '#Price', 'Labels', 'Advert'], rows.map(r =>
      h('tr', { 'data-peer': r.peerId, class: r.peerId === self ? 'mine' : null },
        h('td', {}, peerCell(r.peerId), r.peerId === self ? h('span', { class: 'muted' }, ' (you)') : null),
        h('td', { class: 'n' }, num(r.cores, r.cores % 1 === 0 ? 0 : 1)),
        h('td', { class: 'n' }, `${num(r.memoryFreeMb)} / ${num(r.memoryTotalMb)} MiB`),
        h('td', { class: 'n' }, num(r.load, 2)),
        h('td', {}, meter(r.slotsTotal > 0 ? r.slotsFree / r.slotsTotal : 0, `${r.slotsFree} / ${r.slotsTotal}`)),
        h('td', {}, r.gpus.length > 0 ? r.gpus.map(g => g.name).join(', ') : '–'),
        h('td', {}, [...r.runtimes, ...r.kinds].join(', ') || '–'),
        h('td', { class: 'n' }, r.price > 0 ? `${num(r.price, 3)}/s` : 'free'),
        h('td', {}, Object.entries(r.labels).map(([k, v]) => h('span', { class: 'tag' }, `${k}=${v}`))),
        h('td', {}, `${r.source}, ${duration(r.ageMs)} old`))
    ), 'No adverts yet: peers advertise within a few seconds of joining.')
  },

  jobs () {
    const { jobs = [], progress = {} } = state.jobs ?? {}
    const running = jobs.filter(j => j.status === 'pending' || j.status === 'running').length
    $('jobs-count').textContent = running > 0 ? `${running} running, ${jobs.length} shown` : String(jobs.length)
    table('jobs', ['Job', 'Role', 'Kind', 'Status', 'Progress', 'Peer', '#Wall', 'Started'], jobs.map(j => {
      const other = j.role === 'requester' ? j.worker ?? progress[j.id]?.worker : j.requester
      return h('tr', { 'data-job': j.id, 'data-status': j.status },
        h('td', {}, h('span', { class: 'id', title: j.id }, j.id.slice(0, 8))),
        h('td', {}, j.role),
        h('td', {}, j.kind),
        h('td', {}, badge(j.status)),
        h('td', {}, jobProgress(j, progress[j.id])),
        h('td', {}, other != null ? peerCell(other) : '–'),
        h('td', { class: 'n' }, duration(j.wallMs)),
        h('td', {}, ago(j.createdAt)))
    }), 'No jobs yet: try `shoal run examples/jobs/build/sha256.wasm --input <file>`.')
  },

  reputation () {
    const rows = state.reputation ?? []
    table('reputation', ['Peer', 'Standing', 'Trust', '#Good', '#Bad', 'Last job'], rows.map(r =>
      h('tr', { 'data-peer': r.peerId, 'data-standing': r.standing, class: `standing-${r.standing}` },
        h('td', {}, peerCell(r.peerId)),
        h('td', {}, badge(r.standing)),
        h('td', {}, meter(r.trust, num(r.trust, 2), r.standing)),
        h('td', { class: 'n' }, num(r.good, 1)),
        h('td', { class: 'n' + (r.bad > 0 ? ' warn' : '') }, num(r.bad, 1)),
        h('td', {}, ago(r.lastSeen)))
    ), 'No reputation yet: it grows as peers run jobs for each other.')
    render.peers()
  },

  credits () {
    const c = state.credits
    if (c == null) return
    $('credits').replaceChildren(
      stat('Earned', num(c.earned, 3)), stat('Spent', num(c.spent, 3)),
      stat('Balance', num(c.balance, 3), c.balance < 0 ? 'neg' : 'pos'), stat('Receipts', num(c.receipts)))
    table('receipts', ['Job', 'Role', 'With', '#Credits', '#Wall', 'When'], c.recent.map(r =>
      h('tr', { 'data-job': r.jobId },
        h('td', {}, h('span', { class: 'id', title: r.jobId }, r.jobId.slice(0, 8))),
        h('td', {}, r.role),
        h('td', {}, peerCell(r.role === 'worker' ? r.requester : r.worker)),
        h('td', { class: 'n' }, `${r.credits === 0 ? '' : r.role === 'worker' ? '+' : '−'}${num(r.credits, 3)}`),
        h('td', { class: 'n' }, duration(r.wallMs)),
        h('td', {}, ago(r.at)))
    ), 'No receipts yet: each finished job leaves one, signed by both sides.')
  }
}

function stat (label, value, kind) {
  return h('div', { class: `stat ${kind ?? ''}`, 'data-stat': label.toLowerCase() }, h('div', { class: 'v' }, value), h('div', { class: 'k' }, label))
}

/** a bar filled to `fraction` (0…1) with a caption */
function meter (fraction, caption, kind = '') {
  const fill = h('span', { class: `fill ${kind}` })
  fill.style.width = `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`
  return h('span', { class: 'meter' }, h('span', { class: 'bar' }, fill), h('span', { class: 'cap' }, caption))
}

function jobProgress (job, p) {
  if (job.status === 'succeeded') return job.role === 'requester' && job.replicas > 1 ? `${job.results.length} replicas agreed` : 'done'
  if (job.status === 'failed' || job.status === 'cancelled') return h('span', { class: 'muted', title: job.message ?? '' }, job.reason ?? job.status)
  // 0 is only "left the queue": a job that reports no progress stays there
  if (p?.fraction != null && p.fraction > 0) return meter(p.fraction, `${Math.round(p.fraction * 100)}%${p.message ? ` ${p.message}` : ''}`)
  // a worker that bid is running it; "queued" is the worker's own word, with how many are ahead
  const phase = p?.phase === 'queued' ? `queued${p.message ? ` (${p.message})` : ''}` : job.status
  const attempts = job.attempts?.length ?? 0
  return h('span', { class: 'busy' }, h('span', { class: 'spinner' }), attempts > 1 ? `${phase}, attempt ${attempts}` : phase)
}

// ---- the token and the feed ----

function takeToken () {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash)
  if (match != null) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]))
    // out of the address bar and the history
    history.replaceState(null, '', location.pathname + location.search)
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

function showLogin (message = '') {
  setConn('idle', 'not connected')
  $('main').hidden = true
  $('login').hidden = false
  $('login-error').textContent = message
  $('token').focus()
}

function setConn (kind, text) {
  const el = $('conn')
  el.dataset.state = kind
  el.textContent = text
}

async function follow () {
  const token = takeToken()
  if (token == null) { showLogin(); return }
  $('login').hidden = true
  $('main').hidden = false
  setConn('connecting', 'connecting…')
  let res
  try {
    res = await fetch(FEED, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, cache: 'no-store' })
  } catch {
    retry('daemon unreachable')
    return
  }
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY)
    showLogin('The daemon refused that token. It makes a new one each time it starts: use the current one.')
    return
  }
  if (!res.ok || res.body == null) { retry(`HTTP ${res.status}`); return }
  setConn('live', 'live')
  retryMs = 1000
  let buffer = ''
  try {
    // a reader loop rather than for-await: not every browser iterates streams yet
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      buffer += value.replace(/\r\n?/g, '\n')
      let end
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end))
        buffer = buffer.slice(end + 2)
      }
    }
  } catch {}
  retry('connection lost')
}

function retry (why) {
  setConn('down', `${why}: retrying in ${Math.round(retryMs / 1000)} s`)
  setTimeout(follow, retryMs)
  retryMs = Math.min(retryMs * 2, 15_000)
}

/** one server-sent event: `event: <section>` and `data: <JSON>` */
function dispatch (block) {
  let event = 'message'
  let data = ''
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'event') event = value
    else if (field === 'data') data += (data === '' ? '' : '\n') + value
  }
  if (data === '' || !(event in render) || !(event in state)) return
  state[event] = JSON.parse(data)
  render[event]()
}

$('login').addEventListener('submit', (evt) => {
  evt.preventDefault()
  const token = $('token').value.trim()
  if (token === '') return
  sessionStorage.setItem(TOKEN_KEY, token)
  $('token').value = ''
  void follow()
})

// relative times ("12s ago") keep moving between updates
setInterval(() => { for (const section of ['self', 'peers', 'jobs', 'reputation', 'credits']) if (state[section] != null) render[section]() }, 10_000)

void follow()
