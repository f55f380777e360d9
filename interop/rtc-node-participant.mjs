// A long-running LiveKit participant built on @livekit/rtc-node (LiveKit's Rust engine as a Node
// addon), driven by JSON lines on stdin and reporting JSON lines on stdout (see README.md).
// usage: node rtc-node-participant.mjs <wsUrl> <token>
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  AudioFrame,
  AudioSource,
  AudioStream,
  ConnectionState,
  DataPacketKind,
  DisconnectReason,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  RoomEvent,
  RpcError,
  SimulateScenarioKind,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoFrame,
  VideoSource,
  dispose,
} from '@livekit/rtc-node';
import { commands, dominantFrequency, drainStdout, emit, messageOf, onStdoutGone, rms } from './lib/lines.mjs';

const SAMPLE_RATE = 48000;
const FRAME_SAMPLES = 480; // 10 ms at 48 kHz, mono
const WINDOW_SAMPLES = SAMPLE_RATE; // audio_report looks at the last second
const DEFAULT_CANDIDATES = [220, 300, 440, 550, 660, 700, 880, 1000];
const DEFAULT_VOICED_RMS = 0.01; // about -40 dBFS
const CONNECT_TIMEOUT_MS = Number(process.env.CONNECT_TIMEOUT_MS || 20000);
const EXIT_GRACE_MS = 5000;

redirectSdkLogs();

// rtc-node logs through pino, which writes JSON to stdout (fd 1) and would mix with our protocol.
// Point its logger at stderr instead (level from LK_LOG_LEVEL, default "info").
function redirectSdkLogs() {
  try {
    const requireHere = createRequire(import.meta.url);
    const sdkMain = requireHere.resolve('@livekit/rtc-node'); // .../dist/index.cjs
    const requireSdk = createRequire(sdkMain);
    const { log } = requireSdk(path.join(path.dirname(sdkMain), 'log.cjs'));
    const pino = requireSdk('pino');
    log[pino.symbols.streamSym] = pino.destination({ dest: 2, sync: true });
    log.level = process.env.LK_LOG_LEVEL || 'info';
  } catch (e) {
    process.stderr.write(`could not redirect rtc-node logs: ${messageOf(e)}\n`);
  }
}

const enumName = (en, v) => (v === undefined || v === null ? null : en[v] ?? String(v));
const kindName = (k) => (k === TrackKind.KIND_AUDIO ? 'audio' : k === TrackKind.KIND_VIDEO ? 'video' : enumName(TrackKind, k));
const dataKindName = (k) => (k === DataPacketKind.KIND_RELIABLE ? 'reliable' : k === DataPacketKind.KIND_LOSSY ? 'lossy' : null);

process.on('unhandledRejection', (e) => emit({ event: 'error', command: null, message: `unhandled rejection: ${messageOf(e)}` }));
process.on('uncaughtException', (e) => emit({ event: 'error', command: null, message: `uncaught exception: ${messageOf(e)}` }));

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  emit({ event: 'error', command: 'connect', message: 'usage: node rtc-node-participant.mjs <wsUrl> <token>' });
  await drainStdout();
  process.exit(2);
}

const room = new Room();
const tones = new Map(); // track sid -> { track, source, stop(), hz, name }
const receivers = new Map(); // track sid -> per-track ring buffer of received audio
let exiting = false;

// ---- received audio ------------------------------------------------------------------------

// Keeps the last second of one remote audio track (samples and per-frame rms) from its AudioStream.
function startReceiver(track, publication, participant) {
  const rec = {
    participant: participant.identity,
    track_sid: publication.sid,
    ring: new Float32Array(WINDOW_SAMPLES),
    write: 0,
    filled: 0,
    frames: [], // { t, rms } for frames of roughly the last second
    total_frames: 0,
    last_frame_at: null,
    first_voiced_at: null,
    stopped: false,
    stream: new AudioStream(track, SAMPLE_RATE, 1),
  };
  receivers.set(publication.sid, rec);
  (async () => {
    try {
      for await (const frame of rec.stream) {
        if (rec.stopped) break; // leaving the loop cancels the stream
        const data = frame.data;
        const now = Date.now();
        // store as floats in [-1, 1), mono (the stream was asked for one channel)
        let sum = 0;
        for (let i = 0; i < data.length; i++) {
          const v = data[i] / 32768;
          sum += v * v;
          rec.ring[rec.write] = v;
          rec.write = (rec.write + 1) % WINDOW_SAMPLES;
        }
        rec.filled = Math.min(WINDOW_SAMPLES, rec.filled + data.length);
        const frameRms = data.length ? Math.sqrt(sum / data.length) : 0;
        rec.frames.push({ t: now, rms: frameRms });
        if (!rec.first_voiced_at && frameRms > DEFAULT_VOICED_RMS) {
          // the benchmarks' "connect to first remote audio" (P4) reads this
          rec.first_voiced_at = now;
          emit({ event: 'first_audio', participant: rec.participant, track_sid: rec.track_sid, at: now });
        }
        while (rec.frames.length && rec.frames[0].t < now - 1000) rec.frames.shift();
        rec.total_frames++;
        rec.last_frame_at = now;
      }
    } catch (e) {
      if (!exiting) emit({ event: 'error', command: null, message: `audio stream ${rec.track_sid}: ${messageOf(e)}` });
    } finally {
      if (receivers.get(rec.track_sid) === rec) receivers.delete(rec.track_sid);
    }
  })();
}

// The reading loop owns the stream (it is locked), so it is told to stop rather than cancelled
// here; on unsubscribe rtc-node also closes the track's streams itself.
function stopReceiver(trackSid) {
  const rec = receivers.get(trackSid);
  if (!rec) return;
  receivers.delete(trackSid);
  rec.stopped = true;
}

// The last second of a receiver in chronological order.
function lastSecond(rec) {
  const out = new Float32Array(rec.filled);
  const start = (rec.write - rec.filled + WINDOW_SAMPLES) % WINDOW_SAMPLES;
  for (let i = 0; i < rec.filled; i++) out[i] = rec.ring[(start + i) % WINDOW_SAMPLES];
  return out;
}

function audioReport(cmd) {
  const candidates = Array.isArray(cmd.candidates) && cmd.candidates.length ? cmd.candidates.map(Number) : DEFAULT_CANDIDATES;
  const threshold = cmd.voiced_rms != null ? Number(cmd.voiced_rms) : DEFAULT_VOICED_RMS;
  const now = Date.now();
  const tracks = [];
  for (const rec of receivers.values()) {
    const frames = rec.frames.filter((f) => f.t >= now - 1000);
    const voiced = frames.filter((f) => f.rms > threshold).length;
    const samples = lastSecond(rec);
    tracks.push({
      participant: rec.participant,
      track_sid: rec.track_sid,
      frames: frames.length,
      voiced_frames: voiced,
      dominant_hz: voiced > 0 ? dominantFrequency(samples, SAMPLE_RATE, candidates) : null,
      rms: Number(rms(samples).toFixed(5)),
      total_frames: rec.total_frames,
      last_frame_age_ms: rec.last_frame_at == null ? null : now - rec.last_frame_at,
    });
  }
  emit({ event: 'audio_report', tracks });
}

// ---- published tone ------------------------------------------------------------------------

// Pushes 10 ms frames of a phase-continuous sine in real time. How many frames are due is computed
// from the start time, so timer jitter never accumulates; a few frames of lead keep the native
// queue from running dry. captureFrame only blocks when the native queue is full.
function startTone(source, hz, amplitude) {
  const LEAD_FRAMES = 3;
  const start = performance.now();
  let sent = 0;
  let phase = 0;
  const step = (2 * Math.PI * hz) / SAMPLE_RATE;
  const amp = Math.max(0, Math.min(1, amplitude)) * 32767;
  let stopped = false;
  let timer = null;

  const tick = async () => {
    timer = null;
    try {
      let due = Math.floor((performance.now() - start) / 10) + LEAD_FRAMES;
      if (due - sent > 50) sent = due - LEAD_FRAMES; // after a long stall, skip instead of bursting
      while (!stopped && sent < due) {
        const data = new Int16Array(FRAME_SAMPLES);
        for (let i = 0; i < FRAME_SAMPLES; i++) {
          data[i] = Math.round(amp * Math.sin(phase));
          phase += step;
        }
        phase %= 2 * Math.PI;
        await source.captureFrame(new AudioFrame(data, SAMPLE_RATE, 1, FRAME_SAMPLES));
        sent++;
        due = Math.floor((performance.now() - start) / 10) + LEAD_FRAMES;
      }
    } catch (e) {
      if (!stopped && !exiting) emit({ event: 'error', command: 'publish_tone', message: `capture: ${messageOf(e)}` });
      stopped = true;
    }
    if (!stopped) {
      const nextAt = start + (sent - LEAD_FRAMES + 1) * 10;
      timer = setTimeout(tick, Math.max(1, nextAt - performance.now()));
    }
  };
  tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

async function publishTone(cmd) {
  const hz = Number(cmd.hz ?? 440);
  const amplitude = Number(cmd.amplitude ?? 0.3);
  const name = String(cmd.name ?? 'tone');
  // a 100 ms native queue: small latency, and captureFrame still paces us if we run ahead
  const source = new AudioSource(SAMPLE_RATE, 1, 100);
  const track = LocalAudioTrack.createAudioTrack(name, source);
  const stop = startTone(source, hz, amplitude);
  let pub;
  try {
    pub = await room.localParticipant.publishTrack(track, new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }));
  } catch (e) {
    stop();
    await track.close().catch(() => {});
    throw e;
  }
  tones.set(pub.sid, { track, source, stop, hz, name });
  emit({ event: 'published', track_sid: pub.sid, name, hz, amplitude });
}

// A small camera track (grey I420 frames, 64x64 at 10 fps): enough for a room to have a video publication, cheap
// enough for two cores. Kept with the tones so that unpublish and shutdown treat it alike.
async function publishVideo(cmd) {
  const name = String(cmd.name ?? 'camera');
  const width = 64;
  const height = 64;
  const source = new VideoSource(width, height);
  const track = LocalVideoTrack.createVideoTrack(name, source);
  const data = new Uint8Array(width * height * 3 / 2).fill(128);
  let stopped = false;
  const timer = setInterval(() => {
    if (!stopped) source.captureFrame(new VideoFrame(data, width, height, VideoBufferType.I420));
  }, 100);
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  let pub;
  try {
    pub = await room.localParticipant.publishTrack(track, new TrackPublishOptions({ source: TrackSource.SOURCE_CAMERA }));
  } catch (e) {
    stop();
    await track.close().catch(() => {});
    throw e;
  }
  tones.set(pub.sid, { track, source, stop, hz: null, name });
  emit({ event: 'published', track_sid: pub.sid, name, kind: 'video' });
}

async function unpublish(cmd) {
  const sids = cmd.track_sid ? [cmd.track_sid] : [...tones.keys()];
  const done = [];
  for (const sid of sids) {
    const tone = tones.get(sid);
    if (!tone) throw new Error(`no published tone with track sid ${sid}`);
    tones.delete(sid);
    tone.stop();
    await room.localParticipant.unpublishTrack(sid, true);
    await tone.track.close().catch(() => {});
    done.push(sid);
  }
  emit({ event: 'unpublished', track_sids: done });
}

// What an agent framework does on "reconnected" (the incident of shared/DESIGN.md): unpublish its audio and
// publish it again. Armed by republish_on_reconnected; each reconnect then emits republish_started and, once
// both steps returned, republish_done (or an error).
let republishOnReconnected = false;
let republishName = null;

async function republishTones() {
  emit({ event: 'republish_started' });
  try {
    const again = [...tones.values()].filter((t) => t.hz !== undefined).map((t) => ({ hz: t.hz, name: t.name }));
    await unpublish({});
    for (const tone of again) await publishTone({ hz: tone.hz, name: republishName ?? tone.name, amplitude: 0.3 });
    emit({ event: 'republish_done' });
  } catch (e) {
    emit({ event: 'error', command: 'republish_on_reconnected', message: messageOf(e) });
  }
}

// ---- other commands ------------------------------------------------------------------------

async function sendData(cmd) {
  const payload = String(cmd.payload ?? '');
  const bytes = new TextEncoder().encode(payload);
  const reliable = cmd.reliable !== false;
  const destinations = Array.isArray(cmd.destinations) ? cmd.destinations.map(String) : [];
  await room.localParticipant.publishData(bytes, { reliable, topic: cmd.topic, destination_identities: destinations });
  emit({ event: 'data_sent', bytes: bytes.length, topic: cmd.topic ?? null, reliable, destinations });
}

// Calls a method on another participant; the outcome (response or RpcError) is the answer, with how long it took.
async function performRpc(cmd) {
  const started = Date.now();
  try {
    const response = await room.localParticipant.performRpc({
      destinationIdentity: String(cmd.destination),
      method: String(cmd.method),
      payload: String(cmd.payload ?? ''),
      responseTimeout: Number(cmd.response_timeout_ms ?? 10000),
    });
    emit({ event: 'rpc_result', response, error_code: null, error_message: null, elapsed_ms: Date.now() - started });
  } catch (e) {
    emit({ event: 'rpc_result', response: null, error_code: e?.code ?? null, error_message: messageOf(e), elapsed_ms: Date.now() - started });
  }
}

// Serves an RPC method: 'echo' answers "<prefix><payload>", 'fail' throws RpcError(code, message, data).
// Every invocation is reported with who called and with what.
function registerRpc(cmd) {
  const method = String(cmd.method);
  const mode = String(cmd.mode ?? 'echo');
  room.localParticipant.registerRpcMethod(method, async (data) => {
    emit({ event: 'rpc_invoked', method, caller: data.callerIdentity, payload: data.payload,
      response_timeout_ms: data.responseTimeout });
    if (mode === 'fail') throw new RpcError(Number(cmd.code ?? 2001), String(cmd.message ?? 'refused'), String(cmd.data ?? ''));
    return `${cmd.prefix ?? ''}${data.payload}`;
  });
  emit({ event: 'rpc_registered', method, mode });
}

// Sends a DTMF tone as LiveKit's SDKs do (a reliable sip_dtmf data packet).
async function publishDtmf(cmd) {
  await room.localParticipant.publishDtmf(Number(cmd.code), String(cmd.digit));
  emit({ event: 'dtmf_sent', code: Number(cmd.code), digit: String(cmd.digit) });
}

// ---- text and byte streams ----------------------------------------------------------------

const sha256 = (chunks) => {
  const hash = createHash('sha256');
  for (const c of chunks) hash.update(c);
  return hash.digest('hex');
};

// A deterministic payload of `size` bytes (so both sides can name it by its hash without shipping it).
const patternBytes = (size, seed) => {
  const bytes = new Uint8Array(size);
  let x = Number(seed ?? 1) >>> 0;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
};

const streamOptions = (cmd) => ({
  topic: cmd.topic === undefined ? undefined : String(cmd.topic),
  attributes: cmd.attributes ?? undefined,
  destinationIdentities: Array.isArray(cmd.destinations) ? cmd.destinations.map(String) : undefined,
});

// sendText: the whole text at once (rtc-node chunks it as LiveKit's Rust client does).
async function sendText(cmd) {
  const info = await room.localParticipant.sendText(String(cmd.text ?? ''), streamOptions(cmd));
  emit({ event: 'text_sent', stream_id: info?.streamId ?? info?.id ?? null });
}

// streamText: each element of `parts` written separately, as a model's tokens would be.
async function streamText(cmd) {
  const writer = await room.localParticipant.streamText(streamOptions(cmd));
  for (const part of cmd.parts ?? []) {
    await writer.write(String(part));
    if (cmd.pause_ms) await new Promise((r) => setTimeout(r, Number(cmd.pause_ms)));
  }
  await writer.close();
  emit({ event: 'text_streamed', stream_id: writer.info.streamId });
}

// streamBytes: `size` pattern bytes written in pieces of `piece` bytes.
async function sendBytes(cmd) {
  const bytes = patternBytes(Number(cmd.size ?? 0), cmd.seed);
  const piece = Number(cmd.piece ?? 40000);
  const writer = await room.localParticipant.streamBytes({ ...streamOptions(cmd), name: String(cmd.name ?? 'bytes.bin'),
    mimeType: cmd.mime_type ? String(cmd.mime_type) : undefined, totalSize: bytes.length });
  for (let at = 0; at < bytes.length; at += piece) await writer.write(bytes.subarray(at, at + piece));
  await writer.close();
  emit({ event: 'bytes_sent', stream_id: writer.info.streamId, size: bytes.length, sha256: sha256([bytes]) });
}

// Reports every text stream on `topic` (its whole text, or the error it ended with); mode 'echo' sends it back
// to its sender on the same topic.
function registerTextStream(cmd) {
  const topic = String(cmd.topic ?? '');
  room.registerTextStreamHandler(topic, async (reader, sender) => {
    const info = reader.info;
    try {
      const text = await reader.readAll();
      emit({ event: 'text_received', topic, stream_id: info.streamId, sender: sender.identity, text,
        attributes: info.attributes ?? {}, total_size: info.totalSize ?? null, mime_type: info.mimeType });
      if (cmd.mode === 'echo') {
        await room.localParticipant.sendText(text, { topic, destinationIdentities: [sender.identity] });
      }
    } catch (e) {
      emit({ event: 'text_stream_failed', topic, stream_id: info.streamId, sender: sender.identity, message: messageOf(e) });
    }
  });
  emit({ event: 'text_stream_registered', topic });
}

function registerByteStream(cmd) {
  const topic = String(cmd.topic ?? '');
  room.registerByteStreamHandler(topic, async (reader, sender) => {
    const info = reader.info;
    try {
      const chunks = await reader.readAll();
      const size = chunks.reduce((n, c) => n + c.length, 0);
      emit({ event: 'bytes_received', topic, stream_id: info.streamId, sender: sender.identity, name: info.name,
        size, sha256: sha256(chunks), attributes: info.attributes ?? {}, total_size: info.totalSize ?? null,
        mime_type: info.mimeType });
    } catch (e) {
      emit({ event: 'byte_stream_failed', topic, stream_id: info.streamId, sender: sender.identity, message: messageOf(e) });
    }
  });
  emit({ event: 'byte_stream_registered', topic });
}

// Sets our attributes (LiveKit's setAttributes: only the keys given change, "" removes one).
async function setAttributes(cmd) {
  await room.localParticipant.setAttributes(cmd.attributes ?? {});
  emit({ event: 'attributes_set', attributes: cmd.attributes ?? {} });
}

// Publishes a legacy transcription packet (LiveKit's publishTranscription) with one segment.
async function publishTranscription(cmd) {
  await room.localParticipant.publishTranscription({
    participantIdentity: String(cmd.participant ?? room.localParticipant.identity),
    trackSid: String(cmd.track_sid ?? ''),
    segments: [{ id: String(cmd.id ?? 'seg-1'), text: String(cmd.text ?? ''), startTime: 0n, endTime: 0n,
      language: String(cmd.language ?? ''), final: cmd.final !== false }],
  });
  emit({ event: 'transcription_sent', id: String(cmd.id ?? 'seg-1') });
}

function stateLine() {
  return {
    connection_state: enumName(ConnectionState, room.connectionState),
    identity: room.localParticipant?.identity ?? null,
    sid: room.localParticipant?.sid ?? null,
    remotes: [...room.remoteParticipants.keys()],
    published: [...tones.keys()],
    subscribed: [...receivers.values()].map((r) => ({ participant: r.participant, track_sid: r.track_sid })),
  };
}

async function simulate(cmd) {
  const key = String(cmd.scenario || '').toUpperCase().replace(/^SIMULATE_/, '');
  const kind = SimulateScenarioKind[`SIMULATE_${key}`];
  if (kind === undefined) throw new Error(`unknown scenario ${cmd.scenario}`);
  await room.simulateScenario(kind);
  emit({ event: 'simulated', scenario: key });
}

// Disconnects (bounded in time), disposes the native layer and exits with the given code.
async function shutdown(code, line) {
  if (exiting) return;
  exiting = true;
  for (const tone of tones.values()) tone.stop();
  for (const sid of [...receivers.keys()]) stopReceiver(sid);
  const guard = setTimeout(() => process.exit(code), EXIT_GRACE_MS);
  try {
    await room.disconnect();
  } catch (e) {
    emit({ event: 'error', command: 'disconnect', message: messageOf(e) });
  }
  if (line) emit(line);
  try {
    await dispose();
  } catch (e) {
    process.stderr.write(`dispose: ${messageOf(e)}\n`);
  }
  clearTimeout(guard);
  await drainStdout();
  process.exit(code);
}

async function handle(cmd) {
  switch (cmd.cmd) {
    case 'publish_tone':
      return publishTone(cmd);
    case 'publish_video':
      return publishVideo(cmd);
    case 'unpublish':
      return unpublish(cmd);
    case 'republish_on_reconnected':
      republishOnReconnected = cmd.enabled !== false;
      republishName = cmd.name ?? null;
      return emit({ event: 'republish_armed', enabled: republishOnReconnected });
    case 'send_data':
      return sendData(cmd);
    case 'rpc':
      return performRpc(cmd);
    case 'dtmf':
      return publishDtmf(cmd);
    case 'register_rpc':
      return registerRpc(cmd);
    case 'transcription':
      return publishTranscription(cmd);
    case 'set_attributes':
      return setAttributes(cmd);
    case 'send_text':
      return sendText(cmd);
    case 'stream_text':
      return streamText(cmd);
    case 'send_bytes':
      return sendBytes(cmd);
    case 'register_text_stream':
      return registerTextStream(cmd);
    case 'register_byte_stream':
      return registerByteStream(cmd);
    case 'audio_report':
      return audioReport(cmd);
    case 'state':
      return emit({ event: 'state', ...stateLine() });
    case 'room_sid': {
      const sid = await Promise.race([room.getSid(), new Promise((r) => setTimeout(() => r(null), Number(cmd.timeout_ms ?? 5000)))]);
      return emit({ event: 'room_sid', sid });
    }
    case 'simulate':
      return simulate(cmd);
    case 'ping':
      return emit({ event: 'pong' });
    case 'disconnect':
      return shutdown(0, { event: 'disconnected_by_request' });
    default:
      throw new Error(`unknown command ${JSON.stringify(cmd.cmd)}`);
  }
}

// ---- room events ---------------------------------------------------------------------------

room
  .on(RoomEvent.ParticipantConnected, (p) => emit({ event: 'participant_connected', identity: p.identity, sid: p.sid }))
  .on(RoomEvent.ParticipantDisconnected, (p) => {
    for (const rec of [...receivers.values()]) if (rec.participant === p.identity) stopReceiver(rec.track_sid);
    emit({ event: 'participant_disconnected', identity: p.identity, sid: p.sid, reason: enumName(DisconnectReason, p.disconnectReason) });
  })
  .on(RoomEvent.TrackPublished, (pub, p) =>
    emit({ event: 'track_published', participant: p?.identity ?? null, track_sid: pub.sid, kind: kindName(pub.kind), name: pub.name }),
  )
  .on(RoomEvent.TrackUnpublished, (pub, p) =>
    emit({ event: 'track_unpublished', participant: p?.identity ?? null, track_sid: pub.sid }),
  )
  .on(RoomEvent.TrackSubscribed, (track, pub, p) => {
    emit({ event: 'track_subscribed', participant: p.identity, track_sid: pub.sid, kind: kindName(track.kind), name: pub.name });
    if (track.kind === TrackKind.KIND_AUDIO) startReceiver(track, pub, p);
  })
  .on(RoomEvent.TrackUnsubscribed, (track, pub, p) => {
    stopReceiver(pub.sid);
    emit({ event: 'track_unsubscribed', participant: p.identity, track_sid: pub.sid, kind: kindName(track.kind) });
  })
  .on(RoomEvent.TrackSubscriptionFailed, (trackSid, p, reason) =>
    emit({ event: 'track_subscription_failed', participant: p?.identity ?? null, track_sid: trackSid, reason: reason ?? null }),
  )
  .on(RoomEvent.TrackMuted, (pub, p) => emit({ event: 'track_muted', participant: p?.identity ?? null, track_sid: pub.sid }))
  .on(RoomEvent.TrackUnmuted, (pub, p) => emit({ event: 'track_unmuted', participant: p?.identity ?? null, track_sid: pub.sid }))
  .on(RoomEvent.LocalTrackPublished, (pub) => emit({ event: 'local_track_published', track_sid: pub?.sid ?? null }))
  .on(RoomEvent.LocalTrackUnpublished, (pub) => emit({ event: 'local_track_unpublished', track_sid: pub?.sid ?? null }))
  .on(RoomEvent.LocalTrackSubscribed, (track) => emit({ event: 'local_track_subscribed', track_sid: track?.sid ?? null }))
  .on(RoomEvent.LocalTrackRepublished, (pub, previousSid) => {
    // a full reconnect publishes our tracks again under new sids: keep our bookkeeping in step
    const tone = tones.get(previousSid);
    if (tone) {
      tones.delete(previousSid);
      tones.set(pub.sid, tone);
    }
    emit({ event: 'local_track_republished', track_sid: pub.sid, previous_sid: previousSid });
  })
  .on(RoomEvent.DataReceived, (payload, p, kind, topic) =>
    emit({
      event: 'data_received',
      payload: new TextDecoder().decode(payload),
      topic: topic ?? null,
      participant: p?.identity ?? null,
      kind: dataKindName(kind),
    }),
  )
  .on(RoomEvent.ParticipantAttributesChanged, (changed, p) =>
    emit({ event: 'attributes_changed', participant: p?.identity ?? null, changed: changed ?? {},
      attributes: p?.attributes ?? {} }))
  .on(RoomEvent.DtmfReceived, (code, digit, p) =>
    emit({ event: 'dtmf_received', code, digit, participant: p?.identity ?? null }))
  .on(RoomEvent.ConnectionStateChanged, (state) => emit({ event: 'connection_state_changed', state: enumName(ConnectionState, state) }))
  .on(RoomEvent.Reconnecting, () => emit({ event: 'reconnecting' }))
  .on(RoomEvent.Reconnected, () => {
    emit({ event: 'reconnected' });
    if (republishOnReconnected) republishTones();
  })
  .on(RoomEvent.Disconnected, (reason) => emit({ event: 'disconnected', reason: enumName(DisconnectReason, reason) }))
  .on(RoomEvent.RoomSidChanged, (sid) => emit({ event: 'room_sid_changed', sid }))
  .on(RoomEvent.Moved, () => emit({ event: 'moved' }))
  .on(RoomEvent.TokenRefreshed, () => emit({ event: 'token_refreshed' }));

process.on('SIGTERM', () => shutdown(0, { event: 'terminated', signal: 'SIGTERM' }));
process.on('SIGINT', () => shutdown(0, { event: 'terminated', signal: 'SIGINT' }));
// the driver (a test JVM) has gone: nobody reads the lines any more
onStdoutGone(() => shutdown(0));

// ---- connect -------------------------------------------------------------------------------

const startedAt = Date.now();
try {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`connect timed out after ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
  });
  try {
    await Promise.race([room.connect(url, token, { autoSubscribe: true, dynacast: false }), timeout]);
  } finally {
    clearTimeout(timer);
  }
} catch (e) {
  emit({ event: 'error', command: 'connect', message: messageOf(e), elapsed_ms: Date.now() - startedAt });
  exiting = true;
  const guard = setTimeout(() => process.exit(1), EXIT_GRACE_MS);
  await dispose().catch(() => {});
  clearTimeout(guard);
  await drainStdout();
  process.exit(1);
}

if (!exiting) {
  emit({
    event: 'connected',
    identity: room.localParticipant.identity,
    sid: room.localParticipant.sid,
    room: room.name,
    room_sid: room['info']?.sid || null,
    remotes: [...room.remoteParticipants.keys()],
    elapsed_ms: Date.now() - startedAt,
  });
  // closing stdin (for instance because the test JVM died) ends the participant
  commands(handle, { onEnd: () => shutdown(0, { event: 'stdin_closed' }) });
}
