// Shared helpers of the browser and eventsource scenarios. A scenario is a Node script run by a JUnit driver in
// dev.switchboard.embedded.browser with the server's base URL as its argument. It prints "OK <what>" lines and
// exits 0, or prints "FAIL <why>" and exits 1. It may ask the driver to act on the server with a line
// "HOOK <json>" on stdout; the driver answers with one JSON line on stdin.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

export const CHROMIUM = process.env.SWITCHBOARD_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const baseUrl = (process.argv[2] || '').replace(/\/?$/, '/');

const answers = [];
const waiting = [];
createInterface({ input: process.stdin }).on('line', (line) => {
  const answer = JSON.parse(line);
  const next = waiting.shift();
  if (next) next(answer); else answers.push(answer);
});

/** Asks the JUnit driver to do something on the server (publish, disconnect, gate) and waits for its answer. */
export function hook(command) {
  process.stdout.write(`HOOK ${JSON.stringify(command)}\n`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to hook ${JSON.stringify(command)}`)), 15000);
    const done = (answer) => {
      clearTimeout(timer);
      if (answer.error) reject(new Error(`hook failed: ${answer.error}`)); else resolve(answer);
    };
    if (answers.length) done(answers.shift()); else waiting.push(done);
  });
}

/** Polls a condition until it holds or the deadline passes; never a fixed sleep. */
export async function waitFor(what, condition, timeoutMs = 15000, intervalMs = 25) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await condition();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export function ok(what) {
  process.stdout.write(`OK ${what}\n`);
}

/**
 * Launches Debian's Chromium headless through playwright-core. Playwright gives every launch a fresh, temporary
 * --user-data-dir of its own (it refuses one in args), removed when the browser closes. `extraArgs` are added to the
 * common flags (the WebRTC scenarios' fake media devices, say).
 */
export async function launchChromium(extraArgs = []) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it (apt-get install -y chromium; ./build test does so as root)`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS, ...extraArgs], timeout: 30000 });
}

/** Runs a scenario: exit 0 after it, 1 with a FAIL line on any error; always closes what it registered. */
export async function run(scenario) {
  const cleanups = [];
  const timer = setTimeout(() => {
    process.stdout.write('FAIL the scenario took longer than 110 s\n');
    process.exit(1);
  }, 110000);
  try {
    await scenario((cleanup) => cleanups.push(cleanup));
    process.stdout.write('DONE\n');
    process.exitCode = 0;
  } catch (e) {
    process.stdout.write(`FAIL ${e && e.stack ? e.stack.replace(/\n/g, ' | ') : e}\n`);
    process.exitCode = 1;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try { await cleanup(); } catch (e) { /* best effort */ }
    }
    clearTimeout(timer);
    process.stdin.destroy();
  }
}
