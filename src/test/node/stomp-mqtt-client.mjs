// STOMP (@stomp/stompjs) and MQTT (mqtt.js) clients against a Switchboard deployment, for the integration tests.
//
//   node stomp-mqtt-client.mjs <ws-url> <channel> <user> <password>
//
// <channel> has two levels (ROOT/LEAF). The script logs in over STOMP with <user>/<password> (and once with a wrong
// password, which must be refused), connects an MQTT 5 client with the same credentials subscribed to the filter
// ROOT/#, subscribes STOMP to /topic/<channel>, then publishes to <channel> from an sgc client ("from sgc"), from
// STOMP ("from stomp"), and from MQTT at QoS 1 ("from mqtt" as text, then four bytes 00 01 7f ff). It waits until
// each subscriber has every message it should see and prints one JSON line with what arrived:
//   {"stompVersion":..,"refused":..,"stomp":[..],"stompBinary":"hex","mqtt":[{"topic":..,"text":..}],"sgcAck":..}
// Exits 0 on success, 1 on an error, 2 when the deadline passes.
import WebSocket from 'ws';
import { Client } from '@stomp/stompjs';
import mqtt from 'mqtt';

const [url, channel, user, password] = process.argv.slice(2);
if (!url || !channel || !user || password === undefined || !channel.includes('/')) {
  console.error('usage: node stomp-mqtt-client.mjs <ws-url> <ROOT/LEAF channel> <user> <password>');
  process.exit(64);
}
const root = channel.slice(0, channel.indexOf('/'));
const DEADLINE_MS = Number(process.env.CLIENT_DEADLINE_MS ?? 30000);
const STOMP_PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];
const BYTES = Buffer.from([0x00, 0x01, 0x7f, 0xff]);

const report = { stompVersion: null, refused: null, stomp: [], stompBinary: null, mqtt: [], sgcAck: null };
const closers = [];

const deadline = setTimeout(() => finish(2, 'deadline passed'), DEADLINE_MS);

function finish(code, reason) {
  clearTimeout(deadline);
  if (code === 0) {
    console.log(JSON.stringify(report));
  } else {
    console.error(`${reason}; so far: ${JSON.stringify(report)}`);
  }
  for (const close of closers) {
    try {
      close();
    } catch {
      // Closing is best effort: the process ends next.
    }
  }
  process.exit(code);
}

/** Resolves when the condition holds; polls every 20 ms, the global deadline bounds it. */
function until(condition) {
  return new Promise((resolve) => {
    const poll = () => (condition() ? resolve() : setTimeout(poll, 20));
    poll();
  });
}

/** A STOMP client, resolved on CONNECTED, rejected with the ERROR frame's message or the close code. */
function stomp(login, passcode) {
  return new Promise((resolve, reject) => {
    const client = new Client({
      webSocketFactory: () => new WebSocket(url, STOMP_PROTOCOLS),
      connectHeaders: { login, passcode },
      reconnectDelay: 0,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      debug: () => {},
    });
    client.onConnect = (frame) => resolve({ client, frame });
    client.onStompError = (frame) => reject(new Error(frame.headers.message));
    client.onWebSocketClose = (event) => reject(new Error(`closed ${event.code}`));
    closers.push(() => client.deactivate());
    client.activate();
  });
}

/** Resolves with the RECEIPT of the frame sent by {@code send(receiptId)}. */
function withReceipt(client, send) {
  const id = `r-${Math.random().toString(36).slice(2)}`;
  const seen = new Promise((resolve) => client.watchForReceipt(id, resolve));
  send(id);
  return seen;
}

/** An sgc client that publishes one message with an id and resolves with the acknowledgement's result. */
function sgcPublish(message) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ['esegece.com']);
    closers.push(() => socket.close());
    socket.on('open', () => socket.send(JSON.stringify({
      jsonrpc: '2.0', method: 'sgc@publish', params: { channel, message }, id: 'sgc-pub-1',
    })));
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString('utf8'));
      if (frame.id === 'sgc-pub-1') {
        if (frame.error) {
          reject(new Error(`sgc publish refused: ${JSON.stringify(frame.error)}`));
        } else {
          resolve(frame.result ?? {});
        }
      }
    });
    socket.on('error', reject);
  });
}

try {
  try {
    await stomp(user, `${password}-wrong`);
    finish(1, 'a wrong STOMP passcode was accepted');
  } catch (e) {
    report.refused = e.message;
  }

  const { client: stompClient, frame: connected } = await stomp(user, password);
  report.stompVersion = connected.headers.version;

  const subscriber = await mqtt.connectAsync(url, {
    protocolVersion: 5,
    clientId: `it-${root}`,
    username: user,
    password,
    reconnectPeriod: 0,
    connectTimeout: 10000,
  });
  closers.push(() => subscriber.end(true));
  subscriber.on('message', (topic, payload) => report.mqtt.push({ topic, text: payload.toString('utf8') }));
  const granted = await subscriber.subscribeAsync(`${root}/#`, { qos: 1 });
  if (granted[0].qos !== 1) {
    finish(1, `MQTT subscription granted ${JSON.stringify(granted)}`);
  }

  await withReceipt(stompClient, (receipt) => stompClient.subscribe(`/topic/${channel}`, (message) => {
    // stompjs reads every frame as bytes (isBinaryBody is always true): the server's content-type tells them apart.
    if (message.headers['content-type'] === 'application/octet-stream') {
      report.stompBinary = Buffer.from(message.binaryBody).toString('hex');
    } else {
      report.stomp.push(message.body);
    }
  }, { receipt }));

  report.sgcAck = await sgcPublish('from sgc');
  await withReceipt(stompClient, (receipt) => stompClient.publish({
    destination: `/topic/${channel}`, body: 'from stomp', headers: { receipt },
  }));
  const publisher = await mqtt.connectAsync(url, {
    protocolVersion: 4,
    clientId: `it-${root}-pub`,
    username: user,
    password,
    reconnectPeriod: 0,
    connectTimeout: 10000,
  });
  closers.push(() => publisher.end(true));
  await publisher.publishAsync(channel, 'from mqtt', { qos: 1 });
  await publisher.publishAsync(channel, BYTES, { qos: 1 });

  await until(() => report.stomp.length >= 3 && report.stompBinary !== null && report.mqtt.length >= 4);
  finish(0);
} catch (e) {
  finish(1, e.stack ?? String(e));
}
