// A page script written against the sgcWebSockets JavaScript API (sgc-compat.js, after sgcWebSockets.js and
// esegece.com.js as the server serves them) in headless Chromium: it connects, subscribes, publishes, receives its own publication and
// one from a JDK client (which the JUnit driver sends once the page says "ready"), and makes an RPC.
// argv: <base URL> <channel>.
import { readFileSync } from 'node:fs';
import { baseUrl, check, launchChromium, ok, run, waitFor } from './lib.mjs';

const channel = process.argv[3];
check(channel, 'no channel given');
const pageScript = readFileSync(new URL('./sgc-compat.js', import.meta.url), 'utf8');

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.url()} answered ${response.status()}`);
  });
  // A page of the server, then the scripts an sgc page loads, from the server's root, then the page's own script.
  await page.goto(baseUrl);
  await page.evaluate((name) => { window.testChannel = name; }, channel);
  await page.addScriptTag({ url: `${baseUrl}sgcWebSockets.js` });
  await page.addScriptTag({ url: `${baseUrl}esegece.com.js` });
  check(await page.evaluate(() => typeof sgcWebSocket === 'function' && typeof sgcws === 'function'),
    'sgcWebSockets.js and esegece.com.js did not define sgcWebSocket and sgcws');
  await page.addScriptTag({ content: pageScript });

  const results = async () => {
    const r = await page.evaluate(() => window.results);
    if (!r) throw new Error(`the page has no results; problems: ${problems.join('; ')}`);
    return r;
  };
  await waitFor('the sgcws open and session', async () => {
    const r = await results();
    return r.opened && r.session;
  });
  check((await results()).transport === 'websocket', `sgcws opened over ${(await results()).transport}`);
  ok('sgcws opened over websocket with a session');
  await waitFor('the subscription', async () => (await results()).subscribed);
  ok('sgcws subscribed');
  await waitFor('its own publication', async () => (await results()).events.includes(`${channel}:from the page`));
  ok('sgcws received its own publication');
  await waitFor('the JDK publication', async () => (await results()).events.includes(`${channel}:from jdk`), 20000);
  ok('sgcws received the JDK publication');
  const rpc = await waitFor('the RPC result', async () => {
    const r = await results();
    if (r.rpcError) throw new Error(`rpc error ${r.rpcError}`);
    return r.rpc;
  });
  check(rpc.id === 'call-1' && Number(rpc.result) === 5, `rpc answered ${JSON.stringify(rpc)}`);
  ok('sgcws rpc answered 5');

  const raw = await waitFor('the sgcWebSocket session message', async () => {
    const r = await results();
    const session = r.rawState === 'open' && r.rawMessages.find((m) => m.includes('sgc@session'));
    if (!session) throw new Error(`sgcWebSocket state ${r.rawState}, close ${r.rawClose}, messages ${JSON.stringify(r.rawMessages)}, problems ${problems.join('; ')}`);
    return session;
  });
  check(JSON.parse(raw).result.method === 'sgc@session', `sgcWebSocket got ${raw}`);
  ok('sgcWebSocket opened and received the session');
  await waitFor('the sgcWebSocket over SSE to subscribe', async () => {
    const r = await results();
    return r.sseState === 'open' && r.sseMessages.some((m) => m.includes('"sgc@subscribe"') && m.includes('sse-check'));
  });
  ok('sgcWebSocket over SSE opened and its POSTed subscribe was answered');
  const stream = await waitFor('sgcWSStreamRead', async () => (await results()).stream);
  check(stream === 'header:1,2,3', `sgcWSStreamRead gave ${stream}`);
  ok('sgcWSStreamRead split header and payload');
  check(problems.length === 0, `page errors: ${problems.join('; ')}`);
  ok('sgc js page in chromium');
});
