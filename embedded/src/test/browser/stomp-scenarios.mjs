// @stomp/stompjs 7.5.0 in Node (WebSocket from the ws package) against the server's STOMP subprotocols.
// argv: <base URL>. The server runs with users alice/alice-pw and bob/bob-pw, STOMP heart-beats of 200 ms and at
// most 3 unacknowledged messages per subscription (StompJsScenariosTest sets them). Each scenario prints an OK line.
import WebSocket from 'ws';
import { Client } from '@stomp/stompjs';
import { baseUrl, check, ok, run, waitFor } from './lib.mjs';

const wsUrl = baseUrl.replace(/^http/, 'ws');
const unique = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];

/** A connected stompjs client; resolves with { client, frames } or rejects with the ERROR frame's message. */
function connect(cleanup, options = {}) {
  return new Promise((resolve, reject) => {
    const log = [];
    const client = new Client({
      webSocketFactory: () => new WebSocket(wsUrl, PROTOCOLS),
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      debug: (line) => log.push(line),
      ...options,
    });
    client.log = log;
    client.closes = [];
    client.onConnect = (frame) => resolve({ client, connected: frame });
    client.onStompError = (frame) => reject(new Error(`ERROR ${frame.headers.message}`));
    client.onWebSocketClose = (event) => {
      client.closes.push(event.code);
      reject(new Error(`closed ${event.code}`));
    };
    cleanup(() => client.deactivate());
    client.activate();
  });
}

/** A promise of a receipt that fails after 10 s instead of hanging the scenario. */
function receiptOf(client, id) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no RECEIPT ${id}`)), 10000);
    client.watchForReceipt(id, (frame) => { clearTimeout(timer); resolve(frame); });
  });
}

/** Subscribes and waits for the subscription's receipt, so that later sends reach it. */
async function subscribe(client, destination, headers = {}) {
  const messages = [];
  const receipt = `sub-${Math.random()}`;
  const seen = receiptOf(client, receipt);
  const subscription = client.subscribe(destination, (message) => messages.push(message), { ...headers, receipt });
  await seen;
  return { messages, subscription };
}

/** Sends and waits for the receipt, which the server gives once the broker has the message. */
async function send(client, destination, body, headers = {}) {
  const receipt = `send-${Math.random()}`;
  const seen = receiptOf(client, receipt);
  client.publish({ destination, body, headers: { ...headers, receipt } });
  await seen;
}

/** A raw ws client speaking STOMP by hand, for what stompjs does not let a script do. */
async function raw(cleanup, protocol) {
  const socket = new WebSocket(wsUrl, [protocol]);
  const frames = [];
  const state = { code: null };
  socket.on('message', (data) => frames.push(data.toString()));
  socket.on('close', (code) => { state.code = code; });
  cleanup(() => socket.terminate());
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  return { socket, frames, state };
}

await run(async (cleanup) => {
  // ---- login ----
  const alice = await connect(cleanup, { connectHeaders: { login: 'alice', passcode: 'alice-pw' } });
  check(alice.connected.headers.version === '1.2', `version ${alice.connected.headers.version}`);
  check(alice.connected.headers.server === 'Switchboard', 'server header');
  check(alice.connected.headers.session, 'session header');
  check(alice.connected.headers['user-name'] === 'alice', `user-name ${alice.connected.headers['user-name']}`);
  ok('connect with a good login gets CONNECTED 1.2 naming the user');

  let refused = null;
  const wrong = { closes: [] };
  try {
    await connect(cleanup, { connectHeaders: { login: 'alice', passcode: 'wrong' },
      onWebSocketClose: (event) => wrong.closes.push(event.code) });
  } catch (e) {
    refused = e.message;
  }
  check(refused && refused.includes('login refused'), `a wrong passcode was not refused: ${refused}`);
  ok('connect with a wrong passcode gets ERROR login refused');

  const bob = await connect(cleanup, { connectHeaders: { login: 'bob', passcode: 'bob-pw' } });
  const anonymous = await connect(cleanup);

  // ---- topic subscribe / send ----
  const topic = `/topic/news-${unique}`;
  const news = await subscribe(bob.client, topic);
  await send(alice.client, topic, 'hello bob');
  await waitFor('the topic message', () => news.messages.length === 1);
  const message = news.messages[0];
  check(message.body === 'hello bob', `body ${message.body}`);
  check(message.headers.destination === topic, `destination ${message.headers.destination}`);
  check(message.headers.subscription === news.subscription.id, 'subscription header');
  check(message.headers['message-id'], 'message-id header');
  check(message.headers['content-length'] === String(Buffer.byteLength('hello bob')), 'content-length');
  ok('subscribe and send on a topic deliver MESSAGE with subscription, message-id, destination, content-length');
  ok('receipts arrive for SUBSCRIBE and SEND');

  // ---- client-individual ack and nack redelivery ----
  const jobs = `/queue/jobs-${unique}`;
  const worker = await subscribe(bob.client, jobs, { ack: 'client-individual' });
  await send(alice.client, jobs, 'job 1');
  await waitFor('the job', () => worker.messages.length === 1);
  check(worker.messages[0].headers.ack, 'MESSAGE of a client-individual subscription carries ack in 1.2');
  worker.messages[0].nack();
  await waitFor('the redelivered job', () => worker.messages.length === 2);
  check(worker.messages[1].body === 'job 1', 'redelivered body');
  check(worker.messages[1].headers.redelivered === 'true', 'redelivered header');
  worker.messages[1].ack();
  ok('nack on a queue redelivers the message (to the only subscriber), ack settles it');

  // ---- client (cumulative) ack: at most 3 unacknowledged per subscription ----
  const ticks = `/topic/ticks-${unique}`;
  const cumulative = await subscribe(bob.client, ticks, { ack: 'client' });
  for (const n of [1, 2, 3]) await send(alice.client, ticks, `tick ${n}`);
  await waitFor('three ticks', () => cumulative.messages.length === 3);
  // The ACK travels on bob's connection, the next SENDs on alice's: only its receipt says the server has it.
  const acked = new Promise((resolve) => bob.client.watchForReceipt(`ack-ticks-${unique}`, resolve));
  cumulative.messages[2].ack({ receipt: `ack-ticks-${unique}` });
  await acked;
  for (const n of [4, 5, 6]) await send(alice.client, ticks, `tick ${n}`);
  await waitFor('three more ticks', () => cumulative.messages.length === 6);
  check(bob.client.connected, 'bob was closed: the cumulative ack did not settle the earlier ticks');
  ok('a client-mode ack settles every earlier message of its subscription');

  // ---- round robin on a queue ----
  const work = `/queue/work-${unique}`;
  const second = await connect(cleanup, { connectHeaders: { login: 'bob', passcode: 'bob-pw' } });
  const w1 = await subscribe(bob.client, work);
  const w2 = await subscribe(second.client, work);
  for (const n of [1, 2, 3, 4]) await send(alice.client, work, `task ${n}`);
  await waitFor('four tasks', () => w1.messages.length + w2.messages.length === 4);
  check(w1.messages.length === 2 && w2.messages.length === 2,
    `round robin gave ${w1.messages.length} and ${w2.messages.length}`);
  const all = [...w1.messages, ...w2.messages].map((m) => m.body).sort();
  check(JSON.stringify(all) === JSON.stringify(['task 1', 'task 2', 'task 3', 'task 4']), `tasks ${all}`);
  ok('a /queue destination gives each message to one subscriber, round robin');

  // ---- unacked queue messages go to another subscriber when theirs disconnects ----
  const hand = `/queue/handover-${unique}`;
  const third = await connect(cleanup, { connectHeaders: { login: 'bob', passcode: 'bob-pw' } });
  const h1 = await subscribe(third.client, hand, { ack: 'client-individual' });
  const h2 = await subscribe(second.client, hand, { ack: 'client-individual' });
  await send(alice.client, hand, 'hand me over');
  await waitFor('the handover message', () => h1.messages.length + h2.messages.length === 1);
  const [holder, other] = h1.messages.length === 1 ? [third, h2] : [second, h1];
  await holder.client.deactivate();
  await waitFor('the message at the other subscriber', () => other.messages.length === 1);
  check(other.messages[0].body === 'hand me over' && other.messages[0].headers.redelivered === 'true',
    'handed-over message');
  ok('an unacknowledged queue message goes to another subscriber when its subscriber disconnects');

  // ---- /user/queue ----
  const inbox = await subscribe(bob.client, `/user/queue/inbox-${unique}`);
  const aliceInbox = await subscribe(alice.client, `/user/queue/inbox-${unique}`);
  await send(alice.client, `/user/bob/queue/inbox-${unique}`, 'for bob only');
  await waitFor('bob\'s user message', () => inbox.messages.length === 1);
  check(inbox.messages[0].body === 'for bob only', 'user message body');
  await send(alice.client, `/user/alice/queue/inbox-${unique}`, 'marker');
  await waitFor('alice\'s marker', () => aliceInbox.messages.length === 1);
  check(aliceInbox.messages.every((m) => m.body === 'marker'), 'alice got bob\'s user message');
  ok('/user/queue/NAME reaches the named user\'s sessions only');

  let userRefusal = null;
  anonymous.client.onStompError = (frame) => { userRefusal = frame.headers.message; };
  anonymous.client.subscribe(`/user/queue/inbox-${unique}`, () => {});
  await waitFor('the refusal of /user/ without login', () => userRefusal);
  check(userRefusal.includes('login'), `refusal ${userRefusal}`);
  ok('an anonymous connection cannot subscribe to /user/queue');

  // ---- transactions ----
  const txTopic = `/topic/tx-${unique}`;
  const txSub = await subscribe(bob.client, txTopic);
  alice.client.begin('tx-1');
  alice.client.publish({ destination: txTopic, body: 'in tx 1', headers: { transaction: 'tx-1' } });
  alice.client.publish({ destination: txTopic, body: 'in tx 2', headers: { transaction: 'tx-1' } });
  alice.client.begin('tx-2');
  alice.client.publish({ destination: txTopic, body: 'aborted', headers: { transaction: 'tx-2' } });
  await send(alice.client, txTopic, 'outside');
  await waitFor('the message outside the transaction', () => txSub.messages.length === 1);
  check(txSub.messages[0].body === 'outside', 'a transaction\'s message was delivered before its commit');
  alice.client.abort('tx-2');
  alice.client.commit('tx-1');
  await send(alice.client, txTopic, 'after');
  await waitFor('the committed messages', () => txSub.messages.length === 4);
  check(JSON.stringify(txSub.messages.map((m) => m.body)) === JSON.stringify(['outside', 'in tx 1', 'in tx 2', 'after']),
    `transaction bodies ${txSub.messages.map((m) => m.body)}`);
  ok('a transaction\'s SENDs are delivered at COMMIT, an aborted one\'s never');

  // ---- binary body ----
  const binTopic = `/topic/bin-${unique}`;
  const binSub = await subscribe(bob.client, binTopic);
  const payload = new Uint8Array([0, 1, 2, 0, 255, 254]);
  const binReceipt = `bin-${Math.random()}`;
  const binSeen = receiptOf(alice.client, binReceipt);
  alice.client.publish({ destination: binTopic, binaryBody: payload,
    headers: { 'content-type': 'application/octet-stream', receipt: binReceipt } });
  await binSeen;
  await waitFor('the binary message', () => binSub.messages.length === 1);
  const got = binSub.messages[0];
  check(Buffer.from(got.binaryBody).equals(Buffer.from(payload)), `bytes ${Buffer.from(got.binaryBody).toString('hex')}`);
  check(got.headers['content-type'] === 'application/octet-stream', `content-type ${got.headers['content-type']}`);
  ok('a binary body reaches a subscriber as the same bytes with content-length');

  // ---- heart-beats ----
  const beating = await connect(cleanup, { heartbeatIncoming: 200, heartbeatOutgoing: 200 });
  check(beating.connected.headers['heart-beat'] === '200,200', `heart-beat ${beating.connected.headers['heart-beat']}`);
  await waitFor('server heart-beats', () => beating.client.log.filter((l) => l.includes('<<< PONG')).length >= 3);
  check(beating.client.connected, 'a client that sends heart-beats was closed');
  ok('the server sends heart-beats and keeps a beating client');

  const silent = await raw(cleanup, 'v12.stomp');
  silent.socket.send('CONNECT\naccept-version:1.2\nhost:/\nheart-beat:200,0\n\n\0');
  await waitFor('CONNECTED', () => silent.frames.some((f) => f.startsWith('CONNECTED')));
  await waitFor('the close of a silent client', () => silent.state.code !== null, 5000);
  check(silent.state.code === 4009, `silent client closed with ${silent.state.code}`);
  ok('a client silent past the negotiated heart-beat is closed with 4009');

  // ---- versions ----
  const v10 = await raw(cleanup, 'v10.stomp');
  v10.socket.send('CONNECT\nlogin:alice\npasscode:alice-pw\n\n\0');
  await waitFor('CONNECTED 1.0', () => v10.frames.some((f) => f.startsWith('CONNECTED')));
  check(v10.frames[0].includes('version:1.0'), `v10 got ${v10.frames[0]}`);
  const v11 = await raw(cleanup, 'v11.stomp');
  v11.socket.send('CONNECT\naccept-version:1.1,1.2\nhost:/\n\n\0');
  await waitFor('CONNECTED 1.1', () => v11.frames.some((f) => f.startsWith('CONNECTED')));
  check(v11.frames[0].includes('version:1.1'), `v11 got ${v11.frames[0]}`);
  ok('v10.stomp and v11.stomp connections speak 1.0 and 1.1');

  // ---- DISCONNECT with receipt ----
  const leaving = await raw(cleanup, 'v12.stomp');
  leaving.socket.send('CONNECT\naccept-version:1.2\nhost:/\n\n\0');
  await waitFor('CONNECTED', () => leaving.frames.some((f) => f.startsWith('CONNECTED')));
  leaving.socket.send('DISCONNECT\nreceipt:bye\n\n\0');
  await waitFor('the close after DISCONNECT', () => leaving.state.code !== null);
  check(leaving.frames.some((f) => f.startsWith('RECEIPT') && f.includes('receipt-id:bye')), 'no RECEIPT for DISCONNECT');
  check(leaving.state.code === 1000, `DISCONNECT closed with ${leaving.state.code}`);
  ok('DISCONNECT with a receipt gets RECEIPT, then a normal close');

  ok('all stomp scenarios');
});
