// The clock page (a plain EventSource on a channel the server publishes the time to) ticks. argv: <base URL>.
import { baseUrl, check, launchChromium, ok, run, waitFor } from './lib.mjs';

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const context = await browser.newContext();
  const errors = [];

  const clock = await context.newPage();
  clock.on('pageerror', (error) => errors.push(`clock: ${error.message}`));
  await clock.goto(`${baseUrl}clock.html`);
  const tick = await waitFor('a clock tick', () => clock.evaluate(() => document.getElementById('clock').dataset.iso));
  const next = await waitFor('the next tick', async () => {
    const now = await clock.evaluate(() => document.getElementById('clock').dataset.iso);
    return now !== tick && now;
  }, 10000);
  check(Date.parse(next) > Date.parse(tick), `clock went from ${tick} to ${next}`);
  check(errors.length === 0, errors.join('; '));
  ok(`clock: ${tick} -> ${next}`);
});
