// A LiveKit browser participant: headless Chromium running livekit-client (browser/page.mjs),
// driven by JSON lines on stdin and reporting JSON lines on stdout (see README.md).
// usage: node browser-participant.mjs <wsUrl> <token>
// env: CHROMIUM (default /usr/bin/chromium), CONNECT_TIMEOUT_MS (default 20000),
//      BROWSER_CONSOLE=all to forward every console message (default: errors and warnings).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { commands, drainStdout, emit, messageOf, onStdoutGone } from './lib/lines.mjs';

const ROOT = path.dirname(fileURLToPath(import.meta.url)); // interop/
const CONNECT_TIMEOUT_MS = Number(process.env.CONNECT_TIMEOUT_MS || 20000);
const EXIT_GRACE_MS = 5000;
const CONSOLE_ALL = process.env.BROWSER_CONSOLE === 'all';

process.on('unhandledRejection', (e) => emit({ event: 'error', command: null, message: `unhandled rejection: ${messageOf(e)}` }));
process.on('uncaughtException', (e) => emit({ event: 'error', command: null, message: `uncaught exception: ${messageOf(e)}` }));

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  emit({ event: 'error', command: 'connect', message: 'usage: node browser-participant.mjs <wsUrl> <token>' });
  await drainStdout();
  process.exit(2);
}

// ---- static files ----------------------------------------------------------------------------
// Pages loaded from file:// cannot import ES modules (their origin is opaque), so interop/ is served
// over HTTP on 127.0.0.1 with an ephemeral port. 127.0.0.1 also counts as a secure context.
const TYPES = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.map': 'application/json', '.json': 'application/json' };

function serve() {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path.normalize(path.join(ROOT, rel));
    if (req.method !== 'GET' || !file.startsWith(ROOT + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---- browser ---------------------------------------------------------------------------------

let server = null;
let context = null;
let page = null;
let userDataDir = null;
let exiting = false;

async function closeAll() {
  try {
    if (context) await context.close();
  } catch {
    // the browser may already be gone
  }
  context = null;
  if (server) server.close();
  server = null;
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  userDataDir = null;
}

// Leaves the room (bounded in time), closes Chromium and exits with the given code.
async function shutdown(code, line) {
  if (exiting) return;
  exiting = true;
  const guard = setTimeout(() => process.exit(code), EXIT_GRACE_MS);
  if (page) {
    try {
      await page.evaluate(() => window.leave && window.leave());
    } catch (e) {
      emit({ event: 'error', command: 'disconnect', message: messageOf(e) });
    }
  }
  if (line) emit(line);
  await closeAll();
  clearTimeout(guard);
  await drainStdout();
  process.exit(code);
}

process.on('SIGTERM', () => shutdown(0, { event: 'terminated', signal: 'SIGTERM' }));
process.on('SIGINT', () => shutdown(0, { event: 'terminated', signal: 'SIGINT' }));
// the driver (a test JVM) has gone: nobody reads the lines any more
onStdoutGone(() => shutdown(0));

async function start() {
  server = await serve();
  const port = server.address().port;
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-chromium-'));
  // headless: false here only stops Playwright from adding its own headless flags: '--headless=new'
  // below makes Chromium headless. A persistent context is how Playwright takes a user-data-dir.
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: false,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--autoplay-policy=no-user-gesture-required',
      '--use-fake-ui-for-media-stream',
    ],
    timeout: 30000,
    // our own SIGTERM/SIGINT handlers leave the room first, then close the browser
    handleSIGTERM: false,
    handleSIGINT: false,
    handleSIGHUP: false,
  });
  context.on('close', () => {
    if (!exiting) {
      emit({ event: 'error', command: null, message: 'browser closed unexpectedly' });
      shutdown(1);
    }
  });
  page = context.pages()[0] || (await context.newPage());
  page.on('console', (msg) => {
    const level = msg.type();
    if (CONSOLE_ALL || level === 'error' || level === 'warning') emit({ event: 'console', level, text: msg.text() });
  });
  page.on('pageerror', (e) => emit({ event: 'error', command: 'page', message: messageOf(e) }));
  page.on('crash', () => {
    emit({ event: 'error', command: null, message: 'page crashed' });
    shutdown(1);
  });
  // the page reports room events through this function (see notify() in page.mjs)
  await page.exposeFunction('__emit', (obj) => emit(obj));
  const q = new URLSearchParams({ url, token });
  await page.goto(`http://127.0.0.1:${port}/browser/page.html?${q}`, { waitUntil: 'load', timeout: 30000 });
}

// ---- commands --------------------------------------------------------------------------------

async function handle(cmd) {
  switch (cmd.cmd) {
    case 'report':
      return emit({ event: 'report', ...(await page.evaluate(() => window.report())) });
    case 'state': {
      const r = await page.evaluate(() => window.report());
      return emit({ event: 'state', connection_state: r.connection_state, remotes: r.remotes });
    }
    case 'send_data': {
      const payload = String(cmd.payload ?? '');
      const reliable = cmd.reliable !== false;
      const destinations = Array.isArray(cmd.destinations) ? cmd.destinations.map(String) : [];
      const r = await page.evaluate(
        ([p, t, rel, d]) => window.sendData(p, t, rel, d),
        [payload, cmd.topic ?? null, reliable, destinations],
      );
      return emit({ event: 'data_sent', bytes: r.bytes, topic: cmd.topic ?? null, reliable, destinations });
    }
    case 'publish_tone': {
      const r = await page.evaluate(([hz, a]) => window.publishTone(hz, a), [Number(cmd.hz ?? 440), Number(cmd.amplitude ?? 0.3)]);
      return emit({ event: 'published', track_sid: r.track_sid, hz: Number(cmd.hz ?? 440) });
    }
    case 'unpublish': {
      const r = await page.evaluate(() => window.unpublishTone());
      return emit({ event: 'unpublished', track_sids: r.track_sid ? [r.track_sid] : [] });
    }
    case 'rpc': {
      const r = await page.evaluate(([d, m, p, t]) => window.performRpc(d, m, p, t),
        [String(cmd.destination), String(cmd.method), String(cmd.payload ?? ''), Number(cmd.response_timeout_ms ?? 10000)]);
      return emit({ event: 'rpc_result', ...r });
    }
    case 'register_rpc': {
      await page.evaluate(([m, p]) => window.registerRpc(m, p), [String(cmd.method), String(cmd.prefix ?? '')]);
      return emit({ event: 'rpc_registered', method: String(cmd.method) });
    }
    case 'send_text': {
      const r = await page.evaluate(([t, topic, a, d]) => window.sendText(t, topic, a, d),
        [String(cmd.text ?? ''), cmd.topic ?? null, cmd.attributes ?? {}, Array.isArray(cmd.destinations) ? cmd.destinations : []]);
      return emit({ event: 'text_sent', stream_id: r.stream_id });
    }
    case 'stream_text': {
      const r = await page.evaluate(([parts, topic, a]) => window.streamText(parts, topic, a),
        [(cmd.parts ?? []).map(String), cmd.topic ?? null, cmd.attributes ?? {}]);
      return emit({ event: 'text_streamed', stream_id: r.stream_id });
    }
    case 'chat_legacy': {
      const r = await page.evaluate((t) => window.sendLegacyChat(t), String(cmd.text ?? ''));
      return emit({ event: 'chat_sent', id: r.id });
    }
    case 'register_text_stream': {
      await page.evaluate((topic) => window.registerTextStream(topic), String(cmd.topic ?? ''));
      return emit({ event: 'text_stream_registered', topic: String(cmd.topic ?? '') });
    }
    case 'ping':
      return emit({ event: 'pong' });
    case 'disconnect':
      return shutdown(0, { event: 'disconnected_by_request' });
    default:
      throw new Error(`unknown command ${JSON.stringify(cmd.cmd)}`);
  }
}

// ---- main ------------------------------------------------------------------------------------

const startedAt = Date.now();
let first;
try {
  await start();
  try {
    await page.waitForFunction(() => window.joinDone === true, null, { timeout: CONNECT_TIMEOUT_MS, polling: 50 });
  } catch (e) {
    throw e && e.name === 'TimeoutError' ? new Error(`connect timed out after ${CONNECT_TIMEOUT_MS} ms`) : e;
  }
  first = await page.evaluate(() => window.report());
} catch (e) {
  if (!exiting) emit({ event: 'error', command: 'connect', message: messageOf(e), elapsed_ms: Date.now() - startedAt });
  if (page && !exiting) {
    try {
      const r = await page.evaluate(() => (window.report ? window.report() : null));
      if (r) emit({ event: 'report', ...r });
    } catch {
      // page unusable; the error line above says enough
    }
  }
  await shutdown(1);
}

if (!exiting) {
  if (!first.connected) {
    emit({ event: 'error', command: 'connect', message: first.errors.join('; ') || 'not connected', elapsed_ms: Date.now() - startedAt });
    emit({ event: 'report', ...first });
    await shutdown(1);
  } else {
    emit({
      event: 'connected',
      identity: first.identity,
      sid: first.sid,
      room: first.room,
      remotes: first.remotes,
      elapsed_ms: Date.now() - startedAt,
    });
    // closing stdin (for instance because the test JVM died) ends the participant
    commands(handle, { onEnd: () => shutdown(0, { event: 'stdin_closed' }) });
  }
}
