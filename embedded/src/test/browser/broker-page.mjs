// One page, one WebSocket with the broker protocol: switchboard.js (through its webSocket option) and a STOMP
// session written by hand both run over js/switchboard-broker.js, and a server publication reaches both, each in its
// own protocol; closing the STOMP inner socket leaves the sgc client working. argv: <base URL>.
import { baseUrl, check, hook, launchChromium, ok, run, waitFor } from './lib.mjs';

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${baseUrl}index.html`);
  await page.evaluate(async () => {
    const { Switchboard } = await import('./js/switchboard.js');
    const { BrokerSocket } = await import('./js/switchboard-broker.js');
    window.seen = [];
    const ws = new URL('./', location.href).href.replace(/^http/, 'ws');
    const broker = new BrokerSocket(ws);
    window.broker = broker;
    const sgc = new Switchboard(ws, { transports: ['websocket'], webSocket: broker.factory() });
    window.sgc = sgc;
    sgc.on('open', () => window.seen.push('sgc open'));
    sgc.on('error', (e) => window.seen.push(`sgc error ${e.message}`));
    sgc.on('close', (e) => window.seen.push(`sgc close ${e.code} ${e.reason}`));
    broker.on('error', (e) => window.seen.push(`broker error ${e.protocol} ${e.message}`));
    sgc.on('event', (e) => window.seen.push(`sgc ${e.channel}: ${e.message}`));
    sgc.subscribe('news');
    const stomp = broker.socket('v12.stomp');
    window.stomp = stomp;
    stomp.onopen = () => stomp.send('CONNECT\naccept-version:1.2\nhost:/\n\n\u0000');
    stomp.onmessage = (event) => {
      const frame = String(event.data);
      if (frame.startsWith('CONNECTED')) {
        window.seen.push('stomp connected');
        stomp.send('SUBSCRIBE\nid:s1\ndestination:/topic/news\nreceipt:r1\n\n\u0000');
      } else if (frame.startsWith('RECEIPT')) {
        window.seen.push('stomp subscribed');
      } else if (frame.startsWith('MESSAGE')) {
        window.seen.push(`stomp news: ${frame.slice(frame.indexOf('\n\n') + 2, frame.indexOf('\u0000'))}`);
      }
    };
    stomp.onclose = (event) => window.seen.push(`stomp closed ${event.code}`);
  });
  const seen = () => page.evaluate(() => window.seen.slice());
  let now = [];
  await waitFor('both inner protocols ready', async () => {
    now = await seen();
    return now.includes('sgc open') && now.includes('stomp subscribed');
  }).catch((e) => { throw new Error(`${e.message}; the page saw ${JSON.stringify(now)}`); });
  // Both inner connections subscribed on the server: a probe publication reaches two subscribers.
  await waitFor('both subscriptions', async () => (await hook({ op: 'publish', channel: 'news', message: 'probe' })).count >= 2);
  await hook({ op: 'publish', channel: 'news', message: 'one socket, two protocols' });
  await waitFor('both to get the publication', async () => {
    const now = await seen();
    return now.includes('sgc news: one socket, two protocols') && now.includes('stomp news: one socket, two protocols');
  });
  check(await page.evaluate(() => window.sgc.transport) === 'websocket', 'sgc runs on the inner WebSocket');
  ok('switchboard.js and STOMP share one broker socket');

  await page.evaluate(() => window.stomp.close());
  await waitFor('the STOMP inner socket to close', async () => (await seen()).includes('stomp closed 1000'));
  await hook({ op: 'publish', channel: 'news', message: 'after stomp left' });
  await waitFor('sgc to go on alone', async () => (await seen()).includes('sgc news: after stomp left'));
  check(!(await seen()).includes('stomp news: after stomp left'), 'the closed STOMP socket got nothing');
  ok('closing one inner protocol leaves the other working');
});
