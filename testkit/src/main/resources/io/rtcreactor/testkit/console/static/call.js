// The call page: a person joins a testkit room with the microphone through LiveKit's browser SDK (bundled in the
// testkit's jar), hears the others, and can migrate any of them; the timeline says what happened, including the
// resumes the server saw (polled from GET /_testkit/rooms/{room}). window.callReport() is for tests.
'use strict';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
$('room').value = params.get('room') || 'call';
$('identity').value = params.get('identity') || `person-${Math.random().toString(16).slice(2, 8)}`;

const lines = [];
const heard = new Map(); // identity -> { analyser, buffer, level, element }
const resumes = new Map(); // identity -> resumes the server counted
let room = null;
let audioContext = null;
let poll = null;

function line(text) {
  const t = new Date().toISOString().slice(11, 23);
  lines.push(`${t}  ${text}`);
  $('timeline').textContent = lines.slice(-200).join('\n');
}

function setStatus(text, error = false) {
  $('status').textContent = text;
  $('status').className = error ? 'status error' : 'status';
}

// Plays a remote audio track and measures it (Chromium feeds WebAudio only from a stream that also plays).
function listen(track, participant) {
  audioContext = audioContext || new AudioContext();
  audioContext.resume();
  const element = track.attach();
  document.body.append(element);
  const source = audioContext.createMediaStreamSource(new MediaStream([track.mediaStreamTrack]));
  const analyser = audioContext.createAnalyser();
  analyser.fftSize = 2048;
  source.connect(analyser);
  heard.set(participant.identity, { analyser, buffer: new Float32Array(analyser.fftSize), level: 0, element });
}

function measure() {
  for (const entry of heard.values()) {
    entry.analyser.getFloatTimeDomainData(entry.buffer);
    let sum = 0;
    for (const v of entry.buffer) sum += v * v;
    const rms = Math.sqrt(sum / entry.buffer.length);
    entry.level = Math.max(rms, entry.level * 0.9); // a slowly falling peak, readable on screen
  }
  drawOthers();
}

async function migrate(identity) {
  const res = await fetch('/_testkit/faults', {
    method: 'POST',
    body: JSON.stringify({ room: room.name, identity, fault: 'migrate' }),
  });
  const answer = await res.json();
  if (res.ok) line(`asked the server to migrate ${identity} to another node`);
  else setStatus(`migrate ${identity}: ${answer.error}`, true);
}

function drawOthers() {
  const table = $('others');
  const rows = [...table.querySelectorAll('tr')].slice(1);
  rows.forEach((r) => r.remove());
  if (!room) return;
  for (const p of room.remoteParticipants.values()) {
    const entry = heard.get(p.identity);
    const level = entry ? entry.level : 0;
    const meter = document.createElement('span');
    meter.className = 'meter';
    const bar = document.createElement('span');
    bar.style.width = `${Math.min(100, Math.round(level * 400))}%`;
    meter.append(bar);
    const button = document.createElement('button');
    button.textContent = p.isAgent ? 'Migrate agent' : 'Migrate';
    button.setAttribute('data-migrate', p.identity);
    button.onclick = () => migrate(p.identity);
    const tr = document.createElement('tr');
    tr.setAttribute('data-identity', p.identity);
    for (const cell of [p.identity, p.isAgent ? 'agent' : 'participant', meter, String(resumes.get(p.identity) || 0),
      button]) {
      const td = document.createElement('td');
      td.append(cell);
      tr.append(td);
    }
    table.append(tr);
  }
}

// The server's view: a resume it served is the proof that a migration was survived, not a new join.
async function pollServer() {
  if (!room) return;
  try {
    const res = await fetch(`/_testkit/rooms/${encodeURIComponent(room.name)}`, { cache: 'no-store' });
    const state = await res.json();
    for (const p of state.participants) {
      const before = resumes.get(p.identity) || 0;
      if (p.resumes > before) line(`${p.identity} resumed on the new node (resume #${p.resumes}): the call survived`);
      if (p.full_reconnects > 0 && p.full_reconnects !== (resumes.get(`${p.identity}#full`) || 0)) {
        line(`${p.identity} rejoined as a new participant (full reconnect #${p.full_reconnects})`);
        resumes.set(`${p.identity}#full`, p.full_reconnects);
      }
      resumes.set(p.identity, p.resumes);
    }
  } catch (e) {
    line(`the testkit does not answer: ${e.message}`);
  }
}

async function join(event) {
  event.preventDefault();
  if (typeof LivekitClient === 'undefined') {
    setStatus('This testkit was built without LiveKit\'s browser SDK (npm was skipped): the call page cannot join.', true);
    return;
  }
  const roomName = $('room').value.trim();
  const identity = $('identity').value.trim();
  $('join').disabled = true;
  try {
    const res = await fetch('/_testkit/token', { method: 'POST', body: JSON.stringify({ room: roomName, identity }) });
    const { token, error } = await res.json();
    if (!res.ok) throw new Error(error);
    const { Room, RoomEvent } = LivekitClient;
    room = new Room({ adaptiveStream: false, dynacast: false });
    room
      .on(RoomEvent.ParticipantConnected, (p) => line(`${p.identity} joined`))
      .on(RoomEvent.ParticipantDisconnected, (p) => { heard.delete(p.identity); line(`${p.identity} left`); })
      .on(RoomEvent.TrackSubscribed, (track, pub, p) => {
        if (track.kind === 'audio') { listen(track, p); line(`hearing ${p.identity} (${pub.trackName || pub.trackSid})`); }
      })
      .on(RoomEvent.TrackUnsubscribed, (track, pub, p) => { track.detach().forEach((e) => e.remove()); heard.delete(p.identity); })
      .on(RoomEvent.ParticipantAttributesChanged, (changed, p) => line(`${p.identity} attributes: ${JSON.stringify(changed)}`))
      .on(RoomEvent.Reconnecting, () => line('our connection is reconnecting'))
      .on(RoomEvent.Reconnected, () => line('our connection reconnected'))
      .on(RoomEvent.Disconnected, (reason) => { line(`left the room (${reason})`); stop(); });
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
    await room.connect(url, token);
    line(`joined room ${room.name} as ${identity}`);
    await room.localParticipant.setMicrophoneEnabled(true);
    line('your microphone is on');
    for (const p of room.remoteParticipants.values()) line(`${p.identity} is here`);
    setStatus(`In room ${room.name}.`);
    $('leave').disabled = false;
    poll = setInterval(() => { measure(); pollServer(); }, 250);
  } catch (e) {
    setStatus(`could not join: ${e.message}`, true);
    $('join').disabled = false;
    room = null;
  }
}

function stop() {
  clearInterval(poll);
  poll = null;
  $('leave').disabled = true;
  $('join').disabled = false;
}

$('join-form').addEventListener('submit', join);
$('leave').onclick = () => room && room.disconnect();

// For tests: what the page knows now.
window.callReport = () => ({
  connected: !!room && room.state === 'connected',
  others: room ? [...room.remoteParticipants.values()].map((p) => ({
    identity: p.identity,
    agent: p.isAgent,
    level: heard.has(p.identity) ? heard.get(p.identity).level : 0,
    resumes: resumes.get(p.identity) || 0,
  })) : [],
  timeline: lines.slice(),
});
