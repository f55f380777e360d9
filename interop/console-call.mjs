// The testkit's console and call page, used as a person would, in headless Chromium with a fake microphone.
// usage: node console-call.mjs <testkitHttpUrl> <room> <agentIdentity> <microphone.wav>
// Prints one JSON line per step reached ({"step": …}); exits 0 when every step passed, 1 with {"error": …}.
// Steps: the call page joins with the microphone and hears the agent's echo; its "Migrate agent" button moves the
// agent and the page's timeline shows the resume; the echo is heard again; the console lists the room and the agent,
// its migrate button works (resumes rise) and its signal timeline shows the leave.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [base, roomName, agent, wav] = process.argv.slice(2);
const STEP_MS = Number(process.env.STEP_MS || 20000);
const HEARD = 0.01; // RMS of the agent's track that counts as hearing the echo (silence is 0)
const out = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-console-'));
let context = null;
const guard = setTimeout(() => finish(1, 'the whole scenario took too long'), 6 * STEP_MS);

async function finish(code, error) {
  if (error) out({ error });
  clearTimeout(guard);
  try {
    if (context) await context.close();
  } catch {
    // already gone
  }
  fs.rmSync(userDataDir, { recursive: true, force: true });
  process.exit(code);
}

async function until(page, what, predicate, arg) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: STEP_MS, polling: 200 });
  } catch (e) {
    const report = await page.evaluate(() => (window.callReport ? window.callReport() : null)).catch(() => null);
    throw new Error(`${what}: not within ${STEP_MS} ms${report ? `; page: ${JSON.stringify(report)}` : ''}`);
  }
}

try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: false, // '--headless=new' below
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic', '--autoplay-policy=no-user-gesture-required',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`],
    timeout: 30000,
  });
  const call = context.pages()[0] || (await context.newPage());
  call.on('pageerror', (e) => out({ page_error: e.message }));
  await call.goto(`${base}/call?room=${encodeURIComponent(roomName)}&identity=person`, { waitUntil: 'load' });
  await call.click('#join');
  await until(call, 'the call page joins', () => window.callReport().connected);
  out({ step: 'joined' });
  await until(call, `the echo of ${agent} is heard`, ([a, min]) => window.callReport().others
    .some((o) => o.identity === a && o.level > min), [agent, HEARD]);
  const before = await call.evaluate(() => window.callReport());
  out({ step: 'heard_echo', others: before.others });

  await call.click(`button[data-migrate="${agent}"]`);
  await until(call, 'the timeline shows the agent resumed', (a) => window.callReport().timeline
    .some((l) => l.includes(`${a} resumed on the new node`)), agent);
  out({ step: 'migrated', timeline: (await call.evaluate(() => window.callReport())).timeline.filter((l) => l.includes('resum') || l.includes('migrate')) });
  // The level is a falling peak: wait for it to fall below the threshold once (or a second), then rise again.
  await call.waitForTimeout(1500);
  await until(call, `the echo of ${agent} is heard after the migration`, ([a, min]) => window.callReport().others
    .some((o) => o.identity === a && o.level > min), [agent, HEARD]);
  out({ step: 'heard_echo_again', others: (await call.evaluate(() => window.callReport())).others });

  const console = await context.newPage();
  await console.goto(`${base}/`, { waitUntil: 'load' });
  const row = `section[data-room="${roomName}"] tr[data-identity="${agent}"]`;
  await console.waitForSelector(row, { timeout: STEP_MS });
  const resumesBefore = Number(await console.textContent(`${row} td[data-field="resumes"]`));
  out({ step: 'console_lists_agent', resumes: resumesBefore });
  // the fault buttons are in the row after the participant's row
  await console.click(`${row} + tr button[data-fault="migrate"]`);
  await until(console, 'the console shows one more resume', ([r, n]) => {
    const cell = document.querySelector(`${r} td[data-field="resumes"]`);
    return cell && Number(cell.textContent) > n;
  }, [row, resumesBefore]);
  const timeline = await console.textContent(`${row} + tr details[data-timeline="${agent}"] pre`);
  out({ step: 'console_fault_worked', resumes: Number(await console.textContent(`${row} td[data-field="resumes"]`)),
    timeline_has_leave: timeline.includes('leave') });
  await call.click('#leave');
  await finish(0);
} catch (e) {
  await finish(1, e.message);
}
