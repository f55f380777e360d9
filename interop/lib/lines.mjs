// Small helpers shared by the interop drivers: a JSON-lines protocol on stdin/stdout and a few
// audio measurements. No dependencies on purpose, so the browser page can import this file too.

// Turns values JSON.stringify cannot take (BigInt from the protobuf layer, Errors) into plain ones.
function replacer(_key, value) {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Error) return value.message;
  return value;
}

// Whether stdout's reader has gone (EPIPE: the driving JVM died or closed the pipe). From then on nothing is
// written: each failed write would raise another 'error', and the scripts' uncaughtException handlers, which
// emit, would turn that into a loop spinning a core for as long as the process lives.
let stdoutGone = false;
const goneHandlers = [];
if (typeof process !== 'undefined' && process.stdout) {
  process.stdout.on('error', (e) => {
    if (stdoutGone) return;
    stdoutGone = true;
    if (goneHandlers.length === 0) process.exit(1);
    for (const handler of goneHandlers) handler(e);
  });
}

// Runs handler once stdout's reader has gone; a script should shut down then (without a handler it exits at once).
export function onStdoutGone(handler) {
  goneHandlers.push(handler);
}

// Writes one JSON object as one line on stdout, stamped with `t` (ms since the epoch).
// On Linux, Node writes to pipes and files synchronously, so a line is out once this returns.
export function emit(obj) {
  if (stdoutGone) return;
  const line = JSON.stringify({ ...obj, t: Date.now() }, replacer);
  process.stdout.write(line + '\n');
}

// Resolves once everything written to stdout so far has been handed to the OS (use before exit).
export function drainStdout() {
  if (stdoutGone) return Promise.resolve();
  return new Promise((resolve) => process.stdout.write('', () => resolve()));
}

// Text of any thrown value, for error lines.
export function messageOf(e) {
  if (e instanceof Error) return e.message || String(e);
  if (typeof e === 'string') return e;
  try {
    return JSON.stringify(e, replacer);
  } catch {
    return String(e);
  }
}

// Reads stdin line by line, parses each line as JSON and awaits handler(cmd) one command at a
// time, in arrival order. A bad line or a failing handler becomes an error line, never a crash.
// onEnd (optional) runs once stdin closes, after the queued commands have finished.
export function commands(handler, { onEnd } = {}) {
  let buffered = '';
  let chain = Promise.resolve();

  const run = (line) => {
    chain = chain.then(async () => {
      let cmd;
      try {
        cmd = JSON.parse(line);
      } catch (e) {
        emit({ event: 'error', command: null, message: `bad JSON line: ${messageOf(e)}`, line });
        return;
      }
      try {
        await handler(cmd);
      } catch (e) {
        emit({ event: 'error', command: cmd && typeof cmd === 'object' ? cmd.cmd ?? null : null, message: messageOf(e) });
      }
    });
  };

  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (line) run(line);
    }
  });
  process.stdin.on('end', () => {
    const rest = buffered.trim();
    buffered = '';
    if (rest) run(rest);
    if (onEnd) chain = chain.then(() => onEnd()).catch((e) => emit({ event: 'error', command: 'stdin_end', message: messageOf(e) }));
  });
  process.stdin.resume();
}

// Int16 samples are scaled to [-1, 1); float samples are taken as they are.
function scaleOf(samples) {
  return samples instanceof Int16Array ? 1 / 32768 : 1;
}

// Goertzel filter at one frequency. The result is normalised so that a full-window sine of
// amplitude A (in [-1, 1] units) gives about A*A, whatever the window length.
export function goertzel(samples, sampleRate, hz) {
  const n = samples.length;
  if (n === 0) return 0;
  const scale = scaleOf(samples);
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = samples[i] * scale + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (4 * power) / (n * n);
}

// The candidate frequency with the most power, or null when there are no samples or no candidates.
export function dominantFrequency(samples, sampleRate, candidates) {
  let best = null;
  let bestPower = -1;
  if (!samples || samples.length === 0) return null;
  for (const hz of candidates || []) {
    const p = goertzel(samples, sampleRate, hz);
    if (p > bestPower) {
      bestPower = p;
      best = hz;
    }
  }
  return best;
}

// Root mean square in [-1, 1] units (a full-scale sine gives about 0.707). 0 for no samples.
export function rms(samples) {
  const n = samples ? samples.length : 0;
  if (n === 0) return 0;
  const scale = scaleOf(samples);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = samples[i] * scale;
    sum += v * v;
  }
  return Math.sqrt(sum / n);
}
