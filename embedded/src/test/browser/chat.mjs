// Two browser contexts exchange messages through chat.html. argv: <base URL> <expected transport>.
import { baseUrl, check, launchChromium, ok, run } from './lib.mjs';
import { openChat, say, shown, transport, waitShown } from './chat-page.mjs';

const expectedTransport = process.argv[3] || 'websocket';
const log = (line) => process.stdout.write(`${line}\n`);

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const room = `room-${Date.now()}`;
  const alice = await openChat(browser, baseUrl, 'alice', room, log);
  const bob = await openChat(browser, baseUrl, 'bob', room, log);
  check(await transport(alice) === expectedTransport, `alice uses ${await transport(alice)}, not ${expectedTransport}`);
  check(await transport(bob) === expectedTransport, `bob uses ${await transport(bob)}, not ${expectedTransport}`);

  // Quotes, backslashes, markup, line breaks and non-ASCII must survive the JSON framing untouched.
  const tricky = 'hi "bob" \\ <b>not bold</b> \u00e9\u4e16\u754c \ud83d\ude80 {"json":1}';
  await say(alice, tricky);
  await waitShown(bob, [`alice: ${tricky}`], 'bob to see alice');
  await say(bob, 'hello alice');
  const expected = [`alice: ${tricky}`, 'bob: hello alice'];
  const aliceSees = await waitShown(alice, expected, 'alice to see both messages');
  const bobSees = await waitShown(bob, expected, 'bob to see both messages');
  check(JSON.stringify(aliceSees) === JSON.stringify(expected), `alice sees ${JSON.stringify(aliceSees)}`);
  check(JSON.stringify(bobSees) === JSON.stringify(expected), `bob sees ${JSON.stringify(bobSees)}`);
  const markup = await bob.page.$$eval('#messages b', (nodes) => nodes.length);
  check(markup === 0, 'message text was rendered as markup');
  ok(`chat over ${expectedTransport}: ${JSON.stringify(await shown(bob))}`);
});
