// The browser client keeps a connection open past the end of its login by answering `expiring` with refresh();
// a client that does not is closed with 4500 and does not reconnect. argv: <base URL>.
import { baseUrl, check, launchChromium, ok, run, waitFor } from './lib.mjs';

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${baseUrl}index.html`);
  const firstEnds = await page.evaluate(async () => {
    const { Switchboard } = await import('./js/switchboard.js');
    const login = async () => {
      const response = await fetch('auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: 'erin', password: 'pw' }),
      });
      if (response.status !== 200) throw new Error(`login answered ${response.status}`);
      return response.json();
    };
    window.log = [];
    const first = await login();
    const kept = new Switchboard(new URL(`./?ticket=${first.ticket}`, location.href).href,
      { transports: ['websocket'] });
    window.kept = kept;
    kept.on('open', () => window.log.push('kept open'));
    kept.on('expiring', async () => {
      window.log.push('kept expiring');
      try {
        const result = await kept.refresh({ ticket: (await login()).ticket });
        window.log.push(`kept refreshed ${result.user}`);
      } catch (e) {
        window.log.push(`kept refresh failed ${e.code}`);
      }
    });
    kept.on('close', (e) => window.log.push(`kept closed ${e.code}`));
    const second = await login();
    const dropped = new Switchboard(new URL(`./?ticket=${second.ticket}`, location.href).href,
      { transports: ['websocket'] });
    window.dropped = dropped;
    dropped.on('open', () => window.log.push('dropped open'));
    dropped.on('close', (e) => window.log.push(`dropped closed ${e.code} ${e.reconnecting}`));
    dropped.on('reconnecting', () => window.log.push('dropped reconnecting'));
    return first.expiresAt;
  });
  const log = () => page.evaluate(() => window.log.slice());
  await waitFor('both clients to open', async () => (await log()).includes('kept open')
    && (await log()).includes('dropped open'));
  await waitFor('the kept client to refresh', async () => (await log()).includes('kept refreshed erin'), 20000);
  await waitFor('the other client to be closed with 4500', async () =>
    (await log()).includes('dropped closed 4500 false'), 20000);
  const end = Date.parse(firstEnds) + 500;
  await waitFor('the first login to end', async () => Date.now() > end, 20000);
  check(await page.evaluate(() => window.kept.state()) === 'open', `kept is ${await page.evaluate(() => window.kept.state())}`);
  const events = await log();
  check(!events.some((line) => line.startsWith('kept closed')), `kept was closed: ${events}`);
  check(!events.includes('dropped reconnecting'), `dropped tried to reconnect: ${events}`);
  check(await page.evaluate(() => window.dropped.state()) === 'closed', 'dropped is closed');
  ok('refresh kept the connection open past the login; the unrefreshed one ended with 4500');
});
