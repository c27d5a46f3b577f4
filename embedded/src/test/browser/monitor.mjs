// The operator's monitor page (monitor.html) on the admin REST API: an admin signs in, sees a test client (an sgc
// WebSocket opened by another, anonymous browser context) appear in the connection table, closes it with a chosen
// code, and the client sees that code while its row disappears; a user without the admin role is told so. Before
// that, a wrong password on the page's form shows the page's own error, with every 401 the page received challenging
// with "Session" (no browser password dialog), and the page stays usable for the right password.
// argv: <base URL> <admin user> <admin password> <other user> <other password>.
// With SWITCHBOARD_SCREENSHOT=<path> it also saves a screenshot of the page with some traffic, for the docs.
import { baseUrl, check, launchChromium, ok, run, waitFor } from './lib.mjs';

const [admin, adminPassword, other, otherPassword] = process.argv.slice(3);
const screenshot = process.env.SWITCHBOARD_SCREENSHOT;
const CLOSE_CODE = 4321;

/**
 * Opens a page of the monitor in its own browser context (its own cookies), collects its script errors and, when
 * given a list, the URL and WWW-Authenticate header of every 401 the page receives.
 */
async function openMonitor(browser, errors, name, unauthorized) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`${name}: ${error.message}`));
  if (unauthorized) {
    page.on('response', async (response) => {
      if (response.status() === 401) {
        unauthorized.push({ url: response.url(), challenge: await response.headerValue('www-authenticate') });
      }
    });
  }
  await page.goto(`${baseUrl}monitor.html`);
  return page;
}

async function signIn(page, user, password) {
  await waitFor('the sign-in form', () => page.isVisible('#login-form'));
  await page.fill('#login-user', user);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
}

/** Opens sgc WebSocket clients in an anonymous page; each records its connection id, events and close code. */
async function openClients(browser, count, channel) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}index.html`);
  const ids = await page.evaluate(({ count, channel }) => {
    window.clients = [];
    const url = new URL('./', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const open = () => new Promise((resolve, reject) => {
      const client = { id: null, events: 0, closed: null, socket: new WebSocket(url.href, ['esegece.com']) };
      window.clients.push(client);
      client.socket.onmessage = (message) => {
        const frame = JSON.parse(message.data);
        if (frame.result && frame.result.method === 'sgc@session' && client.id === null) {
          client.id = frame.result.message;
          client.socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'sgc@subscribe', params: { channel }, id: 's1' }));
        } else if (frame.result && frame.result.method === 'sgc@subscribe') {
          resolve(client.id);
        } else if (frame.result && frame.result.method === 'sgc@event') {
          client.events++;
        }
      };
      client.socket.onclose = (event) => {
        client.closed = { code: event.code, reason: event.reason };
        reject(new Error(`closed before subscribing: ${event.code}`));
      };
    });
    return Promise.all(Array.from({ length: count }, open));
  }, { count, channel });
  return { page, ids };
}

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const errors = [];

  const clients = await openClients(browser, screenshot ? 3 : 1, 'news');
  const id = clients.ids[0];
  ok(`test client ${id} open and subscribed to news`);

  // The page asks the API at once: without a login the answer is 401 challenging with Session, not Basic (which a
  // browser answers with its own password dialog over the page), and the page shows its own form. A wrong password
  // there gets the page's error, again with a Session challenge, and leaves the form usable.
  const unauthorized = [];
  const monitor = await openMonitor(browser, errors, 'admin', unauthorized);
  await waitFor('the sign-in form', () => monitor.isVisible('#login-form'));
  const apiRefusal = await waitFor('the API\'s 401 to the page',
    () => unauthorized.find((answer) => answer.url.endsWith('/admin/api/stats')));
  check(/^Session realm="/.test(apiRefusal.challenge || ''), `the API challenged the page with ${apiRefusal.challenge}`);
  await signIn(monitor, admin, `not-${adminPassword}`);
  await waitFor('the wrong password message',
    async () => (await monitor.textContent('#login-error')) === 'Wrong user or password.');
  const loginRefusal = await waitFor('the login\'s 401',
    () => unauthorized.find((answer) => answer.url.endsWith('/auth/login')));
  check(/^Session realm="/.test(loginRefusal.challenge || ''),
    `the login endpoint challenged the page with ${loginRefusal.challenge}`);
  check(await monitor.isVisible('#login-form') && await monitor.isEnabled('#login-form button[type=submit]'),
    'the sign-in form is gone or disabled after a wrong password');
  check(!(await monitor.isVisible('#console')), 'the console shows after a wrong password');
  check(unauthorized.every((answer) => /^Session /.test(answer.challenge || '')),
    `a 401 to the page challenged with Basic: ${JSON.stringify(unauthorized)}`);
  ok(`a wrong password shows the page's error; the 401s challenged with ${loginRefusal.challenge}`);

  // The right password on the same form opens the console; a reload keeps the console (the session cookie signs
  // the page's requests in).
  await signIn(monitor, admin, adminPassword);
  await waitFor('the console', () => monitor.isVisible('#console'));
  await waitFor('the signed-in user', async () => (await monitor.textContent('#user')) === admin);
  await monitor.reload();
  await waitFor('the console after a reload', () => monitor.isVisible('#console'));
  check(!(await monitor.isVisible('#login')), 'the sign-in form shows after a reload');
  const total = await waitFor('the connection counter', async () => {
    const text = await monitor.textContent('#connections');
    return text !== '-' && Number(text.replace(/\D/g, ''));
  });
  check(total >= 1, `connections counter ${total}`);
  ok(`admin signed in; the counters show ${total} connection(s)`);

  const row = `#connections-rows tr[data-id="${id}"]`;
  await waitFor('the test client in the connection table', () => monitor.isVisible(row));
  const cells = await monitor.$$eval(`${row} td`, (tds) => tds.map((td) => td.textContent));
  check(cells[0] === id, `id cell ${cells[0]}`);
  check(cells[3] === 'websocket', `transport cell ${cells[3]}`);
  check(cells[4] === 'esegece.com', `subprotocol cell ${cells[4]}`);
  check(cells[5].split(', ').includes('news'), `channels cell ${cells[5]}`);
  await waitFor('the news channel in the channel table', async () =>
    (await monitor.$$eval('#channels-rows td:first-child', (tds) => tds.map((td) => td.textContent))).includes('news'));
  ok(`the table shows the client: ${JSON.stringify(cells.slice(0, 10))}`);

  // The filter narrows the table to the client's id, and a filter that matches nothing empties it.
  await monitor.fill('#connections-q', id.slice(0, 12));
  await waitFor('the filter to keep the client', async () =>
    (await monitor.textContent('#connections-range')).endsWith(' of 1') && monitor.isVisible(row));
  await monitor.fill('#connections-q', 'no-such-connection');
  await waitFor('the filter to hide the client', async () => !(await monitor.isVisible(row))
    && (await monitor.textContent('#connections-rows')).includes('No connection matches'));
  await monitor.fill('#connections-q', '');
  await waitFor('the client back in the table', () => monitor.isVisible(row));
  ok('the filter narrows the table');

  if (screenshot) {
    // Traffic for the picture: the clients publish to news while the charts fill for a few seconds.
    await clients.page.evaluate(() => {
      let n = 0;
      window.traffic = setInterval(() => {
        window.clients.forEach((client) => {
          if (client.socket.readyState === WebSocket.OPEN) {
            client.socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'sgc@publish',
              params: { channel: 'news', message: `tick ${n++}` } }));
          }
        });
      }, 100);
    });
    await waitFor('some seconds of rates in the chart', async () =>
      (await monitor.$eval('#chart-rates polyline.out', (line) => line.getAttribute('points').split(' ').length)) >= 20,
    40000, 250);
    await monitor.screenshot({ path: screenshot, fullPage: true });
    await clients.page.evaluate(() => clearInterval(window.traffic));
    ok(`screenshot saved to ${screenshot}`);
  }

  // Close the client with a chosen code: the client sees it, and its row goes.
  await monitor.fill('#close-code', String(CLOSE_CODE));
  await monitor.fill('#close-reason', 'Closed from the monitor test');
  await monitor.click(`${row} button.close`);
  const closed = await waitFor('the client to be closed', () =>
    clients.page.evaluate(() => window.clients[0].closed));
  check(closed.code === CLOSE_CODE, `the client was closed with ${closed.code} (${closed.reason}), not ${CLOSE_CODE}`);
  await waitFor('the row to disappear', async () => !(await monitor.isVisible(row)));
  check((await monitor.textContent('#notice')).includes(`Closed connection ${id} with ${CLOSE_CODE}`),
    `notice: ${await monitor.textContent('#notice')}`);
  ok(`closed the client with ${closed.code} "${closed.reason}"; its row is gone`);

  // A user without the admin role signs in and is told the role is missing; the console stays hidden.
  const refused = await openMonitor(browser, errors, 'non-admin');
  await signIn(refused, other, otherPassword);
  await waitFor('the missing role message', () => refused.isVisible('#forbidden'));
  const message = await refused.textContent('#forbidden-message');
  check(message.includes('This user lacks the admin role'), `forbidden message: ${message}`);
  check(!(await refused.isVisible('#console')), 'the console shows for a user without the admin role');
  check(await refused.textContent('#connections-rows') === '', 'the refused page holds connection rows');
  ok(`a user without the admin role sees: ${message}`);

  // A ban added on the page is listed, and its Remove button lifts it.
  const banned = '203.0.113.9';
  await monitor.fill('#ban-address', banned);
  await monitor.fill('#ban-seconds', '600');
  await monitor.fill('#ban-reason', 'monitor test');
  await monitor.click('#ban-form button[type=submit]');
  const banRow = `#bans-rows tr:has(td:text-is("${banned}"))`;
  await waitFor('the ban in the table', () => monitor.isVisible(banRow));
  check((await monitor.textContent(banRow)).includes('monitor test'), `ban row: ${await monitor.textContent(banRow)}`);
  await monitor.click(`${banRow} button`);
  await waitFor('the ban to go', async () => !(await monitor.isVisible(banRow)));
  ok(`banned ${banned} and lifted the ban`);

  // A drain started on the page (after its confirmation dialog) shows in the state and the counters, and cancels.
  monitor.once('dialog', (dialog) => dialog.accept());
  await monitor.fill('#drain-seconds', '600');
  await monitor.click('#drain-start');
  await waitFor('the drain state', async () => (await monitor.textContent('#drain-state')).includes(`started by ${admin}`));
  await waitFor('the draining counter', async () => (await monitor.textContent('#draining')) === 'yes');
  await monitor.click('#drain-cancel');
  await waitFor('the drain to end', async () => (await monitor.textContent('#drain-state')) === 'accepting connections'
    && (await monitor.textContent('#draining')) === 'no');
  ok('started and cancelled a drain');

  // Signing out ends the login: the form comes back, also after a reload, and the API no longer lets the tab in.
  await monitor.click('#sign-out');
  await waitFor('the sign-in form after signing out', () => monitor.isVisible('#login-form'));
  check(!(await monitor.isVisible('#console')), 'the console shows after signing out');
  await monitor.reload();
  await waitFor('the sign-in form after a reload', () => monitor.isVisible('#login-form'));
  // The context's request client carries the tab's cookies, and answers a challenge with the status, not a dialog.
  const after = (await monitor.context().request.get(`${baseUrl}admin/api/stats`)).status();
  check(after === 401, `the API answered ${after} after signing out`);
  ok('signed out');

  check(errors.length === 0, errors.join('; '));
});
