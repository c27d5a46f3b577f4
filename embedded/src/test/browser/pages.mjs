// The monitor page (classic-script build of the client) shows live gateway statistics, and the clock page (a
// plain EventSource) ticks. argv: <base URL>.
import { baseUrl, check, launchChromium, ok, run, waitFor } from './lib.mjs';

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const context = await browser.newContext();
  const errors = [];

  const monitor = await context.newPage();
  monitor.on('pageerror', (error) => errors.push(`monitor: ${error.message}`));
  await monitor.goto(`${baseUrl}monitor.html`);
  check(await monitor.evaluate(() => typeof window.Switchboard === 'function'), 'the classic build defines no global');
  const first = await waitFor('a monitor snapshot', async () => {
    const updated = await monitor.textContent('#updated');
    return updated !== '-' && updated;
  });
  await waitFor('a second snapshot', async () => (await monitor.textContent('#updated')) !== first, 10000);
  const connections = Number(await monitor.textContent('#connections'));
  const channels = Number(await monitor.textContent('#channels'));
  const rate = Number(await monitor.textContent('#out-rate'));
  check(connections >= 1, `connections ${connections}`);
  check(channels >= 1, `channels ${channels}`);
  check(Number.isFinite(rate), `rate ${rate}`);
  ok(`monitor: ${connections} connection(s), ${channels} channel(s), ${rate} messages out/s`);

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
