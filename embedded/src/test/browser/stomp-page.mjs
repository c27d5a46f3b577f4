// A page using @stomp/stompjs (its browser bundle) in headless Chromium: it subscribes to a /topic destination and
// receives what an sgc client publishes to the channel, and what it sends reaches that sgc client. argv: <base URL>.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { baseUrl, check, launchChromium, ok, run, waitFor } from './lib.mjs';

// The package's "exports" do not list its browser bundle, so it is found by path next to this script.
const bundle = fileURLToPath(new URL('./node_modules/@stomp/stompjs/bundles/stomp.umd.min.js', import.meta.url));
check(existsSync(bundle), `the stompjs browser bundle is missing at ${bundle}: run npm ci`);
const wsUrl = baseUrl.replace(/^http/, 'ws');
const channel = `page-${Date.now()}`;

/** An sgc client over ws: subscribes to the channel and records the events it gets. */
async function sgcClient(cleanup) {
  const socket = new WebSocket(wsUrl, ['esegece.com']);
  const frames = [];
  socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
  cleanup(() => socket.terminate());
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'sgc@subscribe', params: { channel }, id: 'sub' }));
  await waitFor('the sgc subscription', () => frames.some((f) => f.result && f.result.method === 'sgc@subscribe'));
  return { socket, frames };
}

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(baseUrl);
  await page.addScriptTag({ path: bundle });
  check(await page.evaluate(() => typeof window.StompJs === 'object'), 'the stompjs bundle did not load');

  await page.evaluate(({ url, destination }) => new Promise((resolve, reject) => {
    window.received = [];
    const client = new window.StompJs.Client({ brokerURL: url, reconnectDelay: 0, debug: () => {} });
    client.onConnect = () => {
      client.subscribe(destination, (message) => window.received.push(message.body), { receipt: 'subscribed' });
      client.watchForReceipt('subscribed', () => resolve());
    };
    client.onStompError = (frame) => reject(new Error(`ERROR ${frame.headers.message}`));
    client.onWebSocketError = () => reject(new Error('the WebSocket failed'));
    window.stomp = client;
    client.activate();
  }), { url: wsUrl, destination: `/topic/${channel}` });
  ok('the page connected over STOMP and subscribed');

  const sgc = await sgcClient(cleanup);
  sgc.socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'sgc@publish', params: { channel, message: 'from sgc' } }));
  await waitFor('the sgc publication in the page', async () =>
    (await page.evaluate(() => window.received)).includes('from sgc'));
  ok('an sgc publication reached the page');

  await page.evaluate((destination) => window.stomp.publish({ destination, body: 'from the page' }), `/topic/${channel}`);
  await waitFor('the page message at the sgc client', () => sgc.frames.some((f) =>
    f.result && f.result.method === 'sgc@event' && f.result.message === 'from the page'));
  ok('the page reached an sgc subscriber');
  check(problems.length === 0, `page errors: ${problems.join('; ')}`);
  await page.evaluate(() => window.stomp.deactivate());
  ok('stompjs page in chromium');
});
