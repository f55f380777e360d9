// Joins a room with livekit-client (loaded from the local node_modules, never a CDN), listens to
// every subscribed audio track through WebAudio, and exposes window.report(), window.sendData(),
// window.publishTone(), window.unpublishTone() and window.leave() for browser-participant.mjs.
// Works on its own too: opened by hand it just joins and fills window.report().
import {
  ConnectionState,
  DisconnectReason,
  LocalAudioTrack,
  Room,
  RoomEvent,
  Track,
} from '../node_modules/livekit-client/dist/livekit-client.esm.mjs';
import { dominantFrequency, rms } from '../lib/lines.mjs';

const params = new URLSearchParams(location.search);
const url = params.get('url');
const token = params.get('token');
const CANDIDATES = [220, 300, 440, 550, 660, 700, 880, 1000];
const VOICED_RMS = 0.01;
const POLL_MS = 100; // energy is kept as ten 100 ms slices = the last second

const state = {
  connected: false,
  identity: null,
  sid: null,
  errors: [],
  data_received: [],
};
const tracks = new Map(); // track sid -> listener (see listen())
let published = null; // { track, osc, ctx } of our own tone, if any
let audioCtx = null;

// Sends an event line through the driver when there is one (exposed by Playwright), else keeps quiet.
function notify(obj) {
  try {
    if (typeof window.__emit === 'function') window.__emit(obj);
  } catch {
    // the driver may be gone; nothing to do
  }
}

// Records an error for report(); also sends it as a line unless the driver reports it itself.
function fail(where, e, quiet = false) {
  const message = `${where}: ${e && e.message ? e.message : String(e)}`;
  state.errors.push(message);
  if (!quiet) notify({ event: 'error', command: where, message });
}

window.addEventListener('error', (ev) => fail('window', ev.error || ev.message));
window.addEventListener('unhandledrejection', (ev) => fail('unhandled', ev.reason));

function ctx() {
  if (!audioCtx) audioCtx = new AudioContext({ sampleRate: 48000 });
  if (audioCtx.state !== 'running') audioCtx.resume().catch((e) => fail('audiocontext', e));
  return audioCtx;
}

// Analyses one remote audio track. Chromium only feeds a remote WebRTC stream into WebAudio when
// the stream also plays in a media element, so a muted <audio> element is attached as well.
function listen(track, publication, participant) {
  const ac = ctx();
  const stream = new MediaStream([track.mediaStreamTrack]);
  const element = document.createElement('audio');
  element.muted = true;
  element.autoplay = true;
  element.srcObject = stream;
  document.body.appendChild(element);
  element.play().catch((e) => fail('audio element', e));

  const source = ac.createMediaStreamSource(stream);
  const analyser = ac.createAnalyser();
  analyser.fftSize = 32768; // the largest window: about 0.68 s at 48 kHz
  analyser.smoothingTimeConstant = 0;
  const sink = ac.createGain();
  sink.gain.value = 0; // keeps the graph pulled without making sound
  source.connect(analyser);
  analyser.connect(sink);
  sink.connect(ac.destination);

  const slice = new Float32Array(Math.round((ac.sampleRate * POLL_MS) / 1000));
  const whole = new Float32Array(analyser.fftSize);
  const entry = {
    participant: participant.identity,
    track_sid: publication.trackSid,
    slices: [], // { t, rms } per 100 ms, last second only
    stop() {
      clearInterval(this.timer);
      source.disconnect();
      analyser.disconnect();
      sink.disconnect();
      element.srcObject = null;
      element.remove();
    },
    timer: setInterval(() => {
      // the most recent 100 ms of the analyser's window
      analyser.getFloatTimeDomainData(whole);
      slice.set(whole.subarray(whole.length - slice.length));
      const now = performance.now();
      entry.slices.push({ t: now, rms: rms(slice) });
      while (entry.slices.length > 1000 / POLL_MS) entry.slices.shift();
    }, POLL_MS),
    analyser,
    whole,
  };
  tracks.set(publication.trackSid, entry);
}

function unlisten(trackSid) {
  const entry = tracks.get(trackSid);
  if (!entry) return;
  tracks.delete(trackSid);
  entry.stop();
}

function trackReport(entry) {
  const slices = entry.slices;
  const energy = slices.length ? Math.sqrt(slices.reduce((a, s) => a + s.rms * s.rms, 0) / slices.length) : 0;
  const voiced = slices.filter((s) => s.rms > VOICED_RMS).length;
  entry.analyser.getFloatTimeDomainData(entry.whole);
  return {
    participant: entry.participant,
    track_sid: entry.track_sid,
    subscribed: true,
    energy: Number(energy.toFixed(5)),
    slices: slices.length,
    voiced_slices: voiced,
    dominant_hz: voiced > 0 ? dominantFrequency(entry.whole, audioCtx.sampleRate, CANDIDATES) : null,
  };
}

const room = new Room({ adaptiveStream: false, dynacast: false });

// The JSON-able state the driver returns for {"cmd":"report"}.
window.report = () => ({
  connected: room.state === ConnectionState.Connected,
  connection_state: room.state,
  identity: room.localParticipant?.identity || state.identity,
  sid: room.localParticipant?.sid || state.sid,
  room: room.name || null,
  remotes: [...room.remoteParticipants.values()].map((p) => p.identity),
  tracks: [...tracks.values()].map(trackReport),
  published: published ? published.track.sid || null : null,
  audio_context: audioCtx ? { state: audioCtx.state, time: audioCtx.currentTime } : null,
  data_received: state.data_received,
  errors: state.errors,
});

window.sendData = async (text, topic, reliable = true, destinations = []) => {
  const bytes = new TextEncoder().encode(String(text));
  await room.localParticipant.publishData(bytes, {
    reliable: reliable !== false,
    topic: topic ?? undefined,
    destinationIdentities: destinations && destinations.length ? destinations : undefined,
  });
  return { bytes: bytes.length };
};

// Publishes a WebAudio oscillator as a microphone track (no real device needed).
window.publishTone = async (hz = 440, amplitude = 0.3) => {
  if (published) throw new Error('a tone is already published');
  const ac = ctx();
  const osc = ac.createOscillator();
  osc.frequency.value = hz;
  const gain = ac.createGain();
  gain.gain.value = amplitude;
  const dest = ac.createMediaStreamDestination();
  osc.connect(gain).connect(dest);
  osc.start();
  const track = new LocalAudioTrack(dest.stream.getAudioTracks()[0], undefined, true, ac);
  const pub = await room.localParticipant.publishTrack(track, { source: Track.Source.Microphone, name: 'tone' });
  published = { track, osc };
  return { track_sid: pub.trackSid };
};

window.unpublishTone = async () => {
  if (!published) return { track_sid: null };
  const { track, osc } = published;
  published = null;
  const sid = track.sid || null;
  await room.localParticipant.unpublishTrack(track, true);
  osc.stop();
  return { track_sid: sid };
};

// LiveKit RPC: calls a method of another participant; the outcome is a value, never a thrown error.
window.performRpc = async (destination, method, payload, timeoutMs = 10000) => {
  const started = Date.now();
  try {
    const response = await room.localParticipant.performRpc({ destinationIdentity: destination, method, payload,
      responseTimeout: timeoutMs });
    return { response, error_code: null, error_message: null, elapsed_ms: Date.now() - started };
  } catch (e) {
    return { response: null, error_code: e?.code ?? null, error_message: e?.message ?? String(e),
      elapsed_ms: Date.now() - started };
  }
};

// Serves `method`: each call is reported (rpc_invoked) and answered with prefix + payload.
window.registerRpc = (method, prefix = '') => {
  room.registerRpcMethod(method, async (data) => {
    notify({ event: 'rpc_invoked', method, caller: data.callerIdentity, payload: data.payload,
      response_timeout_ms: data.responseTimeout });
    return `${prefix}${data.payload}`;
  });
  return { method };
};

// Text streams: sendText (whole), streamText (one write per part), and a handler per topic that reports each
// stream's whole text (text_received) or its error (text_stream_failed).
window.sendText = async (text, topic, attributes = {}, destinations = []) => {
  const info = await room.localParticipant.sendText(String(text), { topic: topic ?? undefined, attributes,
    destinationIdentities: destinations && destinations.length ? destinations : undefined });
  return { stream_id: info.id };
};

window.streamText = async (parts, topic, attributes = {}) => {
  const writer = await room.localParticipant.streamText({ topic: topic ?? undefined, attributes });
  for (const part of parts) await writer.write(String(part));
  await writer.close();
  return { stream_id: writer.info.id };
};

// LiveKit's deprecated chat: a chat_message packet.
window.sendLegacyChat = async (text) => {
  const msg = await room.localParticipant.sendChatMessage(String(text));
  return { id: msg.id };
};

window.registerTextStream = (topic) => {
  room.registerTextStreamHandler(topic, async (reader, sender) => {
    const info = reader.info;
    try {
      const text = await reader.readAll();
      notify({ event: 'text_received', topic, stream_id: info.id, sender: sender.identity, text,
        attributes: info.attributes ?? {}, total_size: info.size ?? null, mime_type: info.mimeType });
    } catch (e) {
      notify({ event: 'text_stream_failed', topic, stream_id: info.id, sender: sender.identity,
        message: e?.message ?? String(e) });
    }
  });
  return { topic };
};

// Self-test hook: analyse any MediaStreamTrack (for instance one looped through two local
// RTCPeerConnections) exactly like a subscribed track, reported under the given label.
window.listenToTrack = (mediaStreamTrack, label = 'self-test') => {
  listen({ mediaStreamTrack }, { trackSid: label }, { identity: 'self-test' });
};

window.leave = async () => {
  for (const sid of [...tracks.keys()]) unlisten(sid);
  await room.disconnect(true);
  return true;
};

const reasonName = (r) => (r === undefined || r === null ? null : DisconnectReason[r] ?? String(r));

room
  .on(RoomEvent.ParticipantConnected, (p) => notify({ event: 'participant_connected', identity: p.identity, sid: p.sid }))
  .on(RoomEvent.ParticipantDisconnected, (p) => notify({ event: 'participant_disconnected', identity: p.identity, sid: p.sid }))
  .on(RoomEvent.TrackSubscribed, (track, pub, p) => {
    notify({ event: 'track_subscribed', participant: p.identity, track_sid: pub.trackSid, kind: track.kind });
    if (track.kind === Track.Kind.Audio) {
      try {
        listen(track, pub, p);
      } catch (e) {
        fail('listen', e);
      }
    }
  })
  .on(RoomEvent.TrackUnsubscribed, (track, pub, p) => {
    unlisten(pub.trackSid);
    notify({ event: 'track_unsubscribed', participant: p.identity, track_sid: pub.trackSid, kind: track.kind });
  })
  .on(RoomEvent.TrackSubscriptionFailed, (trackSid, p, reason) =>
    notify({ event: 'track_subscription_failed', participant: p?.identity ?? null, track_sid: trackSid, reason: reason ?? null }),
  )
  .on(RoomEvent.DataReceived, (payload, p, kind, topic, _enc, participantIdentity) => {
    const item = {
      payload: new TextDecoder().decode(payload),
      topic: topic ?? null,
      from: p?.identity ?? participantIdentity ?? null,
      kind: kind === 0 ? 'reliable' : kind === 1 ? 'lossy' : kind ?? null,
    };
    state.data_received.push(item);
    notify({ event: 'data_received', ...item });
  })
  .on(RoomEvent.ConnectionStateChanged, (s) => notify({ event: 'connection_state_changed', state: s }))
  .on(RoomEvent.SignalReconnecting, () => notify({ event: 'signal_reconnecting' }))
  .on(RoomEvent.Reconnecting, () => notify({ event: 'reconnecting' }))
  .on(RoomEvent.Reconnected, () => notify({ event: 'reconnected' }))
  .on(RoomEvent.Disconnected, (reason) => notify({ event: 'disconnected', reason: reasonName(reason) }));

// Join. window.joinDone tells the driver the attempt is over, whatever its outcome.
window.joinDone = false;
(async () => {
  const status = document.getElementById('status');
  try {
    if (!url || !token) throw new Error('missing ?url= or ?token=');
    ctx();
    await room.connect(url, token, {
      autoSubscribe: true,
      maxRetries: Number(params.get('maxRetries') ?? 1),
      websocketTimeout: Number(params.get('websocketTimeout') ?? 15000),
    });
    state.connected = true;
    state.identity = room.localParticipant.identity;
    state.sid = room.localParticipant.sid;
    status.textContent = `connected as ${state.identity}`;
  } catch (e) {
    fail('connect', e, true); // the driver turns a failed join into its own error line
    status.textContent = `not connected: ${state.errors.join('; ')}`;
  } finally {
    window.joinDone = true;
  }
})();
