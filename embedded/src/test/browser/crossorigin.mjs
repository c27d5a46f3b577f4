// A page on another origin than the gateway connects over the SSE fallback with a fresh single-use ticket for every
// attempt (the `ticket` option), while the gateway requires authentication: its messages are POSTed with the
// stream's post key, and after the server cuts it off it reconnects with a new ticket. argv: <base URL>.
import { baseUrl, check, hook, launchChromium, ok, run, waitFor } from './lib.mjs';

// The same server under another host name is another origin (http://localhost:P against http://127.0.0.1:P).
const pageOrigin = baseUrl.replace('://127.0.0.1:', '://localhost:');
check(pageOrigin !== baseUrl, `the base URL ${baseUrl} is not on 127.0.0.1`);

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${pageOrigin}index.html`);
  await page.evaluate(async (gateway) => {
    const { Switchboard } = await import('./js/switchboard.js');
    window.log = [];
    window.tickets = 0;
    // The page's own origin logs in and hands out tickets, as a portal's back end would.
    const ticket = async () => {
      const response = await fetch('auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: 'fran', password: 'pw' }),
      });
      if (response.status !== 200) throw new Error(`login answered ${response.status}`);
      window.tickets += 1;
      return (await response.json()).ticket;
    };
    const client = new Switchboard(gateway, { transports: ['sse'], ticket, reconnectDelay: 100 });
    window.client = client;
    client.on('open', (e) => window.log.push(`open ${e.transport}`));
    client.on('event', (e) => window.log.push(`event ${e.channel} ${e.message}`));
    client.on('error', (e) => window.log.push(`error ${e.message}`));
    client.on('close', (e) => window.log.push(`close ${e.code}`));
    client.subscribe('room');
  }, baseUrl);
  const log = () => page.evaluate(() => window.log.slice());
  const expect = async (what, condition, timeoutMs) => {
    try {
      await waitFor(what, condition, timeoutMs);
    } catch (e) {
      throw new Error(`${e.message}; the client logged ${JSON.stringify(await log())}`);
    }
  };
  await expect('the client to open over SSE', async () => (await log()).includes('open sse'));
  check(page.url().startsWith(pageOrigin), `the page is on ${page.url()}`);

  // The POSTs go one at a time, in order: the subscription is in place before the publication arrives.
  await page.evaluate(() => window.client.publish('first', 'room'));
  await expect('its own publication to come back', async () => (await log()).includes('event room first'));

  const session = await page.evaluate(() => window.client.session);
  await hook({ op: 'disconnect', id: session, code: 4000 });
  await expect('a new connection', async () => (await log()).filter((line) => line === 'open sse').length === 2,
    20000);
  check(await page.evaluate(() => window.tickets) >= 2, 'the reconnect did not fetch a new ticket');
  check(await page.evaluate(() => window.client.session) !== session, 'the session did not change');
  await page.evaluate(() => window.client.publish('second', 'room'));
  await expect('the second publication', async () => (await log()).includes('event room second'));
  const errors = (await log()).filter((line) => line.startsWith('error'));
  check(!errors.some((line) => line.includes('POST')), `a POST was refused: ${errors}`);
  ok('cross-origin SSE with per-attempt tickets posts with its key and reconnects with a new ticket');
});
