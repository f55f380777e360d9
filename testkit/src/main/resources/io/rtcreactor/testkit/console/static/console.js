// The testkit's console: polls GET /_testkit/rooms and draws each room; fault buttons POST /_testkit/faults.
'use strict';

// One button per fault, with parameters that make sense for a person pressing it.
const FAULTS = [
  { fault: 'migrate', label: 'migrate' },
  { fault: 'migrate', old_path: 'drop', label: 'migrate, old path dropped' },
  { fault: 'leave', action: 'RESUME', reason: 'SIGNAL_CLOSE', label: 'leave (resume)' },
  { fault: 'leave', action: 'RECONNECT', reason: 'STATE_MISMATCH', label: 'leave (full reconnect)' },
  { fault: 'leave', action: 'DISCONNECT', reason: 'SERVER_SHUTDOWN', label: 'leave (disconnect)' },
  { fault: 'close_signal', mode: 'clean', label: 'close signal' },
  { fault: 'close_signal', mode: 'abrupt', label: 'drop signal (no close frame)' },
  { fault: 'black_hole_media', label: 'black-hole media' },
  { fault: 'silent', what: 'pong', ms: 20000, label: 'no pongs for 20 s' },
  { fault: 'silent', what: 'all', ms: 3000, label: 'silent 3 s' },
  { fault: 'withhold_answer', target: 'publisher', ms: 12000, label: 'withhold next answer 12 s' },
  { fault: 'delay_offer', target: 'subscriber', ms: 3000, label: 'delay next offer 3 s' },
  { fault: 'stale_answer', label: 'stale answer' },
  { fault: 'duplicate_answer', label: 'duplicate answer' },
  { fault: 'offer_burst', label: 'offer burst' },
  { fault: 'refuse_resume', label: 'refuse next resume' },
  { fault: 'leave_instead_of_reconnect', label: 'leave instead of reconnect' },
  { fault: 'messages_before_reconnect_response', label: 'messages before reconnect response' },
  { fault: 'refuse', status: 503, count: 1, label: 'refuse next join (503)' },
  { fault: 'hang_upgrade', count: 1, label: 'hang next upgrade' },
  { fault: 'drop_reliable', count: 3, label: 'drop 3 reliable packets' },
  { fault: 'redeliver_reliable', label: 'redeliver last reliable packet' },
  { fault: 'stale_socket', label: 'stale socket' },
  { fault: 'corrupt_frame', kind: 'garbage', label: 'corrupt frame' },
  { fault: 'mute_track', muted: true, label: 'mute its tracks' },
  { fault: 'mute_track', muted: false, label: 'unmute its tracks' },
  { fault: 'update_permission', can_publish: false, label: 'revoke publish' },
];
const TIMELINE_ENTRIES = 40;

const status = document.getElementById('status');
const roomsDiv = document.getElementById('rooms');
const openTimelines = new Set(); // "room/identity" whose timeline the person opened

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

async function applyFault(room, identity, preset) {
  const { label, ...params } = preset;
  const body = { room, identity, ...params };
  try {
    const res = await fetch('/_testkit/faults', { method: 'POST', body: JSON.stringify(body) });
    const answer = await res.json();
    status.className = res.ok ? 'status' : 'status error';
    status.textContent = res.ok ? `${label} applied to ${identity} in ${room}` : `${label}: ${answer.error}`;
  } catch (e) {
    status.className = 'status error';
    status.textContent = `${label}: ${e.message}`;
  }
  refresh();
}

function timeline(p) {
  const start = p.timeline.length > 0 ? p.timeline[0].time_ms : 0;
  return p.timeline.slice(-TIMELINE_ENTRIES).map((e) => {
    const t = ((e.time_ms - start) / 1000).toFixed(3).padStart(8);
    return `${t} s  ${e.dir.padEnd(12)} ${e.type}${e.offer_id ? ' #' + e.offer_id : ''}  (socket ${e.socket})`;
  }).join('\n');
}

function participantRows(room, p) {
  const key = `${room}/${p.identity}`;
  const row = el('tr', { 'data-room': room, 'data-identity': p.identity },
    el('td', {}, el('strong', {}, p.identity), el('br'), p.sid || '—'),
    el('td', { class: `state-${p.state}`, 'data-field': 'state' }, p.state, p.signal_connected ? '' : ' (no signal)'),
    el('td', { 'data-field': 'joins' }, p.joins),
    el('td', { 'data-field': 'resumes' }, p.resumes),
    el('td', { 'data-field': 'full_reconnects' }, p.full_reconnects),
    el('td', {}, p.published_tracks.map((t) => `${t.name || t.sid}${t.muted ? ' (muted)' : ''}`).join(', ') || '—'),
    el('td', {}, `${p.audio_frames_received} in / ${p.audio_frames_forwarded} out`),
    el('td', { 'data-field': 'armed_faults' }, p.armed_faults.join(', ') || '—'));
  const buttons = el('td', { colSpan: 8, class: 'faults' });
  if (p.state !== 'DISCONNECTED') {
    for (const preset of FAULTS) {
      buttons.append(el('button', { 'data-fault': preset.fault, textContent: preset.label,
        onclick: () => applyFault(room, p.identity, preset) }));
    }
  }
  const details = el('details', { 'data-timeline': p.identity, open: openTimelines.has(key) },
    el('summary', {}, `signal timeline (${p.timeline.length} messages)`), el('pre', { class: 'timeline' }, timeline(p)));
  details.addEventListener('toggle', () => (details.open ? openTimelines.add(key) : openTimelines.delete(key)));
  buttons.append(details);
  return [row, el('tr', {}, buttons)];
}

function draw(rooms) {
  if (rooms.length === 0) {
    roomsDiv.replaceChildren(el('p', {}, 'No room yet.'));
    return;
  }
  roomsDiv.replaceChildren(...rooms.map((r) => {
    const table = el('table', {}, el('tr', {}, ...['participant', 'state', 'joins', 'resumes', 'full reconnects',
      'tracks', 'audio frames', 'armed faults'].map((h) => el('th', {}, h))));
    for (const p of r.participants) table.append(...participantRows(r.room, p));
    return el('section', { 'data-room': r.room }, el('h2', {}, `Room ${r.room} `, el('small', {}, r.sid || '(ended)')),
      table);
  }));
}

async function refresh() {
  try {
    const res = await fetch('/_testkit/rooms', { cache: 'no-store' });
    draw((await res.json()).rooms);
  } catch (e) {
    status.className = 'status error';
    status.textContent = `the testkit does not answer: ${e.message}`;
  }
}

document.getElementById('reset').onclick = async () => {
  await fetch('/_testkit/reset', { method: 'POST' });
  status.className = 'status';
  status.textContent = 'reset: everyone disconnected, rooms and faults forgotten';
  refresh();
};

refresh();
setInterval(refresh, 1000);
