// A client cut off by the server resumes without loss: messages published while it is away arrive after it
// reconnects, in order, none twice. argv: <base URL> <expected transport>.
import { baseUrl, check, hook, launchChromium, ok, run, waitFor } from './lib.mjs';
import { openChat, say, shown, transport, waitShown } from './chat-page.mjs';

const expectedTransport = process.argv[3] || 'websocket';
const log = (line) => process.stdout.write(`${line}\n`);

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  cleanup(() => hook({ op: 'gate', refuseAll: false, refuseEventStreams: false }));
  const room = `resume-${Date.now()}`;
  const alice = await openChat(browser, baseUrl, 'alice', room, log);
  const bob = await openChat(browser, baseUrl, 'bob', room, log);
  check(await transport(alice) === expectedTransport, `alice uses ${await transport(alice)}`);

  await say(bob, 'before 1');
  await say(alice, 'before 2');
  await waitShown(alice, ['bob: before 1', 'alice: before 2'], 'alice to see the first messages');

  // Cut alice off and keep her out (every handshake refused) while bob talks.
  const session = await alice.page.evaluate(() => window.switchboard.session);
  await hook({ op: 'gate', refuseAll: true });
  await hook({ op: 'disconnect', id: session, code: 4000 });
  await waitFor('alice to notice', async () => (await alice.page.textContent('#status')) !== 'open');
  const missed = [];
  for (let i = 1; i <= 5; i++) {
    missed.push(`bob: while away ${i}`);
    await say(bob, `while away ${i}`);
  }
  // Bob is subscribed too: once he has seen all five they are published (and in the history).
  await waitShown(bob, missed, 'bob to see his own messages');
  check(await alice.page.evaluate(() => window.switchboard.state()) !== 'open', 'alice reconnected while refused');
  // Lift the gate for the expected transport only: a reconnecting client tries its transports in turn, and the
  // other one could otherwise be the first to find the gate open.
  await hook({ op: 'gate', refuseAll: false, refuseEventStreams: expectedTransport === 'websocket' });

  await waitFor('alice to reconnect', async () => (await alice.page.textContent('#status')) === 'open', 30000);
  await say(bob, 'after');
  const expected = ['bob: before 1', 'alice: before 2', ...missed, 'bob: after'];
  await waitShown(alice, expected, 'alice to have everything');
  const aliceSees = await shown(alice);
  check(JSON.stringify(aliceSees) === JSON.stringify(expected),
    `alice sees ${JSON.stringify(aliceSees)}, expected ${JSON.stringify(expected)}`);
  check(await transport(alice) === expectedTransport, `alice came back on ${await transport(alice)}`);
  const gaps = await alice.page.$$eval('#messages li.notice', (items) => items.map((li) => li.textContent));
  check(!gaps.some((text) => text.includes('could not be recovered')), `alice was told of a gap: ${gaps}`);
  ok(`reconnect over ${expectedTransport} resumed ${missed.length} missed messages in order`);
});
