// switchboard.js with two servers in its `urls` moves to the second when the first drains, and resumes its channel
// there: every publication arrives once, in order. Run by Node with --experimental-websocket (Node's WebSocket).
// argv: <URL of node A> <URL of node B> <channel> <number of messages>. The JUnit driver publishes "m1".."mN"
// and drains A (SIGTERM) once this script prints READY.
import { check, ok, run, waitFor } from './lib.mjs';
import { Switchboard } from '../../../../web-module/src/main/webapp/js/switchboard.js';

const [nodeA, nodeB, channel, countText] = process.argv.slice(2);
const count = Number(countText);
const say = (line) => process.stdout.write(`${line}\n`);

await run(async (cleanup) => {
  check(typeof WebSocket === 'function', 'Node has no WebSocket: run it with --experimental-websocket');
  const client = new Switchboard({ urls: [nodeA, nodeB], transports: ['websocket'], reconnectDelay: 200 });
  cleanup(() => client.close());
  const received = [];
  const drains = [];
  const opens = [];
  let subscribed = false;
  client.on('open', (event) => {
    opens.push({ url: client.endpoints.ws, reconnected: event.reconnected });
    say(`OPEN ${client.endpoints.ws}`);
  });
  client.on('subscribe', (event) => {
    if (event.channel === channel && !subscribed) {
      subscribed = true;
      say(`READY ${client.endpoints.ws}`);
    }
  });
  client.on('drain', (event) => {
    drains.push(event);
    say(`DRAIN ${JSON.stringify(event)}`);
  });
  client.on('event', (event) => {
    if (event.channel === channel) received.push(event.message);
  });
  client.subscribe(channel);

  await waitFor(`all ${count} messages`, () => received.length >= count, 90000);
  const expected = Array.from({ length: count }, (_, i) => `m${i + 1}`);
  check(JSON.stringify(received) === JSON.stringify(expected),
    `received ${JSON.stringify(received)}, expected ${JSON.stringify(expected)}`);
  check(drains.length === 1 && typeof drains[0].retryAfter === 'number', `drain notices: ${JSON.stringify(drains)}`);
  const last = opens[opens.length - 1];
  check(opens[0].url.startsWith(nodeA.replace(/^http/, 'ws')), `first opened ${JSON.stringify(opens)}`);
  check(last.url.startsWith(nodeB.replace(/^http/, 'ws')) && last.reconnected, `moved ${JSON.stringify(opens)}`);
  ok(`moved from A to B on drain and received ${count} messages once each, in order`);
});
